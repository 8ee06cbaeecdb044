//! Dimension scores (typed, or the weighted mean of their indicators) and how they combine
//! into the weighted sum: renormalised over the dimensions present, with each dimension's and
//! indicator's contribution in points.

use super::context::{r2, Ctx};
use super::overlay::{self, Part};
use super::weights::IndustryWeights;
use crate::error::{Error, ErrorCode};
use crate::messages::Warning;
use crate::report::{DimensionScore, IndicatorScore};
use crate::sorting::CollectMap;
use std::collections::BTreeMap;

/// Every dimension of the rule set, before bonuses, dynamic weighting and renormalisation.
pub(crate) fn score_all(
    cx: &mut Ctx,
    indicators: &[IndicatorScore],
    weights: &IndustryWeights,
) -> Result<Vec<DimensionScore>, Error> {
    let rs = cx.rs;
    let mut dimensions = Vec::new();
    for dim in &rs.dimensions {
        let (weight, w_est) = weights.dimension(dim);
        let (score, source) = match cx.input.dimensions.get(&dim.id) {
            Some(s) => (Some(typed_score(cx, dim, *s)), "input"),
            None => match overlay::mapped_dimension(cx, dim, indicators) {
                Some(s) => (Some(s), "calibration"),
                None => match from_indicators(cx, dim, indicators)? {
                    Some(s) => (Some(s), "indicators"),
                    None => (None, "missing"),
                },
            },
        };
        let score =
            score.map(|s| s.clamp(rs.dimension_scale.min, rs.dimension_scale.max.min(dim.cap)));
        let estimated = w_est
            || (source == "indicators"
                && indicators
                    .iter()
                    .any(|i| i.dimension == dim.id && i.estimated));
        dimensions.push(DimensionScore {
            id: dim.id.clone(),
            zh: dim.zh.clone(),
            en: dim.en.clone(),
            score,
            weight,
            contribution: None,
            source: source.into(),
            estimated,
            calibrated: source == "calibration"
                || cx.calibration.took(Part::DimensionWeights, &dim.id),
        });
    }
    Ok(dimensions)
}

/// A typed dimension score, said when below the scale (it is clamped afterwards).
fn typed_score(cx: &mut Ctx, dim: &crate::rules::DimensionRule, s: f64) -> f64 {
    let min = cx.rs.dimension_scale.min;
    if s < min {
        cx.say(
            Warning::of("clamped.dimension_score")
                .subject(dim.id.as_str())
                .param("dimension", dim.id.as_str())
                .param("value", s)
                .param("min", min)
                .param("field", format!("dimensions.{}", dim.id)),
        );
    }
    s
}

/// Σ score × weight over the indicators that have a score, divided by the sum of their
/// weights. None (with a warning) when none has; an error when the user set them all to 0.
fn from_indicators(
    cx: &mut Ctx,
    dim: &crate::rules::DimensionRule,
    indicators: &[IndicatorScore],
) -> Result<Option<f64>, Error> {
    // Indicators given, but the weights set for them all 0: nothing to average.
    let given: Vec<&IndicatorScore> = indicators
        .iter()
        .filter(|i| i.dimension == dim.id && i.score.is_some())
        .collect();
    if !given.is_empty()
        && given.iter().map(|i| i.weight).sum::<f64>() <= 0.0
        && given
            .iter()
            .any(|i| cx.input.weights.indicators.contains_key(&i.id))
    {
        let ids: Vec<&str> = given.iter().map(|i| i.id.as_str()).collect();
        return Err(Error::field(
            ErrorCode::BadField,
            "weights.indicators",
            format!(
                "{}（{}）已给出的指标（{}）权重合计为 0，无法计算维度分 | the weights of the indicators given for dimension {} ({}) sum to 0: the dimension score cannot be computed",
                dim.zh,
                dim.id,
                ids.join(", "),
                dim.id,
                ids.join(", ")
            ),
        ));
    }
    let members: Vec<&IndicatorScore> = indicators
        .iter()
        .filter(|i| i.dimension == dim.id && i.weight > 0.0)
        .collect();
    let present: Vec<&&IndicatorScore> = members.iter().filter(|i| i.score.is_some()).collect();
    let wsum: f64 = present.iter().map(|i| i.weight).sum();
    if present.is_empty() || wsum <= 0.0 {
        let wanted: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        cx.say(
            Warning::of("missing_input.dimension_empty")
                .subject(dim.id.as_str())
                .param("dimension", dim.id.as_str())
                .param("indicators", wanted),
        );
        return Ok(None);
    }
    for m in members.iter().filter(|i| i.score.is_none()) {
        cx.say(
            Warning::of("missing_input.indicator_absent")
                .subject(m.id.as_str())
                .param("indicator", m.id.as_str())
                .param("dimension", dim.id.as_str()),
        );
    }
    let s = present
        .iter()
        .map(|i| i.score.unwrap_or(0.0) * i.weight)
        .sum::<f64>()
        / wsum;
    Ok(Some(s))
}

