//! Advice: the playbook (data, zh/en) and ranking fixes by the points re-scoring says they are worth.

use crate::{report::Advice, Report, ShopInput};

/// Rank fixes for `report` (scored from `input`). `rescore` returns the total of a modified
/// input (scored without advice), so gains are computed by re-scoring, never guessed.
pub fn advise(input: &ShopInput, report: &Report, rescore: &dyn Fn(&ShopInput) -> Option<f64>) -> Vec<Advice> {
    let _ = (input, report, rescore);
    Vec::new() // SKELETON: filled by the advice work (issue 2)
}
