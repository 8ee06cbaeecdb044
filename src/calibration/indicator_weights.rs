//! Indicator weights inside each dimension (rule sets that score indicators in bands): the
//! dimension score = Σ weight × indicator score, clamped to the dimension's scale, each reading
//! an interval for the rounding of the figures shown.

use super::dimension_weights::fractions;
use super::observation::{Observation, Rounding};
use super::weights::{self, FitSubject, IntervalReading, WeightFit};
use crate::messages::{render, Warning};
use crate::rules::{Method, RuleSet};
use serde_json::json;
use std::collections::BTreeMap;

/// Dimension id → its fitted indicator weights, for every dimension of two or more indicators
/// that some reading covers in full (the dimension score and every indicator score).
pub fn fit(
    rs: &RuleSet,
    readings: &[Observation],
    rounding: &Rounding,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<String, WeightFit> {
    let mut fits = BTreeMap::new();
    if rs.method != Method::Bands {
        return fits;
    }
    for dim in &rs.dimensions {
        let members: Vec<&crate::rules::IndicatorRule> = rs
            .indicators
            .iter()
            .filter(|i| i.dimension == dim.id)
            .collect();
        if members.len() < 2 {
            continue;
        }
        let ids: Vec<String> = members.iter().map(|i| i.id.clone()).collect();
        let prior = fractions(members.iter().map(|i| i.weight));
        let usable: Vec<IntervalReading> = readings
            .iter()
            .filter_map(|o| interval(rs, o, &dim.id, &ids, rounding))
            .collect();
        let dimension_param = BTreeMap::from([("dimension".to_string(), json!(dim.id))]);
        let subject = FitSubject {
            name: render("calibration_fit.indicator_weights", &dimension_param),
            target: render("calibration_target.dimension", &dimension_param),
            hint: "indicator_moves",
            id_param: "indicator",
        };
        let covered = readings.iter().any(|o| {
            o.dimensions.contains_key(&dim.id)
                && ids.iter().any(|id| o.indicator_scores.contains_key(id))
        });
        if usable.is_empty() {
            if covered {
                warnings.push(
                    Warning::of("calibration_too_few.indicator_weights")
                        .subject(dim.id.as_str())
                        .param("fit", json!(subject.name))
                        .param("indicators", json!(ids)),
                );
            }
            continue;
        }
        if let Some(f) = weights::fit(&ids, &prior, usable, &subject, warnings) {
            fits.insert(dim.id.clone(), f);
        }
    }
    fits
}

/// The interval one reading puts on Σ weight × indicator score for dimension `dim`. The
/// page's 加分 may sit inside the dimension (2026-05/07: 物流体验 +3, capped at 100), so the
/// bonus comes off first; a score at its scale's edge (50 or the cap) only bounds the sum.
fn interval(
    rs: &RuleSet,
    o: &Observation,
    dim: &str,
    ids: &[String],
    rounding: &Rounding,
) -> Option<IntervalReading> {
    let shown = *o.dimensions.get(dim)?;
    let coefficients: Vec<f64> = ids
        .iter()
        .map(|id| o.indicator_scores.get(id).copied())
        .collect::<Option<_>>()?;
    let bonus = o.dimension_bonus(rs, dim);
    let cap = rs
        .dimensions
        .iter()
        .find(|d| d.id == dim)
        .map_or(rs.dimension_scale.max, |d| {
            d.cap.min(rs.dimension_scale.max)
        });
    let target = shown - bonus;
    let score_half = ids
        .iter()
        .map(|id| rounding.score_half(id))
        .fold(0.0, f64::max);
    // Band scores are exact; averaged scores (揽收时长平均得分) are rounded like the dimension.
    let scores_rounded = ids.iter().any(|id| {
        rs.indicators
            .iter()
            .any(|i| &i.id == id && i.value_is_score)
    });
    let tolerance = rounding.dimension_half(dim) + if scores_rounded { score_half } else { 0.0 };
    let half = rounding.dimension_half(dim);
    let at_floor = shown <= rs.dimension_scale.min + half;
    let at_cap = shown >= cap - half;
    Some(IntervalReading::of(
        o,
        coefficients,
        target,
        tolerance,
        (at_floor, at_cap),
    ))
}
