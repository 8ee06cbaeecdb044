//! A calibration overlay: numbers learnt from one shop's own back-end readings (dimension and
//! indicator weights, band thresholds, the 2026-09 value → score mapping), laid over a rule
//! set for one industry and shop type. The fitting lives in `calibration`; this is the shape
//! scoring reads and the small JSON file users export and import.
//!
//! It carries what was learnt and its evidence (how many readings, the largest residual, the
//! period), never the readings themselves: a shared file holds no shop's daily figures. The
//! mapping's knots are values of the indicators the mapping has seen (it is a curve through
//! them), rounded as the page shows them.

use super::{Direction, RuleSet, ShopType};
use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an overlay file says it is.
pub const FORMAT: &str = "shopscore-calibration";
/// The version of the overlay format this build reads and writes.
pub const VERSION: u32 = 1;

/// A named calibration for one rule set (and one industry and shop type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Always `shopscore-calibration`.
    pub format: String,
    pub version: u32,
    /// A name people recognise (the shop's, or the industry's for a shared one).
    pub name: String,
    /// The rule set it calibrates (its id).
    pub rule_set: String,
    /// The industry and shop type the readings came from (weights differ by both).
    pub industry: Option<String>,
    pub shop_type: Option<ShopType>,
    /// The first and last day of the readings it was learnt from.
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(default)]
    pub dimension_weights: Option<WeightsOverlay>,
    /// Dimension id → its indicator weights.
    #[serde(default)]
    pub indicator_weights: BTreeMap<String, WeightsOverlay>,
    /// Indicator id → its band thresholds (the bands the readings bounded).
    #[serde(default)]
    pub bands: BTreeMap<String, Vec<BandOverlay>>,
    /// Dimension id → its value → score mapping.
    #[serde(default)]
    pub mapping: BTreeMap<String, MappingModel>,
}

/// How a calibrated number was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayEvidence {
    /// Readings the fit rests on.
    pub readings: usize,
    /// The largest distance of a reading from the fit (points).
    pub residual_max: f64,
}

/// Weights learnt for a set of ids (dimensions, or the indicators of one dimension).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightsOverlay {
    /// Id → weight, fractions summing to 1.
    pub weights: BTreeMap<String, f64>,
    /// Id → `[min, max]`: every weight in its range agrees with every reading used.
    pub ranges: BTreeMap<String, [f64; 2]>,
    /// The readings determine every weight to within half a percentage point.
    pub determined: bool,
    pub evidence: OverlayEvidence,
}

/// One band's threshold learnt from (value, score) readings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandOverlay {
    /// The band's score (60 … 100).
    pub score: f64,
    /// The value scoring uses for the band.
    pub threshold: f64,
    /// The interval the readings leave for it (null: that side is still open).
    pub threshold_min: Option<f64>,
    pub threshold_max: Option<f64>,
    pub evidence: OverlayEvidence,
}

/// One dimension's score as a monotone function of its indicators' values:
/// clamp(base + Σ points of each indicator, scale).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingModel {
    /// The dimension score with every indicator at its worst value seen.
    pub base: f64,
    /// Indicator id → the points it adds over its worst value seen.
    pub indicators: BTreeMap<String, Curve>,
    pub scale_min: f64,
    pub scale_max: f64,
    /// Present in an overlay (a fit reports its full evidence beside it instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OverlayEvidence>,
}

/// One indicator's contribution to its dimension score: linear between knots, flat beyond.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curve {
    pub direction: Direction,
    /// `[value, points]`, ascending by value.
    pub knots: Vec<[f64; 2]>,
    /// The values the readings showed; outside them the mapping extrapolates (flat).
    pub seen_min: f64,
    pub seen_max: f64,
    pub distinct_values: usize,
    /// Points between the worst and the best value seen.
    pub span: f64,
}

/// A dimension score predicted by a mapping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub score: f64,
    /// Indicators whose value lies outside the range seen (held flat there).
    pub extrapolating: Vec<String>,
    /// Indicators of the mapping with no value given (counted at their worst value seen).
    pub missing: Vec<String>,
}

