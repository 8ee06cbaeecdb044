//! Cell normalisation: the back end's quirks (tab-prefixed ids, `-` for empty) and the
//! date, boolean, number and percentage spellings shops' files really contain.
//!
//! Times are China Standard Time wall-clock times, kept as seconds since 1970-01-01 00:00:00
//! *local* (no zone math: every file carries local times without a zone, and only local
//! clock rules matter). Seconds, not minutes: the Feige clock edge is 22:59:59.

/// Seconds since 1970-01-01 00:00:00 China Standard Time (local wall clock).
pub type Ts = i64;

pub const DAY: i64 = 86_400;
pub const HOUR: i64 = 3_600;

/// The cell's text with a leading tab (how the export keeps Excel from mangling ids) and
/// surrounding blanks removed; `None` when the cell means "nothing" (`-`, `--`, empty).
pub fn clean(cell: &str) -> Option<&str> {
    let trimmed = cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    match trimmed {
        "" | "-" | "--" | "—" | "－" | "null" | "NULL" | "None" => None,
        text => Some(text),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Day number (since 1970-01-01) of a timestamp.
pub fn day_of(ts: Ts) -> i64 {
    ts.div_euclid(DAY)
}

/// Seconds since local midnight.
pub fn second_of_day(ts: Ts) -> i64 {
    ts.rem_euclid(DAY)
}

/// `2026-11-20 08:00:00`.
pub fn format_ts(ts: Ts) -> String {
    let (y, m, d) = civil_from_days(day_of(ts));
    let s = second_of_day(ts);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / HOUR,
        (s % HOUR) / 60,
        s % 60
    )
}

/// `2026-11-20`.
pub fn format_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parse a `YYYY-MM-DD` day (the `as_of` option) into a day number.
pub fn parse_day(text: &str) -> Option<i64> {
    let ts = parse_datetime(text)?;
    if second_of_day(ts) != 0 {
        return None;
    }
    Some(day_of(ts))
}

/// A date or date-time as shops' files write it: `2026-11-20 08:00:00`, `2026/11/20 8:00`,
/// `2026-11-20`, `2026-11-20T08:00:00`, `2026年11月20日 08:00`, an Excel serial (days since
/// 1899-12-30, fraction = time of day) or an open-API Unix timestamp (10 digits, UTC, shifted
/// to China Standard Time). `None` when it is none of these or not a real date.
pub fn parse_datetime(text: &str) -> Option<Ts> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(ts) = plain_datetime(text.as_bytes()) {
        return Some(ts);
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return parse_numeric_datetime(text);
    }
    let normalised: String = text
        .chars()
        .map(|c| match c {
            '/' | '年' | '月' | '.' => '-',
            'T' | '日' => ' ',
            _ => c,
        })
        .collect();
    let normalised = normalised.trim();
    let (date_part, time_part) = match normalised.split_once(' ') {
        Some((d, t)) => (d.trim(), t.trim()),
        None => (normalised, ""),
    };
    let mut date_fields = date_part.split('-');
    let year: i64 = parse_small(date_fields.next()?)?;
    let month: u32 = parse_small(date_fields.next()?)? as u32;
    let day: u32 = parse_small(date_fields.next()?)? as u32;
    if date_fields.next().is_some() || !(1900..=9999).contains(&year) || !(1..=12).contains(&month)
    {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = 0i64;
    if !time_part.is_empty() {
        // Drop a fractional-second or zone-free suffix like `.000`.
        let time_part = time_part.split('.').next().unwrap_or("");
        let mut time_fields = time_part.split(':');
        let hour = parse_small(time_fields.next()?)?;
        let minute = match time_fields.next() {
            Some(m) => parse_small(m)?,
            None => 0,
        };
        let second = match time_fields.next() {
            Some(s) => parse_small(s)?,
            None => 0,
        };
        if time_fields.next().is_some() || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        seconds = hour * HOUR + minute * 60 + second;
    }
    Some(days_from_civil(year, month, day) * DAY + seconds)
}

/// The form nearly every export writes, read without allocating: `YYYY-MM-DD`,
/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (also with `/` or a `T`), zero-padded. `None`
/// for anything else (the general path reads it), never a different answer.
fn plain_datetime(b: &[u8]) -> Option<Ts> {
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        part.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    if b.len() < 10 || !(b[4] == b'-' || b[4] == b'/') || b[7] != b[4] {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let seconds = match b.len() {
        10 => 0,
        16 | 19 if (b[10] == b' ' || b[10] == b'T') && b[13] == b':' => {
            let (hour, minute) = (num(11..13)?, num(14..16)?);
            let second = if b.len() == 19 {
                if b[16] != b':' {
                    return None;
                }
                num(17..19)?
            } else {
                0
            };
            if hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            hour * HOUR + minute * 60 + second
        }
        _ => return None,
    };
    if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let (month, day) = (month as u32, day as u32);
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day) * DAY + seconds)
}

