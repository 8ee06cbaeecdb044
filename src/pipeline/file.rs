//! One file of a session: its reader and sink while bytes arrive, its compact records once
//! finished, and the summary the page shows on its card.

use crate::indicators::{Aggregates, CountSettings, Window};
use crate::ingest::{FileReader, ReadOptions, ReadSummary};
use crate::messages::{Text, Warning};
use crate::records::parse::{Detection, RowProblems, DETAIL_LIMIT};
use crate::records::{cells, ColumnMapping, ColumnUse, FileKind, FileParser, FileRecords, Names};
use serde::Serialize;

/// A file's place in a session (stable for the session's life; never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// Where a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Bytes are arriving (or are awaited again after a change of kind or columns).
    Reading,
    /// Read: its records count.
    Finished,
    /// Not a table (what it is instead is in `unreadable`); nothing counts.
    Unreadable,
}

/// How far a file's reading has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Progress {
    pub bytes: u64,
    /// Data rows read so far (text files; an XLSX file is read when finished).
    pub rows: u64,
}

/// Valid paid orders in the 30 days ending on the file's last date (order exports).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileOrders {
    pub start: String,
    pub end: String,
    pub count: f64,
}

/// A required column the headers lack, by key (for the mapping step) and in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingColumn {
    pub field: &'static str,
    pub label: Text,
}

/// One file as its card shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    pub id: FileId,
    pub name: String,
    pub status: FileStatus,
    /// The kind read (null when the headers fit none, or the file is unreadable).
    pub kind: Option<FileKind>,
    /// The kind was read from few columns, or another kind fits as well: show a way to change it.
    pub kind_guessed: bool,
    /// When `kind` is null: the kind the headers look most like, and its missing columns.
    pub closest_kind: Option<FileKind>,
    pub missing_required: Vec<MissingColumn>,
    /// What a file that is not a table is (`pdf`, `image`, `old_excel`, `zip`, `binary` …).
    pub unreadable: Option<&'static str>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    pub bytes: u64,
    /// Data rows read into records.
    pub rows: u64,
    /// Rows not read (unreadable required cells, too long), and the first 100 of them.
    pub skipped: u64,
    pub skipped_rows: Vec<Warning>,
    /// Which column gave which field (so a user can see why a number is what it is).
    pub columns: Vec<ColumnUse>,
    /// The latest date in the file.
    pub last_day: Option<String>,
    pub valid_paid_orders: Option<FileOrders>,
    /// The file's own warnings (reading, cells, kind).
    pub warnings: Vec<Warning>,
    /// The kind or columns changed after the file was read: push its bytes again.
    pub needs_bytes: bool,
}

impl FileSummary {
    pub(crate) fn new(id: FileId, name: &str) -> Self {
        FileSummary {
            id,
            name: name.to_string(),
            status: FileStatus::Reading,
            kind: None,
            kind_guessed: false,
            closest_kind: None,
            missing_required: Vec::new(),
            unreadable: None,
            encoding: None,
            delimiter: None,
            sheet: None,
            sheets: Vec::new(),
            headers: Vec::new(),
            bytes: 0,
            rows: 0,
            skipped: 0,
            skipped_rows: Vec::new(),
            columns: Vec::new(),
            last_day: None,
            valid_paid_orders: None,
            warnings: Vec::new(),
            needs_bytes: false,
        }
    }
}

/// A file being read.
pub(crate) struct Reading {
    pub reader: FileReader,
    pub parser: FileParser,
}

pub(crate) enum State {
    Reading(Box<Reading>),
    Finished(Box<FileRecords>),
    Unreadable,
}

pub(crate) struct FileSlot {
    pub name: String,
    /// The user's mapping for this file (else the session's).
    pub mapping: Option<ColumnMapping>,
    pub state: State,
    pub summary: FileSummary,
}

/// The options every reader of a session gets.
pub(crate) fn read_options(sheet: Option<String>) -> ReadOptions {
    ReadOptions {
        sheet,
        // In a workbook, read the first sheet whose header row is a known kind.
        sheet_chooser: Some(|headers| {
            crate::records::kinds::detect(headers, &ColumnMapping::default()).is_ok()
        }),
        ..ReadOptions::default()
    }
}

