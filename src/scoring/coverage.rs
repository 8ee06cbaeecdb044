//! How complete the input is: which indicators the total rests on are known, by dimension, and
//! where to get each one that is missing, in words ("评价导出 → 商品综合评分").

use super::context::Ctx;
use crate::report::words::{name, say, text_param};
use crate::report::{
    Coverage, DimensionCoverage, DimensionScore, IndicatorScore, MissingIndicator,
};

/// An indicator is needed when it weighs something in a dimension that was not typed; a typed
/// dimension score stands for all its indicators.
pub(crate) fn of(
    cx: &Ctx,
    dimensions: &[DimensionScore],
    indicators: &[IndicatorScore],
) -> Coverage {
    let mut coverage = Coverage::default();
    for dim in dimensions {
        let members: Vec<&IndicatorScore> = indicators
            .iter()
            .filter(|i| i.dimension == dim.id && i.weight > 0.0)
            .collect();
        let needed = members.len();
        let typed = cx.input.dimensions.contains_key(&dim.id);
        let known = if typed {
            needed
        } else {
            members.iter().filter(|i| i.score.is_some()).count()
        };
        if !typed {
            for missing in members.iter().filter(|i| i.score.is_none()) {
                coverage.missing.push(MissingIndicator {
                    indicator: missing.id.clone(),
                    how: how_to_get(&missing.id),
                });
            }
        }
        coverage.indicators_known += known;
        coverage.indicators_needed += needed;
        coverage.dimensions.push(DimensionCoverage {
            id: dim.id.clone(),
            known,
            needed,
        });
    }
    coverage.complete = coverage.indicators_known == coverage.indicators_needed;
    coverage
}

/// Where an indicator comes from, in words: the export and column it is recomputed from, or
/// the back-end page to copy it from.
fn how_to_get(indicator: &str) -> crate::messages::Text {
    let key = format!("how.{indicator}");
    if crate::messages::template(&key).is_some() {
        return say(&key, vec![]);
    }
    say(
        "how.back_end_page",
        vec![("indicator", text_param(name("indicator", indicator)))],
    )
}
