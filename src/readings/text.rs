//! Pasted text → tokens: full-width characters folded, dates, times, numbers, `%`, words.
//!
//! The back end's pages copy as label–number pairs separated by spaces, tabs or line breaks,
//! or glued together ("我的总分84分商品体验71分"); digits and punctuation may be full-width.
//! Words are kept whole here: `vocabulary` splits them into labels, units and markers.

/// One token of the pasted text, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub line: usize,
    /// True when nothing (no space, no punctuation) separates it from the token before.
    pub glued: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A run of letters (CJK or Latin), `/` inside a run included ("商品/包装破损退货订单率").
    Word(String),
    /// A number as written (sign, thousands separators and decimals read).
    Number {
        value: f64,
        text: String,
    },
    /// `YYYY-MM-DD` (also written with `/`, `.` or 年月日).
    Date(String),
    /// `HH:MM` or `HH:MM:SS`.
    Time(String),
    Percent,
    /// A line break: labels and their numbers rarely span more than a few lines.
    LineBreak,
}

/// Full-width ASCII, the ideographic space, the minus sign and the no-break space folded to
/// their ASCII forms, so the rest of the reader sees one alphabet.
pub fn fold(c: char) -> char {
    match c {
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2212}' => '-',
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Split `text` into tokens. `digit_word` says whether a vocabulary word starts at a position
/// that begins with a digit ("3分钟人工回复率") and how many characters it spans.
pub fn tokenize(text: &str, digit_word: impl Fn(&[char]) -> Option<usize>) -> Vec<Token> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut glued = false;
    while i < chars.len() {
        let c = chars[i];
        let push = |tokens: &mut Vec<Token>, kind: TokenKind, glued: bool| {
            tokens.push(Token { kind, line, glued });
        };
        if c == '\n' || c == '\r' {
            if c == '\n' || chars.get(i + 1) != Some(&'\n') {
                push(&mut tokens, TokenKind::LineBreak, false);
                line += 1;
            }
            i += 1;
            glued = false;
            continue;
        }
        if c.is_ascii_digit() {
            if let Some(len) = digit_word(&chars[i..]) {
                push(
                    &mut tokens,
                    TokenKind::Word(chars[i..i + len].iter().collect()),
                    glued,
                );
                i += len;
                glued = true;
                continue;
            }
            if let Some((date, len)) = date_at(&chars[i..]) {
                push(&mut tokens, TokenKind::Date(date), glued);
                i += len;
                glued = true;
                continue;
            }
            if let Some((time, len)) = time_at(&chars[i..]) {
                push(&mut tokens, TokenKind::Time(time), glued);
                i += len;
                glued = true;
                continue;
            }
        }
        let signed = (c == '+' || c == '-') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
        if c.is_ascii_digit() || signed {
            let (value, len) = number_at(&chars[i..]);
            let text: String = chars[i..i + len].iter().collect();
            push(&mut tokens, TokenKind::Number { value, text }, glued);
            i += len;
            glued = true;
            continue;
        }
        if c == '%' || c == '\u{2030}' {
            push(&mut tokens, TokenKind::Percent, glued);
            i += 1;
            glued = true;
            continue;
        }
        if is_word_char(c) {
            let start = i;
            while i < chars.len()
                && (is_word_char(chars[i])
                    || (chars[i] == '/' && chars.get(i + 1).is_some_and(|n| is_word_char(*n))))
            {
                i += 1;
            }
            push(
                &mut tokens,
                TokenKind::Word(chars[start..i].iter().collect()),
                glued,
            );
            glued = true;
            continue;
        }
        // Spaces, tabs and punctuation only separate.
        i += 1;
        glued = false;
    }
    tokens
}

fn digits(chars: &[char], from: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut len = 0;
    while len < max && chars.get(from + len).is_some_and(|c| c.is_ascii_digit()) {
        n = n * 10 + chars[from + len].to_digit(10)?;
        len += 1;
    }
    (len >= min).then_some((n, len))
}