impl Curve {
    /// Points at `value`: linear between knots, flat beyond them.
    pub fn points(&self, value: f64) -> f64 {
        let (Some(first), Some(last)) = (self.knots.first(), self.knots.last()) else {
            return 0.0;
        };
        if value <= first[0] {
            return first[1];
        }
        if value >= last[0] {
            return last[1];
        }
        self.knots
            .windows(2)
            .find(|w| value <= w[1][0])
            .map(|w| {
                let span = w[1][0] - w[0][0];
                if span > 0.0 {
                    w[0][1] + (w[1][1] - w[0][1]) * (value - w[0][0]) / span
                } else {
                    w[1][1]
                }
            })
            .unwrap_or(last[1])
    }

    /// Whether `value` lies within the values the readings showed.
    pub fn seen(&self, value: f64) -> bool {
        value >= self.seen_min - 1e-9 && value <= self.seen_max + 1e-9
    }
}

impl MappingModel {
    /// The dimension score for `values` (indicator id → value).
    pub fn predict(&self, values: &BTreeMap<String, f64>) -> Prediction {
        let mut score = self.base;
        let mut extrapolating = Vec::new();
        let mut missing = Vec::new();
        for (id, curve) in &self.indicators {
            match values.get(id) {
                Some(v) => {
                    score += curve.points(*v);
                    if !curve.seen(*v) {
                        extrapolating.push(id.clone());
                    }
                }
                None => missing.push(id.clone()),
            }
        }
        Prediction {
            score: score.clamp(self.scale_min, self.scale_max),
            extrapolating,
            missing,
        }
    }
}

impl Overlay {
    /// Read an overlay file and check it against the rule set it names.
    pub fn parse(text: &str) -> Result<Overlay, Error> {
        let overlay: Overlay = serde_json::from_str(text).map_err(|e| {
            Error::field(
                ErrorCode::BadInput,
                "calibration",
                format!("不是有效的校准文件：{e} | not a valid calibration file: {e}"),
            )
        })?;
        let rs = super::rule_set_detail(&overlay.rule_set)?;
        overlay.check(rs)?;
        Ok(overlay)
    }

    /// Every number finite and in range, every id one of `rs`'s, weights summing to 1,
    /// thresholds getting stricter band by band, knots ascending: else a `bad_field` error
    /// naming the part.
    pub fn check(&self, rs: &RuleSet) -> Result<(), Error> {
        let bad = |part: String, why: &str| {
            Err(Error::field(
                ErrorCode::BadField,
                "calibration",
                format!("校准文件的 {part} 有误：{why} | the calibration's {part} is wrong: {why}"),
            ))
        };
        if self.format != FORMAT || self.version != VERSION {
            return bad(
                "format".into(),
                &format!("expected {FORMAT} version {VERSION}"),
            );
        }
        if self.rule_set != rs.id {
            return bad("rule_set".into(), "another rule set");
        }
        let dimension = |id: &str| rs.dimensions.iter().any(|d| d.id == id);
        let indicator = |id: &str| rs.indicators.iter().find(|i| i.id == id);
        if let Some(w) = &self.dimension_weights {
            if let Some(why) = weights_problem(w, |id| dimension(id)) {
                return bad("dimension_weights".into(), &why);
            }
        }
        for (dim, w) in &self.indicator_weights {
            let member = |id: &str| indicator(id).is_some_and(|i| &i.dimension == dim);
            if !dimension(dim) {
                return bad(format!("indicator_weights.{dim}"), "unknown dimension");
            }
            if let Some(why) = weights_problem(w, member) {
                return bad(format!("indicator_weights.{dim}"), &why);
            }
        }
        for (id, bands) in &self.bands {
            let Some(rule) = indicator(id) else {
                return bad(format!("bands.{id}"), "unknown indicator");
            };
            if let Some(why) = bands_problem(rs, rule.direction, bands) {
                return bad(format!("bands.{id}"), &why);
            }
        }
        for (dim, m) in &self.mapping {
            if !dimension(dim) {
                return bad(format!("mapping.{dim}"), "unknown dimension");
            }
            let members_known = m
                .indicators
                .keys()
                .all(|id| indicator(id).is_some_and(|i| &i.dimension == dim));
            if !members_known {
                return bad(
                    format!("mapping.{dim}"),
                    "an indicator of another dimension",
                );
            }
            if let Some(why) = mapping_problem(m) {
                return bad(format!("mapping.{dim}"), &why);
            }
        }
        Ok(())
    }
}

