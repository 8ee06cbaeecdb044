//! Ingest: bytes of the shop's files → tables (encoding and delimiter detection, CSV/TSV, XLSX).
//! No meaning is given to columns here; `records` does that.

use crate::error::Warning;
use serde::Serialize;

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
}

/// One data row: the 1-based physical line (or sheet row) it started on, and its cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}