/// `2026-11-20`, `2026/11/20`, `2026.11.20`, `2026年11月20日` at the start of `chars`.
fn date_at(chars: &[char]) -> Option<(String, usize)> {
    let (year, y) = digits(chars, 0, 4, 4)?;
    let sep1 = *chars.get(y)?;
    if !matches!(sep1, '-' | '/' | '.' | '年') {
        return None;
    }
    let (month, m) = digits(chars, y + 1, 1, 2)?;
    let sep2 = *chars.get(y + 1 + m)?;
    let expected = if sep1 == '年' { '月' } else { sep1 };
    if sep2 != expected {
        return None;
    }
    let (day, d) = digits(chars, y + 2 + m, 1, 2)?;
    let mut len = y + 2 + m + d;
    if sep1 == '年' && chars.get(len) == Some(&'日') {
        len += 1;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1990..=2100).contains(&year) {
        return None;
    }
    Some((format!("{year:04}-{month:02}-{day:02}"), len))
}

/// `11:00` or `11:00:37` at the start of `chars`.
fn time_at(chars: &[char]) -> Option<(String, usize)> {
    let (hour, h) = digits(chars, 0, 1, 2)?;
    if chars.get(h) != Some(&':') {
        return None;
    }
    let (minute, m) = digits(chars, h + 1, 2, 2)?;
    let mut len = h + 1 + m;
    let mut second = None;
    if chars.get(len) == Some(&':') {
        if let Some((s, n)) = digits(chars, len + 1, 2, 2) {
            second = Some(s);
            len += 1 + n;
        }
    }
    if hour > 23 || minute > 59 || second.is_some_and(|s| s > 59) {
        return None;
    }
    let text = match second {
        Some(s) => format!("{hour:02}:{minute:02}:{s:02}"),
        None => format!("{hour:02}:{minute:02}"),
    };
    Some((text, len))
}

/// A number at the start of `chars`: optional sign, digits with `,` thousands groups (a comma
/// followed by exactly three digits), optional decimals. Returns the value and its length.
fn number_at(chars: &[char]) -> (f64, usize) {
    let mut text = String::new();
    let mut i = 0;
    if chars[0] == '+' || chars[0] == '-' {
        if chars[0] == '-' {
            text.push('-');
        }
        i = 1;
    }
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            text.push(c);
            i += 1;
        } else if c == ','
            && (1..=3).all(|k| chars.get(i + k).is_some_and(|d| d.is_ascii_digit()))
            && !chars.get(i + 4).is_some_and(|d| d.is_ascii_digit())
        {
            i += 1;
        } else {
            break;
        }
    }
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
        text.push('.');
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            text.push(chars[i]);
            i += 1;
        }
    }
    (text.parse().unwrap_or(f64::NAN), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text, |_| None)
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn full_width_digits_and_percent_fold() {
        assert_eq!(
            kinds("平台求助率　０．５１％"),
            vec![
                TokenKind::Word("平台求助率".into()),
                TokenKind::Number {
                    value: 0.51,
                    text: "0.51".into()
                },
                TokenKind::Percent,
            ]
        );
    }

    #[test]
    fn dates_times_and_glued_words() {
        let k = kinds("更新时间：2026-11-20 11:00:37（今日已更新）我的总分84分");
        assert!(k.contains(&TokenKind::Date("2026-11-20".into())));
        assert!(k.contains(&TokenKind::Time("11:00:37".into())));
        assert!(k.contains(&TokenKind::Number {
            value: 84.0,
            text: "84".into()
        }));
        assert_eq!(
            kinds("2026年9月8日")[0],
            TokenKind::Date("2026-09-08".into())
        );
    }

    #[test]
    fn signs_and_thousands() {
        assert_eq!(
            kinds("+2")[0],
            TokenKind::Number {
                value: 2.0,
                text: "+2".into()
            }
        );
        assert_eq!(
            kinds("-1,234.5")[0],
            TokenKind::Number {
                value: -1234.5,
                text: "-1,234.5".into()
            }
        );
        assert_eq!(kinds("84,97").len(), 2);
    }
}
