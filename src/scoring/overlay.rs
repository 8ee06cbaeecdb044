//! A calibration in the score (`rules::overlay`): where the rule set's number is an estimate,
//! the number learnt from the shop's own readings replaces it. An official number always
//! stays (a calibration that disagrees with it is said: a wrong industry is the usual cause);
//! the weights and bands the user typed always win. Every number taken from it is marked
//! `calibrated`, and the report lists the parts used with their evidence.

use super::context::Ctx;
use crate::error::Error;
use crate::messages::{render, Param, Warning};
use crate::report::calibration::{CalibratedPart, CalibrationUse};
use crate::report::IndicatorScore;
use crate::rules::overlay::{Overlay, OverlayEvidence};
use crate::rules::{DimensionRule, IndicatorRule, RuleSet};
use crate::sorting::CollectMap;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// What a calibration can supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    DimensionWeights,
    IndicatorWeights,
    Bands,
    Mapping,
}

impl Part {
    fn as_str(self) -> &'static str {
        match self {
            Part::DimensionWeights => "dimension_weights",
            Part::IndicatorWeights => "indicator_weights",
            Part::Bands => "bands",
            Part::Mapping => "mapping",
        }
    }
}

/// The calibration of one scoring pass: the overlay when it applies, and what was taken from it.
#[derive(Debug, Default)]
pub(crate) struct Calibration<'a> {
    overlay: Option<&'a Overlay>,
    /// (part, dimension or indicator id) taken from the overlay.
    taken: BTreeSet<(Part, String)>,
}

impl Calibration<'_> {
    /// Whether the number of `part` for `id` came from the calibration.
    pub fn took(&self, part: Part, id: &str) -> bool {
        self.taken.contains(&(part, id.to_string()))
    }
}

/// Decide whether the input's calibration applies to this pass: it must be for this rule set
/// (else said and left aside), well formed (else an error naming it), and for the shop's
/// industry and shop type where both are known (else said and left aside).
pub(crate) fn resolve(cx: &mut Ctx) -> Result<(), Error> {
    let Some(overlay) = cx.input.calibration.as_ref() else {
        return Ok(());
    };
    let rs = cx.rs;
    if overlay.rule_set != rs.id {
        cx.say(
            Warning::of("calibration_unused.rule_set")
                .subject("calibration")
                .param("rule_set", overlay.rule_set.as_str())
                .param("scored", json!({"zh": rs.zh, "en": rs.en})),
        );
        return Ok(());
    }
    overlay.check(rs)?;
    let shop_industry = cx.industry.row.clone();
    let industry_differs = match (&overlay.industry, &shop_industry) {
        (Some(theirs), Some(ours)) => table_row(rs, theirs) != *ours,
        _ => false,
    };
    if industry_differs {
        cx.say(
            Warning::of("calibration_unused.industry")
                .subject("calibration")
                .param("industry", overlay.industry.clone().unwrap_or_default())
                .param(
                    "shop_industry",
                    cx.input.industry.clone().unwrap_or_default(),
                ),
        );
        return Ok(());
    }
    if let (Some(theirs), Some(ours)) = (overlay.shop_type, cx.input.shop_type) {
        if theirs != ours {
            cx.say(
                Warning::of("calibration_unused.shop_type")
                    .subject("calibration")
                    .param("shop_type", theirs.as_str())
                    .param("shop_types", json!([ours.as_str()])),
            );
            return Ok(());
        }
    }
    cx.calibration.overlay = Some(overlay);
    Ok(())
}

/// An industry name as the rule set's tables know it (renames resolve to the table's row).
fn table_row(rs: &RuleSet, name: &str) -> String {
    rs.industry_renames
        .iter()
        .find(|r| r.new == name)
        .map_or_else(|| name.to_string(), |r| r.old.clone())
}

