//! Typed input → the full report: the score (`scoring`), then the fixes ranked by what
//! they are worth (`advice`, which prices each one by re-scoring).

use crate::error::Error;
use crate::input::ShopInput;
use crate::report::Report;

/// Score a shop and rank its fixes (unless `options.skip_advice`): what the CLI, the page and
/// the session answer with.
pub fn score(input: &ShopInput) -> Result<Report, Error> {
    let mut report = crate::scoring::score(input)?;
    if !input.options.skip_advice {
        report.advice = crate::advice::advise(input, &report, &crate::scoring::rescore_total);
    }
    Ok(report)
}

/// `score` of `base` with `overrides` laid over it (`scoring::merge`).
pub fn simulate(base: &ShopInput, overrides: &ShopInput) -> Result<Report, Error> {
    score(&crate::scoring::merge(base, overrides))
}
