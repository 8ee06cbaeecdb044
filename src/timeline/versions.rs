//! Rule versions side by side over time: the same days scored under every rule set in force on
//! one of them, the line of the set in force each day, and each switch explained (the same
//! data under the old and the new rules).

use super::aggregates::DailyAggregates;
use super::history::Scorer;
use crate::messages::{render, Text};
use crate::rules::{self, RuleSet};
use crate::ShopInput;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Versions {
    /// Each rule set in force on some day shown, scored on every day.
    pub series: Vec<VersionSeries>,
    /// The rule set in force on each day, with its total: a step where the rules changed.
    pub in_force: Vec<InForceDay>,
    pub switches: Vec<Switch>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionSeries {
    pub rule_set: String,
    pub name: Text,
    pub days: Vec<DayTotal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTotal {
    pub date: String,
    pub total: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InForceDay {
    pub date: String,
    pub rule_set: String,
    pub total: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Switch {
    pub date: String,
    pub from: String,
    pub to: String,
    /// The day's data under the old rules and under the new ones.
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub text: Text,
}

/// Score `first..=last` under every rule set in force on one of those days.
pub fn versions(
    aggregates: &DailyAggregates,
    typed: &ShopInput,
    first: i64,
    last: i64,
) -> Versions {
    let in_force_on: Vec<(i64, &'static RuleSet)> = (first..=last)
        .filter_map(|d| {
            let date = rules::date_of_day_number(d);
            rules::select(None, Some(&date))
                .ok()
                .filter(|(_, guessed)| !guessed)
                .map(|(rs, _)| (d, rs))
        })
        .collect();
    let mut sets: Vec<&'static RuleSet> = Vec::new();
    for (_, rs) in &in_force_on {
        if !sets.iter().any(|s| s.id == rs.id) {
            sets.push(rs);
        }
    }
    let mut totals: BTreeMap<(String, i64), Option<f64>> = BTreeMap::new();
    let series = sets
        .iter()
        .map(|rs| {
            let scorer = Scorer {
                typed,
                rule_set: rs,
            };
            let mut prior = BTreeMap::new();
            let days = aggregates
                .slide(rs.window_days, first, last)
                .iter()
                .map(|sums| {
                    let total = scorer
                        .day(sums, None, &prior, "records")
                        .map(|(day, _)| {
                            super::remember(&mut prior, &day);
                            day.total
                        })
                        .unwrap_or(None);
                    totals.insert((rs.id.clone(), sums.end), total);
                    DayTotal {
                        date: rules::date_of_day_number(sums.end),
                        total,
                    }
                })
                .collect();
            VersionSeries {
                rule_set: rs.id.clone(),
                name: Text::new(&rs.zh, &rs.en),
                days,
            }
        })
        .collect();
    let in_force: Vec<InForceDay> = in_force_on
        .iter()
        .map(|(d, rs)| InForceDay {
            date: rules::date_of_day_number(*d),
            rule_set: rs.id.clone(),
            total: totals.get(&(rs.id.clone(), *d)).copied().flatten(),
        })
        .collect();
    let switches = in_force_on
        .windows(2)
        .filter(|w| w[0].1.id != w[1].1.id)
        .map(|w| {
            let (day, from, to) = (w[1].0, w[0].1, w[1].1);
            let before = totals.get(&(from.id.clone(), day)).copied().flatten();
            let after = totals.get(&(to.id.clone(), day)).copied().flatten();
            let date = rules::date_of_day_number(day);
            Switch {
                text: render(
                    "timeline.switch",
                    &[
                        ("date".to_string(), json!(date)),
                        ("from".to_string(), json!({"zh": from.zh, "en": from.en})),
                        ("to".to_string(), json!({"zh": to.zh, "en": to.en})),
                        ("before".to_string(), json!(before)),
                        ("after".to_string(), json!(after)),
                    ]
                    .into(),
                ),
                date,
                from: from.id.clone(),
                to: to.id.clone(),
                before,
                after,
            }
        })
        .collect();
    Versions {
        series,
        in_force,
        switches,
    }
}
