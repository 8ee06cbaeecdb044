//! shopscore: the Douyin shop experience score (抖店 商家体验分) as a pure library.
//!
//! The steps, one module each:
//! `ingest` (bytes in chunks → rows, one reused record) → `records` (rows → compact
//! records, one sink per file kind) → `indicators` (records → per-day counts; any window's
//! values; bad records on demand) → `scoring` (values → band scores → dimensions → total,
//! stage, adjustments, display, tier, eligibility) → `advice` (ranked fixes, by re-scoring)
//! → `report` (the output shape). `pipeline` sits above them: the order of the steps and
//! the session (`pipeline::Shop`); nothing below imports upward.
//! Beside them: `messages` (warnings as data, one zh/en catalogue) and `text` (the
//! bilingual `Text` they all speak). Rule sets are data (`rules`, JSON embedded at build time). No I/O, no clock, no
//! wasm-bindgen here: the CLI (`src/bin/shopscore.rs`) and the bindings (`wasm.rs`) sit on top.

pub mod advice;
pub mod calibration;
pub mod demo;
pub mod error;
pub mod indicators;
pub mod ingest;
pub mod input;
pub mod messages;
pub mod pipeline;
pub mod readings;
pub mod records;
pub mod report;
pub mod rules;
pub mod scoring;
pub mod sorting;
pub mod text;
pub mod timeline;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use demo::demo_input;
pub use error::{Error, ErrorCode};
pub use input::ShopInput;
pub use messages::{Text, Warning};
pub use pipeline::{score, simulate};
pub use report::Report;
pub use rules::{industries, rule_sets};