/// Lay the calibrated dimension and indicator weights (fractions) over the weights in force
/// (id → percent, estimated), where those are estimates the user did not type.
pub(crate) fn weights(
    cx: &mut Ctx,
    dimensions: &mut BTreeMap<String, (f64, bool)>,
    indicators: &mut BTreeMap<String, (f64, bool)>,
) {
    let Some(overlay) = cx.calibration.overlay else {
        return;
    };
    if let Some(w) = &overlay.dimension_weights {
        let typed = cx.input.weights.dimensions.keys().cloned().collect();
        lay_weights(
            cx,
            Part::DimensionWeights,
            w,
            dimensions,
            &typed,
            "dimension",
        );
    }
    for w in overlay.indicator_weights.values() {
        let typed = cx.input.weights.indicators.keys().cloned().collect();
        lay_weights(
            cx,
            Part::IndicatorWeights,
            w,
            indicators,
            &typed,
            "indicator",
        );
    }
}

fn lay_weights(
    cx: &mut Ctx,
    part: Part,
    learnt: &crate::rules::overlay::WeightsOverlay,
    in_force: &mut BTreeMap<String, (f64, bool)>,
    typed: &BTreeSet<String>,
    id_param: &str,
) {
    for (id, fraction) in &learnt.weights {
        let Some(entry) = in_force.get_mut(id) else {
            continue;
        };
        if typed.contains(id) {
            continue;
        }
        let percent = fraction * 100.0;
        let (official, estimated) = *entry;
        if estimated {
            *entry = (percent, false);
            cx.calibration.taken.insert((part, id.clone()));
            continue;
        }
        // An official weight stays; say so when the readings do not allow it.
        let [lo, hi] = learnt
            .ranges
            .get(id)
            .copied()
            .unwrap_or([*fraction, *fraction]);
        let tolerance = 0.5;
        if official < lo * 100.0 - tolerance || official > hi * 100.0 + tolerance {
            cx.say(
                Warning::of(&format!("calibration_disagrees.{id_param}"))
                    .subject(id.as_str())
                    .param(id_param, id.as_str())
                    .param("official", official)
                    .param("low", round2(lo * 100.0))
                    .param("high", round2(hi * 100.0)),
            );
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Lay the calibrated thresholds of `ind` over `thresholds` (the rule set's, in band order)
/// unless they are published, or typed by the user. True when any was laid.
pub(crate) fn bands(cx: &mut Ctx, ind: &IndicatorRule, thresholds: &mut [Option<f64>]) -> bool {
    let Some(overlay) = cx.calibration.overlay else {
        return false;
    };
    let Some(learnt) = overlay.bands.get(&ind.id) else {
        return false;
    };
    if !ind.bands_estimated || cx.input.bands.contains_key(&ind.id) {
        return false;
    }
    let mut laid = false;
    for band in learnt {
        let position = cx
            .rs
            .band_scores
            .iter()
            .position(|s| (s - band.score).abs() < 1e-9);
        if let Some(slot) = position.and_then(|p| thresholds.get_mut(p)) {
            *slot = Some(band.threshold);
            laid = true;
        }
    }
    if laid {
        cx.calibration.taken.insert((Part::Bands, ind.id.clone()));
    }
    laid
}

/// The score of `dim` through its calibrated mapping, from the values of its indicators;
/// `None` (said) when one of them has no value, so the rule set's estimate is used instead.
pub(crate) fn mapped_dimension(
    cx: &mut Ctx,
    dim: &DimensionRule,
    indicators: &[IndicatorScore],
) -> Option<f64> {
    let mapping = cx.calibration.overlay?.mapping.get(&dim.id)?;
    let values: BTreeMap<String, f64> = indicators
        .iter()
        .filter(|i| i.dimension == dim.id)
        .filter_map(|i| i.value.map(|v| (i.id.clone(), v)))
        .collect_map();
    let prediction = mapping.predict(&values);
    if !prediction.missing.is_empty() {
        cx.say(
            Warning::of("calibration_mapping_incomplete")
                .subject(dim.id.as_str())
                .param("dimension", dim.id.as_str())
                .param("indicators", prediction.missing),
        );
        return None;
    }
    let unlearnt: Vec<&String> = values
        .keys()
        .filter(|id| !mapping.indicators.contains_key(*id))
        .collect();
    if !unlearnt.is_empty() {
        cx.say(
            Warning::of("calibration_mapping_ignores")
                .subject(dim.id.as_str())
                .param("dimension", dim.id.as_str())
                .param("indicators", json!(unlearnt)),
        );
    }
    if !prediction.extrapolating.is_empty() {
        cx.say(
            Warning::of("calibration_extrapolating")
                .subject(dim.id.as_str())
                .param("dimension", dim.id.as_str())
                .param("indicators", prediction.extrapolating),
        );
    }
    cx.calibration.taken.insert((Part::Mapping, dim.id.clone()));
    Some(prediction.score)
}

/// The report's account of the calibration: each part used, with its evidence.
pub(crate) fn report(cx: &Ctx) -> Option<CalibrationUse> {
    let overlay = cx.calibration.overlay?;
    let rs = cx.rs;
    let mut parts = Vec::new();
    let took_any = |part: Part, ids: &BTreeMap<String, f64>| {
        ids.keys().any(|id| cx.calibration.took(part, id))
    };
    if let Some(w) = &overlay.dimension_weights {
        if took_any(Part::DimensionWeights, &w.weights) {
            parts.push(part(
                Part::DimensionWeights,
                None,
                &w.evidence,
                Some(w.determined),
            ));
        }
    }
    for (dim, w) in &overlay.indicator_weights {
        if took_any(Part::IndicatorWeights, &w.weights) {
            parts.push(part(
                Part::IndicatorWeights,
                Some(dim),
                &w.evidence,
                Some(w.determined),
            ));
        }
    }
    for ind in &rs.indicators {
        let Some(bands) = overlay.bands.get(&ind.id) else {
            continue;
        };
        if let (true, Some(first)) = (cx.calibration.took(Part::Bands, &ind.id), bands.first()) {
            parts.push(part(Part::Bands, Some(&ind.id), &first.evidence, None));
        }
    }
    for (dim, m) in &overlay.mapping {
        if let (true, Some(evidence)) = (cx.calibration.took(Part::Mapping, dim), &m.evidence) {
            parts.push(part(Part::Mapping, Some(dim), evidence, None));
        }
    }
    if parts.is_empty() {
        return None;
    }
    let mut params: BTreeMap<String, Param> = BTreeMap::new();
    params.insert("name".into(), json!(overlay.name));
    let key = match (&overlay.from, &overlay.to) {
        (Some(from), Some(to)) => {
            params.insert("from".into(), json!(from));
            params.insert("to".into(), json!(to));
            "calibration_use"
        }
        _ => "calibration_use.undated",
    };
    Some(CalibrationUse {
        name: overlay.name.clone(),
        industry: overlay.industry.clone(),
        shop_type: overlay.shop_type,
        from: overlay.from.clone(),
        to: overlay.to.clone(),
        parts,
        text: render(key, &params),
    })
}

fn part(
    kind: Part,
    subject: Option<&String>,
    evidence: &OverlayEvidence,
    determined: Option<bool>,
) -> CalibratedPart {
    let mut params: BTreeMap<String, Param> = BTreeMap::new();
    params.insert("readings".into(), json!(evidence.readings));
    params.insert("residual_max".into(), json!(evidence.residual_max));
    match kind {
        Part::IndicatorWeights | Part::Mapping => {
            params.insert("dimension".into(), json!(subject));
        }
        Part::Bands => {
            params.insert("indicator".into(), json!(subject));
        }
        Part::DimensionWeights => {}
    }
    let variant = match determined {
        Some(false) => format!("calibration_part.{}_range", kind.as_str()),
        _ => format!("calibration_part.{}", kind.as_str()),
    };
    CalibratedPart {
        kind: kind.as_str().into(),
        subject: subject.cloned(),
        readings: evidence.readings,
        residual_max: evidence.residual_max,
        determined,
        text: render(&variant, &params),
    }
}
