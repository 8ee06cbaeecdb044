//! The value → dimension-score mapping of rule sets that score a dimension from its
//! indicators' values with no published formula (2026-09: "the shop's performance in its
//! industry"), fitted jointly per dimension from the readings.
//!
//! Model (`monotone`): dimension score = clamp(base + Σ_i f_i(value_i)), each f_i monotone
//! (never worse for a better value), piecewise linear, flat beyond the values seen. Reported
//! as the base (the score with every indicator at its worst value seen) and, per indicator, the
//! points it adds at each knot. Two readings where one has every indicator at least as good
//! and yet a lower score contradict any monotone mapping: the reading in most such pairs is
//! named and left out.

use super::evidence::{misfit, most_left_out, round_figure, Evidence, Hint, Residual};
use super::monotone::{Censor, Model};
use super::observation::{Observation, Rounding};
use crate::messages::{render, Warning};
use crate::rules::overlay::{Curve, MappingModel, Prediction};
use crate::rules::{Direction, IndicatorRule, Method, RuleSet};
use crate::sorting::CollectMap;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Fewest readings a dimension's mapping is fitted from.
pub const MIN_READINGS: usize = 3;
/// A mapping that misses a reading it was fitted on by more than this (points) is reported but
/// not used for scoring: it would move the score by more than it explains.
pub const MAX_USABLE_RESIDUAL: f64 = 1.0;
/// Readings a mapping needs per indicator it has learnt (plus one) before it is used for
/// scoring: fewer reproduce themselves exactly and say nothing about other days.
pub const READINGS_PER_INDICATOR: usize = 2;

/// One dimension's fitted mapping: the model scoring evaluates, and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingFit {
    #[serde(flatten)]
    pub model: MappingModel,
    /// False when it misses a reading by more than `MAX_USABLE_RESIDUAL`: shown, never applied.
    pub usable: bool,
    #[serde(flatten)]
    pub evidence: Evidence,
}

impl MappingFit {
    /// The dimension score for `values` (indicator id → value).
    pub fn predict(&self, values: &BTreeMap<String, f64>) -> Prediction {
        self.model.predict(values)
    }
}

fn goodness(direction: Direction, value: f64) -> f64 {
    match direction {
        Direction::HigherBetter => value,
        Direction::LowerBetter => -value,
    }
}

