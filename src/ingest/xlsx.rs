//! XLSX reading (calamine, from bytes), guarded against zip bombs and truncated archives.
//!
//! Before calamine sees the bytes, the zip central directory is read here and every entry's
//! declared sizes are checked (the zip crate then refuses to inflate an entry past its declared
//! size, so the declared sizes bound memory). Cells are streamed with calamine's cell reader
//! rather than loaded as a whole range, so row, cell and byte limits apply while reading.

use super::{unreadable, ReadOptions, Table, TableBuilder};
use crate::error::Error;
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeSet;
use std::io::Cursor;

/// Entries below this size are never called a zip bomb, whatever their ratio.
const RATIO_CHECK_MIN_BYTES: u64 = 1 << 20;
/// Excel keeps 15 significant digits: an integer this large stored as a number may be an id
/// Excel already rounded.
const EXACT_DIGITS_LIMIT: f64 = 1e15;

pub fn read_xlsx(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Table, Error> {
    let entries = zip_entries(bytes).ok_or_else(|| {
        unreadable(name, "the XLSX file is truncated or damaged (its zip directory is missing or broken): download or save it again")
    })?;
    check_sizes(name, &entries, options)?;
    if !entries.iter().any(|e| e.name == "xl/workbook.xml") {
        let what = if entries.iter().any(|e| e.name == "content.xml") {
            "an OpenDocument spreadsheet (.ods), not XLSX: save it as .xlsx or CSV"
        } else if entries.iter().any(|e| e.name == "xl/workbook.bin") {
            "a binary Excel workbook (.xlsb): save it as .xlsx or CSV"
        } else {
            "a zip archive that is not an XLSX workbook"
        };
        return Err(unreadable(name, what));
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        unreadable(
            name,
            &format!("the XLSX workbook is damaged and cannot be opened ({e})"),
        )
    })?;
    let sheets = workbook.sheet_names();
    let mut builder = TableBuilder::new(name, "xlsx", options.clone());
    builder.table.sheets = sheets.clone();
    builder.table.bytes = bytes.len() as u64;

    let mut chosen = None;
    if let Some(wanted) = &options.sheet {
        if sheets.iter().any(|s| s == wanted) {
            chosen = Some(wanted.clone());
        } else {
            builder.warning(
                "unknown_sheet",
                format!(
                    "no sheet is named {wanted:?} (sheets: {}); the default sheet was read",
                    sheets.join(", ")
                ),
            );
        }
    }
    let chosen = match chosen {
        Some(sheet) => sheet,
        None => match choose_sheet(&mut workbook, &sheets, options) {
            Some(sheet) => sheet,
            None => {
                builder.warning("empty_file", "the workbook has no sheets".to_string());
                return Ok(builder.finish());
            }
        },
    };
    builder.table.sheet = Some(chosen.clone());
    read_sheet(&mut workbook, &chosen, &mut builder, options);
    Ok(builder.finish())
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

/// The first row of `sheet` with a non-empty cell (empty when unreadable).
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
    let mut budget = options.max_cells.min(1_000_000);
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
    cells: Vec<String>,
    bytes: usize,
    overlong_at: Option<usize>,
    cut: usize,
    any_value: bool,
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

fn read_sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    builder: &mut TableBuilder,
    options: &ReadOptions,
) {
    let is_1904 = workbook.has_1904_epoch();
    let mut cells = match workbook.worksheet_cells_reader(sheet) {
        Ok(cells) => cells,
        Err(e) => {
            builder.warning(
                "damaged_sheet",
                format!("sheet {sheet:?} cannot be read: {e}"),
            );
            return;
        }
    };
    let mut stats = SheetStats::default();
    let mut pending: Option<PendingRow> = None;
    let mut decoded: u64 = 0;
    let mut kept_bytes: u64 = 0;
    let mut last_row: u32 = 0;
    loop {
        let record = match cells.next_cell_with_formula_metadata() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(e) => {
                let at = pending
                    .as_ref()
                    .map(|p| p.sheet_row as u64 + 1)
                    .unwrap_or(1);
                builder.warning(
                    "damaged_sheet",
                    format!("reading stopped near sheet row {at}: the sheet is damaged ({e}); the rows before it were kept"),
                );
                break;
            }
        };
        decoded += 1;
        if decoded > options.max_cells {
            builder.warning(
                "cell_limit",
                format!("reading stopped after {} cells (cell limit); the rest of the sheet was not read", options.max_cells),
            );
            break;
        }
        let (row, column) = record.pos;
        last_row = last_row.max(row);
        if pending.as_ref().is_some_and(|p| p.sheet_row != row) {
            flush(pending.take(), builder, &stats);
        }
        let current = pending.get_or_insert_with(|| PendingRow {
            sheet_row: row,
            cells: Vec::new(),
            bytes: 0,
            overlong_at: None,
            cut: 0,
            any_value: false,
        });
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
        current.any_value = true;
        if current.overlong_at.is_some() {
            continue;
        }
        if column >= options.max_columns {
            current.cut += 1;
            continue;
        }
        // By value: calamine's own strings are moved, not copied.
        let text = match record.value {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DurationIso(s) => s,
            DataRef::SharedString(s) => s.to_string(),
            DataRef::DateTimeIso(s) => {
                stats.date_columns.insert(column);
                s
            }
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() >= EXACT_DIGITS_LIMIT {
                    stats.imprecise_columns.insert(column);
                }
                format_number(f)
            }
            DataRef::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
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
                format_number(serial)
            }
            DataRef::Error(e) => {
                stats.error_cells += 1;
                stats.first_error.get_or_insert((line, e.to_string()));
                e.to_string()
            }
        };
        kept_bytes += text.len() as u64;
        if kept_bytes > options.max_xlsx_text_bytes {
            builder.warning(
                "size_limit",
                format!(
                    "reading stopped at sheet row {line}: the cells read hold more than {} of text (size limit); that row and the rest were not read",
                    human_bytes(options.max_xlsx_text_bytes)
                ),
            );
            pending = None;
            break;
        }
        current.bytes += text.len();
        if current.bytes > options.max_row_bytes {
            current.overlong_at = Some(column);
            current.cells = Vec::new();
            continue;
        }
        if current.cells.len() <= column {
            current.cells.resize(column + 1, String::new());
        }
        current.cells[column] = text;
    }
    flush(pending.take(), builder, &stats);
    builder.table.lines = if decoded > 0 { last_row as u64 + 1 } else { 0 };
    finish_sheet(builder, stats);
}

