//! Scoring: indicator values → band scores → dimensions → total, with stage, small-sample rule,
//! deductions and bonuses, consumer display, tier and eligibility.

use crate::{Error, ErrorCode, Report, ShopInput};

/// Score a shop under the rule set it names (or the one in force on `as_of`).
pub fn score(input: &ShopInput) -> Result<Report, Error> {
    let _ = input;
    Err(Error::new(ErrorCode::Internal, "SKELETON: scoring not written yet"))
}

/// Re-score `base` with `overrides` laid over it (map entries replace, fields given win).
pub fn simulate(base: &ShopInput, overrides: &ShopInput) -> Result<Report, Error> {
    let _ = overrides;
    score(base)
}
