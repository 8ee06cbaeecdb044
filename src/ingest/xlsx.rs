//! XLSX reading (calamine, from bytes), streamed: the sheet's XML is inflated and parsed as it
//! is read (calamine's cell reader over the zip entry), its cells are assembled into one
//! reused [`Record`] per row and handed to the sink, so memory holds the file's bytes, the
//! shared-strings table and one row, never the sheet or its cells.
//!
//! Before calamine sees the bytes, the zip central directory is read here and every entry's
//! declared sizes are checked: parts loaded whole (shared strings, styles, workbook) have a
//! size limit; a worksheet has none (it is streamed, so its size only costs time), but any
//! part that claims to expand far beyond what real sheets do is refused as a zip bomb (the
//! zip crate refuses to inflate an entry past its declared size).

use super::log::{ReadLog, ReadSummary};
use super::refusal::Refusal;
use super::{ReadOptions, Record, RowSink};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeSet;
use std::io::Cursor;

/// Entries below this size are never called a zip bomb, whatever their ratio.
const RATIO_CHECK_MIN_BYTES: u64 = 1 << 20;
/// Excel keeps 15 significant digits: an integer this large stored as a number may be an id
/// Excel already rounded.
const EXACT_DIGITS_LIMIT: f64 = 1e15;

/// Read the chosen sheet of an XLSX workbook, every row to `sink`.
pub fn read_xlsx<S: RowSink + ?Sized>(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    sink: &mut S,
) -> Result<ReadSummary, Refusal> {
    let entries =
        zip_entries(bytes).ok_or_else(|| Refusal::new("unreadable_file.xlsx_truncated"))?;
    check_sizes(&entries, options)?;
    if !entries.iter().any(|e| e.name == "xl/workbook.xml") {
        let what = if entries.iter().any(|e| e.name == "content.xml") {
            "unreadable_file.ods"
        } else if entries.iter().any(|e| e.name == "xl/workbook.bin") {
            "unreadable_file.xlsb"
        } else {
            "unreadable_file.zip"
        };
        return Err(Refusal::new(what));
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Refusal::new("unreadable_file.xlsx_damaged").with("detail", e.to_string()))?;
    let sheets = workbook.sheet_names();
    let mut log = ReadLog::new(name, "xlsx");
    log.summary.sheets = sheets.clone();
    log.summary.bytes = bytes.len() as u64;

    let mut chosen = None;
    if let Some(wanted) = &options.sheet {
        if sheets.iter().any(|s| s == wanted) {
            chosen = Some(wanted.clone());
        } else {
            log.warning(
                "unknown_sheet",
                &[
                    ("sheet", wanted.as_str().into()),
                    ("sheets", sheets.join(", ").into()),
                ],
            );
        }
    }
    let chosen = match chosen {
        Some(sheet) => sheet,
        None => match choose_sheet(&mut workbook, &sheets, options) {
            Some(sheet) => sheet,
            None => {
                // No header either: `finish` adds `empty_file`.
                log.warning("empty_file.no_sheets", &[]);
                let mut summary = log.finish();
                summary.warnings.retain(|w| w.key() != "empty_file");
                return Ok(summary);
            }
        },
    };
    log.summary.sheet = Some(chosen.clone());
    read_sheet(&mut workbook, &chosen, &mut log, options, sink);
    Ok(log.finish())
}

/// The sheet to read when none is named: the first whose header row the chooser accepts,
/// else the first with any non-empty cell, else the first.
fn choose_sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheets: &[String],
    options: &ReadOptions,
) -> Option<String> {
    let mut first_non_empty = None;
    for sheet in sheets {
        let header = header_row(workbook, sheet, options);
        if header.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(chooser) = options.sheet_chooser {
            if chooser(&header) {
                return Some(sheet.clone());
            }
        } else {
            return Some(sheet.clone());
        }
        first_non_empty.get_or_insert_with(|| sheet.clone());
    }
    first_non_empty.or_else(|| sheets.first().cloned())
}

/// The first row of `sheet` with a non-empty cell (empty when unreadable). Reading stops at
/// the second row, or after a million empty cells.
fn header_row(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    options: &ReadOptions,
) -> Vec<String> {
    let Ok(mut cells) = workbook.worksheet_cells_reader(sheet) else {
        return Vec::new();
    };
    let mut row: Option<u32> = None;
    let mut header = Vec::new();
    let mut budget = 1_000_000u32;
    while let Ok(Some(cell)) = cells.next_cell() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        let (r, c) = cell.get_position();
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        match row {
            None => row = Some(r),
            Some(current) if current != r => break,
            _ => {}
        }
        let c = c as usize;
        if c >= options.max_columns {
            continue;
        }
        if header.len() <= c {
            header.resize(c + 1, String::new());
        }
        header[c] = plain_text(value);
    }
    header
}

