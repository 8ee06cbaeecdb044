//! Records: shops' files → typed records (orders, logistics, after-sales, reviews, Feige rounds and
//! agents, back-end values), then recomputed indicators, the report's `inputs` and `drilldown`.
//!
//! Steps: read each file (`ingest`), detect its kind from the headers (`kinds`), normalise cells
//! and build typed records (`cells`, `parse`), recompute (`crate::indicators`), fill a
//! `ShopInput` where the user typed nothing, score, and attach where every number came from.

pub mod cells;
pub mod cli;
pub mod files;
pub mod kinds;
pub mod parse;

pub use files::{drilldown_csv, drilldown_csv_from, inspect, prepare, score_files, FilesOptions, Inspection, Prepared};
pub use kinds::{catalog, template, ColumnMapping, FileKind};
pub use parse::Records;
