//! Records: shops' files → typed records (orders, logistics, after-sales, reviews, Feige rounds and
//! agents, back-end values), then recomputed indicators, the report's `inputs` and `drilldown`.
//!
//! Steps: read each file (`ingest`), detect its kind from the headers (`kinds`), normalise cells
//! and build typed records (`cells`, `parse`), recompute (`crate::indicators`), fill a
//! `ShopInput` where the user typed nothing, score, and attach where every number came from.
//!
//! Warning codes added here (stable; messages are `zh | en`):
//! `unreadable_file` (a file could not be read; the others still score), `unknown_columns`
//! (no kind fits the headers: a column mapping is needed), `bad_row` (row skipped: a required
//! cell is empty or unreadable), `bad_cell` (an optional cell unreadable: left missing),
//! `duplicate_records`, `unknown_indicator` (values file), `typed_wins` (a typed or back-end
//! value was used instead of the recomputed one), `missing_input` (an indicator the files
//! cannot give: names the file kind and column), `approximation` (computed on partial data, says
//! how), `empty_population` (nothing to count in the window: no value, not zero), `bad_value`
//! (overflow), `no_dates` (no window can be set).

pub mod cells;
pub mod cli;
pub mod files;
pub mod kinds;
pub mod parse;

pub use files::{
    drilldown_csv, drilldown_csv_from, inspect, prepare, score_files, FilesOptions, Inspection,
    Prepared,
};
pub use kinds::{catalog, template, ColumnMapping, FileKind};
pub use parse::Records;
