//! Ingest: bytes of the shop's files → tables (encoding and delimiter detection, CSV/TSV, XLSX).
//! No meaning is given to columns here; `records` does that.
//!
//! Entry points: [`read_file`] for a whole file in memory (sniffs XLSX vs text), and
//! [`TextReader`] for text pushed in chunks (a worker streaming a large file).
//!
//! Decisions (tested in `tests/ingest.rs` and `tests/hostile.rs`):
//! - Not a table at all (PDF, image, old `.xls`, zip that is no XLSX, binary with NUL bytes,
//!   truncated or oversized-ratio XLSX) → `Err` with code `unreadable_file`, message naming the
//!   file. An empty file (0 bytes, or only a BOM / blank lines) is a table with no rows: `Ok`
//!   with warning `empty_file`, so that the other files still score and `records` can say what
//!   is missing.
//! - A row whose cell count differs from the header is **kept** as it is (never padded or cut
//!   in text files) with a `ragged_row` warning: `records` can still read the cells it has.
//! - A row longer than `max_row_bytes` is **skipped** (listed in `skipped`, code
//!   `row_too_long`); it is read in constant memory. A row wider than `max_columns` is kept
//!   with its first `max_columns` cells and a `too_many_columns` warning.
//! - A header with no data rows → warning `no_data_rows`.
//! - Rows past `max_rows` are counted in `rows_over_limit` (warning `row_limit`), not kept.
//! - Encoding: decided once on the first 8 KiB (BOM; else UTF-8 when >90% of the non-ASCII
//!   bytes form valid UTF-8; else GB18030), so the result never depends on chunking; rows are
//!   emitted from then on. Bytes invalid in the chosen encoding become U+FFFD and the row is
//!   warned (`bad_encoding`); UTF-8 lines inside a GB18030 file are warned (`mixed_encoding`).
//!   UTF-16 without a BOM is refused as binary (NUL bytes) unless `ReadOptions.encoding` says
//!   `utf-16le`/`utf-16be`.
//! - Line numbers are physical lines (CR, LF and CRLF each end one), the line a row starts on;
//!   blank lines are skipped and counted.
//! - Per-row warnings are kept in full for the first [`MAX_ROW_WARNINGS`] of each code, then
//!   summed up in one last warning of the same code.

use crate::error::{Error, ErrorCode};
use crate::messages::Warning;
use serde::Serialize;

mod sniff;
mod text;
mod xlsx;

pub use sniff::{detect_delimiter, looks_binary};
pub use text::TextReader;

/// One file read into rows of strings. Cells are as decoded (a leading tab and `-` are kept:
/// `records` normalises them, so `inspect --rows` shows the file as it is).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// The file name as the user gave it (for messages).
    pub name: String,
    /// `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`, or `xlsx`.
    pub encoding: String,
    /// `,`, `\t`, `;`, or null for XLSX.
    pub delimiter: Option<String>,
    /// For XLSX: the sheet read and the sheets there are.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows that could not be read, with line, column and reason (first 100 kept in full).
    pub skipped: Vec<Warning>,
    /// Count of all skipped rows, including those past the first 100.
    pub skipped_count: u64,
    /// File-level problems (truncated, odd encoding, formula cells …).
    pub warnings: Vec<Warning>,
    // ---- data-quality summary (added by ingest) ----
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Physical lines (text) or the last sheet row number (XLSX) seen.
    pub lines: u64,
    /// Data rows seen after the header: kept + skipped + over the row limit.
    pub rows_seen: u64,
    /// Data rows not kept because `max_rows` was reached (warning `row_limit`).
    pub rows_over_limit: u64,
    /// Rows kept whose cell count differs from the header's (warning `ragged_row`).
    pub ragged_rows: u64,
    /// Rows kept in which undecodable bytes were replaced by U+FFFD (warning `bad_encoding`),
    /// plus, in a GB18030 file, lines that look like UTF-8 (warning `mixed_encoding`).
    pub rows_with_bad_encoding: u64,
    /// Empty lines between records (ignored, counted so the line numbers add up).
    pub blank_lines: u64,
    /// XLSX only: 0-based indexes of columns holding at least one cell Excel stored as a
    /// date/time. Such cells are written as the Excel serial in the 1900 date system
    /// (`45981.333333333336`; a 1904-system workbook is converted), so `records` reads a
    /// number in one of these columns as a date serial. Text dates stay text.
    pub date_columns: Vec<usize>,
    /// XLSX only: cells holding a formula (their cached value is used; warning `formula_cells`).
    pub formula_cells: u64,
}

