//! XLSX reading from bytes, streamed: the chosen sheet's XML is inflated and read as it
//! comes (our scanner, `sheet.rs`; calamine's cell reader when our reading of the workbook
//! parts fails), its cells are assembled into one reused [`Record`] per row and handed to the
//! sink, so memory holds the file's bytes, the shared-strings table and one row, never the
//! sheet or its cells.
//!
//! Before any reader sees the bytes, the zip central directory is read here and every entry's
//! declared sizes are checked: parts loaded whole (shared strings, styles, workbook) have a
//! size limit; a worksheet has none (it is streamed, so its size only costs time), but any
//! part that claims to expand far beyond what real sheets do is refused as a zip bomb (the
//! zip crate refuses to inflate an entry past its declared size).

use super::log::{ReadLog, ReadSummary};
use super::refusal::Refusal;
use super::sheet::{entry_name, Archive, CellSource, CellValue, SheetCell, Workbook};
use super::{ReadOptions, Record, RowSink};
use calamine::{DataRef, Reader, Xlsx, XlsxCellFormulaMetadataRecord, XlsxCellReader};
use std::collections::BTreeSet;
use std::fmt::Write;
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
    let book = open(bytes)?;
    Ok(read_book(name, bytes.len(), book, options, sink))
}

/// Choose the sheet of an opened workbook and read it, every row to `sink`.
fn read_book<S: RowSink + ?Sized>(
    name: &str,
    bytes: usize,
    mut book: Box<dyn Book + '_>,
    options: &ReadOptions,
    sink: &mut S,
) -> ReadSummary {
    let sheets = book.sheet_names();
    let mut log = ReadLog::new(name, "xlsx");
    log.summary.sheets = sheets.clone();
    log.summary.bytes = bytes as u64;

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
        None => match choose_sheet(book.as_mut(), &sheets, options) {
            Some(sheet) => sheet,
            None => {
                // No header either: `finish` adds `empty_file`.
                log.warning("empty_file.no_sheets", &[]);
                let mut summary = log.finish();
                summary.warnings.retain(|w| w.key() != "empty_file");
                return summary;
            }
        },
    };
    log.summary.sheet = Some(chosen.clone());
    let is_1904 = book.is_1904();
    let opened = book.cells(&chosen, &mut |cells| {
        read_sheet(cells, is_1904, &mut log, options, sink)
    });
    if let Err(detail) = opened {
        log.warning(
            "damaged_sheet",
            &[("sheet", chosen.as_str().into()), ("detail", detail.into())],
        );
    }
    log.finish()
}

/// A workbook whose sheets' cells can be read.
trait Book {
    fn sheet_names(&self) -> Vec<String>;
    fn is_1904(&self) -> bool;
    /// Hand the cells of `sheet` to `read`, or say why the sheet cannot be opened.
    fn cells(
        &mut self,
        sheet: &str,
        read: &mut dyn FnMut(&mut dyn CellSource),
    ) -> Result<(), String>;
}

/// The workbook through our streamed sheet reader; calamine's reader when our reading of
/// the workbook parts fails (it then also says what is damaged).
fn open(bytes: &[u8]) -> Result<Box<dyn Book + '_>, Refusal> {
    if let Ok(mut archive) = Archive::new(Cursor::new(bytes)) {
        if let Ok(book) = Workbook::read(&mut archive) {
            if !book.sheets.is_empty() {
                return Ok(Box::new(Streamed { archive, book }));
            }
        }
    }
    with_calamine(bytes)
}

/// The workbook through calamine's cell reader (the fallback, and the tests' reference).
fn with_calamine(bytes: &[u8]) -> Result<Box<dyn Book + '_>, Refusal> {
    let workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Refusal::new("unreadable_file.xlsx_damaged").with("detail", e.to_string()))?;
    Ok(Box::new(Calamine(workbook)))
}

struct Streamed<'b> {
    archive: Archive<'b>,
    book: Workbook,
}

impl Book for Streamed<'_> {
    fn sheet_names(&self) -> Vec<String> {
        self.book
            .sheets
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }
    fn is_1904(&self) -> bool {
        self.book.is_1904
    }
    fn cells(
        &mut self,
        sheet: &str,
        read: &mut dyn FnMut(&mut dyn CellSource),
    ) -> Result<(), String> {
        let path = self
            .book
            .sheet_path(sheet)
            .ok_or_else(|| format!("no sheet {sheet}"))?;
        let path = entry_name(&self.archive, path).ok_or_else(|| format!("no {path}"))?;
        let entry = self.archive.by_name(&path).map_err(|e| e.to_string())?;
        read(&mut self.book.cells(entry));
        Ok(())
    }
}

struct Calamine<'b>(Xlsx<Cursor<&'b [u8]>>);

impl Book for Calamine<'_> {
    fn sheet_names(&self) -> Vec<String> {
        self.0.sheet_names()
    }
    fn is_1904(&self) -> bool {
        self.0.has_1904_epoch()
    }
    fn cells(
        &mut self,
        sheet: &str,
        read: &mut dyn FnMut(&mut dyn CellSource),
    ) -> Result<(), String> {
        let reader = self
            .0
            .worksheet_cells_reader(sheet)
            .map_err(|e| e.to_string())?;
        read(&mut CalamineCells {
            reader,
            held: None,
            error: String::new(),
        });
        Ok(())
    }
}

/// calamine's cell reader as a [`CellSource`].
struct CalamineCells<'a, 'b> {
    reader: XlsxCellReader<'a, Cursor<&'b [u8]>>,
    held: Option<XlsxCellFormulaMetadataRecord<'a>>,
    error: String,
}

