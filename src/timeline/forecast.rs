//! The roll-off forecast: the next days' windows when the days to come look like the last 7
//! under two stated assumptions, scored like the history; and which bad records leave the
//! window on which day.

use super::aggregates::{Counts, DailyAggregates, Entry};
use super::history::{Day, Scorer};
use crate::messages::Text;
use crate::rules::{Direction, RuleSet, Unit};
use serde::Serialize;
use std::collections::BTreeMap;

/// Days projected after the last day of data.
pub const HORIZON: u32 = 14;
/// Days whose mean the projection continues.
pub const RECENT_DAYS: u32 = 7;
/// A 1–2★ rating, when only their count is known, is taken as 1.5★ (to tell the other
/// ratings' mean from the whole mean).
const LOW_RATING_STARS: f64 = 1.5;

/// How the days to come are assumed to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assumption {
    /// Like the last 7 days in volume, with no new bad records (no bad case, no late case;
    /// averages of times stay at the last 7 days' level).
    NoNewBad,
    /// The last 7 days' rates continue as they are.
    Trend,
}

impl Assumption {
    pub fn id(self) -> &'static str {
        match self {
            Assumption::NoNewBad => "no_new_bad",
            Assumption::Trend => "trend",
        }
    }
}

/// One projected day: the window ending that day, and the bad records leaving it that day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastDay {
    #[serde(flatten)]
    pub day: Day,
    pub leaving: Vec<Leaving>,
}

/// Bad records of an indicator that stop counting on a day (their day left the window).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaving {
    pub indicator: String,
    pub records: f64,
    /// The day the records were placed on.
    pub from_date: String,
}

/// Both projections with the words that state their assumptions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Forecast {
    pub no_new_bad: Vec<ForecastDay>,
    pub trend: Vec<ForecastDay>,
    /// What each projection assumes, in both languages: `[{id, text}]`.
    pub assumptions: Vec<AssumptionText>,
    /// Why there is no projection (no per-day records), when there is none.
    pub note: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssumptionText {
    pub id: &'static str,
    pub text: Text,
}

/// The next `HORIZON` days after `last` under `assumption`. `prior` carries the indicator
/// values of the days before (for dynamic weighting), updated as days are projected.
pub fn project(
    aggregates: &DailyAggregates,
    scorer: &Scorer,
    last: i64,
    assumption: Assumption,
    prior: &mut BTreeMap<String, Vec<f64>>,
) -> Vec<ForecastDay> {
    let projected = with_days_to_come(aggregates, scorer.rule_set, last, assumption);
    let window = scorer.rule_set.window_days;
    let (from, to) = (last + 1, last + i64::from(HORIZON));
    let ends = projected.slide(window, from, to);
    let daily = projected.slide(1, from, to);
    ends.iter()
        .zip(&daily)
        .filter_map(|(sums, own)| {
            let (day, _) = scorer.day(sums, Some(own), prior, "forecast")?;
            super::remember(prior, &day);
            let left = sums.end - i64::from(window);
            let leaving = aggregates
                .bad_on(left, last, window)
                .into_iter()
                .map(|(indicator, records)| Leaving {
                    indicator,
                    records,
                    from_date: crate::rules::date_of_day_number(left),
                })
                .collect();
            Some(ForecastDay { day, leaving })
        })
        .collect()
}

/// `aggregates` with `HORIZON` days appended, each a mean of the last `RECENT_DAYS` days as
/// `assumption` has it.
fn with_days_to_come(
    aggregates: &DailyAggregates,
    rule_set: &RuleSet,
    last: i64,
    assumption: Assumption,
) -> DailyAggregates {
    let (sums, orders) = aggregates.recent_total(last, RECENT_DAYS);
    let share = 1.0 / f64::from(RECENT_DAYS);
    let mean: Vec<(String, Counts)> = sums
        .into_iter()
        .map(|(id, c)| {
            let rule = rule_set.indicators.iter().find(|r| r.id == id);
            let day = match (assumption, rule) {
                (Assumption::NoNewBad, Some(rule)) => without_bad(c, rule.unit, rule.direction),
                _ => c,
            };
            (id, day.scaled(share))
        })
        .collect();
    let mut out = aggregates.clone();
    for d in last + 1..=last + i64::from(HORIZON) {
        if orders > 0.0 {
            out.orders.insert(d, orders * share);
        }
        for (id, counts) in &mean {
            out.entries.push(Entry::on(id, d, *counts));
        }
    }
    out
}

/// A recent day's counts with its bad records taken out: a rate of bad cases has none, a
/// rate of cases done in time has every case in time, a rating keeps its ratings other than
/// 1–2★; averages of times stay as they are (there is no bad record to take out).
fn without_bad(c: Counts, unit: Unit, direction: Direction) -> Counts {
    match (unit, direction) {
        (Unit::Percent, Direction::LowerBetter) => Counts {
            numerator: 0.0,
            bad: 0.0,
            ..c
        },
        (Unit::Percent, Direction::HigherBetter) => Counts {
            numerator: c.denominator,
            bad: 0.0,
            ..c
        },
        (Unit::Stars, _) if c.denominator > c.bad && c.bad > 0.0 => {
            let others = (c.numerator - LOW_RATING_STARS * c.bad) / (c.denominator - c.bad);
            Counts {
                numerator: others.min(5.0) * c.denominator,
                bad: 0.0,
                ..c
            }
        }
        _ => Counts { bad: 0.0, ..c },
    }
}
