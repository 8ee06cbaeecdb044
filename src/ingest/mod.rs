//! Ingest: bytes of the shop's files → rows (encoding and delimiter detection, CSV/TSV, XLSX),
//! streamed: chunks in, one reused [`Record`] per row out to a [`RowSink`], no table kept.
//! No meaning is given to columns here; `records` does that.
//!
//! Entry points: [`FileReader`] (chunks of any file kind, as a worker streams a `File`),
//! [`TextReader`] (text only), and [`read_file`] for a whole file into a [`Table`] of strings
//! (for `inspect --rows`, the tests and the fuzzers; never on the scoring path).
//!
//! Decisions (tested in `tests/ingest.rs` and `tests/hostile.rs`):
//! - Not a table at all (PDF, image, old `.xls`, zip that is no XLSX, binary with NUL bytes,
//!   truncated or zip-bomb XLSX) → a [`Refusal`] saying what the file is (catalogue
//!   `unreadable_file.*`). An empty file (0 bytes, or only a BOM / blank lines) is a file
//!   with no rows: warning `empty_file`, so that the other files still score and `records`
//!   can say what is missing.
//! - No row limit: a file is read whole or not at all (a score from part of a file is a
//!   wrong score). Only [`Table`] (display) keeps at most `max_rows` rows.
//! - A row whose cell count differs from the header is **kept** as it is (never padded or cut
//!   in text files) with a `ragged_row` warning: `records` can still read the cells it has.
//! - A row longer than `max_row_bytes` is **skipped** (listed in `skipped`, code
//!   `row_too_long`); it is read in constant memory. A row wider than `max_columns` is kept
//!   with its first `max_columns` cells and a `too_many_columns` warning.
//! - A header with no data rows → warning `no_data_rows`.
//! - Encoding: decided once on the first 8 KiB (BOM; else UTF-8 when >90% of the non-ASCII
//!   bytes form valid UTF-8; else GB18030), so the result never depends on chunking; rows are
//!   emitted from then on. Bytes invalid in the chosen encoding become U+FFFD and the row is
//!   warned (`bad_encoding`); UTF-8 lines inside a GB18030 file are warned (`mixed_encoding`).
//!   UTF-16 without a BOM is refused as binary (NUL bytes) unless `ReadOptions.encoding` says
//!   `utf-16le`/`utf-16be`.
//! - Line numbers are physical lines (CR, LF and CRLF each end one), the line a row starts on;
//!   blank lines are skipped and counted.
//! - Per-row warnings are kept in full for the first [`MAX_ROW_WARNINGS`] of each code, then
//!   summed up in one last warning (`<code>.more`).
//! - XLSX needs the whole file (the zip directory is at its end): its bytes are held until
//!   `finish`, then the sheet is streamed row by row.

use crate::error::Error;
use serde::Serialize;

mod log;
mod record;
mod refusal;
mod sheet;
mod sniff;
mod text;
mod xlsx;
mod xml;

pub use log::{ReadSummary, MAX_ROW_WARNINGS, MAX_SKIPPED_LISTED};
pub use record::{Record, RowSink};
pub use refusal::Refusal;
pub use sniff::{detect_delimiter, looks_binary};
pub use text::TextReader;
pub use xlsx::format_number;

/// One file read into rows of strings, for display (`inspect --rows`) and tests: the read's
/// summary (its fields read through `Deref`: `table.headers`, `table.warnings` …) and the rows.
/// Cells are as decoded (a leading tab and `-` are kept: `records` normalises them, so
/// `inspect --rows` shows the file as it is).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    #[serde(flatten)]
    pub summary: ReadSummary,
    pub rows: Vec<Row>,
    /// Data rows not kept in this table because `max_rows` was reached (warning `row_limit`:
    /// display only; scoring reads every row).
    pub rows_over_limit: u64,
}

impl std::ops::Deref for Table {
    type Target = ReadSummary;
    fn deref(&self) -> &ReadSummary {
        &self.summary
    }
}

/// One data row: the 1-based physical line (or sheet row) it started on, and its cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Limits and choices for reading a file. `Default` gives limits fit for a browser tab.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Cells kept per row; the rest of a wider row is cut (warning `too_many_columns`).
    pub max_columns: usize,
    /// Longest row (all its cells, in UTF-8 bytes) read; a longer one is skipped.
    pub max_row_bytes: usize,
    /// [`Table`] only: data rows kept for display; the rest are counted in `rows_over_limit`.
    /// The streaming path has no row limit.
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
    /// XLSX: refuse a part loaded whole (shared strings, styles, workbook) whose declared
    /// uncompressed size exceeds this. Worksheets are streamed and have no size limit.
    pub max_xlsx_entry_bytes: u64,
    /// XLSX: refuse a workbook whose parts loaded whole add up to more than this.
    pub max_xlsx_total_bytes: u64,
    /// XLSX: refuse a part above 1 MiB that claims to expand more than this many times
    /// (a zip bomb; real sheets expand 5–30×).
    pub max_xlsx_ratio: u64,
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
        }
    }
}