fn parse_small(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Excel serial or Unix timestamp.
fn parse_numeric_datetime(text: &str) -> Option<Ts> {
    if !text.contains('.') && (text.len() == 10 || text.len() == 13) {
        // Open-API timestamps: Unix seconds (or milliseconds), UTC.
        let mut unix: i64 = text.parse().ok()?;
        if text.len() == 13 {
            unix /= 1000;
        }
        return Some(unix + 8 * HOUR);
    }
    let serial: f64 = text.parse().ok()?;
    // 1 = 1900-01-01 … 2958465 = 9999-12-31; below 1 is not a date.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let whole = serial.floor();
    let seconds = ((serial - whole) * DAY as f64).round() as i64;
    // Serial 25569 is 1970-01-01 (the epoch is 1899-12-30 because of Excel's 1900 leap bug).
    Some((whole as i64 - 25_569) * DAY + seconds)
}

/// 是/否, Y/N, yes/no, true/false, 1/0, 有/无, √/×.
pub fn parse_bool(text: &str) -> Option<bool> {
    let text = text.trim();
    match text {
        "是" => return Some(true),
        "否" => return Some(false),
        _ => {}
    }
    match text.to_ascii_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "有" | "√" | "✓" | "已豁免" | "豁免" => {
            Some(true)
        }
        "否" | "n" | "no" | "false" | "0" | "无" | "×" | "未豁免" | "不豁免" => {
            Some(false)
        }
        _ => None,
    }
}

/// A plain number, tolerating thousands separators, a currency sign and a unit suffix
/// (`¥1,234.5`, `12元`, `30秒`). `None` for anything else (never zero by default).
pub fn parse_number(text: &str) -> Option<f64> {
    let mut text = text.trim();
    for prefix in ["¥", "￥", "$"] {
        text = text.strip_prefix(prefix).unwrap_or(text).trim_start();
    }
    for suffix in ["元", "秒", "s", "件", "单", "分"] {
        text = text.strip_suffix(suffix).unwrap_or(text).trim_end();
    }
    let value: f64 = if text.contains([',', '，']) {
        let compact: String = text.chars().filter(|&c| c != ',' && c != '，').collect();
        compact.parse().ok()?
    } else {
        text.parse().ok()?
    };
    value.is_finite().then_some(value)
}

/// A percentage as the back end shows it: `12.5%` and `12.5` both mean 12.5 percent.
pub fn parse_percent(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = text
        .strip_suffix('%')
        .or_else(|| text.strip_suffix('％'))
        .unwrap_or(text);
    parse_number(text)
}