/// Text of a cell for sheet choosing (no bookkeeping).
fn plain_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => format_number(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => format_number(d.as_f64()),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// A number as text without float noise: integers without `.0`, others in the shortest form
/// that reads back to the same float (`0.1`, not `0.1000000000000000055`).
pub fn format_number(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The row being assembled from streamed cells.
struct PendingRow {
    sheet_row: u32,
    record: Record,
    bytes: usize,
    overlong_at: Option<usize>,
    cut: usize,
    any_value: bool,
    /// `max_row_bytes`, for the message.
    limit: usize,
    /// A cell came left of one already placed (a malformed sheet): rebuilt on flush.
    out_of_order: Vec<(usize, String)>,
}

impl PendingRow {
    fn start(&mut self, sheet_row: u32) {
        self.sheet_row = sheet_row;
        self.record.start(sheet_row as u64 + 1);
        self.bytes = 0;
        self.overlong_at = None;
        self.cut = 0;
        self.any_value = false;
        self.out_of_order.clear();
    }
}

#[derive(Default)]
struct SheetStats {
    formula_cells: u64,
    formulas_without_value: u64,
    error_cells: u64,
    first_error: Option<(u64, String)>,
    imprecise_columns: BTreeSet<usize>,
    date_columns: BTreeSet<usize>,
}

fn read_sheet<S: RowSink + ?Sized>(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    log: &mut ReadLog,
    options: &ReadOptions,
    sink: &mut S,
) {
    let is_1904 = workbook.has_1904_epoch();
    let mut cells = match workbook.worksheet_cells_reader(sheet) {
        Ok(cells) => cells,
        Err(e) => {
            log.warning(
                "damaged_sheet",
                &[("sheet", sheet.into()), ("detail", e.to_string().into())],
            );
            return;
        }
    };
    let mut stats = SheetStats::default();
    let mut pending = PendingRow {
        sheet_row: 0,
        record: Record::default(),
        bytes: 0,
        overlong_at: None,
        cut: 0,
        any_value: false,
        limit: options.max_row_bytes,
        out_of_order: Vec::new(),
    };
    let mut open = false;
    let mut decoded: u64 = 0;
    let mut last_row: u32 = 0;
    let mut number = String::new();
    loop {
        let record = match cells.next_cell_with_formula_metadata() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(e) => {
                let at = if open {
                    pending.sheet_row as u64 + 1
                } else {
                    1
                };
                log.warning(
                    "damaged_sheet.stopped",
                    &[("row", at.into()), ("detail", e.to_string().into())],
                );
                break;
            }
        };
        decoded += 1;
        let (row, column) = record.pos;
        last_row = last_row.max(row);
        if open && pending.sheet_row != row {
            flush(&mut pending, log, sink);
            open = false;
        }
        if !open {
            pending.start(row);
            open = true;
        }
        let line = row as u64 + 1;
        let column = column as usize;
        if record.formula.is_some() {
            stats.formula_cells += 1;
            if matches!(record.value, DataRef::Empty) {
                stats.formulas_without_value += 1;
            }
        }
        if matches!(record.value, DataRef::Empty) {
            continue;
        }
        pending.any_value = true;
        if pending.overlong_at.is_some() {
            continue;
        }
        if column >= options.max_columns {
            pending.cut += 1;
            continue;
        }
        number.clear();
        let text: &str = match &record.value {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DurationIso(s) => s,
            DataRef::SharedString(s) => s,
            DataRef::DateTimeIso(s) => {
                stats.date_columns.insert(column);
                s
            }
            DataRef::Int(i) => {
                number.push_str(&i.to_string());
                &number
            }
            DataRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() >= EXACT_DIGITS_LIMIT {
                    stats.imprecise_columns.insert(column);
                }
                number.push_str(&format_number(*f));
                &number
            }
            DataRef::Bool(b) => {
                if *b {
                    "TRUE"
                } else {
                    "FALSE"
                }
            }
            DataRef::DateTime(d) => {
                // One date system for `records`: 1904-based serials are moved to 1900-based.
                let serial = if is_1904 {
                    d.as_f64() + 1462.0
                } else {
                    d.as_f64()
                };
                if d.is_datetime() {
                    stats.date_columns.insert(column);
                }
                number.push_str(&format_number(serial));
                &number
            }
            DataRef::Error(e) => {
                stats.error_cells += 1;
                stats.first_error.get_or_insert((line, e.to_string()));
                number.push_str(&e.to_string());
                &number
            }
        };
        pending.bytes += text.len();
        if pending.bytes > options.max_row_bytes {
            pending.overlong_at = Some(column);
            pending.record.drop_cells();
            pending.out_of_order = Vec::new();
            continue;
        }
        if column < pending.record.len() {
            pending.out_of_order.push((column, text.to_string()));
        } else {
            pending.record.set_next(column, text);
        }
    }
    if open {
        flush(&mut pending, log, sink);
    }
    log.summary.lines = if decoded > 0 { last_row as u64 + 1 } else { 0 };
    finish_sheet(log, stats);
}