/// Whether these first bytes start a zip archive (an XLSX workbook, or another zip).
fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Chunks of any supported file in, rows out: sniffs XLSX (zip) against text on the first
/// bytes; text is parsed as it arrives, XLSX bytes are held and the sheet streamed at
/// `finish`.
pub struct FileReader {
    name: String,
    options: ReadOptions,
    state: ReaderState,
    bytes_in: u64,
}

enum ReaderState {
    /// Fewer than 4 bytes seen: not yet known whether it is a zip.
    Sniffing(Vec<u8>),
    Text(Box<TextReader>),
    Xlsx(Vec<u8>),
}

impl FileReader {
    pub fn new(name: &str, options: ReadOptions) -> Self {
        FileReader {
            name: name.to_string(),
            options,
            state: ReaderState::Sniffing(Vec::new()),
            bytes_in: 0,
        }
    }

    /// Feed the next chunk; complete text rows go to `sink` at once.
    pub fn push<S: RowSink + ?Sized>(&mut self, chunk: &[u8], sink: &mut S) {
        self.bytes_in += chunk.len() as u64;
        match &mut self.state {
            ReaderState::Text(reader) => reader.push(chunk, sink),
            ReaderState::Xlsx(bytes) => bytes.extend_from_slice(chunk),
            ReaderState::Sniffing(head) => {
                head.extend_from_slice(chunk);
                if head.len() >= 4 {
                    self.decide(sink);
                }
            }
        }
    }

    fn decide<S: RowSink + ?Sized>(&mut self, sink: &mut S) {
        let ReaderState::Sniffing(head) = &mut self.state else {
            return;
        };
        let head = std::mem::take(head);
        self.state = if is_zip(&head) {
            ReaderState::Xlsx(head)
        } else {
            let mut reader = TextReader::new(&self.name, self.options.clone());
            reader.push(&head, sink);
            ReaderState::Text(Box::new(reader))
        };
    }

    /// Bytes pushed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Data rows read so far (text files; an XLSX file is read at `finish`).
    pub fn rows_seen(&self) -> u64 {
        match &self.state {
            ReaderState::Text(reader) => reader.rows_seen(),
            _ => 0,
        }
    }

    /// Bytes the reader holds: an XLSX file's bytes, or a text reader's bounded buffers.
    pub fn buffered_bytes(&self) -> usize {
        match &self.state {
            ReaderState::Sniffing(head) => head.capacity(),
            ReaderState::Text(reader) => reader.buffered_bytes(),
            ReaderState::Xlsx(bytes) => bytes.capacity(),
        }
    }

    /// End of input: the rest of the rows to `sink`, and the summary, or the refusal when the
    /// bytes are not a table.
    pub fn finish<S: RowSink + ?Sized>(mut self, sink: &mut S) -> Result<ReadSummary, Refusal> {
        if matches!(self.state, ReaderState::Sniffing(_)) {
            self.decide(sink);
        }
        match self.state {
            ReaderState::Text(reader) => reader.finish(sink),
            ReaderState::Xlsx(bytes) => xlsx::read_xlsx(&self.name, &bytes, &self.options, sink),
            ReaderState::Sniffing(_) => unreachable!("decided above"),
        }
    }
}

/// Collects rows into a [`Table`] (up to `max_rows`): for display and tests, never for scoring.
#[derive(Debug, Default)]
pub struct TableSink {
    rows: Vec<Row>,
    max_rows: usize,
    over_limit: u64,
}

impl TableSink {
    pub fn new(max_rows: usize) -> Self {
        TableSink {
            rows: Vec::new(),
            max_rows,
            over_limit: 0,
        }
    }

    /// The table: the reader's summary with the rows collected.
    pub fn into_table(self, summary: ReadSummary) -> Table {
        table_of(summary, self.rows, self.over_limit)
    }
}

impl RowSink for TableSink {
    fn header(&mut self, _: &Record) {}
    fn row(&mut self, row: &Record) {
        if self.rows.len() >= self.max_rows {
            self.over_limit += 1;
            return;
        }
        self.rows.push(Row {
            line: row.line(),
            cells: row.to_strings(),
        });
    }
}

/// Read one whole file into a [`Table`]: XLSX when it starts with a zip header, text
/// otherwise. See the module doc for what is an error and what is a warning.
pub fn read_file(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Table, Error> {
    let mut sink = TableSink::new(options.max_rows);
    let mut reader = FileReader::new(name, options.clone());
    reader.push(bytes, &mut sink);
    let summary = reader.finish(&mut sink).map_err(|r| r.error(name))?;
    Ok(sink.into_table(summary))
}

fn table_of(mut summary: ReadSummary, rows: Vec<Row>, over_limit: u64) -> Table {
    if over_limit > 0 {
        let kept = rows.len() as u64;
        let warning = log::file_warning(
            &summary.name,
            "row_limit",
            &[("kept", kept.into()), ("over", over_limit.into())],
            None,
            None,
        );
        summary.warnings.push(warning);
    }
    Table {
        summary,
        rows,
        rows_over_limit: over_limit,
    }
}