/// One data row: the 1-based physical line (or sheet row) it started on, and its cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// How many per-row warnings of one code are kept individually before they are summed up.
pub const MAX_ROW_WARNINGS: usize = 100;
/// How many skipped rows are listed in full in `Table.skipped`.
pub const MAX_SKIPPED_LISTED: usize = 100;

/// Limits and choices for reading a file. `Default` gives limits fit for a browser tab.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Cells kept per row; the rest of a wider row is cut (warning `too_many_columns`).
    pub max_columns: usize,
    /// Longest row (all its cells, in UTF-8 bytes) kept; a longer one is skipped.
    pub max_row_bytes: usize,
    /// Data rows kept; the rest are counted in `rows_over_limit`.
    pub max_rows: usize,
    /// Force a text encoding (`utf-8`, `gb18030`, `gbk`, `utf-16le`, `utf-16be`) instead of
    /// detecting it. An unknown label is ignored with warning `unknown_encoding`.
    pub encoding: Option<String>,
    /// Force the delimiter (`,` `\t` `;` or any ASCII byte) instead of sniffing it.
    pub delimiter: Option<u8>,
    /// XLSX: the sheet to read, by name. When absent, see `sheet_chooser`.
    pub sheet: Option<String>,
    /// XLSX: picks the sheet when `sheet` is absent: the first sheet whose header row this
    /// returns true for (e.g. "the headers look like a known file kind"); when none does, or
    /// without a chooser, the first non-empty sheet.
    pub sheet_chooser: Option<fn(&[String]) -> bool>,
    /// XLSX: refuse a zip entry whose declared uncompressed size exceeds this.
    pub max_xlsx_entry_bytes: u64,
    /// XLSX: refuse an archive whose declared uncompressed total exceeds this.
    pub max_xlsx_total_bytes: u64,
    /// XLSX: refuse an entry above 1 MiB that claims to expand more than this many times
    /// (a zip bomb; real sheets expand 5–30×).
    pub max_xlsx_ratio: u64,
    /// XLSX: stop after decoding this many cells (warning `cell_limit`).
    pub max_cells: u64,
    /// XLSX: stop once the cells kept hold this many bytes of text (warning `size_limit`).
    /// A text file cannot hold more text than its own size, but a small XLSX can repeat one
    /// long shared string in every row.
    pub max_xlsx_text_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_columns: 1_000,
            max_row_bytes: 1 << 20,
            max_rows: 1_000_000,
            encoding: None,
            delimiter: None,
            sheet: None,
            sheet_chooser: None,
            max_xlsx_entry_bytes: 256 << 20,
            max_xlsx_total_bytes: 512 << 20,
            max_xlsx_ratio: 200,
            max_cells: 50_000_000,
            max_xlsx_text_bytes: 512 << 20,
        }
    }
}

/// Read one whole file: XLSX when it starts with a zip header, text otherwise.
/// See the module doc for what is an error and what is a warning.
pub fn read_file(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Table, Error> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return xlsx::read_xlsx(name, bytes, options);
    }
    let mut reader = TextReader::new(name, options.clone());
    reader.push(bytes);
    reader.finish()
}

/// The error for a file that is not a table, with a message naming the file.
pub(crate) fn unreadable(name: &str, why: &str) -> Error {
    Error::field(ErrorCode::UnreadableFile, name, format!("{name}: {why}"))
}

/// A warning about the file `name`, optionally at a line and column.
pub(crate) fn file_warning(
    name: &str,
    code: &str,
    message: String,
    line: Option<u64>,
    column: Option<String>,
) -> Warning {
    let mut w = Warning::legacy(code, message);
    w.file = Some(name.to_string());
    w.line = line;
    w.column = column;
    w
}

