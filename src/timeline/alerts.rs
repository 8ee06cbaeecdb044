//! Alerts, each with a severity, the indicator or row it is about, the day, a sentence in both
//! languages, and the advice entry and drill-down it leads to:
//! - an indicator's daily value (that day's records alone) worse by more than 15% than its
//!   value 7 days before, on each of those 7 days (seed 000's monitoring rule; under a rule
//!   set with dynamic weighting its dimension then weighs more, as that rule set says);
//! - a one-day drop of more than 20% (seed 000's emergency line): an indicator's daily value
//!   against the day before, or the total;
//! - an eligibility the forecast loses (or a risk it incurs), or gains;
//! - bad records leaving the window that move an indicator up a band, and the last 7 days'
//!   rates moving one down.

use super::eligibility::RowOverTime;
use super::forecast::ForecastDay;
use super::history::Day;
use crate::messages::Text;
use crate::report::words::say;
use crate::rules::{Direction, RuleSet};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The fall that counts and for how many days, when the rule set does not say (seed 000).
const FALL_PERCENT: f64 = 15.0;
const FALL_DAYS: usize = 7;
/// A one-day drop of more than this share is an emergency (seed 000).
const DROP_PERCENT: f64 = 20.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub severity: Severity,
    /// `indicator_fall`, `sudden_drop`, `eligibility_loss`, `eligibility_gain`, `roll_off`,
    /// `trend_band_drop`.
    pub code: &'static str,
    /// The indicator it is about (null for the total or an eligibility row).
    pub indicator: Option<String>,
    /// The eligibility row it is about.
    pub eligibility: Option<String>,
    pub date: String,
    pub message: Text,
    /// The advice entry to open (an indicator id), when there is one to open.
    pub advice: Option<String>,
    /// The records behind it: the indicator's drill-down.
    pub drilldown: Option<String>,
    /// True when it comes from the forecast.
    pub forecast: bool,
}

/// Every alert, the most severe and the latest first.
pub fn alerts(
    rule_set: &RuleSet,
    history: &[Day],
    no_new_bad: &[ForecastDay],
    trend: &[ForecastDay],
    rows: &[RowOverTime],
) -> Vec<Alert> {
    let mut out = Vec::new();
    falls(rule_set, history, &mut out);
    drops(rule_set, history, &mut out);
    eligibility(rows, &mut out);
    roll_off(rule_set, history.last(), no_new_bad, &mut out);
    trend_drops(rule_set, history.last(), trend, &mut out);
    crate::sorting::sort_by(&mut out, |a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| b.date.cmp(&a.date))
    });
    out
}

/// Each recomputed indicator's daily values (each day's own records), day by day (None where
/// a day has none): what a daily monitor watches.
fn series(history: &[Day]) -> BTreeMap<&str, Vec<Option<f64>>> {
    let mut out: BTreeMap<&str, Vec<Option<f64>>> = BTreeMap::new();
    for (i, day) in history.iter().enumerate() {
        for (id, ind) in &day.indicators {
            if ind.source != "records" {
                continue;
            }
            out.entry(id.as_str())
                .or_insert_with(|| vec![None; history.len()])[i] = ind.daily;
        }
    }
    out
}

fn direction_of(rule_set: &RuleSet, id: &str) -> Option<Direction> {
    rule_set
        .indicators
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.direction)
}

/// How much worse `value` is than `base`, in percent of `base` (negative: better).
fn worse_by(direction: Direction, base: f64, value: f64) -> Option<f64> {
    (base.abs() > 1e-12).then(|| match direction {
        Direction::HigherBetter => (base - value) / base.abs() * 100.0,
        Direction::LowerBetter => (value - base) / base.abs() * 100.0,
    })
}

