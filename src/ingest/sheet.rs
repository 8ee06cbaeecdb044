//! One worksheet's cells, streamed out of its zip entry by our own scanner ([`super::xml`]):
//! the sheet's XML is inflated 256 KiB at a time and read item by item, so memory holds the
//! shared strings, the date styles and one buffer, never the sheet. Cell values follow
//! calamine's reading of the same XML (a test reads the same workbooks through both).
//!
//! The workbook parts it needs are read here too: where the sheet is (`_rels/.rels` →
//! workbook → its relationships), the shared strings, which styles are dates
//! (`styles.xml`: built-in and custom number formats) and the 1904 date system.

use super::xml::{
    attr, attributes, next_item, push_text, unescape_excel, utf8, Item, Tag, XmlError,
};
use std::collections::HashMap;
use std::io::{Cursor, Read};

pub type Archive<'b> = zip::ZipArchive<Cursor<&'b [u8]>>;

/// One cell's value as the sheet stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue<'a> {
    Empty,
    Text(&'a str),
    /// `t="d"`: an ISO date as text.
    DateText(&'a str),
    Number(f64),
    Int(i64),
    /// A number with a date (`datetime`) or duration format: the serial as written.
    Serial {
        serial: f64,
        datetime: bool,
    },
    Bool(bool),
    /// `t="e"`: `#N/A`, `#DIV/0!` …
    Error(&'a str),
}

/// One cell: 0-based row and column, value, and whether it holds a formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetCell<'a> {
    pub row: u32,
    pub column: u32,
    pub value: CellValue<'a>,
    pub formula: bool,
}

/// Where a sheet's cells come from (ours, or calamine's reader for the sheet choice).
pub trait CellSource {
    fn next_cell(&mut self) -> Result<Option<SheetCell<'_>>, String>;
}

/// What a number format makes of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Other,
    DateTime,
    Duration,
}

/// The workbook parts a sheet's cells need.
pub struct Workbook {
    /// Sheet name → zip entry, in workbook order.
    pub sheets: Vec<(String, String)>,
    strings: Vec<String>,
    /// Number format of each cell style (`s`), by style index.
    formats: Vec<Format>,
    /// Serials count days from 1904-01-01 (`<workbookPr date1904="1">`).
    pub is_1904: bool,
}

/// The zip entry named `path` (or differing only in case or slashes, as some writers do).
pub fn entry_name(archive: &Archive<'_>, path: &str) -> Option<String> {
    if archive.index_for_name(path).is_some() {
        return Some(path.to_string());
    }
    let wanted = path.replace('\\', "/").to_ascii_lowercase();
    archive
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
        .map(|n| n.into_owned())
}

/// A part read whole (the caller checked its declared size); `None` when absent.
fn part(archive: &mut Archive<'_>, path: &str) -> Result<Option<Vec<u8>>, XmlError> {
    let Some(name) = entry_name(archive, path) else {
        return Ok(None);
    };
    let mut entry = archive
        .by_name(&name)
        .map_err(|e| XmlError(format!("{path}: {e}")))?;
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| XmlError(format!("{path}: {e}")))?;
    Ok(Some(bytes))
}

/// Every item of a whole part, to `each`.
fn for_items<'x>(
    xml: &'x [u8],
    mut each: impl FnMut(Item<'x>) -> Result<(), XmlError>,
) -> Result<(), XmlError> {
    let mut at = 0;
    while let Some((item, next)) = next_item(xml, at, true)? {
        each(item)?;
        at = next;
    }
    Ok(())
}

fn attr_text(attrs: &[u8], name: &[u8]) -> Result<Option<String>, XmlError> {
    attr(attrs, name)
        .map(|raw| {
            let mut out = String::new();
            push_text(raw, &mut out).map(|_| out)
        })
        .transpose()
}

