//! One indicator's score: a typed score as given, or its value mapped through the (possibly
//! overridden) bands, then the small-sample rule; with its next and best band.

use super::bands::Bands;
use super::context::{r2, Ctx};
use super::small_sample;
use super::overlay::Part;
use super::weights::IndustryWeights;
use crate::messages::Warning;
use crate::report::IndicatorScore;
use crate::rules::{self, Method};

/// Every indicator of the rule set, in its order.
pub(crate) fn score_all(cx: &mut Ctx, weights: &IndustryWeights) -> Vec<IndicatorScore> {
    cx.rs
        .indicators
        .iter()
        .map(|ind| score_one(cx, ind, weights))
        .collect()
}

/// The rule set's bands for `ind` with the user's threshold overrides laid over them; the
/// flag says whether any threshold was overridden.
fn effective_bands(cx: &mut Ctx, ind: &rules::IndicatorRule) -> (Bands<'static>, bool) {
    let mut thresholds = ind.bands.clone();
    let mut overridden = super::overlay::bands(cx, ind, &mut thresholds);
    if let Some(o) = cx.input.bands.get(&ind.id) {
        for (t, v) in thresholds.iter_mut().zip(o) {
            if v.is_some() {
                *t = *v;
                overridden = true;
            }
        }
    }
    let b = Bands {
        method: cx.rs.method,
        direction: ind.direction,
        scores: cx.rs.band_scores.as_slice(),
        thresholds,
        floor: cx.rs.floor_score,
        value_is_score: ind.value_is_score,
    };
    (b, overridden)
}

fn score_one(
    cx: &mut Ctx,
    ind: &rules::IndicatorRule,
    weights: &IndustryWeights,
) -> IndicatorScore {
    let rs = cx.rs;
    let given = cx
        .input
        .indicators
        .get(&ind.id)
        .cloned()
        .unwrap_or_default();
    let (mut bands, overridden) = effective_bands(cx, ind);
    if !bands.is_monotone() {
        cx.say(
            Warning::of("bad_bands.not_stricter")
                .subject(ind.id.as_str())
                .param("indicator", ind.id.as_str())
                .param("field", format!("bands.{}", ind.id)),
        );
        bands.thresholds = ind.bands.clone();
    }
    let (weight, _) = weights.indicator(ind);
    let mut small_sample = false;
    let mut estimated = false;
    let (score, source) = if let Some(s) = given.score {
        // Indicator scores live on the dimension scale (50–100 in the 2026 sets): a typed
        // score below it is taken as the minimum, and said, rather than dragging the dimension.
        if s < rs.dimension_scale.min {
            cx.say(
                Warning::of("clamped.indicator_score")
                    .subject(ind.id.as_str())
                    .param("indicator", ind.id.as_str())
                    .param("value", s)
                    .param("min", rs.dimension_scale.min)
                    .param("field", format!("indicators.{}.score", ind.id)),
            );
        }
        (Some(s.max(rs.dimension_scale.min)), "score")
    } else if let Some(v) = given.value {
        let mut s = bands.score(v);
        if !ind.value_is_score {
            estimated = rs.method == Method::Interpolate || (ind.bands_estimated && !overridden);
            if estimated {
                cx.estimate(if rs.method == Method::Interpolate {
                    format!(
                        "{}：得分在可编辑的参考值之间线性插值（公式未公布） | {}: the score is interpolated between editable reference values (unpublished formula)",
                        ind.zh, ind.en
                    )
                } else {
                    format!(
                        "{}：分档门槛为默认值，请按店铺后台页面修改 | {}: the band thresholds are defaults; edit them to match your back-end page",
                        ind.zh, ind.en
                    )
                });
            }
        }
        if let Some(forced) = small_sample::forced_score(cx, ind, &given) {
            s = forced;
            small_sample = true;
        }
        (Some(s), "value")
    } else {
        (None, "missing")
    };
    let score = score.map(|s| s.clamp(0.0, rs.dimension_scale.max));
    let next_band = score.and_then(|s| bands.next_band(s));
    let best_band = score.and_then(|s| bands.best_band(s));
    IndicatorScore {
        id: ind.id.clone(),
        dimension: ind.dimension.clone(),
        zh: ind.zh.clone(),
        en: ind.en.clone(),
        value: given.value,
        unit: ind.unit,
        direction: ind.direction,
        score: score.map(r2),
        weight,
        contribution: None,
        next_band,
        best_band,
        small_sample,
        estimated,
        numerator: given.bad_count,
        denominator: given.base_count,
        source: source.into(),
        calibrated: cx.calibration.took(Part::Bands, &ind.id)
            || cx.calibration.took(Part::IndicatorWeights, &ind.id),
    }
}
