//! The little XML an XLSX workbook needs, read from bytes without building events: tags,
//! attributes and text of one buffer, item by item (an item cut by the buffer's end is left
//! for the next fill), entities decoded, and Excel's `_xHHHH_` escapes.
//!
//! Why not quick-xml (through calamine): its buffered reader copies every event; a 1M-row
//! order export is 3–4 GB of sheet XML, and calamine's cell reader alone spends ~39 µs a
//! row on it (`examples/bench_xlsx`), three times the 20 s the whole read may take. Tags,
//! attributes and text are all a sheet uses; DTDs and entities other than the five
//! predefined ones and character references are refused (no XLSX writer emits them).

use std::fmt;

/// What is wrong with the XML (said in the `damaged_sheet` warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(pub String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn error(what: impl Into<String>) -> XmlError {
    XmlError(what.into())
}

/// The elements a sheet's cells are made of, told apart once per tag (names compared as
/// bytes, not with a `memcmp` per pattern).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    C,
    V,
    F,
    Is,
    T,
    RPh,
    Row,
    SheetData,
    Other,
}

#[inline(always)]
pub fn tag(name: &[u8]) -> Tag {
    match name {
        [b'c'] => Tag::C,
        [b'v'] => Tag::V,
        [b'f'] => Tag::F,
        [b't'] => Tag::T,
        [b'i', b's'] => Tag::Is,
        [b'r', b'o', b'w'] => Tag::Row,
        [b'r', b'P', b'h'] => Tag::RPh,
        [b's', b'h', b'e', b'e', b't', b'D', b'a', b't', b'a'] => Tag::SheetData,
        _ => Tag::Other,
    }
}