/// Dimension id → its mapping, for rule sets that interpolate indicator values.
pub fn fit(
    rs: &RuleSet,
    readings: &[Observation],
    rounding: &Rounding,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<String, MappingFit> {
    let mut fits = BTreeMap::new();
    if rs.method != Method::Interpolate {
        return fits;
    }
    for dim in &rs.dimensions {
        let scored = readings
            .iter()
            .filter(|o| o.dimensions.contains_key(&dim.id));
        let Some(members) = members_seen(rs, &dim.id, scored.clone(), warnings) else {
            continue;
        };
        let cap = dim.cap.min(rs.dimension_scale.max);
        let usable: Vec<Day> = scored
            .filter_map(|o| Day::of(o, &dim.id, &members, o.dimension_bonus(rs, &dim.id)))
            .collect();
        let half = rounding.dimension_half(&dim.id);
        let Some(days) = drop_contradictions(usable, &dim.id, half, warnings) else {
            continue;
        };
        if days.len() < MIN_READINGS {
            warnings.push(
                Warning::of("calibration_too_few.mapping")
                    .subject(dim.id.as_str())
                    .param("dimension", dim.id.as_str())
                    .param("count", days.len())
                    .param("needed", MIN_READINGS),
            );
            continue;
        }
        let scale = (rs.dimension_scale.min, cap);
        let fit = fit_dimension(&members, &days, scale, half);
        if days.len() < needed_days(&members) {
            warnings.push(
                Warning::of("calibration_mapping_thin")
                    .subject(dim.id.as_str())
                    .param("dimension", dim.id.as_str())
                    .param("count", days.len())
                    .param("needed", needed_days(&members)),
            );
        } else if !fit.usable {
            warnings.push(
                Warning::of("calibration_mapping_loose")
                    .subject(dim.id.as_str())
                    .param("dimension", dim.id.as_str())
                    .param("residual", fit.evidence.residual_max)
                    .param("limit", MAX_USABLE_RESIDUAL),
            );
        }
        fits.insert(dim.id.clone(), fit);
    }
    fits
}

/// Readings before a mapping of `members` is used for scoring.
fn needed_days(members: &[&IndicatorRule]) -> usize {
    READINGS_PER_INDICATOR * members.len() + 1
}

/// The indicators of `dim` that the readings with its score show a value for; the mapping is
/// learnt from those (a dimension whose readings never show some of its indicators is said).
/// `None` when no reading has the dimension's score and a value of it.
fn members_seen<'r>(
    rs: &'r RuleSet,
    dim: &str,
    mut scored: impl Iterator<Item = &'r Observation> + Clone,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<&'r IndicatorRule>> {
    let (seen, unseen): (Vec<&IndicatorRule>, Vec<&IndicatorRule>) = rs
        .indicators
        .iter()
        .filter(|i| i.dimension == dim)
        .partition(|i| {
            scored
                .clone()
                .any(|o| o.indicator_values.contains_key(&i.id))
        });
    if seen.is_empty() {
        return None;
    }
    if !unseen.is_empty() && scored.next().is_some() {
        let ids: Vec<&str> = unseen.iter().map(|i| i.id.as_str()).collect();
        warnings.push(
            Warning::of("calibration_partial_mapping")
                .subject(dim)
                .param("dimension", dim)
                .param("indicators", json!(ids)),
        );
    }
    Some(seen)
}

/// One reading as the mapping of one dimension sees it.
#[derive(Debug, Clone)]
struct Day {
    row: u64,
    date: String,
    file: Option<String>,
    /// The dimension score net of any bonus inside it.
    score: f64,
    /// Goodness of each member indicator's value, in member order.
    goodness: Vec<f64>,
}

impl Day {
    fn of(o: &Observation, dim: &str, members: &[&IndicatorRule], bonus: f64) -> Option<Day> {
        let score = *o.dimensions.get(dim)? - bonus;
        let goodness = members
            .iter()
            .map(|i| {
                o.indicator_values
                    .get(&i.id)
                    .map(|v| goodness(i.direction, *v))
            })
            .collect::<Option<Vec<f64>>>()?;
        Some(Day {
            row: o.row,
            date: o.date.clone(),
            file: o.file.clone(),
            score,
            goodness,
        })
    }

    fn at_least_as_good(&self, other: &Day) -> bool {
        self.goodness
            .iter()
            .zip(&other.goodness)
            .all(|(a, b)| a >= b)
    }
}

/// Leave out, one at a time, the reading in most contradicting pairs (every indicator at least
/// as good as on another day, yet a score lower by more than the two roundings allow). `None`
/// (and one warning) when more than `most_left_out` would have to go.
fn drop_contradictions(
    mut days: Vec<Day>,
    dim: &str,
    half: f64,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<Day>> {
    let given = days.len();
    let mut named = Vec::new();
    let contradicts =
        |a: &Day, b: &Day| a.at_least_as_good(b) && a.score < b.score - 2.0 * half - 1e-9;
    loop {
        let counts: Vec<(usize, Option<usize>)> = (0..days.len())
            .map(|i| {
                let partners: Vec<usize> = (0..days.len())
                    .filter(|&j| contradicts(&days[i], &days[j]) || contradicts(&days[j], &days[i]))
                    .collect();
                (partners.len(), partners.first().copied())
            })
            .collect();
        let worst = (0..days.len())
            .filter(|&i| counts[i].0 > 0)
            .max_by(|&a, &b| counts[a].0.cmp(&counts[b].0).then(a.cmp(&b)));
        let Some(i) = worst else {
            warnings.extend(named);
            return Some(days);
        };
        if named.len() == most_left_out(given) {
            let name = render(
                "calibration_fit.mapping",
                &BTreeMap::from([("dimension".to_string(), json!(dim))]),
            );
            warnings.push(misfit(&name, named.len() + 1, given).subject(dim));
            return None;
        }
        let other = counts[i].1.map(|j| (days[j].row, days[j].date.clone()));
        let day = days.remove(i);
        let mut w = Warning::of("reading_contradicts.monotone")
            .subject(dim)
            .param("row", day.row)
            .param("date", day.date.as_str())
            .param("dimension", dim)
            .at(day.file.as_deref(), Some(day.row), None);
        if let Some((row, date)) = other {
            w = w.param("other_row", row).param("other_date", date);
        }
        named.push(w);
    }
}

/// Fit one dimension's mapping from its (consistent) days.
fn fit_dimension(
    members: &[&IndicatorRule],
    days: &[Day],
    (scale_min, scale_max): (f64, f64),
    half: f64,
) -> MappingFit {
    let censor = |d: &Day| {
        if d.score >= scale_max - half {
            Censor::AtLeast
        } else if d.score <= scale_min + half {
            Censor::AtMost
        } else {
            Censor::Exact
        }
    };
    let xs: Vec<Vec<f64>> = days.iter().map(|d| d.goodness.clone()).collect();
    let scores: Vec<f64> = days.iter().map(|d| d.score).collect();
    let censors: Vec<Censor> = days.iter().map(censor).collect();
    let model = Model::fit(&xs, &scores, &censors);
    let indicators = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), curve(m, i, &model, days)))
        .collect_map();
    let residuals = days
        .iter()
        .map(|d| {
            let predicted = model.predict(&d.goodness).clamp(scale_min, scale_max);
            let bound_kept = match censor(d) {
                Censor::AtLeast => predicted >= d.score,
                Censor::AtMost => predicted <= d.score,
                Censor::Exact => false,
            };
            let residual = if bound_kept { 0.0 } else { d.score - predicted };
            Residual::new(d.row, &d.date, residual)
        })
        .collect();
    let model = MappingModel {
        base: round_figure(model.base),
        indicators,
        scale_min,
        scale_max,
        evidence: None,
    };
    let hint = next_reading(members, &model);
    let evidence = Evidence::new(residuals, hint);
    MappingFit {
        model,
        usable: evidence.residual_max <= MAX_USABLE_RESIDUAL && days.len() >= needed_days(members),
        evidence,
    }
}

