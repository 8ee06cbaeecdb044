//! Pipeline: the order of the steps and the session state, above `ingest` → `records` →
//! `indicators` → `scoring` → `advice` (nothing below imports from here): the session, and
//! `score`/`simulate`, which compose scoring and advice for typed input.
//!
//! The session is a [`Shop`]:
//! - `add_file(name) → FileId`, `push(FileId, bytes)` (any chunk size: rows are parsed as
//!   they complete, through one reused record, into compact records), `finish(FileId) →
//!   FileSummary` (kind, columns used, rows, skipped rows, last date, valid paid orders),
//!   `remove`/`cancel(FileId)` (its memory is freed; the other files stay counted).
//! - `set_mapping(FileId, mapping)` / `set_kind(FileId, kind)` for a file whose kind was
//!   guessed or unknown. Rows are not kept, so this asks for the file's bytes again: the
//!   summary says `needs_bytes` and the page pushes the file once more (a `File` can be
//!   streamed again at no cost; nothing else holds the rows).
//! - `score(typed, as_of, rule_set)`, `simulate(typed, overrides, …)`, `compare(typed, as_of)`
//!   read the per-day counts: milliseconds, however large the files were. The counts are
//!   rebuilt (one join pass over the compact records) at the first question after files or
//!   unpublished defaults change.
//! - `days()`, `window_values(start, end)`: the per-day counts and any window's values (what
//!   the daily history and the forecast slide over).
//! - `timeline(typed, as_of, rule_set, days)` and `plan(typed, target, as_of, rule_set)`: the
//!   score over time slid over the per-day counts, and the planner on the files' values.
//! - `drilldown(indicator, page, page_size, …)` and `drilldown_csv(indicator, lang, …)`: bad
//!   records found again for that indicator and window, turned into text only for the rows
//!   shown (or all of them, for the CSV).
//!
//! [`prepare`], [`score_files`] and [`inspect`] are the one-call forms over a session (the
//! CLI's `score FILES…` and `inspect`, and the bindings' `score_files`/`inspect_file`).

mod file;
mod input;
mod score;
mod shop;
mod timeline;

pub use score::{score, simulate};
pub use file::{FileId, FileOrders, FileStatus, FileSummary, MissingColumn, Progress};
pub use input::{Prepared, BAD_LIST_LIMIT};
pub use shop::{parse_as_of, Shop};

use crate::error::Error;
use crate::indicators::{csv_cell, EstimateOverrides};
use crate::ingest::{FileReader, Record, RowSink, Table, TableSink};
use crate::messages::Warning;
use crate::records::{ColumnMapping, FileKind, FileParser, Names};
use crate::{Report, ShopInput};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// How to read the files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FilesOptions {
    /// The user's column mapping (applies to every file that has the named headers).
    pub mapping: ColumnMapping,
    /// XLSX sheet to read (default: the first with a header row).
    pub sheet: Option<String>,
    /// Last day of the window, `YYYY-MM-DD` (default: the last day in the data, or the typed `as_of`).
    pub as_of: Option<String>,
    /// `inspect` only: also return the parsed rows.
    pub include_rows: bool,
    /// The user's values for the defaults the platform does not publish.
    pub estimates: EstimateOverrides,
}

/// A session with `files` read whole (chunks of 1 MiB, as a worker would push them).
/// A session with `files` read (the one-call forms' first step).
pub fn shop_of(files: &[(String, Vec<u8>)], options: &FilesOptions) -> Result<Shop, Error> {
    let mut shop = Shop::new(options);
    for (name, bytes) in files {
        let id = shop.add_file(name);
        for chunk in bytes.chunks(1 << 20) {
            shop.push(id, chunk)?;
        }
        shop.finish(id)?;
    }
    Ok(shop)
}

/// Read every file, count, and fill a `ShopInput` (typed values win), with the first bad
/// records of every indicator in `drilldown`. Errors only for options the tool cannot work
/// with (an unreadable `as_of`, an unknown rule set).
pub fn prepare(
    files: &[(String, Vec<u8>)],
    typed: &ShopInput,
    options: &FilesOptions,
) -> Result<Prepared, Error> {
    parse_as_of(options.as_of.as_deref().or(typed.as_of.as_deref()))?;
    shop_of(files, options)?.prepare_with_bad_records(typed, options.as_of.as_deref(), None)
}

/// Score a shop from its files and typed values, with the first bad records of every
/// indicator in the report's `drilldown`. One bad file never stops the others.
pub fn score_files(
    files: &[(String, Vec<u8>)],
    typed: &ShopInput,
    options: &FilesOptions,
) -> Result<Report, Error> {
    parse_as_of(options.as_of.as_deref().or(typed.as_of.as_deref()))?;
    shop_of(files, options)?.score_with_bad_records(typed, options.as_of.as_deref(), None)
}