/// An indicator worse than its value `days` days before by more than the line, on each of
/// those days: said on the day the run is complete.
fn falls(rule_set: &RuleSet, history: &[Day], out: &mut Vec<Alert>) {
    let (percent, days, weighted) = match rule_set.dynamic_weighting {
        Some(d) => (d.drop_percent, d.days as usize, Some(d.multiplier)),
        None => (FALL_PERCENT, FALL_DAYS, None),
    };
    for (id, values) in series(history) {
        let Some(direction) = direction_of(rule_set, id) else {
            continue;
        };
        let fell_at = |i: usize| -> bool {
            if i < days {
                return false;
            }
            let Some(base) = values[i - days] else {
                return false;
            };
            (i + 1 - days..=i).all(|k| {
                values[k]
                    .and_then(|v| worse_by(direction, base, v))
                    .is_some_and(|w| w > percent)
            })
        };
        for i in 0..values.len() {
            if !fell_at(i) || (i > 0 && fell_at(i - 1)) {
                continue;
            }
            let base = values[i - days].unwrap_or(0.0);
            let now = values[i].unwrap_or(0.0);
            let worse = worse_by(direction, base, now).unwrap_or(0.0);
            let dimension = rule_set
                .indicators
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.dimension.clone())
                .unwrap_or_default();
            let (key, severity) = match weighted {
                Some(_) => ("alert.indicator_fall.weighted", Severity::High),
                None => ("alert.indicator_fall", Severity::Medium),
            };
            out.push(Alert {
                severity,
                code: "indicator_fall",
                indicator: Some(id.to_string()),
                eligibility: None,
                date: history[i].date.clone(),
                message: say(
                    key,
                    vec![
                        ("indicator", json!(id)),
                        ("days", json!(days)),
                        ("percent", json!(percent)),
                        ("worse", json!(round1(worse))),
                        ("from", json!(round2(base))),
                        ("to", json!(round2(now))),
                        ("dimension", json!(dimension)),
                        ("multiplier", json!(weighted)),
                    ],
                ),
                advice: Some(id.to_string()),
                drilldown: Some(id.to_string()),
                forecast: false,
            });
        }
    }
}

/// A one-day drop of more than `DROP_PERCENT`: of an indicator, or of the total.
fn drops(rule_set: &RuleSet, history: &[Day], out: &mut Vec<Alert>) {
    for (id, values) in series(history) {
        let Some(direction) = direction_of(rule_set, id) else {
            continue;
        };
        for i in 1..values.len() {
            let (Some(before), Some(now)) = (values[i - 1], values[i]) else {
                continue;
            };
            let Some(worse) = worse_by(direction, before, now).filter(|w| *w > DROP_PERCENT) else {
                continue;
            };
            out.push(Alert {
                severity: Severity::Medium,
                code: "sudden_drop",
                indicator: Some(id.to_string()),
                eligibility: None,
                date: history[i].date.clone(),
                message: say(
                    "alert.sudden_drop",
                    vec![
                        ("indicator", json!(id)),
                        ("worse", json!(round1(worse))),
                        ("from", json!(round2(before))),
                        ("to", json!(round2(now))),
                    ],
                ),
                advice: Some(id.to_string()),
                drilldown: Some(id.to_string()),
                forecast: false,
            });
        }
    }
    for i in 1..history.len() {
        let (Some(before), Some(now)) = (history[i - 1].total, history[i].total) else {
            continue;
        };
        let Some(worse) =
            worse_by(Direction::HigherBetter, before, now).filter(|w| *w > DROP_PERCENT)
        else {
            continue;
        };
        out.push(Alert {
            severity: Severity::High,
            code: "sudden_drop",
            indicator: None,
            eligibility: None,
            date: history[i].date.clone(),
            message: say(
                "alert.sudden_drop.total",
                vec![
                    ("worse", json!(round1(worse))),
                    ("from", json!(before)),
                    ("to", json!(now)),
                ],
            ),
            advice: None,
            drilldown: None,
            forecast: false,
        });
    }
}

