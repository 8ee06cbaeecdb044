//! Band thresholds (rule sets that score indicators in bands): for each indicator and band,
//! the interval its threshold must lie in given the (value, score) pairs seen.
//!
//! Work in "goodness" (the value, negated where lower is better): a pair scoring band b or
//! above puts every threshold up to b at or below its value; a pair scoring below b puts
//! every threshold from b up above its value. The interval of band b is therefore
//! (best value scoring below b, worst value scoring b or above], widened by half the value's
//! display step (the back end compares the unrounded value). Pairs that break the order
//! (a better value with a lower score) are left out by keeping the largest consistent set (a
//! longest chain, where a pair that the small-sample rule may have set to 80 yields first),
//! and named. The threshold used is the interval's midpoint; where one side is still open,
//! the rule set's default moved just inside the interval.

use super::evidence::{misfit, most_left_out, round_figure, Hint};
use super::observation::{Observation, Rounding};
use crate::messages::{render, Warning};
use crate::rules::{Direction, IndicatorRule, Method, RuleSet};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// One band of one indicator: where its threshold lies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandFit {
    /// The band's score (60 … 100).
    pub score: f64,
    /// The interval the threshold lies in, as values of the indicator (`None`: open side).
    pub threshold_min: Option<f64>,
    pub threshold_max: Option<f64>,
    /// The threshold to use: the interval's midpoint, else the default moved into it.
    pub threshold: Option<f64>,
    /// The rule set's default threshold.
    pub default: Option<f64>,
    /// The readings that bound the interval from below and from above (in value terms).
    pub bounded_below_by: Option<Pair>,
    pub bounded_above_by: Option<Pair>,
    /// Pairs of this indicator the fit used.
    pub readings_used: usize,
    /// The score of every pair used, re-derived from the thresholds used, differs from the
    /// one shown by at most this (0 when the fit reproduces every reading).
    pub residual_max: f64,
    pub next_reading: Option<Hint>,
}

/// A (value, score) reading of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub row: u64,
    pub date: String,
    pub value: f64,
    pub score: f64,
    #[serde(skip)]
    file: Option<String>,
    /// Index of the score among floor, band 1 … band 5.
    #[serde(skip)]
    level: usize,
    /// The value in goodness terms (negated where lower is better).
    #[serde(skip)]
    goodness: f64,
}