/// Hand one assembled row to the sink (header first), with the XLSX-specific checks.
fn flush<S: RowSink + ?Sized>(row: &mut PendingRow, log: &mut ReadLog, sink: &mut S) {
    if !row.any_value {
        return; // only styled empty cells: not a row
    }
    let line = row.sheet_row as u64 + 1;
    let header = !log.has_header();
    if let Some(column) = row.overlong_at {
        let column_name = log.column_name(column);
        log.skip_row(
            &log.variant("row_too_long"),
            &[("limit", row.limit.into()), ("bytes", row.bytes.into())],
            line,
            Some(&column_name),
        );
        return;
    }
    if !row.out_of_order.is_empty() {
        let mut cells = row.record.to_strings();
        for (column, text) in row.out_of_order.drain(..) {
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            cells[column] = text;
        }
        row.record = Record::from_cells(line, &cells);
    }
    if row.cut > 0 {
        log.row_warning(
            "too_many_columns",
            if header {
                "too_many_columns.xlsx_header"
            } else {
                "too_many_columns.xlsx"
            },
            &[("count", row.cut.into())],
            line,
            None,
        );
    }
    if !header {
        let width = log.summary.headers.len();
        if row.record.len() < width {
            // XLSX does not store trailing empty cells: padding loses nothing.
            row.record.pad_to(width);
        } else if row.record.len() > width {
            log.summary.ragged_rows += 1;
            let column = log.column_name(width);
            log.row_warning(
                "ragged_row",
                "ragged_row.xlsx",
                &[
                    ("cells", row.record.len().into()),
                    ("headers", width.into()),
                ],
                line,
                Some(&column),
            );
        }
    }
    log.record(&row.record, sink);
}

fn finish_sheet(log: &mut ReadLog, stats: SheetStats) {
    log.summary.formula_cells = stats.formula_cells;
    log.summary.date_columns = stats.date_columns.into_iter().collect();
    if stats.formula_cells > 0 {
        if stats.formulas_without_value > 0 {
            log.warning(
                "formula_cells.without_value",
                &[
                    ("count", stats.formula_cells.into()),
                    ("empty", stats.formulas_without_value.into()),
                ],
            );
        } else {
            log.warning("formula_cells", &[("count", stats.formula_cells.into())]);
        }
    }
    if let Some((line, first)) = stats.first_error {
        let name = log.summary.name.clone();
        log.summary.warnings.push(super::log::file_warning(
            &name,
            "error_cells",
            &[("count", stats.error_cells.into()), ("first", first.into())],
            Some(line),
            None,
        ));
    }
    for column in stats.imprecise_columns {
        let column_name = log.column_name(column);
        let name = log.summary.name.clone();
        log.summary.warnings.push(super::log::file_warning(
            &name,
            "imprecise_number",
            &[],
            None,
            Some(&column_name),
        ));
    }
}