/// Collects rows into a [`Table`] while applying the row limits and capping per-row warnings.
/// Shared by the text and XLSX readers so both count and word things the same way.
pub(crate) struct TableBuilder {
    pub table: Table,
    options: ReadOptions,
    have_header: bool,
    /// Per-code count of per-row warnings, to cap them.
    row_warning_counts: Vec<(&'static str, u64, u64)>, // (code, count, first line)
}

impl TableBuilder {
    pub fn new(name: &str, encoding: &str, options: ReadOptions) -> Self {
        TableBuilder {
            table: Table {
                name: name.to_string(),
                encoding: encoding.to_string(),
                ..Table::default()
            },
            options,
            have_header: false,
            row_warning_counts: Vec::new(),
        }
    }

    pub fn max_row_bytes(&self) -> usize {
        self.options.max_row_bytes
    }

    pub fn has_header(&self) -> bool {
        self.have_header
    }

    /// Name of column `index` (0-based) for messages: the header text, else `column N`.
    pub fn column_name(&self, index: usize) -> String {
        match self.table.headers.get(index) {
            Some(h) if !h.trim().is_empty() => h.clone(),
            _ => format!("column {}", index + 1),
        }
    }

    /// A per-row warning, kept in full for the first `MAX_ROW_WARNINGS` of its code.
    pub fn row_warning(
        &mut self,
        code: &'static str,
        line: u64,
        column: Option<String>,
        message: String,
    ) {
        let entry = match self
            .row_warning_counts
            .iter_mut()
            .find(|(c, _, _)| *c == code)
        {
            Some(e) => e,
            None => {
                self.row_warning_counts.push((code, 0, line));
                self.row_warning_counts.last_mut().expect("just pushed")
            }
        };
        entry.1 += 1;
        if entry.1 <= MAX_ROW_WARNINGS as u64 {
            let name = self.table.name.clone();
            self.table
                .warnings
                .push(file_warning(&name, code, message, Some(line), column));
        }
    }

    /// A file-level warning (once per file).
    pub fn warning(&mut self, code: &str, message: String) {
        let name = self.table.name.clone();
        self.table
            .warnings
            .push(file_warning(&name, code, message, None, None));
    }

    /// A row that cannot be kept: listed in `skipped` (first 100), always counted.
    pub fn skip_row(&mut self, code: &str, line: u64, column: Option<String>, message: String) {
        if self.have_header {
            self.table.rows_seen += 1;
        }
        self.table.skipped_count += 1;
        if self.table.skipped.len() < MAX_SKIPPED_LISTED {
            let name = self.table.name.clone();
            self.table
                .skipped
                .push(file_warning(&name, code, message, Some(line), column));
        }
    }

    /// A complete record. The first one becomes the header row.
    pub fn record(&mut self, line: u64, cells: Vec<String>) {
        if !self.have_header {
            self.have_header = true;
            self.table.headers = cells;
            return;
        }
        self.table.rows_seen += 1;
        if self.table.rows.len() >= self.options.max_rows {
            self.table.rows_over_limit += 1;
            return;
        }
        self.table.rows.push(Row { line, cells });
    }

    pub fn finish(mut self) -> Table {
        for (code, count, _) in std::mem::take(&mut self.row_warning_counts) {
            if count > MAX_ROW_WARNINGS as u64 {
                let more = count - MAX_ROW_WARNINGS as u64;
                self.warning(
                    code,
                    format!("… and {more} more rows with the same problem ({count} in all)"),
                );
            }
        }
        if self.table.rows_over_limit > 0 {
            let (kept, over) = (self.table.rows.len(), self.table.rows_over_limit);
            self.warning(
                "row_limit",
                format!("only the first {kept} data rows were kept; {over} more were not read (row limit)"),
            );
        }
        if self.table.skipped_count > self.table.skipped.len() as u64 {
            let more = self.table.skipped_count - self.table.skipped.len() as u64;
            self.warning(
                "skipped_rows",
                format!(
                    "{} rows skipped in all; {more} of them are not listed",
                    self.table.skipped_count
                ),
            );
        }
        if !self.have_header {
            self.warning(
                "empty_file",
                "the file holds no rows at all (not even a header)".to_string(),
            );
        } else if self.table.rows_seen == 0 {
            self.warning(
                "no_data_rows",
                "the file has a header row but no data rows".to_string(),
            );
        }
        self.table
    }
}