/// Indicator id → its bands, lowest score first, for every banded indicator with a reading.
pub fn fit(
    rs: &RuleSet,
    readings: &[Observation],
    rounding: &Rounding,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<String, Vec<BandFit>> {
    let mut fits = BTreeMap::new();
    if rs.method != Method::Bands {
        return fits;
    }
    for ind in rs.indicators.iter().filter(|i| !i.value_is_score) {
        let pairs = pairs_of(rs, ind, readings);
        if pairs.is_empty() {
            continue;
        }
        let Some(consistent) = keep_consistent(rs, ind, pairs, warnings) else {
            continue;
        };
        let half = rounding.value_step(&ind.id) / 2.0;
        fits.insert(ind.id.clone(), bands_of(rs, ind, &consistent, half));
    }
    fits
}

fn level_scores(rs: &RuleSet) -> Vec<f64> {
    let mut levels = vec![rs.floor_score];
    levels.extend(&rs.band_scores);
    levels
}

fn goodness(direction: Direction, value: f64) -> f64 {
    match direction {
        Direction::HigherBetter => value,
        Direction::LowerBetter => -value,
    }
}

fn pairs_of(rs: &RuleSet, ind: &IndicatorRule, readings: &[Observation]) -> Vec<Pair> {
    let levels = level_scores(rs);
    readings
        .iter()
        .filter_map(|o| {
            let value = *o.indicator_values.get(&ind.id)?;
            let score = *o.indicator_scores.get(&ind.id)?;
            let level = levels.iter().position(|s| (s - score).abs() < 1e-9)?;
            Some(Pair {
                row: o.row,
                date: o.date.clone(),
                value,
                score,
                file: o.file.clone(),
                level,
                goodness: goodness(ind.direction, value),
            })
        })
        .collect()
}

/// The largest set of pairs whose scores never fall as the value gets better; the rest are
/// named and left out. A pair that the small-sample rule may have forced (its score is the
/// rule's 80 and the indicator is one the rule covers) weighs a little less, so that it is
/// the one left out when the choice is otherwise even. `None` (and one warning) when more than
/// `most_left_out` pairs would have to go: the values and scores follow no band order at all.
fn keep_consistent(
    rs: &RuleSet,
    ind: &IndicatorRule,
    mut pairs: Vec<Pair>,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<Pair>> {
    crate::sorting::sort_by(&mut pairs, |a, b| {
        a.goodness
            .total_cmp(&b.goodness)
            .then(a.level.cmp(&b.level))
            .then(a.row.cmp(&b.row))
    });
    let forced_score = rs.small_sample.as_ref().map(|s| s.score);
    let maybe_forced =
        |p: &Pair| ind.small_sample.is_some() && forced_score.is_some_and(|s| s == p.score);
    let weight = |p: &Pair| if maybe_forced(p) { 0.999 } else { 1.0 };
    let n = pairs.len();
    let mut best: Vec<f64> = vec![0.0; n];
    let mut previous: Vec<Option<usize>> = vec![None; n];
    for j in 0..n {
        best[j] = weight(&pairs[j]);
        for i in 0..j {
            if pairs[i].level <= pairs[j].level && best[i] + weight(&pairs[j]) > best[j] + 1e-12 {
                best[j] = best[i] + weight(&pairs[j]);
                previous[j] = Some(i);
            }
        }
    }
    let mut keep = vec![false; n];
    let mut at = (0..n).max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)));
    while let Some(j) = at {
        keep[j] = true;
        at = previous[j];
    }
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped > most_left_out(n) {
        let name = render(
            "calibration_fit.bands",
            &BTreeMap::from([("indicator".to_string(), json!(ind.id))]),
        );
        warnings.push(misfit(&name, dropped, n).subject(ind.id.as_str()));
        return None;
    }
    let mut kept = Vec::new();
    for (p, keep) in pairs.into_iter().zip(keep) {
        if keep {
            kept.push(p);
            continue;
        }
        let key = if maybe_forced(&p) {
            "reading_contradicts.band_small_sample"
        } else {
            "reading_contradicts.band"
        };
        warnings.push(
            Warning::of(key)
                .subject(ind.id.as_str())
                .param("row", p.row)
                .param("date", p.date.as_str())
                .param("indicator", ind.id.as_str())
                .param("value", p.value)
                .param("score", p.score)
                .at(p.file.as_deref(), Some(p.row), None),
        );
    }
    Some(kept)
}