/// One item of XML. Names are local (a prefix such as `x:` is dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item<'a> {
    /// `<name attrs>` or, when `empty`, `<name attrs/>`.
    Open {
        name: &'a [u8],
        tag: Tag,
        attrs: &'a [u8],
        empty: bool,
    },
    Close {
        name: &'a [u8],
        tag: Tag,
    },
    /// Text between tags, raw (entities not decoded).
    Text(&'a [u8]),
    /// A CDATA section's content (taken as is).
    CData(&'a [u8]),
    /// A comment, processing instruction or declaration: nothing to read.
    Skip,
}

/// The local part of a name (`x:row` → `row`).
#[inline(always)]
fn local(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// The item starting at `buf[at]` and where the next one starts; `Ok(None)` when the
/// buffer ends inside it (read more, or, at the end of input, it is cut off).
#[inline(always)]
pub fn next_item(
    buf: &[u8],
    at: usize,
    end_of_input: bool,
) -> Result<Option<(Item<'_>, usize)>, XmlError> {
    let rest = &buf[at..];
    let cut = |end_of_input: bool| {
        if end_of_input {
            Err(error("the XML ends inside a tag"))
        } else {
            Ok(None)
        }
    };
    match rest {
        [] => Ok(None),
        [b'<'] => cut(end_of_input),
        [b'<', b'/', ..] => {
            let Some(n) = memchr::memchr(b'>', rest) else {
                return cut(end_of_input);
            };
            let name = local(trim_end(&rest[2..n]));
            let tag = tag(name);
            Ok(Some((Item::Close { name, tag }, at + n + 1)))
        }
        [b'<', b'?' | b'!', ..] => special(buf, at, end_of_input),
        [b'<', ..] => {
            let Some(n) = tag_end(rest) else {
                return cut(end_of_input);
            };
            let empty = rest[n - 1] == b'/';
            let inner = &rest[1..if empty { n - 1 } else { n }];
            let name_len = inner
                .iter()
                .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .unwrap_or(inner.len());
            let name = local(&inner[..name_len]);
            let item = Item::Open {
                name,
                tag: tag(name),
                attrs: &inner[name_len..],
                empty,
            };
            Ok(Some((item, at + n + 1)))
        }
        _ => Ok(match memchr::memchr(b'<', rest) {
            Some(n) => Some((Item::Text(&rest[..n]), at + n)),
            None if end_of_input => Some((Item::Text(rest), buf.len())),
            None => None,
        }),
    }
}

/// `<?…?>`, `<!--…-->`, `<![CDATA[…]]>`; a DOCTYPE is refused.
#[cold]
fn special(
    buf: &[u8],
    at: usize,
    end_of_input: bool,
) -> Result<Option<(Item<'_>, usize)>, XmlError> {
    let rest = &buf[at..];
    let until = |pattern: &[u8], from: usize| -> Option<usize> {
        memchr::memmem::find(&rest[from..], pattern).map(|n| at + from + n + pattern.len())
    };
    let item = if rest.starts_with(b"<?") {
        until(b"?>", 2).map(|next| (Item::Skip, next))
    } else if rest.starts_with(b"<!--") {
        until(b"-->", 4).map(|next| (Item::Skip, next))
    } else if rest.starts_with(b"<![CDATA[") {
        until(b"]]>", 9).map(|next| (Item::CData(&buf[at + 9..next - 3]), next))
    } else if rest.len() < 9 {
        None
    } else if rest.starts_with(b"<!DOCTYPE") {
        return Err(error("a DOCTYPE (not allowed in a workbook)"));
    } else {
        return Err(error("an unknown <! declaration"));
    };
    match item {
        Some(item) => Ok(Some(item)),
        None if end_of_input => Err(error("the XML ends inside a tag")),
        None => Ok(None),
    }
}

/// Index of the `>` closing the tag that starts `tag` (quoted `>` in attributes skipped).
/// Tags are short: a plain loop beats a search call per quote.
#[inline(always)]
fn tag_end(tag: &[u8]) -> Option<usize> {
    let mut quote = 0u8;
    for (i, &b) in tag.iter().enumerate().skip(1) {
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'>' {
            return Some(i);
        } else if b == b'"' || b == b'\'' {
            quote = b;
        }
    }
    None
}

#[inline(always)]
fn trim_end(bytes: &[u8]) -> &[u8] {
    let n = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    &bytes[..n]
}

/// The raw value of attribute `name` (its full name, prefix included: `xml:space`).
pub fn attr<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    attributes(attrs)
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Every attribute's name and raw value, in order (stops at the first malformed one).
pub fn attributes(attrs: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
        while at < attrs.len() && blank(attrs[at]) {
            at += 1;
        }
        let key_start = at;
        while at < attrs.len() && attrs[at] != b'=' {
            at += 1;
        }
        let key = trim_end(&attrs[key_start..at]);
        at += 1;
        while at < attrs.len() && blank(attrs[at]) {
            at += 1;
        }
        let quote = *attrs.get(at).filter(|&&q| q == b'"' || q == b'\'')?;
        at += 1;
        let value_start = at;
        while at < attrs.len() && attrs[at] != quote {
            at += 1;
        }
        let value = attrs.get(value_start..at)?;
        at += 1;
        Some((key, value))
    })
}

/// Append XML text (or an attribute value) to `out`: entities decoded, line ends as `\n`.
pub fn push_text(raw: &[u8], out: &mut String) -> Result<(), XmlError> {
    let mut rest = raw;
    while let Some(n) = memchr::memchr2(b'&', b'\r', rest) {
        out.push_str(utf8(&rest[..n])?);
        if rest[n] == b'\r' {
            out.push('\n');
            rest = &rest[n + 1..];
            if rest.first() == Some(&b'\n') {
                rest = &rest[1..];
            }
            continue;
        }
        let semi =
            memchr::memchr(b';', &rest[n..]).ok_or_else(|| error("an unfinished &entity"))?;
        let entity = &rest[n + 1..n + semi];
        match entity {
            b"lt" => out.push('<'),
            b"gt" => out.push('>'),
            b"amp" => out.push('&'),
            b"quot" => out.push('"'),
            b"apos" => out.push('\''),
            _ => out.push(char_ref(entity).ok_or_else(|| {
                error(format!("the entity &{};", String::from_utf8_lossy(entity)))
            })?),
        }
        rest = &rest[n + semi + 1..];
    }
    out.push_str(utf8(rest)?);
    Ok(())
}

