//! Eligibility over time: every row of the rule set judged on each day's series (its own
//! window: N-day average, every day of N, streak of averages, formal stage only), by the
//! scorer's evaluator; the days an answer changed and the day the forecast says it will.

use super::history::Day;
use crate::messages::Text;
use crate::rules::{EligibilityKind, RuleSet, Window};
use crate::scoring::eligibility::{eligibility_over, DayScores};
use crate::ShopInput;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row over the days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowOverTime {
    pub id: String,
    pub name: Text,
    pub kind: EligibilityKind,
    /// Fine on the last day of data: an unlock met, a risk not incurred (null: cannot tell).
    pub ok_now: Option<bool>,
    /// For a risk row: at risk on the last day of data.
    pub at_risk_now: Option<bool>,
    /// Fine on each day of `dates` (history, then the forecast without new bad records).
    pub days: Vec<Option<bool>>,
    /// The days the answer changed (gained or lost), forecast ones flagged.
    pub changes: Vec<RowChange>,
    pub window: Window,
    pub source: Text,
    /// Why today's answer is unknown, when it is.
    pub reason: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    pub date: String,
    pub ok: bool,
    pub forecast: bool,
}

/// Judge every row on `history` followed by `forecast` (both oldest first). `last` is the
/// index of the last day of data in that joined list.
pub fn over_time(
    rule_set: &RuleSet,
    typed: &ShopInput,
    days: &[&Day],
    history_len: usize,
) -> Vec<RowOverTime> {
    let series: Vec<DayScores> = days
        .iter()
        .map(|d| DayScores {
            date: Some(d.date.clone()),
            stage: d.stage,
            total: d.total,
            dimensions: d.dimensions.clone(),
        })
        .collect();
    let industry = typed.industry.as_deref();
    let categories = &typed.categories;
    let mut rows: Vec<RowOverTime> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (i, _) in series.iter().enumerate() {
        for judged in eligibility_over(rule_set, industry, categories, &series[..=i]) {
            let fine = match judged.kind {
                EligibilityKind::Risk => judged.at_risk.map(|r| !r),
                _ => judged.ok,
            };
            let position = *index.entry(judged.id.clone()).or_insert_with(|| {
                rows.push(RowOverTime {
                    id: judged.id.clone(),
                    name: judged.name.clone(),
                    kind: judged.kind,
                    ok_now: None,
                    at_risk_now: None,
                    days: vec![None; series.len()],
                    changes: Vec::new(),
                    window: judged.window,
                    source: judged.source.clone(),
                    reason: None,
                });
                rows.len() - 1
            });
            let row = &mut rows[position];
            row.days[i] = fine;
            if i + 1 == history_len {
                row.ok_now = fine;
                row.at_risk_now = judged.at_risk;
                row.reason = judged.reason.clone();
            }
        }
    }
    for row in &mut rows {
        let mut previous: Option<bool> = None;
        for (i, answer) in row.days.iter().enumerate() {
            let Some(now) = *answer else { continue };
            if previous.is_some_and(|p| p != now) {
                row.changes.push(RowChange {
                    date: days[i].date.clone(),
                    ok: now,
                    forecast: i >= history_len,
                });
            }
            previous = Some(now);
        }
    }
    rows
}
