//! Seed 000's dynamic weighting: an indicator (or dimension) that worsens by more than the
//! rule's percentage on each of the last N days makes its dimension weigh more.

use super::context::{r2, Ctx};
use crate::messages::Warning;
use crate::report::DimensionScore;
use crate::rules::Direction;
use std::collections::BTreeMap;

pub(crate) fn apply(cx: &mut Ctx, dimensions: &mut [DimensionScore]) {
    let Some(rule) = cx.rs.dynamic_weighting else {
        return;
    };
    let days = rule.days as usize;
    let mut boosted: BTreeMap<String, String> = BTreeMap::new();
    for (id, values) in &cx.input.history {
        let (dim, direction) = if let Some(i) = cx.rs.indicators.iter().find(|i| &i.id == id) {
            (i.dimension.clone(), i.direction)
        } else if cx.rs.dimensions.iter().any(|d| &d.id == id) {
            (id.clone(), Direction::HigherBetter)
        } else {
            continue;
        };
        if values.len() < days + 1 {
            continue;
        }
        let base = values[values.len() - days - 1];
        if base == 0.0 {
            continue;
        }
        let f = rule.drop_percent / 100.0;
        let fell = values[values.len() - days..]
            .iter()
            .all(|v| match direction {
                Direction::HigherBetter => *v < base * (1.0 - f),
                Direction::LowerBetter => *v > base * (1.0 + f),
            });
        if fell {
            boosted.entry(dim).or_insert_with(|| id.clone());
        }
    }
    if boosted.is_empty() {
        return;
    }
    let before: f64 = dimensions.iter().map(|d| d.weight).sum();
    for d in dimensions.iter_mut() {
        if boosted.contains_key(&d.id) {
            d.weight *= rule.multiplier;
        }
    }
    let after: f64 = dimensions.iter().map(|d| d.weight).sum();
    if after > 0.0 {
        for d in dimensions.iter_mut() {
            d.weight = d.weight * before / after;
        }
    }
    for (dim, why) in boosted {
        let w = dimensions
            .iter()
            .find(|d| d.id == dim)
            .map_or(0.0, |d| d.weight);
        let warning = if why == dim {
            Warning::of("dynamic_weighting.dimension")
        } else {
            Warning::of("dynamic_weighting.indicator").param("indicator", why.as_str())
        };
        cx.say(
            warning
                .subject(dim.as_str())
                .param("dimension", dim.as_str())
                .param("days", rule.days)
                .param("percent", rule.drop_percent)
                .param("multiplier", rule.multiplier)
                .param("weight", r2(w)),
        );
    }
}