/// `#65` or `#x41` → the character.
fn char_ref(entity: &[u8]) -> Option<char> {
    let digits = entity.strip_prefix(b"#")?;
    let text = std::str::from_utf8(digits).ok()?;
    let code = match text.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => text.parse().ok()?,
    };
    char::from_u32(code)
}

/// Bytes of the sheet as text (a workbook is UTF-8).
pub fn utf8(bytes: &[u8]) -> Result<&str, XmlError> {
    std::str::from_utf8(bytes).map_err(|_| error("text that is not UTF-8"))
}

/// Undo Excel's `_xHHHH_` escapes (a UTF-16 unit each: `_x000D_` is a carriage return,
/// `_x005F_` a literal `_`; a surrogate pair is two escapes) in place. Same rules as
/// calamine's reader, so both readers give the same text.
pub fn unescape_excel(text: &mut String) {
    if !text.contains("_x") {
        return;
    }
    let unit_at = |s: &str, i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let src = std::mem::take(text);
    let mut i = 0;
    let mut copied = 0;
    while let Some(offset) = src[i..].find('_') {
        let at = i + offset;
        let Some(unit) = unit_at(&src, at) else {
            i = at + 1;
            continue;
        };
        text.push_str(&src[copied..at]);
        let mut next = at + 7;
        let c = match unit {
            0xD800..=0xDBFF => match unit_at(&src, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(u32::from(unit)),
        };
        text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = next;
        i = next;
    }
    text.push_str(&src[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(xml: &str) -> Vec<Item<'_>> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some((item, next)) = next_item(xml.as_bytes(), at, true).unwrap() {
            out.push(item);
            at = next;
        }
        out
    }

    #[test]
    fn tags_text_and_attributes() {
        let xml = r#"<?xml version="1.0"?><x:c r="A1" t='s' q="a>b"><v>1 &amp; 2</v><br/><!-- c --><![CDATA[<raw>]]></x:c>"#;
        let got = items(xml);
        assert_eq!(got.len(), 9, "{got:?}");
        assert_eq!(got[0], Item::Skip);
        let Item::Open {
            name, attrs, empty, ..
        } = got[1]
        else {
            panic!()
        };
        assert_eq!((name, empty), (&b"c"[..], false));
        assert_eq!(attr(attrs, b"r"), Some(&b"A1"[..]));
        assert_eq!(attr(attrs, b"t"), Some(&b"s"[..]));
        assert_eq!(attr(attrs, b"q"), Some(&b"a>b"[..]));
        assert_eq!(attr(attrs, b"s"), None);
        assert_eq!(got[3], Item::Text(b"1 &amp; 2"));
        assert_eq!(
            got[4],
            Item::Close {
                name: b"v",
                tag: Tag::V
            }
        );
        assert!(matches!(
            got[5],
            Item::Open {
                name: b"br",
                empty: true,
                ..
            }
        ));
        assert_eq!(got[7], Item::CData(b"<raw>"));
        assert_eq!(
            got[8],
            Item::Close {
                name: b"c",
                tag: Tag::C
            }
        );
    }

    #[test]
    fn an_item_cut_by_the_buffer_waits_for_more() {
        let xml = b"<row r=\"1\"><c r=\"A";
        let (_, next) = next_item(xml, 0, false).unwrap().unwrap();
        assert_eq!(next_item(xml, next, false).unwrap(), None);
        assert!(next_item(xml, next, true).is_err());
        assert_eq!(next_item(b"abc", 0, false).unwrap(), None);
        assert_eq!(
            next_item(b"abc", 0, true).unwrap().unwrap().0,
            Item::Text(b"abc")
        );
    }

    #[test]
    fn text_is_decoded() {
        let mut out = String::new();
        push_text(
            b"a&lt;b&gt;&amp;&quot;&apos;&#20013;&#x6587;\r\nx\ry",
            &mut out,
        )
        .unwrap();
        assert_eq!(out, "a<b>&\"'中文\nx\ny");
        assert!(push_text(b"&nbsp;", &mut String::new()).is_err());
        let mut s = "a_x000D_b_x005F_x000D__xD83D__xDCF7__xD800_".to_string();
        unescape_excel(&mut s);
        assert_eq!(s, "a\rb_x000D_📷\u{FFFD}");
    }
}
