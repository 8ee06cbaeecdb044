//! The daily history: each window's sums made into the input the scorer reads (values with
//! their counts, the window's valid paid orders), scored under one rule set, and the typed
//! back-end totals (`history` input) beside them.

use super::aggregates::{Counts, WindowSums};
use crate::input::{IndicatorInput, ShopInput};
use crate::report::{Report, Stage};
use crate::rules::{self, RuleSet, Unit};
use crate::scoring::eligibility::DayScores;
use crate::sorting::CollectMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// One day: the window ending that day, scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: String,
    pub stage: Stage,
    pub total: Option<f64>,
    /// Dimension id → score.
    pub dimensions: BTreeMap<String, f64>,
    /// Indicator id → its value, score and counts in the window.
    pub indicators: BTreeMap<String, DayIndicator>,
    /// Valid paid orders in the window.
    pub orders: Option<f64>,
    /// `records` (recomputed from the per-day counts), `typed` (the back-end figures typed in
    /// the `history` input) or `forecast` (projected).
    pub source: &'static str,
    /// The data does not cover the whole window (its first days are missing).
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayIndicator {
    /// The window's value (what the back end shows for that day).
    pub value: Option<f64>,
    /// That day's own value (its records alone): what a daily monitor watches.
    pub daily: Option<f64>,
    pub score: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// `records` or `typed` (a typed value held for every day: records do not give it).
    pub source: &'static str,
}

/// A back-end daily figure the user typed (`history.total`, `history.product` …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackendDay {
    pub date: String,
    pub total: Option<f64>,
    pub dimensions: BTreeMap<String, f64>,
}

/// Scores windows under one rule set, with the shop's typed settings.
pub struct Scorer<'a> {
    pub typed: &'a ShopInput,
    pub rule_set: &'static RuleSet,
}

impl Scorer<'_> {
    /// The input for the window `sums`: the typed settings, the window's values with their
    /// counts (records win over typed values), its valid paid orders, and for a rule set with
    /// dynamic weighting the previous days' indicator values (`prior`, oldest first).
    pub fn input_for(&self, sums: &WindowSums, prior: &BTreeMap<String, Vec<f64>>) -> ShopInput {
        let mut input = self.typed.clone();
        input.rule_set = Some(self.rule_set.id.clone());
        input.as_of = Some(rules::date_of_day_number(sums.end));
        input.options.skip_advice = true;
        input.history = if self.rule_set.dynamic_weighting.is_some() {
            prior.clone()
        } else {
            BTreeMap::new()
        };
        if let Some(orders) = sums.orders {
            input.valid_paid_orders_30d = Some(orders);
        }
        for rule in &self.rule_set.indicators {
            let Some(counts) = sums.indicators.get(&rule.id) else {
                continue;
            };
            let Some(value) = value_of(counts, rule.unit) else {
                continue;
            };
            input.indicators.insert(
                rule.id.clone(),
                IndicatorInput {
                    value: Some(value),
                    score: None,
                    bad_count: (counts.base > 0.0).then_some(counts.bad),
                    base_count: Some(if counts.base > 0.0 {
                        counts.base
                    } else {
                        counts.denominator
                    }),
                },
            );
        }
        input
    }

    /// The window `sums` scored: the day as the history shows it (with `daily`, the day's
    /// own counts), and the full report.
    pub fn day(
        &self,
        sums: &WindowSums,
        daily: Option<&WindowSums>,
        prior: &BTreeMap<String, Vec<f64>>,
        source: &'static str,
    ) -> Option<(Day, Report)> {
        let input = self.input_for(sums, prior);
        let report = crate::scoring::score(&input).ok()?;
        let mut day = report_day(&report, &rules::date_of_day_number(sums.end), source);
        for (id, ind) in day.indicators.iter_mut() {
            let Some(counts) = sums.indicators.get(id) else {
                continue;
            };
            let unit = self
                .rule_set
                .indicators
                .iter()
                .find(|r| &r.id == id)
                .map(|r| r.unit);
            ind.value = ind.value.map(round4);
            ind.daily = daily
                .and_then(|d| d.indicators.get(id))
                .zip(unit)
                .and_then(|(c, unit)| value_of(c, unit))
                .map(round4);
            ind.numerator = Some(round4(counts.numerator));
            ind.denominator = Some(round4(counts.denominator));
            ind.source = "records";
        }
        day.orders = sums.orders;
        Some((day, report))
    }
}

/// An indicator's value from its counts: `numerator / denominator`, × 100 for a percentage.
pub fn value_of(counts: &Counts, unit: Unit) -> Option<f64> {
    (counts.denominator > 0.0).then(|| {
        let ratio = counts.numerator / counts.denominator;
        if unit == Unit::Percent {
            ratio * 100.0
        } else {
            ratio
        }
    })
}

/// The typed back-end figures, dated: the last entry of each series is the day before `as_of`.
pub fn backend_days(typed: &ShopInput, rule_set: &RuleSet, as_of: i64) -> Vec<BackendDay> {
    let ids: Vec<&str> = std::iter::once("total")
        .chain(rule_set.dimensions.iter().map(|d| d.id.as_str()))
        .collect();
    let longest = ids
        .iter()
        .filter_map(|id| typed.history.get(*id).map(Vec::len))
        .max()
        .unwrap_or(0);
    let at = |id: &str, back: usize| {
        let values = typed.history.get(id)?;
        values.len().checked_sub(back).map(|k| values[k])
    };
    (1..=longest)
        .rev()
        .map(|back| BackendDay {
            date: rules::date_of_day_number(as_of - back as i64),
            total: at("total", back),
            dimensions: ids[1..]
                .iter()
                .filter_map(|id| at(id, back).map(|v| (id.to_string(), v)))
                .collect_map(),
        })
        .collect()
}

/// A typed back-end day as a history day (scores only; the stage is taken to be `stage`).
pub fn typed_day(b: &BackendDay, stage: Stage) -> Day {
    Day {
        date: b.date.clone(),
        stage,
        total: b.total,
        dimensions: b.dimensions.clone(),
        indicators: BTreeMap::new(),
        orders: None,
        source: "typed",
        partial: false,
    }
}

/// A report as a history day (its indicators as typed; `Scorer::day` adds the counts).
pub fn report_day(report: &Report, date: &str, source: &'static str) -> Day {
    Day {
        date: date.to_string(),
        stage: report.stage,
        total: report.total,
        dimensions: DayScores::of(report, None).dimensions,
        indicators: report
            .indicators
            .iter()
            .filter(|i| i.source != "missing")
            .map(|i| {
                (
                    i.id.clone(),
                    DayIndicator {
                        value: i.value,
                        daily: None,
                        score: i.score,
                        numerator: i.numerator,
                        denominator: i.denominator,
                        source: "typed",
                    },
                )
            })
            .collect_map(),
        orders: None,
        source,
        partial: false,
    }
}

pub fn round4(v: f64) -> f64 {
    let r = (v * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