/// Indicator `i`'s curve in its own values (the model works in goodness).
fn curve(member: &IndicatorRule, i: usize, model: &Model, days: &[Day]) -> Curve {
    let value = |g: f64| goodness(member.direction, g);
    let mut knots: Vec<[f64; 2]> = model.knots[i]
        .iter()
        .map(|g| [round_figure(value(*g)), round_figure(model.points(i, *g))])
        .collect();
    crate::sorting::sort_by(&mut knots, |a, b| a[0].total_cmp(&b[0]));
    let mut seen: Vec<f64> = days.iter().map(|d| value(d.goodness[i])).collect();
    crate::sorting::sort_floats(&mut seen);
    let (seen_min, seen_max) = (seen[0], seen[seen.len() - 1]);
    seen.dedup();
    let best = model.knots[i].last().copied().unwrap_or(0.0);
    Curve {
        direction: member.direction,
        knots,
        seen_min,
        seen_max,
        distinct_values: seen.len(),
        span: round_figure(model.points(i, best)),
    }
}

/// The indicator whose seen values cover the least of its usual range (the page's slider):
/// a day on which only it moves, outside what was seen, teaches the mapping most.
fn next_reading(members: &[&IndicatorRule], fit: &MappingModel) -> Option<Hint> {
    let share = |m: &IndicatorRule, c: &Curve| {
        let range = (m.slider.max - m.slider.min).abs().max(1e-9);
        ((c.seen_max - c.seen_min) / range).min(1.0)
    };
    let (member, curve) = members
        .iter()
        .filter_map(|m| fit.indicators.get(&m.id).map(|c| (*m, c)))
        .min_by(|a, b| share(a.0, a.1).total_cmp(&share(b.0, b.1)))?;
    let id = json!(member.id);
    if curve.distinct_values < 2 {
        return Some(Hint::of(
            "mapping_single",
            &[
                ("indicator", id),
                ("value", json!(round_figure(curve.seen_min))),
            ],
        ));
    }
    Some(Hint::of(
        "mapping_outside",
        &[
            ("indicator", id),
            ("low", json!(round_figure(curve.seen_min))),
            ("high", json!(round_figure(curve.seen_max))),
        ],
    ))
}
