//! What reading a file found besides its rows: the file's shape (encoding, delimiter, sheet,
//! lines, rows) and its problems as warnings, capped per code so a bad file of a million rows
//! keeps a hundred messages and a count. Shared by the text and XLSX readers so both count
//! and word things the same way.

use super::{Record, RowSink};
use crate::messages::{Param, Warning};
use serde::Serialize;

/// How many per-row warnings of one code are kept individually before they are summed up.
pub const MAX_ROW_WARNINGS: usize = 100;
/// How many skipped rows are listed in full.
pub const MAX_SKIPPED_LISTED: usize = 100;

/// One file's read: shape, counts and problems (no rows: those went to the sink).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReadSummary {
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
    /// Rows that could not be read, with line, column and reason (first 100 kept in full).
    pub skipped: Vec<Warning>,
    /// Count of all skipped rows, including those past the first 100.
    pub skipped_count: u64,
    /// File-level problems (truncated, odd encoding, formula cells …).
    pub warnings: Vec<Warning>,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Physical lines (text) or the last sheet row number (XLSX) seen.
    pub lines: u64,
    /// Data rows seen after the header: given to the sink + skipped.
    pub rows_seen: u64,
    /// Rows whose cell count differs from the header's (warning `ragged_row`).
    pub ragged_rows: u64,
    /// Rows in which undecodable bytes were replaced by U+FFFD (warning `bad_encoding`),
    /// plus, in a GB18030 file, lines that look like UTF-8 (warning `mixed_encoding`).
    pub rows_with_bad_encoding: u64,
    /// Empty lines between records (ignored, counted so the line numbers add up).
    pub blank_lines: u64,
    /// XLSX only: 0-based indexes of columns holding at least one cell Excel stored as a
    /// date/time (written as the Excel serial in the 1900 date system).
    pub date_columns: Vec<usize>,
    /// XLSX only: cells holding a formula (their cached value is used; warning `formula_cells`).
    pub formula_cells: u64,
}

/// The summary being built, with the per-code warning caps.
pub(crate) struct ReadLog {
    pub summary: ReadSummary,
    have_header: bool,
    /// (code, count) of per-row warnings, to cap them.
    row_warning_counts: Vec<(&'static str, u64)>,
}

/// A warning about the file `name`, optionally at a line and column.
pub(crate) fn file_warning(
    name: &str,
    key: &str,
    params: &[(&str, Param)],
    line: Option<u64>,
    column: Option<&str>,
) -> Warning {
    let mut w = Warning::of(key).subject(name).param("file", name);
    for (k, v) in params {
        w = w.param(k, v.clone());
    }
    w.at(Some(name), line, column)
}

impl ReadLog {
    pub fn new(name: &str, encoding: &str) -> Self {
        ReadLog {
            summary: ReadSummary {
                name: name.to_string(),
                encoding: encoding.to_string(),
                ..ReadSummary::default()
            },
            have_header: false,
            row_warning_counts: Vec::new(),
        }
    }

    pub fn has_header(&self) -> bool {
        self.have_header
    }

    /// The catalogue key of a row problem: `<code>.header` while the header row is read.
    pub fn variant(&self, code: &str) -> String {
        if self.have_header {
            code.to_string()
        } else {
            format!("{code}.header")
        }
    }

    /// Name of column `index` (0-based) for messages: the header text, else `#N` (1-based).
    pub fn column_name(&self, index: usize) -> String {
        match self.summary.headers.get(index) {
            Some(h) if !h.trim().is_empty() => h.trim().to_string(),
            _ => format!("#{}", index + 1),
        }
    }

    /// A per-row warning, kept in full for the first `MAX_ROW_WARNINGS` of its code.
    pub fn row_warning(
        &mut self,
        code: &'static str,
        key: &str,
        params: &[(&str, Param)],
        line: u64,
        column: Option<&str>,
    ) {
        let count = match self.row_warning_counts.iter_mut().find(|(c, _)| *c == code) {
            Some(entry) => {
                entry.1 += 1;
                entry.1
            }
            None => {
                self.row_warning_counts.push((code, 1));
                1
            }
        };
        if count <= MAX_ROW_WARNINGS as u64 {
            let w = file_warning(&self.summary.name, key, params, Some(line), column);
            self.summary.warnings.push(w);
        }
    }

    /// A file-level warning.
    pub fn warning(&mut self, key: &str, params: &[(&str, Param)]) {
        let w = file_warning(&self.summary.name, key, params, None, None);
        self.summary.warnings.push(w);
    }

    /// A row that cannot be read: listed (first 100), always counted, not given to the sink.
    pub fn skip_row(
        &mut self,
        key: &str,
        params: &[(&str, Param)],
        line: u64,
        column: Option<&str>,
    ) {
        if self.have_header {
            self.summary.rows_seen += 1;
        }
        self.summary.skipped_count += 1;
        if self.summary.skipped.len() < MAX_SKIPPED_LISTED {
            let w = file_warning(&self.summary.name, key, params, Some(line), column);
            self.summary.skipped.push(w);
        }
    }

    /// A complete record: the first one is the header row.
    pub fn record<S: RowSink + ?Sized>(&mut self, record: &Record, sink: &mut S) {
        if !self.have_header {
            self.have_header = true;
            self.summary.headers = record.to_strings();
            sink.header(record);
        } else {
            self.summary.rows_seen += 1;
            sink.row(record);
        }
    }

    /// The capped warnings' totals, skipped-row total, and the empty-file warnings.
    pub fn finish(mut self) -> ReadSummary {
        for (code, count) in std::mem::take(&mut self.row_warning_counts) {
            if count > MAX_ROW_WARNINGS as u64 {
                let more = count - MAX_ROW_WARNINGS as u64;
                self.warning(
                    &format!("{code}.more"),
                    &[("count", more.into()), ("total", count.into())],
                );
            }
        }
        let listed = self.summary.skipped.len() as u64;
        if self.summary.skipped_count > listed {
            let total = self.summary.skipped_count;
            self.warning(
                "skipped_rows",
                &[
                    ("total", total.into()),
                    ("unlisted", (total - listed).into()),
                ],
            );
        }
        if !self.have_header {
            self.warning("empty_file", &[]);
        } else if self.summary.rows_seen == 0 {
            self.warning("no_data_rows", &[]);
        }
        self.summary
    }
}