impl CellSource for CalamineCells<'_, '_> {
    fn next_cell(&mut self) -> Result<Option<SheetCell<'_>>, String> {
        let Some(record) = self
            .reader
            .next_cell_with_formula_metadata()
            .map_err(|e| e.to_string())?
        else {
            return Ok(None);
        };
        let record = self.held.insert(record);
        let value = match &record.value {
            DataRef::Empty => CellValue::Empty,
            DataRef::String(s) | DataRef::DurationIso(s) => CellValue::Text(s),
            DataRef::SharedString(s) => CellValue::Text(s),
            DataRef::DateTimeIso(s) => CellValue::DateText(s),
            DataRef::Int(i) => CellValue::Int(*i),
            DataRef::Float(f) => CellValue::Number(*f),
            DataRef::Bool(b) => CellValue::Bool(*b),
            DataRef::DateTime(d) => CellValue::Serial {
                serial: d.as_f64(),
                datetime: d.is_datetime(),
            },
            DataRef::Error(e) => {
                self.error = e.to_string();
                CellValue::Error(&self.error)
            }
        };
        Ok(Some(SheetCell {
            row: record.pos.0,
            column: record.pos.1,
            value,
            formula: record.formula.is_some(),
        }))
    }
}

/// The sheet to read when none is named: the first whose header row the chooser accepts,
/// else the first with any non-empty cell, else the first.
fn choose_sheet(book: &mut dyn Book, sheets: &[String], options: &ReadOptions) -> Option<String> {
    let mut first_non_empty = None;
    for sheet in sheets {
        let mut header = Vec::new();
        let _ = book.cells(sheet, &mut |cells| header = header_row(cells, options));
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

/// The first row of a sheet with a non-empty cell (empty when unreadable). Reading stops at
/// the second row, or after a million empty cells.
fn header_row(cells: &mut dyn CellSource, options: &ReadOptions) -> Vec<String> {
    let mut row: Option<u32> = None;
    let mut header = Vec::new();
    let mut budget = 1_000_000u32;
    while let Ok(Some(cell)) = cells.next_cell() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        if matches!(cell.value, CellValue::Empty) {
            continue;
        }
        match row {
            None => row = Some(cell.row),
            Some(current) if current != cell.row => break,
            _ => {}
        }
        let c = cell.column as usize;
        if c >= options.max_columns {
            continue;
        }
        if header.len() <= c {
            header.resize(c + 1, String::new());
        }
        let mut text = String::new();
        push_text(&mut text, cell.value, false);
        header[c] = text;
    }
    header
}

/// A cell's text (no bookkeeping); serials as written (`shift_1904` moves 1904-based ones).
fn push_text(out: &mut String, value: CellValue<'_>, shift_1904: bool) {
    match value {
        CellValue::Empty => {}
        CellValue::Text(s) | CellValue::DateText(s) | CellValue::Error(s) => out.push_str(s),
        CellValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        CellValue::Number(f) => push_number(out, f),
        CellValue::Serial { serial, .. } => {
            push_number(out, if shift_1904 { serial + 1462.0 } else { serial })
        }
        CellValue::Bool(b) => out.push_str(if b { "TRUE" } else { "FALSE" }),
    }
}

/// A number as text without float noise: integers without `.0`, others in the shortest form
/// that reads back to the same float (`0.1`, not `0.1000000000000000055`).
pub fn format_number(value: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, value);
    out
}

/// [`format_number`] appended to `out` (no allocation once `out` has grown).
fn push_number(out: &mut String, value: f64) {
    let _ = if value.is_finite() && value.fract() == 0.0 && value.abs() < 9.0e15 {
        write!(out, "{}", value as i64)
    } else {
        write!(out, "{value}")
    };
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

/// Every cell of the chosen sheet, assembled into rows for the sink.
fn read_sheet<S: RowSink + ?Sized>(
    cells: &mut dyn CellSource,
    is_1904: bool,
    log: &mut ReadLog,
    options: &ReadOptions,
    sink: &mut S,
) {
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
        let cell = match cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(detail) => {
                let at = if open {
                    pending.sheet_row as u64 + 1
                } else {
                    1
                };
                log.warning(
                    "damaged_sheet.stopped",
                    &[("row", at.into()), ("detail", detail.into())],
                );
                break;
            }
        };
        decoded += 1;
        let row = cell.row;
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
        let column = cell.column as usize;
        if cell.formula {
            stats.formula_cells += 1;
            if matches!(cell.value, CellValue::Empty) {
                stats.formulas_without_value += 1;
            }
        }
        if matches!(cell.value, CellValue::Empty) {
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
        let text: &str = match cell.value {
            CellValue::Text(s) => s,
            value => {
                match value {
                    CellValue::DateText(_) | CellValue::Serial { datetime: true, .. } => {
                        stats.date_columns.insert(column);
                    }
                    CellValue::Number(f) if f.fract() == 0.0 && f.abs() >= EXACT_DIGITS_LIMIT => {
                        stats.imprecise_columns.insert(column);
                    }
                    CellValue::Error(e) => {
                        stats.error_cells += 1;
                        stats.first_error.get_or_insert((line, e.to_string()));
                    }
                    _ => {}
                }
                number.clear();
                // One date system for `records`: 1904-based serials are moved to 1900-based.
                push_text(&mut number, value, is_1904);
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

#[cfg(test)]
#[path = "xlsx_tests.rs"]
mod tests;