/// Hand one assembled row to the builder (header first), with the XLSX-specific checks.
fn flush(row: Option<PendingRow>, builder: &mut TableBuilder, _stats: &SheetStats) {
    let Some(mut row) = row else { return };
    if !row.any_value {
        return; // only styled empty cells: not a row
    }
    let line = row.sheet_row as u64 + 1;
    let what = if builder.has_header() {
        "row"
    } else {
        "header row"
    };
    if let Some(column) = row.overlong_at {
        let column_name = builder.column_name(column);
        let limit = builder_limit(builder);
        builder.skip_row(
            "row_too_long",
            line,
            Some(column_name),
            format!("{what} longer than the {limit} byte limit; skipped"),
        );
        return;
    }
    if row.cut > 0 {
        builder.row_warning(
            "too_many_columns",
            line,
            None,
            format!(
                "{what} has {} cells past the column limit; they were not kept",
                row.cut
            ),
        );
    }
    if builder.has_header() {
        let width = builder.table.headers.len();
        if row.cells.len() < width {
            // XLSX does not store trailing empty cells: padding loses nothing.
            row.cells.resize(width, String::new());
        } else if row.cells.len() > width {
            builder.table.ragged_rows += 1;
            builder.row_warning(
                "ragged_row",
                line,
                Some(builder.column_name(width)),
                format!("row has cells right of the last header column ({} cells, {width} headers); kept", row.cells.len()),
            );
        }
    }
    builder.record(line, row.cells);
}

fn builder_limit(builder: &TableBuilder) -> usize {
    builder.max_row_bytes()
}

fn finish_sheet(builder: &mut TableBuilder, stats: SheetStats) {
    builder.table.formula_cells = stats.formula_cells;
    builder.table.date_columns = stats.date_columns.into_iter().collect();
    if stats.formula_cells > 0 {
        let mut message = format!(
            "{} cells hold formulas: their values as last saved by Excel were used, not recalculated",
            stats.formula_cells
        );
        if stats.formulas_without_value > 0 {
            message.push_str(&format!(
                "; {} of them have no saved value and were read as empty (open and save the file in Excel to fix)",
                stats.formulas_without_value
            ));
        }
        builder.warning("formula_cells", message);
    }
    if let Some((line, first)) = stats.first_error {
        let name = builder.table.name.clone();
        builder.table.warnings.push(super::file_warning(
            &name,
            "error_cells",
            format!(
                "{} cells hold Excel errors (first: {first}); they were kept as text",
                stats.error_cells
            ),
            Some(line),
            None,
        ));
    }
    for column in stats.imprecise_columns {
        let column_name = builder.column_name(column);
        let name = builder.table.name.clone();
        builder.table.warnings.push(super::file_warning(
            &name,
            "imprecise_number",
            "this column holds integers of 16 or more digits stored as numbers: Excel keeps only 15 significant digits, so ids here may already be wrong; store ids as text".to_string(),
            None,
            Some(column_name),
        ));
    }
}

/// `512 MB` for limits of a MiB or more, else `1000 bytes`.
fn human_bytes(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
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

fn check_sizes(name: &str, entries: &[ZipEntry], options: &ReadOptions) -> Result<(), Error> {
    let mut total: u64 = 0;
    for entry in entries {
        const MB: u64 = 1 << 20;
        if entry.uncompressed > options.max_xlsx_entry_bytes {
            return Err(unreadable(
                name,
                &format!(
                    "the XLSX part {} would expand to {} MB (limit {} MB): too large to read in the browser; export as CSV instead",
                    entry.name,
                    entry.uncompressed / MB,
                    options.max_xlsx_entry_bytes / MB
                ),
            ));
        }
        if entry.uncompressed > RATIO_CHECK_MIN_BYTES
            && entry.uncompressed / entry.compressed.max(1) > options.max_xlsx_ratio
        {
            return Err(unreadable(
                name,
                &format!(
                    "the XLSX part {} claims to expand {}× ({} bytes → {} bytes), far beyond any real sheet: refused as a zip bomb",
                    entry.name,
                    entry.uncompressed / entry.compressed.max(1),
                    entry.compressed,
                    entry.uncompressed
                ),
            ));
        }
        total = total.saturating_add(entry.uncompressed);
    }
    if total > options.max_xlsx_total_bytes {
        return Err(unreadable(
            name,
            &format!(
                "the XLSX file would expand to {} MB in all (limit {} MB): export as CSV instead",
                total >> 20,
                options.max_xlsx_total_bytes >> 20
            ),
        ));
    }
    Ok(())
}