/// One file's quality summary (for the mapping step and `shopscore inspect`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Inspection {
    pub name: String,
    /// The detected kind; null when the headers lack a kind's required columns.
    pub kind: Option<FileKind>,
    /// When `kind` is null: the kind the headers look most like (for the mapping step).
    pub guess: Option<FileKind>,
    /// The kind was read from few columns, or another kind fits as well.
    pub kind_guessed: bool,
    /// What a file that is not a table is (`pdf`, `image`, `old_excel` …).
    pub unreadable: Option<&'static str>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    /// Data rows read (after skipping).
    pub rows: u64,
    pub skipped: u64,
    pub skipped_rows: Vec<Warning>,
    /// Canonical field → the header it was found under.
    pub mapping: BTreeMap<String, String>,
    /// Required fields not found (fill them in a column mapping), by key …
    pub missing_required: Vec<String>,
    /// … and in words.
    pub missing_labels: Vec<crate::messages::Text>,
    pub warnings: Vec<Warning>,
    /// With `include_rows`: the cells as read (strings, a leading tab and `-` kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Vec<String>>>,
}

/// Rows to the parser and, for `--rows`, to a table.
struct Tee<'a> {
    parser: crate::records::parse::Feed<'a>,
    table: Option<&'a mut TableSink>,
}

impl RowSink for Tee<'_> {
    fn header(&mut self, header: &Record) {
        self.parser.header(header);
        if let Some(t) = self.table.as_mut() {
            t.header(header);
        }
    }
    fn row(&mut self, row: &Record) {
        self.parser.row(row);
        if let Some(t) = self.table.as_mut() {
            t.row(row);
        }
    }
}

/// One file's quality summary: kind, encoding, rows, skipped rows, column mapping, missing
/// columns (and with `include_rows`, the cells). Never fails: problems are warnings.
pub fn inspect(name: &str, bytes: &[u8], options: &FilesOptions) -> Inspection {
    let mut inspection = Inspection {
        name: name.to_string(),
        ..Default::default()
    };
    let (mut names, mut ids) = (Names::default(), Names::default());
    let mut parser = FileParser::new(name, options.mapping.clone());
    let mut table = options
        .include_rows
        .then(|| TableSink::new(crate::ingest::ReadOptions::default().max_rows));
    let mut reader = FileReader::new(name, file::read_options(options.sheet.clone()));
    let read = {
        let mut tee = Tee {
            parser: parser.sink(&mut names, &mut ids),
            table: table.as_mut(),
        };
        reader.push(bytes, &mut tee);
        reader.finish(&mut tee)
    };
    let read = match read {
        Ok(read) => read,
        Err(refusal) => {
            inspection.unreadable = Some(refusal.what());
            inspection.warnings.push(refusal.warning(name));
            return inspection;
        }
    };
    if let Some(table) = table {
        let shown: Table = table.into_table(read.clone());
        inspection.data = Some(shown.rows.into_iter().map(|r| r.cells).collect());
    }
    let unread = parser.unread_rows();
    let (_, detection, problems) = parser.finish();
    let mut summary = FileSummary::new(FileId(0), name);
    file::summarize(&mut summary, read, &detection, problems, unread);
    inspection.kind = summary.kind;
    inspection.kind_guessed = summary.kind_guessed;
    inspection.guess = summary.closest_kind;
    inspection.encoding = summary.encoding;
    inspection.delimiter = summary.delimiter;
    inspection.sheet = summary.sheet;
    inspection.sheets = summary.sheets;
    inspection.headers = summary.headers;
    inspection.rows = summary.rows;
    inspection.skipped = summary.skipped;
    inspection.skipped_rows = summary.skipped_rows;
    inspection.warnings = summary.warnings;
    let used = if detection.kind.is_some() {
        &detection.columns
    } else {
        &detection.closest_columns
    };
    for c in used {
        inspection
            .mapping
            .insert(c.field.to_string(), c.header.clone());
    }
    inspection.missing_required = detection
        .missing_required
        .iter()
        .map(|k| k.to_string())
        .collect();
    inspection.missing_labels = summary
        .missing_required
        .into_iter()
        .map(|m| m.label)
        .collect();
    inspection
}

/// The bad records of one indicator in a report as CSV (UTF-8 with BOM). Cells that a
/// spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading `'`.
pub fn drilldown_csv(report: &Report, indicator: &str) -> String {
    drilldown_csv_from(report.drilldown.as_ref().unwrap_or(&Value::Null), indicator)
}

/// `drilldown_csv` from the report's `drilldown` value alone (what the page holds): the
/// records the report lists (the first [`BAD_LIST_LIMIT`]; a session's `drilldown_csv`
/// gives all of them).
pub fn drilldown_csv_from(drilldown: &Value, indicator: &str) -> String {
    let mut out = String::from("\u{feff}指标,订单编号,商品,快递公司,省份,客服,原因,时间\r\n");
    let Some(bad) = drilldown
        .get(indicator)
        .and_then(|d| d.get("bad"))
        .and_then(Value::as_array)
    else {
        return out;
    };
    for record in bad {
        let cell = |key: &str| {
            record
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let row = [
            indicator.to_string(),
            cell("order_id"),
            cell("product"),
            cell("courier"),
            cell("province"),
            cell("agent"),
            cell("reason"),
            cell("time"),
        ];
        let line: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}