/// The five bands of one indicator from its consistent pairs; `half` is half the value's
/// display step.
fn bands_of(rs: &RuleSet, ind: &IndicatorRule, pairs: &[Pair], half: f64) -> Vec<BandFit> {
    let step = 2.0 * half;
    let mut bands: Vec<BandFit> = Vec::new();
    let mut previous_used: Option<f64> = None;
    for (b, score) in rs.band_scores.iter().enumerate() {
        let level = b + 1;
        // Goodness interval (low, high]: low from the best pair below, high from the worst at or above.
        let below = pairs
            .iter()
            .filter(|p| p.level < level)
            .max_by(|a, c| a.goodness.total_cmp(&c.goodness));
        let above = pairs
            .iter()
            .filter(|p| p.level >= level)
            .min_by(|a, c| a.goodness.total_cmp(&c.goodness));
        let low = below.map(|p| p.goodness - half);
        let high = above.map(|p| p.goodness + half);
        let default = ind.bands.get(b).copied().flatten();
        let default_g = default.map(|d| goodness(ind.direction, d));
        // One side open: the default, moved where it reproduces the binding pair as shown
        // (at most that pair's value; above the other pair's value by at least half a step).
        let used_g = match (low, high) {
            (Some(l), Some(h)) => Some((l + h) / 2.0),
            (Some(l), None) => Some(default_g.map_or(l + step, |d| d.max(l + step))),
            (None, Some(_)) => {
                let shown = above.map_or(f64::INFINITY, |p| p.goodness);
                Some(default_g.map_or(shown, |d| d.min(shown)))
            }
            (None, None) => default_g,
        };
        // Thresholds get stricter band by band: never below the previous band's.
        let used_g = match (used_g, previous_used) {
            (Some(u), Some(p)) => Some(u.max(p)),
            (u, _) => u,
        };
        previous_used = used_g.or(previous_used);
        let hint = hint(
            ind,
            *score,
            below.map(|p| p.goodness),
            above.map(|p| p.goodness),
            step,
        );
        let (min_pair, max_pair, min_g, max_g) = match ind.direction {
            Direction::HigherBetter => (below, above, low, high),
            Direction::LowerBetter => (above, below, high, low),
        };
        let to_value = |g: f64| round_figure(goodness(ind.direction, g));
        bands.push(BandFit {
            score: *score,
            threshold_min: min_g.map(to_value),
            threshold_max: max_g.map(to_value),
            threshold: used_g.map(to_value),
            default,
            bounded_below_by: min_pair.cloned(),
            bounded_above_by: max_pair.cloned(),
            readings_used: pairs.len(),
            residual_max: 0.0,
            next_reading: hint,
        });
    }
    let residual = residual_max(rs, ind, pairs, &bands, half);
    for b in &mut bands {
        b.residual_max = residual;
    }
    bands
}

/// How far the scores the thresholds used give differ from the scores shown (the check that
/// the fit reproduces every pair it used). A pair shown within half a display step of a
/// threshold may lie on either side of it, and counts as reproduced by either score.
fn residual_max(
    rs: &RuleSet,
    ind: &IndicatorRule,
    pairs: &[Pair],
    bands: &[BandFit],
    half: f64,
) -> f64 {
    let score_at = |value: f64| {
        bands
            .iter()
            .rev()
            .find(|b| b.threshold.is_some_and(|t| ind.direction.reaches(value, t)))
            .map_or(rs.floor_score, |b| b.score)
    };
    pairs
        .iter()
        .map(|p| {
            let lo = score_at(p.value - half).min(score_at(p.value + half));
            let hi = score_at(p.value - half).max(score_at(p.value + half));
            if p.score < lo {
                lo - p.score
            } else if p.score > hi {
                p.score - hi
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max)
}

/// The reading that would narrow this band's threshold most: a value inside the interval
/// (either answer halves it), or beyond the one side seen so far. `below` and `above` are the
/// goodness of the binding pairs as shown.
fn hint(
    ind: &IndicatorRule,
    score: f64,
    below: Option<f64>,
    above: Option<f64>,
    step: f64,
) -> Option<Hint> {
    let value = |g: f64| json!(round_figure(goodness(ind.direction, g)));
    let id = json!(ind.id);
    match (below, above) {
        (Some(l), Some(h)) if h - l > step => {
            let (a, b) = match ind.direction {
                Direction::HigherBetter => (l, h),
                Direction::LowerBetter => (h, l),
            };
            Some(Hint::of(
                "band_between",
                &[
                    ("indicator", id),
                    ("score", json!(score)),
                    ("low", value(a)),
                    ("high", value(b)),
                ],
            ))
        }
        (Some(_), Some(_)) => None,
        // Only pairs scoring the band or above: a worse value is needed.
        (None, Some(h)) => Some(Hint::of(
            match ind.direction {
                Direction::HigherBetter => "band_below",
                Direction::LowerBetter => "band_above",
            },
            &[
                ("indicator", id),
                ("score", json!(score)),
                ("value", value(h)),
            ],
        )),
        (Some(l), None) => Some(Hint::of(
            match ind.direction {
                Direction::HigherBetter => "band_above",
                Direction::LowerBetter => "band_below",
            },
            &[
                ("indicator", id),
                ("score", json!(score)),
                ("value", value(l)),
            ],
        )),
        (None, None) => None,
    }
}