fn finite(x: f64) -> bool {
    x.is_finite()
}

fn weights_problem(w: &WeightsOverlay, known: impl Fn(&str) -> bool) -> Option<String> {
    if w.weights.is_empty() {
        return Some("no weights".into());
    }
    if let Some(id) = w.weights.keys().find(|id| !known(id)) {
        return Some(format!("unknown id {id}"));
    }
    if w.weights
        .values()
        .any(|v| !finite(*v) || *v < 0.0 || *v > 1.0)
    {
        return Some("a weight outside 0–1".into());
    }
    let sum: f64 = w.weights.values().sum();
    if (sum - 1.0).abs() > 1e-4 {
        return Some(format!("weights sum to {sum}, not 1"));
    }
    let ranges_ok = w
        .ranges
        .values()
        .all(|[lo, hi]| finite(*lo) && finite(*hi) && lo <= hi);
    (!ranges_ok).then(|| "a range is not an interval".into())
}

fn bands_problem(rs: &RuleSet, direction: Direction, bands: &[BandOverlay]) -> Option<String> {
    let mut previous: Option<f64> = None;
    if bands.windows(2).any(|w| w[0].score >= w[1].score) {
        return Some("bands must be listed lowest score first".into());
    }
    for b in bands {
        if !rs.band_scores.iter().any(|s| (s - b.score).abs() < 1e-9) {
            return Some(format!("{} is not a band score", b.score));
        }
        if !finite(b.threshold) {
            return Some("a threshold is not a number".into());
        }
        if let Some(p) = previous {
            if !direction.reaches(b.threshold, p) {
                return Some("thresholds do not get stricter band by band".into());
            }
        }
        previous = Some(b.threshold);
    }
    None
}

fn mapping_problem(m: &MappingModel) -> Option<String> {
    if !(finite(m.base) && finite(m.scale_min) && finite(m.scale_max) && m.scale_min <= m.scale_max)
    {
        return Some("base or scale is not a number".into());
    }
    for curve in m.indicators.values() {
        let numbers = curve.knots.iter().all(|k| finite(k[0]) && finite(k[1]));
        let ascending = curve.knots.windows(2).all(|w| w[0][0] <= w[1][0]);
        if curve.knots.is_empty() || !numbers || !ascending {
            return Some("knots must be numbers, ascending by value".into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve() -> Curve {
        Curve {
            direction: Direction::LowerBetter,
            knots: vec![[10.0, 8.0], [20.0, 3.0], [30.0, 0.0]],
            seen_min: 10.0,
            seen_max: 30.0,
            distinct_values: 12,
            span: 8.0,
        }
    }

    #[test]
    fn a_curve_is_linear_between_knots_and_flat_beyond() {
        let c = curve();
        assert_eq!(c.points(15.0), 5.5);
        assert_eq!(c.points(5.0), 8.0);
        assert_eq!(c.points(40.0), 0.0);
        assert!(c.seen(30.0) && !c.seen(31.0));
        let m = MappingModel {
            base: 60.0,
            indicators: BTreeMap::from([("pickup_hours_avg".to_string(), c)]),
            scale_min: 50.0,
            scale_max: 100.0,
            evidence: None,
        };
        let p = m.predict(&BTreeMap::from([("pickup_hours_avg".to_string(), 35.0)]));
        assert_eq!(p.score, 60.0);
        assert_eq!(p.extrapolating, vec!["pickup_hours_avg".to_string()]);
    }
}