/// One entry of the zip central directory: name and declared sizes.
#[derive(Debug)]
struct ZipEntry {
    name: String,
    compressed: u64,
    uncompressed: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as u64)
}
fn u32_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as u64)
}
fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The central directory entries, or None when the archive is truncated or malformed.
fn zip_entries(bytes: &[u8]) -> Option<Vec<ZipEntry>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (search_from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&i| &bytes[i..i + 4] == EOCD)?;
    let mut count = u16_at(bytes, eocd + 10)?;
    let mut cd_size = u32_at(bytes, eocd + 12)?;
    let mut cd_offset = u32_at(bytes, eocd + 16)?;
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // ZIP64: the locator sits just before the end record.
        let locator = eocd.checked_sub(20)?;
        if bytes.get(locator..locator + 4)? != b"PK\x06\x07" {
            return None;
        }
        let record = usize::try_from(u64_at(bytes, locator + 8)?).ok()?;
        if bytes.get(record..record + 4)? != b"PK\x06\x06" {
            return None;
        }
        count = u64_at(bytes, record + 32)?;
        cd_size = u64_at(bytes, record + 40)?;
        cd_offset = u64_at(bytes, record + 48)?;
    }
    let start = usize::try_from(cd_offset).ok()?;
    let end = start.checked_add(usize::try_from(cd_size).ok()?)?;
    let directory = bytes.get(start..end)?;
    let mut entries = Vec::new();
    let mut at = 0usize;
    // Each entry takes at least 46 bytes, so a lying count cannot make this loop long.
    while entries.len() as u64 != count {
        if directory.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let mut compressed = u32_at(directory, at + 20)?;
        let mut uncompressed = u32_at(directory, at + 24)?;
        let name_len = u16_at(directory, at + 28)? as usize;
        let extra_len = u16_at(directory, at + 30)? as usize;
        let comment_len = u16_at(directory, at + 32)? as usize;
        let name = directory.get(at + 46..at + 46 + name_len)?;
        let extra = directory.get(at + 46 + name_len..at + 46 + name_len + extra_len)?;
        if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF {
            let (u, c) = zip64_sizes(
                extra,
                uncompressed == 0xFFFF_FFFF,
                compressed == 0xFFFF_FFFF,
            )?;
            uncompressed = u.unwrap_or(uncompressed);
            compressed = c.unwrap_or(compressed);
        }
        entries.push(ZipEntry {
            name: String::from_utf8_lossy(name).into_owned(),
            compressed,
            uncompressed,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(entries)
}

/// Sizes from the ZIP64 extra field (id 1): only the fields that were 0xFFFFFFFF, in order.
fn zip64_sizes(
    extra: &[u8],
    want_uncompressed: bool,
    want_compressed: bool,
) -> Option<(Option<u64>, Option<u64>)> {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = u16_at(extra, at)?;
        let len = u16_at(extra, at + 2)? as usize;
        if id == 1 {
            let data = extra.get(at + 4..at + 4 + len)?;
            let mut pos = 0;
            let mut uncompressed = None;
            let mut compressed = None;
            if want_uncompressed {
                uncompressed = Some(u64_at(data, pos)?);
                pos += 8;
            }
            if want_compressed {
                compressed = Some(u64_at(data, pos)?);
            }
            return Some((uncompressed, compressed));
        }
        at += 4 + len;
    }
    None
}

/// Whether a zip entry is a worksheet (streamed, so only its ratio is checked).
fn is_worksheet(name: &str) -> bool {
    name.starts_with("xl/worksheets/") && name.ends_with(".xml")
}

fn check_sizes(entries: &[ZipEntry], options: &ReadOptions) -> Result<(), Refusal> {
    const MB: u64 = 1 << 20;
    let mut loaded_total: u64 = 0;
    for entry in entries {
        if entry.uncompressed > RATIO_CHECK_MIN_BYTES
            && entry.uncompressed / entry.compressed.max(1) > options.max_xlsx_ratio
        {
            return Err(Refusal::new("unreadable_file.zip_bomb")
                .with("part", entry.name.as_str())
                .with("ratio", entry.uncompressed / entry.compressed.max(1))
                .with("compressed", entry.compressed)
                .with("uncompressed", entry.uncompressed));
        }
        if is_worksheet(&entry.name) {
            continue;
        }
        if entry.uncompressed > options.max_xlsx_entry_bytes {
            return Err(Refusal::new("unreadable_file.xlsx_part_too_large")
                .with("part", entry.name.as_str())
                .with("mb", entry.uncompressed / MB)
                .with("limit_mb", options.max_xlsx_entry_bytes / MB));
        }
        loaded_total = loaded_total.saturating_add(entry.uncompressed);
    }
    if loaded_total > options.max_xlsx_total_bytes {
        return Err(Refusal::new("unreadable_file.xlsx_too_large")
            .with("mb", loaded_total / MB)
            .with("limit_mb", options.max_xlsx_total_bytes / MB));
    }
    Ok(())
}