/// What the forecast changes in eligibility: a loss (or a risk incurred) first, gains after.
fn eligibility(rows: &[RowOverTime], out: &mut Vec<Alert>) {
    for row in rows {
        let Some(change) = row.changes.iter().find(|c| c.forecast) else {
            continue;
        };
        let risk = row.kind == crate::rules::EligibilityKind::Risk;
        let (code, key, severity) = match (change.ok, risk) {
            (false, false) => ("eligibility_loss", "alert.eligibility_loss", Severity::High),
            (false, true) => ("eligibility_loss", "alert.risk_coming", Severity::High),
            (true, false) => ("eligibility_gain", "alert.eligibility_gain", Severity::Low),
            (true, true) => ("eligibility_gain", "alert.risk_ends", Severity::Low),
        };
        out.push(Alert {
            severity,
            code,
            indicator: None,
            eligibility: Some(row.id.clone()),
            date: change.date.clone(),
            message: say(
                key,
                vec![
                    ("target", json!({"zh": row.name.zh, "en": row.name.en})),
                    ("date", json!(change.date)),
                ],
            ),
            advice: None,
            drilldown: None,
            forecast: true,
        });
    }
}

/// The band a score sits in: how many of the rule set's band scores it reaches (an
/// interpolated score between two band scores is in the lower one).
fn band(rule_set: &RuleSet, score: f64) -> usize {
    rule_set
        .band_scores
        .iter()
        .filter(|b| score + 1e-9 >= **b)
        .count()
}

/// Under "no new bad records": an indicator that moves up a band on a day its bad records
/// leave the window.
fn roll_off(
    rule_set: &RuleSet,
    last: Option<&Day>,
    forecast: &[ForecastDay],
    out: &mut Vec<Alert>,
) {
    let Some(last) = last else { return };
    let mut previous = last;
    for f in forecast {
        for leaving in &f.leaving {
            let score = |d: &Day| d.indicators.get(&leaving.indicator).and_then(|i| i.score);
            let (Some(before), Some(after)) = (score(previous), score(&f.day)) else {
                continue;
            };
            if band(rule_set, after) <= band(rule_set, before) {
                continue;
            }
            out.push(Alert {
                severity: Severity::Low,
                code: "roll_off",
                indicator: Some(leaving.indicator.clone()),
                eligibility: None,
                date: f.day.date.clone(),
                message: say(
                    "alert.roll_off",
                    vec![
                        ("indicator", json!(leaving.indicator)),
                        ("records", json!(leaving.records)),
                        ("from_date", json!(leaving.from_date)),
                        ("date", json!(f.day.date)),
                        ("before", json!(before)),
                        ("after", json!(after)),
                    ],
                ),
                advice: Some(leaving.indicator.clone()),
                drilldown: Some(leaving.indicator.clone()),
                forecast: true,
            });
        }
        previous = &f.day;
    }
}

/// At the last 7 days' rates: the first day an indicator falls to a lower band than today's.
fn trend_drops(
    rule_set: &RuleSet,
    last: Option<&Day>,
    trend: &[ForecastDay],
    out: &mut Vec<Alert>,
) {
    let Some(last) = last else { return };
    for (id, now) in &last.indicators {
        let Some(now_score) = now.score else { continue };
        let Some(day) = trend.iter().find(|f| {
            f.day
                .indicators
                .get(id)
                .and_then(|i| i.score)
                .is_some_and(|s| band(rule_set, s) < band(rule_set, now_score))
        }) else {
            continue;
        };
        let after = day.day.indicators[id].score.unwrap_or(now_score);
        out.push(Alert {
            severity: Severity::Medium,
            code: "trend_band_drop",
            indicator: Some(id.clone()),
            eligibility: None,
            date: day.day.date.clone(),
            message: say(
                "alert.trend_band_drop",
                vec![
                    ("indicator", json!(id)),
                    ("date", json!(day.day.date)),
                    ("before", json!(now_score)),
                    ("after", json!(after)),
                ],
            ),
            advice: Some(id.clone()),
            drilldown: Some(id.clone()),
            forecast: true,
        });
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