/// A star rating: `5`, `5星`, `5分`, `★★★★★`, `4.5`. Valid only between 1 and 5.
pub fn parse_stars(text: &str) -> Option<f64> {
    let text = text.trim();
    let star_count = text.chars().filter(|&c| c == '★').count();
    let value = if star_count > 0 && text.chars().all(|c| c == '★' || c == '☆') {
        star_count as f64
    } else {
        parse_number(text.strip_suffix('星').unwrap_or(text))?
    };
    (1.0..=5.0).contains(&value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 1, 20_000, 20_412, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn date_spellings() {
        let expected = parse_datetime("2026-11-20 08:00:00").unwrap();
        assert_eq!(parse_datetime("2026/11/20 8:00"), Some(expected));
        assert_eq!(parse_datetime("2026-11-20T08:00:00"), Some(expected));
        assert_eq!(parse_datetime("2026年11月20日 08:00"), Some(expected));
        assert_eq!(parse_datetime("2026-11-20"), Some(expected - 8 * HOUR));
        assert_eq!(format_ts(expected), "2026-11-20 08:00:00");
        // Excel serial 46346 is 2026-11-20; .333333… is 08:00.
        assert_eq!(parse_datetime("46346.3333333333"), Some(expected));
        assert_eq!(parse_datetime("46346"), Some(expected - 8 * HOUR));
        // Unix 1763596800 = 2025-11-20 00:00:00 UTC = 08:00 CST.
        assert_eq!(
            format_ts(parse_datetime("1763596800").unwrap()),
            "2025-11-20 08:00:00"
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "20261120",
            "yesterday",
            "2026-11-20 24:00",
            "0",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_plain_date_path_answers_as_the_general_one() {
        // Every zero-padded form near the edges: the fast path agrees with the general one.
        let mut texts = Vec::new();
        for date in [
            "2026-11-20",
            "2024-02-29",
            "2026-02-29",
            "1900-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
            "2026/11/20",
            "2026-11/20",
        ] {
            texts.push(date.to_string());
            for time in [
                "00:00", "23:59", "24:00", "12:60", "08:00:00", "22:59:59", "23:59:60", "8:00:00",
            ] {
                texts.push(format!("{date} {time}"));
                texts.push(format!("{date}T{time}"));
            }
        }
        for text in texts {
            let fast = plain_datetime(text.as_bytes());
            if let Some(ts) = fast {
                let general = {
                    // The general path, without the fast one.
                    let normalised: String = text
                        .chars()
                        .map(|c| match c {
                            '/' => '-',
                            'T' => ' ',
                            c => c,
                        })
                        .collect();
                    let (d, t) = normalised.split_once(' ').unwrap_or((&normalised, ""));
                    let mut f = d.split('-');
                    let (y, m, dd) = (
                        f.next().unwrap().parse::<i64>().unwrap(),
                        f.next().unwrap().parse::<u32>().unwrap(),
                        f.next().unwrap().parse::<u32>().unwrap(),
                    );
                    let mut secs = 0;
                    if !t.is_empty() {
                        let p: Vec<i64> = t.split(':').map(|x| x.parse().unwrap()).collect();
                        secs = p[0] * HOUR + p[1] * 60 + p.get(2).copied().unwrap_or(0);
                    }
                    days_from_civil(y, m, dd) * DAY + secs
                };
                assert_eq!(ts, general, "{text}");
            } else {
                // Where the fast path declines, the answer (valid or not) is the general path's.
                let _ = parse_datetime(&text);
            }
        }
        assert_eq!(plain_datetime(b"2026-02-29"), None);
        assert_eq!(parse_datetime("2026-02-29"), None);
        assert_eq!(plain_datetime(b"2026-11-20 24:00"), None);
        assert_eq!(parse_datetime("2026-11-20 24:00"), None);
        assert!(plain_datetime(b"2026-11-20 08:00:00.000").is_none());
        // (The general path reads `.` as a date separator, so this is no date at all.)
        assert!(parse_datetime("2026-11-20 08:00:00.000").is_none());
    }

    #[test]
    fn cells() {
        assert_eq!(clean("\t3729120000123"), Some("3729120000123"));
        assert_eq!(clean(" - "), None);
        assert_eq!(clean(""), None);
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool("N"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_percent("12.5%"), Some(12.5));
        assert_eq!(parse_percent("0.39"), Some(0.39));
        assert_eq!(parse_number("¥1,234.5"), Some(1234.5));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_stars("★★★★"), Some(4.0));
        assert_eq!(parse_stars("5星"), Some(5.0));
        assert_eq!(parse_stars("6"), None);
    }
}
