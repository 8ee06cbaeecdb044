//! Records: one file's rows → compact records (orders, shipments, after-sales, reviews, Feige
//! rounds and agent-days, back-end values), through one sink per file that detects the kind
//! from the header and parses only the cells the kind needs.
//!
//! - `kinds`: the columns of each kind (Chinese headers first, English and open-API names as
//!   aliases; a data table), detection, the user's column mapping, labels, templates.
//! - `cells`: the back end's cell spellings (tab ids, `-`, four date forms, Excel serials).
//! - `vocabulary`: what the values of a kind's columns mean (after-sale types and statuses,
//!   arbitration, blame, shipped state, review levels; a data table with the API's codes).
//! - `parse`: the sink ([`FileParser`]): rows → compact records, bad rows and cells as warnings
//!   with file, line and column.
//! - `compact`, `names`: the kept state — small fixed-size structs with ids as integers
//!   ([`Key`]), texts interned ([`Name`]), times as seconds.
//!
//! Nothing here knows what an indicator is: `indicators` reads these records, `pipeline`
//! drives the files.

pub mod cells;
pub mod compact;
pub mod kinds;
pub mod names;
pub mod parse;
pub mod vocabulary;

pub use compact::FileRecords;
pub use kinds::{catalog, template, ColumnMapping, FileKind};
pub use names::{Key, Name, Names};
pub use parse::{ColumnUse, Detection, FileParser, RowProblems};