impl FileSlot {
    pub fn reading(name: &str, mapping: ColumnMapping, sheet: Option<String>) -> State {
        State::Reading(Box::new(Reading {
            reader: FileReader::new(name, read_options(sheet)),
            parser: FileParser::new(name, mapping),
        }))
    }
}

/// The summary of a file read whole: what the reader, the kind detection and the rows say.
pub(crate) fn summarize(
    summary: &mut FileSummary,
    read: ReadSummary,
    detection: &Detection,
    problems: RowProblems,
    unread_rows: u64,
) {
    let name = summary.name.clone();
    summary.status = FileStatus::Finished;
    summary.encoding = Some(read.encoding);
    summary.delimiter = read.delimiter;
    summary.sheet = read.sheet;
    summary.sheets = read.sheets;
    summary.headers = read.headers;
    summary.bytes = read.bytes;
    summary.kind = detection.kind;
    summary.kind_guessed = detection.guessed;
    summary.columns = detection.columns.clone();
    if let Some(kind) = detection.kind {
        for column in &mut summary.columns {
            column.used_for = crate::indicators::used_for(kind, column.field);
        }
    }
    summary.skipped = read.skipped_count;
    summary.skipped_rows = read.skipped;
    summary.warnings = read.warnings;
    summary.needs_bytes = false;
    let Some(kind) = detection.kind else {
        summary.closest_kind = detection.closest;
        if let Some(closest) = detection.closest {
            summary.missing_required = detection
                .missing_required
                .iter()
                .map(|&field| MissingColumn {
                    field,
                    label: closest.label(field),
                })
                .collect();
        }
        summary.rows = unread_rows;
        if !summary.headers.is_empty() {
            summary.warnings.push(unknown_columns(&name, detection));
        }
        return;
    };
    summary.rows = problems.rows_read;
    summary.skipped += problems.skipped_count;
    for w in problems.skipped {
        if summary.skipped_rows.len() < DETAIL_LIMIT {
            summary.skipped_rows.push(w);
        }
    }
    if detection.guessed {
        let headers: Vec<&str> = detection
            .columns
            .iter()
            .map(|c| c.header.as_str())
            .collect();
        summary.warnings.push(
            Warning::of("kind_guessed")
                .subject(name.as_str())
                .param("file", name.as_str())
                .param("kind", kind.as_str())
                .param("count", detection.columns.len())
                .param("headers", headers.join("、"))
                .at(Some(&name), None, None),
        );
    }
    summary.warnings.extend(problems.bad_cells);
    if problems.bad_cell_count > DETAIL_LIMIT as u64 {
        summary.warnings.push(
            Warning::of("bad_cell.more")
                .subject(name.as_str())
                .param("file", name.as_str())
                .param("count", problems.bad_cell_count - DETAIL_LIMIT as u64)
                .param("limit", DETAIL_LIMIT)
                .at(Some(&name), None, None),
        );
    }
    if summary.skipped > 0 {
        summary.warnings.push(
            Warning::of("bad_row.count")
                .subject(name.as_str())
                .param("file", name.as_str())
                .param("count", summary.skipped)
                .at(Some(&name), None, None),
        );
    }
}

fn unknown_columns(name: &str, detection: &Detection) -> Warning {
    let w = match detection.closest {
        Some(kind) => {
            let labels: Vec<String> = detection
                .missing_required
                .iter()
                .map(|f| format!("{}.{f}", kind.as_str()))
                .collect();
            Warning::of("unknown_columns.partial")
                .param("kind", kind.as_str())
                .param("field_labels", labels)
        }
        None => Warning::of("unknown_columns"),
    };
    w.subject(name)
        .param("file", name)
        .at(Some(name), None, None)
}

/// The file's last day and, for an order export, its valid paid orders in the 30 days ending
/// on that day (a join of this file alone).
pub(crate) fn file_figures(
    summary: &mut FileSummary,
    records: &FileRecords,
    names: &Names,
    settings: &CountSettings,
) {
    summary.last_day = records.last_day.map(cells::format_day);
    if records.kind != Some(FileKind::Orders) {
        return;
    }
    let aggregates = Aggregates::build(&[records], names, settings);
    if let Some(end) = aggregates.last_day() {
        let window = Window::ending(end, 30);
        if let Some(count) = aggregates.valid_paid_orders(window) {
            summary.valid_paid_orders = Some(FileOrders {
                start: window.start(),
                end: window.end(),
                count,
            });
        }
    }
}
