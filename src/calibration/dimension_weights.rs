//! Dimension weights from the totals: total − bonus + deduction = Σ weight × dimension score,
//! each reading an interval for the rounding of the total and of the dimension scores.

use super::observation::{Observation, Rounding};
use super::weights::{self, FitSubject, IntervalReading, WeightFit};
use crate::messages::{render, Warning};
use crate::rules::RuleSet;
use serde_json::json;
use std::collections::BTreeMap;

/// Fit the dimension weights of `rs` from every reading with a total and all its dimension
/// scores.
pub fn fit(
    rs: &RuleSet,
    readings: &[Observation],
    rounding: &Rounding,
    warnings: &mut Vec<Warning>,
) -> Option<WeightFit> {
    let ids: Vec<String> = rs.dimensions.iter().map(|d| d.id.clone()).collect();
    if ids.len() < 2 {
        return None;
    }
    let prior = fractions(rs.dimensions.iter().map(|d| d.weight));
    let usable: Vec<IntervalReading> = readings
        .iter()
        .filter_map(|o| interval(rs, o, &ids, rounding))
        .collect();
    let subject = FitSubject {
        name: render("calibration_fit.dimension_weights", &BTreeMap::new()),
        target: render("calibration_target.total", &BTreeMap::new()),
        hint: "dimension_moves",
        id_param: "dimension",
    };
    if usable.is_empty() {
        if readings.iter().any(|o| o.total.is_some()) {
            warnings.push(
                Warning::of("calibration_too_few.dimension_weights")
                    .param("fit", json!(subject.name)),
            );
        }
        return None;
    }
    weights::fit(&ids, &prior, usable, &subject, warnings)
}

/// Percent weights as fractions summing to 1 (equal shares when they sum to nothing).
pub fn fractions(percent: impl Iterator<Item = f64>) -> Vec<f64> {
    let p: Vec<f64> = percent.collect();
    let sum: f64 = p.iter().sum();
    if sum > 0.0 {
        p.iter().map(|w| w / sum).collect()
    } else {
        vec![1.0 / p.len().max(1) as f64; p.len()]
    }
}

/// The interval one reading puts on Σ weight × dimension score. The total is clamped to the
/// rule set's scale, so a total at an edge only bounds the sum from one side.
fn interval(
    rs: &RuleSet,
    o: &Observation,
    ids: &[String],
    rounding: &Rounding,
) -> Option<IntervalReading> {
    let total = o.total?;
    let coefficients: Vec<f64> = ids
        .iter()
        .map(|id| o.dimensions.get(id).copied())
        .collect::<Option<_>>()?;
    let target = total - o.total_bonus(rs) + o.deduction_points();
    // |Σ w (D_shown − D_true)| ≤ max half-step, as the weights sum to 1.
    let dimension_half = ids
        .iter()
        .map(|id| rounding.dimension_half(id))
        .fold(0.0, f64::max);
    let tolerance = rounding.total_half() + dimension_half;
    let at_floor = total <= rs.scale.min + rounding.total_half();
    let at_ceiling = total >= rs.scale.max - rounding.total_half();
    Some(IntervalReading::of(
        o,
        coefficients,
        target,
        tolerance,
        (at_floor, at_ceiling),
    ))
}