/// `Id` → `Target` of a relationships part.
fn relationships(xml: &[u8]) -> Result<HashMap<String, (String, String)>, XmlError> {
    let mut out = HashMap::new();
    for_items(xml, |item| {
        if let Item::Open {
            name: b"Relationship",
            attrs,
            ..
        } = item
        {
            if let (Some(id), Some(target)) =
                (attr_text(attrs, b"Id")?, attr_text(attrs, b"Target")?)
            {
                let kind = attr_text(attrs, b"Type")?.unwrap_or_default();
                out.insert(id, (target, kind));
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// `dir/` + `target`, or the absolute target without its `/`.
fn resolve(dir: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    }
}

impl Workbook {
    /// The sheets' places, the shared strings and the date styles.
    pub fn read(archive: &mut Archive<'_>) -> Result<Workbook, XmlError> {
        let package =
            part(archive, "_rels/.rels")?.ok_or_else(|| XmlError("no _rels/.rels".into()))?;
        let document = relationships(&package)?
            .into_values()
            .find(|(_, kind)| kind.ends_with("/officeDocument"))
            .map(|(target, _)| target)
            .ok_or_else(|| XmlError("no workbook in _rels/.rels".into()))?;
        let document = document.strip_prefix('/').unwrap_or(&document).to_string();
        let (dir, file) = document
            .rsplit_once('/')
            .map_or(("", document.as_str()), |(d, f)| (d, f));
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let rels = match part(archive, &format!("{dir}_rels/{file}.rels"))? {
            Some(xml) => relationships(&xml)?,
            None => HashMap::new(),
        };
        let mut sheets = Vec::new();
        let mut is_1904 = false;
        let workbook =
            part(archive, &document)?.ok_or_else(|| XmlError(format!("no {document}")))?;
        for_items(&workbook, |item| {
            if let Item::Open {
                name: b"workbookPr",
                attrs,
                ..
            } = item
            {
                // `<x15:workbookPr>` (in extLst) shares the local name, never the attribute.
                if let Some(value) = attr(attrs, b"date1904") {
                    is_1904 = value == b"1" || value == b"true";
                }
            }
            if let Item::Open {
                name: b"sheet",
                attrs,
                ..
            } = item
            {
                let name = attr_text(attrs, b"name")?.unwrap_or_default();
                let id = attr_text(attrs, b"r:id")?
                    .or(attr_text(attrs, b"id")?)
                    .unwrap_or_default();
                if let Some((target, _)) = rels.get(&id) {
                    sheets.push((name, resolve(&dir, target)));
                }
            }
            Ok(())
        })?;
        let target_of = |suffix: &str, default: &str| {
            rels.values()
                .find(|(_, kind)| kind.ends_with(suffix))
                .map_or_else(|| format!("{dir}{default}"), |(t, _)| resolve(&dir, t))
        };
        let strings = match part(archive, &target_of("/sharedStrings", "sharedStrings.xml"))? {
            Some(xml) => shared_strings(&xml)?,
            None => Vec::new(),
        };
        let formats = match part(archive, &target_of("/styles", "styles.xml"))? {
            Some(xml) => cell_formats(&xml)?,
            None => Vec::new(),
        };
        Ok(Workbook {
            sheets,
            strings,
            formats,
            is_1904,
        })
    }

    /// The zip entry of sheet `name`.
    pub fn sheet_path(&self, name: &str) -> Option<&str> {
        self.sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.as_str())
    }

    /// The cells of the sheet stored at `path`, streamed.
    pub fn cells<'w, R: Read>(&'w self, entry: R) -> SheetCells<'w, R> {
        SheetCells {
            book: self,
            input: Input {
                entry,
                buf: vec![0; BUFFER],
                len: 0,
                at: 0,
                end_of_input: false,
            },
            in_data: false,
            done: false,
            row: 0,
            column: 0,
            text: Text::default(),
            value: String::new(),
        }
    }
}

/// Every `<si>` of the shared-strings part, as text.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, XmlError> {
    let mut strings = Vec::new();
    let mut text = Text::default();
    let mut value = String::new();
    let mut in_si = false;
    for_items(xml, |item| {
        match item {
            Item::Open {
                name: b"si", empty, ..
            } => {
                value.clear();
                text.reset();
                in_si = !empty;
                if empty {
                    strings.push(String::new());
                }
            }
            Item::Close { name: b"si", .. } if in_si => {
                in_si = false;
                strings.push(std::mem::take(&mut value));
            }
            item if in_si => text.item(item, &mut value)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(strings)
}

/// The number format of each cell style (`<cellXfs><xf numFmtId>`), custom formats
/// (`<numFmts>`) included.
fn cell_formats(xml: &[u8]) -> Result<Vec<Format>, XmlError> {
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut formats = Vec::new();
    let mut in_cell_xfs = false;
    for_items(xml, |item| {
        match item {
            Item::Open {
                name: b"numFmt",
                attrs,
                ..
            } => {
                if let (Some(id), Some(code)) = (
                    attr_text(attrs, b"numFmtId")?,
                    attr_text(attrs, b"formatCode")?,
                ) {
                    custom.insert(id, code);
                }
            }
            Item::Open {
                name: b"cellXfs",
                empty,
                ..
            } => in_cell_xfs = !empty,
            Item::Close {
                name: b"cellXfs", ..
            } => in_cell_xfs = false,
            Item::Open {
                name: b"xf", attrs, ..
            } if in_cell_xfs => {
                let format = match attr_text(attrs, b"numFmtId")? {
                    None => Format::Other,
                    Some(id) => match custom.get(&id) {
                        Some(code) => custom_format(code),
                        None => builtin_format(&id),
                    },
                };
                formats.push(format);
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(formats)
}

/// The built-in number formats that are dates (14–22, 27–36, 45, 47, 50–58) or a duration (46).
fn builtin_format(id: &str) -> Format {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => Format::DateTime,
        Ok(46) => Format::Duration,
        _ => Format::Other,
    }
}

/// Whether a custom format code shows a date or time: its first section holds a date or
/// time letter outside quotes, brackets and escapes (`[h]:mm` is a duration). The rules of
/// calamine's `detect_custom_number_format` (MIT), so both readers agree.
fn custom_format(code: &str) -> Format {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for c in code.chars() {
        match (c, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => quoted = true,
            (';', ..) => return Format::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Format::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Format::DateTime
            }
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    Format::Other
}

/// Rich text being read (`<is>` or `<si>`): the `<t>` runs outside phonetic `<rPh>`, each
/// trimmed of ASCII blanks unless `xml:space="preserve"`, then Excel's escapes undone.
#[derive(Default)]
struct Text {
    in_t: bool,
    in_phonetic: bool,
    preserve: bool,
    run: String,
}

impl Text {
    fn reset(&mut self) {
        self.in_t = false;
        self.in_phonetic = false;
        self.preserve = false;
    }

    fn item(&mut self, item: Item<'_>, out: &mut String) -> Result<(), XmlError> {
        match item {
            Item::Open {
                tag: Tag::RPh,
                empty,
                ..
            } => self.in_phonetic = !empty,
            Item::Close { tag: Tag::RPh, .. } => self.in_phonetic = false,
            Item::Open {
                tag: Tag::T,
                attrs,
                empty,
                ..
            } if !self.in_phonetic => {
                self.run.clear();
                self.in_t = !empty;
                self.preserve = attr(attrs, b"xml:space") == Some(b"preserve");
            }
            Item::Text(raw) if self.in_t => push_text(raw, &mut self.run)?,
            Item::CData(raw) if self.in_t => self.run.push_str(utf8(raw)?),
            Item::Close { tag: Tag::T, .. } if self.in_t => {
                self.in_t = false;
                let run = if self.preserve {
                    self.run.as_str()
                } else {
                    self.run.trim_matches([' ', '\t', '\r', '\n'])
                };
                let start = out.len();
                out.push_str(run);
                if run.contains("_x") {
                    let mut tail = out.split_off(start);
                    unescape_excel(&mut tail);
                    out.push_str(&tail);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Bytes inflated at a time.
const BUFFER: usize = 256 << 10;

/// A sheet's cells, read from its zip entry as it inflates.
pub struct SheetCells<'w, R> {
    book: &'w Workbook,
    input: Input<R>,
    in_data: bool,
    done: bool,
    /// Where the next cell without an `r` goes (calamine's rule: a row without `r` follows
    /// the last; a cell without `r` follows the last cell of its row).
    row: u32,
    column: u32,
    text: Text,
    /// The cell's text value (reused).
    value: String,
}

/// The sheet's XML as it inflates.
struct Input<R> {
    entry: R,
    /// `buf[at..len]`: bytes inflated, not yet read.
    buf: Vec<u8>,
    len: usize,
    at: usize,
    end_of_input: bool,
}

/// The cell being read: position, type and style attributes, what was seen inside.
struct Pending {
    row: u32,
    column: u32,
    kind: Kind,
    formula: bool,
    /// Nesting inside the cell: `<v>`, `<is>`, `<f>`.
    in_v: bool,
    in_is: bool,
    in_f: bool,
    has_v: bool,
    has_is: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Number,
    Shared,
    Bool,
    Error,
    Str,
    Inline,
    Date,
    /// No `t`: a number, or text when it does not read as one.
    Untyped,
}

#[inline(always)]
fn kind_of(t: Option<&[u8]>) -> Result<Kind, String> {
    Ok(match t {
        None => Kind::Untyped,
        Some([b'n']) => Kind::Number,
        Some([b's']) => Kind::Shared,
        Some([b'b']) => Kind::Bool,
        Some([b'e']) => Kind::Error,
        Some([b's', b't', b'r']) => Kind::Str,
        Some([b'i', b'n', b'l', b'i', b'n', b'e', b'S', b't', b'r'] | [b'i', b's']) => Kind::Inline,
        Some([b'd']) => Kind::Date,
        Some(other) => {
            return Err(format!(
                "unknown cell type t=\"{}\"",
                String::from_utf8_lossy(other)
            ))
        }
    })
}

/// `B12` → (11, 1).
fn position(reference: &[u8]) -> Result<(u32, u32), String> {
    let bad = || format!("bad cell reference {}", String::from_utf8_lossy(reference));
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let mut column: u32 = 0;
    for b in &reference[..letters] {
        column = column
            .checked_mul(26)
            .and_then(|c| c.checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1))
            .ok_or_else(bad)?;
    }
    let row: u32 = std::str::from_utf8(&reference[letters..])
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .ok_or_else(bad)?;
    Ok((row - 1, column.checked_sub(1).ok_or_else(bad)?))
}

/// An item as offsets into the buffer, so the buffer can be refilled while no item is held.
#[derive(Clone, Copy)]
enum Span {
    Open {
        name: (usize, usize),
        tag: Tag,
        attrs: (usize, usize),
        empty: bool,
    },
    Close((usize, usize), Tag),
    Text((usize, usize)),
    CData((usize, usize)),
    Skip,
}

impl Span {
    #[inline(always)]
    fn of(buf: &[u8], item: Item<'_>) -> Span {
        let at = |part: &[u8]| {
            let start = part.as_ptr() as usize - buf.as_ptr() as usize;
            (start, start + part.len())
        };
        match item {
            Item::Open {
                name,
                tag,
                attrs,
                empty,
            } => Span::Open {
                name: at(name),
                tag,
                attrs: at(attrs),
                empty,
            },
            Item::Close { name, tag } => Span::Close(at(name), tag),
            Item::Text(t) => Span::Text(at(t)),
            Item::CData(t) => Span::CData(at(t)),
            Item::Skip => Span::Skip,
        }
    }

    #[inline(always)]
    fn item(self, buf: &[u8]) -> Item<'_> {
        let part = |(a, b): (usize, usize)| &buf[a..b];
        match self {
            Span::Open {
                name,
                tag,
                attrs,
                empty,
            } => Item::Open {
                name: part(name),
                tag,
                attrs: part(attrs),
                empty,
            },
            Span::Close(name, tag) => Item::Close {
                name: part(name),
                tag,
            },
            Span::Text(t) => Item::Text(part(t)),
            Span::CData(t) => Item::CData(part(t)),
            Span::Skip => Item::Skip,
        }
    }
}

impl<R: Read> Input<R> {
    /// More bytes after those not yet read (the buffer grows only when one item fills it).
    #[inline(never)]
    fn fill(&mut self) -> Result<(), String> {
        self.buf.copy_within(self.at..self.len, 0);
        self.len -= self.at;
        self.at = 0;
        if self.len == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        while self.len < self.buf.len() {
            match self.entry.read(&mut self.buf[self.len..]) {
                Ok(0) => {
                    self.end_of_input = true;
                    break;
                }
                Ok(n) => self.len += n,
                Err(e) => return Err(format!("the sheet cannot be inflated: {e}")),
            }
        }
        Ok(())
    }

    /// The next item (more bytes read as needed); `None` at the end of the XML.
    #[inline(always)]
    fn item(&mut self) -> Result<Option<Item<'_>>, String> {
        loop {
            let buf = &self.buf[..self.len];
            match next_item(buf, self.at, self.end_of_input).map_err(|e| e.0)? {
                Some((item, next)) => {
                    let span = Span::of(buf, item);
                    self.at = next;
                    return Ok(Some(span.item(&self.buf)));
                }
                None if self.end_of_input => return Ok(None),
                None => self.fill()?,
            }
        }
    }
}

impl<R> Input<R> {
    /// The usual cell bodies read without the item loop: `<v>TEXT</v></c>` and
    /// `<is><t>TEXT</t></is></c>` (with or without `xml:space="preserve"`), whole in the
    /// buffer, TEXT without entities, carriage returns or `_x` escapes. The text (trimmed
    /// like a `<t>` run) as a range of the buffer and where the next item starts; `None`:
    /// read it item by item.
    #[inline(always)]
    fn simple_cell(&self, kind: Kind) -> Option<(usize, usize, usize)> {
        const V: &[u8] = b"<v>";
        const V_END: &[u8] = b"</v></c>";
        const IS: &[u8] = b"<is><t>";
        const IS_KEEP: &[u8] = b"<is><t xml:space=\"preserve\">";
        const IS_END: &[u8] = b"</t></is></c>";
        let rest = &self.buf[self.at..self.len];
        let (start, end, preserve) = if kind == Kind::Inline {
            if rest.starts_with(IS) {
                (IS.len(), IS_END, false)
            } else if rest.starts_with(IS_KEEP) {
                (IS_KEEP.len(), IS_END, true)
            } else {
                return None;
            }
        } else if rest.starts_with(V) {
            (V.len(), V_END, true)
        } else {
            return None;
        };
        let n = memchr::memchr3(b'<', b'&', b'\r', &rest[start..])?;
        let after = start + n;
        if rest[after] != b'<' || !rest[after..].starts_with(end) {
            return None;
        }
        let (mut from, mut to) = (start, after);
        if matches!(kind, Kind::Inline | Kind::Str)
            && memchr::memmem::find(&rest[from..to], b"_x").is_some()
        {
            return None;
        }
        if !preserve {
            let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\n');
            while from < to && blank(rest[from]) {
                from += 1;
            }
            while to > from && blank(rest[to - 1]) {
                to -= 1;
            }
        }
        Some((self.at + from, self.at + to, self.at + after + end.len()))
    }
}

impl<R: Read> SheetCells<'_, R> {
    fn read_cell(
        &mut self,
        attrs_r: Option<(u32, u32)>,
        kind: Kind,
        format: Format,
        empty: bool,
    ) -> Result<SheetCell<'_>, String> {
        let (row, column) = attrs_r.unwrap_or((self.row, self.column));
        self.column = column + 1;
        let mut p = Pending {
            row,
            column,
            kind,
            formula: false,
            in_v: false,
            in_is: false,
            in_f: false,
            has_v: false,
            has_is: false,
        };
        if !empty {
            if let Some((from, to, next)) = self.input.simple_cell(kind) {
                self.input.at = next;
                let v = utf8(&self.input.buf[from..to]).map_err(|e| e.0)?;
                let value = value_of(kind, format, true, v, &self.book.strings)?;
                return Ok(SheetCell {
                    row,
                    column,
                    value,
                    formula: false,
                });
            }
        }
        self.value.clear();
        if !empty {
            self.cell_body(&mut p)?;
        }
        let present = if kind == Kind::Inline {
            p.has_is
        } else {
            p.has_v
        };
        let value = value_of(kind, format, present, &self.value, &self.book.strings)?;
        Ok(SheetCell {
            row: p.row,
            column: p.column,
            value,
            formula: p.formula,
        })
    }

    /// Items up to `</c>`, into `self.value` and `p`.
    fn cell_body(&mut self, p: &mut Pending) -> Result<(), String> {
        let mut text = std::mem::take(&mut self.text);
        let mut value = std::mem::take(&mut self.value);
        let result = (|| loop {
            let Some(item) = self.input.item()? else {
                return Err("the sheet ends inside a cell".to_string());
            };
            match item {
                Item::Close { tag: Tag::C, .. } => return Ok(()),
                Item::Open {
                    tag: Tag::F, empty, ..
                } if !p.in_is => {
                    p.formula = true;
                    p.in_f = !empty;
                }
                Item::Close { tag: Tag::F, .. } => p.in_f = false,
                _ if p.in_f => {}
                Item::Open {
                    tag: Tag::V, empty, ..
                } if !p.in_is => {
                    if p.kind != Kind::Inline {
                        value.clear();
                        p.has_v = true;
                    }
                    p.in_v = !empty;
                }
                Item::Close { tag: Tag::V, .. } => p.in_v = false,
                Item::Text(raw) if p.in_v && p.kind != Kind::Inline => {
                    push_text(raw, &mut value).map_err(|e| e.0)?
                }
                Item::CData(raw) if p.in_v && p.kind != Kind::Inline => {
                    value.push_str(utf8(raw).map_err(|e| e.0)?)
                }
                Item::Open {
                    tag: Tag::Is,
                    empty,
                    ..
                } if !p.in_v => {
                    value.clear();
                    text.reset();
                    p.has_is = true;
                    p.in_is = !empty;
                }
                Item::Close { tag: Tag::Is, .. } => p.in_is = false,
                item if p.in_is => text.item(item, &mut value).map_err(|e| e.0)?,
                _ => {}
            }
        })();
        if p.kind == Kind::Str && p.has_v {
            unescape_excel(&mut value);
        }
        self.text = text;
        self.value = value;
        result
    }
}

/// A cell's value from the text its `<v>` (or `<is>`, when `present`) held: calamine's
/// `read_v` rules.
fn value_of<'a>(
    kind: Kind,
    format: Format,
    present: bool,
    v: &'a str,
    strings: &'a [String],
) -> Result<CellValue<'a>, String> {
    if !present {
        return Ok(CellValue::Empty);
    }
    Ok(match kind {
        Kind::Inline | Kind::Str => CellValue::Text(v),
        Kind::Shared => {
            if v.is_empty() {
                return Ok(CellValue::Empty);
            }
            let index: usize = v.trim().parse().unwrap_or(0);
            let s = strings
                .get(index)
                .ok_or("Cell string index not found in shared strings table")?;
            CellValue::Text(s)
        }
        Kind::Bool => match v.trim() {
            "" => CellValue::Empty,
            "0" => CellValue::Bool(false),
            "1" => CellValue::Bool(true),
            t if t.eq_ignore_ascii_case("false") => CellValue::Bool(false),
            t if t.eq_ignore_ascii_case("true") => CellValue::Bool(true),
            _ => return Err(format!("boolean cell value {v}")),
        },
        Kind::Date => CellValue::DateText(v),
        Kind::Error => CellValue::Error(v),
        Kind::Number | Kind::Untyped => {
            if v.is_empty() {
                return Ok(CellValue::Empty);
            }
            match v.parse::<f64>() {
                Ok(n) => match format {
                    Format::Other => CellValue::Number(n),
                    Format::DateTime => CellValue::Serial {
                        serial: n,
                        datetime: true,
                    },
                    Format::Duration => CellValue::Serial {
                        serial: n,
                        datetime: false,
                    },
                },
                Err(_) if kind == Kind::Untyped => CellValue::Text(v),
                Err(e) => return Err(format!("{e}: {v}")),
            }
        }
    })
}

impl<R: Read> CellSource for SheetCells<'_, R> {
    fn next_cell(&mut self) -> Result<Option<SheetCell<'_>>, String> {
        if self.done {
            return Ok(None);
        }
        loop {
            let Some(item) = self.input.item()? else {
                self.done = true;
                return Err(if self.in_data {
                    "the sheet ends inside its data"
                } else {
                    "the sheet has no data"
                }
                .into());
            };
            match item {
                Item::Open {
                    tag: Tag::SheetData,
                    empty,
                    ..
                } if !self.in_data => {
                    if empty {
                        self.done = true;
                        return Ok(None);
                    }
                    self.in_data = true;
                }
                Item::Close {
                    tag: Tag::SheetData,
                    ..
                } if self.in_data => {
                    self.done = true;
                    return Ok(None);
                }
                _ if !self.in_data => {}
                Item::Open {
                    tag: Tag::Row,
                    attrs,
                    empty,
                    ..
                } => {
                    if let Some(r) = attr(attrs, b"r") {
                        let r: u32 = utf8(r)
                            .ok()
                            .and_then(|r| r.trim().parse().ok())
                            .filter(|&r| r > 0)
                            .ok_or_else(|| {
                                format!("bad row number {}", String::from_utf8_lossy(r))
                            })?;
                        self.row = r - 1;
                    }
                    if empty {
                        self.row += 1;
                        self.column = 0;
                    }
                }
                Item::Close { tag: Tag::Row, .. } => {
                    self.row += 1;
                    self.column = 0;
                }
                Item::Open {
                    tag: Tag::C,
                    attrs,
                    empty,
                    ..
                } => {
                    let (mut r, mut s, mut t) = (None, None, None);
                    for (key, value) in attributes(attrs) {
                        match key {
                            [b'r'] => r = Some(value),
                            [b's'] => s = Some(value),
                            [b't'] => t = Some(value),
                            _ => {}
                        }
                    }
                    let at = r.map(position).transpose()?;
                    let kind = kind_of(t)?;
                    let format = s
                        .and_then(|s| utf8(s).ok()?.parse::<usize>().ok())
                        .map_or(Format::Other, |s| {
                            self.book.formats.get(s).copied().unwrap_or(Format::Other)
                        });
                    return self.read_cell(at, kind, format, empty).map(Some);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_formats() {
        assert_eq!(position(b"A1"), Ok((0, 0)));
        assert_eq!(position(b"AB12"), Ok((11, 27)));
        assert!(position(b"A0").is_err());
        assert!(position(b"12").is_err());
        assert_eq!(builtin_format("22"), Format::DateTime);
        assert_eq!(builtin_format("46"), Format::Duration);
        assert_eq!(builtin_format("2"), Format::Other);
        assert_eq!(custom_format("yyyy-mm-dd hh:mm:ss"), Format::DateTime);
        assert_eq!(custom_format("[h]:mm"), Format::Duration);
        assert_eq!(custom_format("0.00\"d\""), Format::Other);
        assert_eq!(custom_format("#,##0;[Red]-#,##0"), Format::Other);
    }
}