/// The weighted sum of the dimensions present, and whether there was any.
pub(crate) struct Combined {
    pub weighted: f64,
    pub any_present: bool,
}

/// Renormalise the weights over the dimensions that have a score (warning when some are
/// missing), round the scores, and fill each dimension's and indicator's contribution.
pub(crate) fn combine(
    cx: &mut Ctx,
    dimensions: &mut [DimensionScore],
    indicators: &mut [IndicatorScore],
) -> Result<Combined, Error> {
    let present_weight: f64 = dimensions
        .iter()
        .filter(|d| d.score.is_some())
        .map(|d| d.weight)
        .sum();
    let all_weight: f64 = dimensions.iter().map(|d| d.weight).sum();
    if present_weight <= 0.0
        && dimensions
            .iter()
            .any(|d| d.score.is_some() && cx.input.weights.dimensions.contains_key(&d.id))
    {
        let ids: Vec<&str> = dimensions
            .iter()
            .filter(|d| d.score.is_some())
            .map(|d| d.id.as_str())
            .collect();
        return Err(Error::field(
            ErrorCode::BadField,
            "weights.dimensions",
            format!(
                "已有分数的维度（{}）权重合计为 0，无法计算总分 | the weights of the dimensions with a score ({}) sum to 0: the total cannot be computed",
                ids.join(", "),
                ids.join(", ")
            ),
        ));
    }
    let any_present = dimensions.iter().any(|d| d.score.is_some()) && present_weight > 0.0;
    if any_present && (present_weight - all_weight).abs() > 1e-9 {
        let missing: Vec<String> = dimensions
            .iter()
            .filter(|d| d.score.is_none())
            .map(|d| d.id.clone())
            .collect();
        cx.say(Warning::of("partial_total.dimensions_missing").param("dimensions", missing));
    }
    if any_present
        && (present_weight - all_weight).abs() <= 1e-9
        && (all_weight - 100.0).abs() > 1e-6
    {
        cx.say(
            Warning::of("weights_renormalised.sum")
                .subject("weights.dimensions")
                .param("sum", r2(all_weight)),
        );
    }
    for d in dimensions.iter_mut() {
        if any_present && present_weight > 0.0 && d.score.is_some() {
            d.weight = d.weight * 100.0 / present_weight;
        } else if d.score.is_none() {
            d.weight = 0.0;
        }
        d.contribution = d.score.map(|s| r2(s * d.weight / 100.0));
        d.score = d.score.map(r2);
        d.weight = r2(d.weight);
    }
    let weighted: f64 = dimensions
        .iter()
        .filter_map(|d| d.score.map(|s| s * d.weight / 100.0))
        .sum();
    indicator_contributions(dimensions, indicators);
    Ok(Combined {
        weighted,
        any_present,
    })
}

/// An indicator's contribution: its share of its dimension (among the indicators with a
/// score) times the dimension's weight. Null when the dimension score was typed.
fn indicator_contributions(dimensions: &[DimensionScore], indicators: &mut [IndicatorScore]) {
    let present_sums: BTreeMap<String, f64> = dimensions
        .iter()
        .map(|d| {
            let sum = indicators
                .iter()
                .filter(|i| i.dimension == d.id && i.score.is_some() && i.weight > 0.0)
                .map(|i| i.weight)
                .sum();
            (d.id.clone(), sum)
        })
        .collect_map();
    for i in indicators.iter_mut() {
        let Some(dim) = dimensions.iter().find(|d| d.id == i.dimension) else {
            continue;
        };
        let sum = present_sums.get(&dim.id).copied().unwrap_or(0.0);
        if dim.source == "indicators" && sum > 0.0 {
            i.contribution = i.score.map(|s| r2(s * i.weight / sum * dim.weight / 100.0));
        }
    }
}
