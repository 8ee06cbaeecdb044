//! What the fits read: one day of the back end's figures (`Observation`), and the rounding of
//! each column, inferred from the figures themselves (`Rounding`).

use crate::rules::{BonusRule, RuleSet};
use crate::sorting::CollectMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One day of the back end's figures as the user recorded them; every figure is optional.
/// Built from a readings table row (typed, pasted or dropped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Observation {
    /// The file the row came from, if any (for messages).
    pub file: Option<String>,
    /// The row as the user sees it in the table (for messages).
    pub row: u64,
    /// `YYYY-MM-DD`, China Standard Time: the day the back end showed these figures.
    pub date: String,
    /// 体验分 (the total).
    pub total: Option<f64>,
    /// 加分: bonus points as the page shows them (positive).
    pub bonus: Option<f64>,
    /// 扣分: deduction points (either sign is read as a deduction).
    pub deduction: Option<f64>,
    /// Dimension id → dimension score.
    pub dimensions: BTreeMap<String, f64>,
    /// Indicator id → the value as the back end shows it (0.39 for 0.39 %).
    pub indicator_values: BTreeMap<String, f64>,
    /// Indicator id → its score (2026-05/07: a band score 50–100).
    pub indicator_scores: BTreeMap<String, f64>,
}

impl Observation {
    /// The deduction as points taken off (a page may show it as −3 or as 3).
    pub fn deduction_points(&self) -> f64 {
        self.deduction.map_or(0.0, f64::abs)
    }

    /// Points added to the total itself. Where every bonus of the rule set goes into one
    /// dimension (2026-05/07: remote-area logistics → 物流体验 +3), the page's 加分 is already
    /// inside that dimension's score and adds nothing to the total.
    pub fn total_bonus(&self, rs: &RuleSet) -> f64 {
        match bonus_dimension(rs) {
            Some(_) => 0.0,
            None => self.bonus.unwrap_or(0.0),
        }
    }

    /// Points of 加分 inside the score of `dimension` (see `total_bonus`).
    pub fn dimension_bonus(&self, rs: &RuleSet, dimension: &str) -> f64 {
        match bonus_dimension(rs) {
            Some(d) if d == dimension => self.bonus.unwrap_or(0.0),
            _ => 0.0,
        }
    }
}

/// The one dimension every bonus of the rule set goes to, if they all go to the same one.
fn bonus_dimension(rs: &RuleSet) -> Option<&str> {
    let first = rs.bonuses.first()?.dimension.as_deref()?;
    rs.bonuses
        .iter()
        .all(|b: &BonusRule| b.dimension.as_deref() == Some(first))
        .then_some(first)
}

/// The step each column of the readings is rounded to. Scores default to two decimals (the
/// back end's rounding), finer where a figure carries more decimals; a column of whole numbers
/// may instead have been shown rounded to whole points (`whole_points`), which `calibrate`
/// tries when two decimals leave readings contradicting each other. Indicator values are
/// taken to the most decimals any of them shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rounding {
    pub total: f64,
    pub dimensions: BTreeMap<String, f64>,
    pub indicator_scores: BTreeMap<String, f64>,
    pub indicator_values: BTreeMap<String, f64>,
}

/// The back end's rounding of scores when nothing says otherwise: two decimals.
pub const DEFAULT_STEP: f64 = 0.01;
/// Fewer figures than this cannot tell whole-point rounding from chance.
const MIN_FIGURES_TO_INFER: usize = 3;
/// Finest rounding considered (a figure with more decimals is taken to this step).
const MAX_DECIMALS: i32 = 6;

/// A per-id column of the readings.
type Column = fn(&Observation) -> &BTreeMap<String, f64>;

fn dimensions_of(o: &Observation) -> &BTreeMap<String, f64> {
    &o.dimensions
}

fn scores_of(o: &Observation) -> &BTreeMap<String, f64> {
    &o.indicator_scores
}

fn values_of(o: &Observation) -> &BTreeMap<String, f64> {
    &o.indicator_values
}

impl Rounding {
    /// The finest rounding the figures allow: two decimals, or finer where they show more.
    pub fn finest(readings: &[Observation]) -> Rounding {
        let score_step = |figures: Vec<f64>| step_of(&figures).min(DEFAULT_STEP);
        let value_step = |figures: Vec<f64>| step_of(&figures);
        Rounding {
            total: score_step(readings.iter().filter_map(|o| o.total).collect()),
            dimensions: by_id(readings, dimensions_of, &score_step),
            indicator_scores: by_id(readings, scores_of, &score_step),
            indicator_values: by_id(readings, values_of, &value_step),
        }
    }

    /// `self` with every score column made only of whole numbers (three or more) taken as
    /// rounded to whole points; `None` when there is no such column.
    pub fn whole_points(&self, readings: &[Observation]) -> Option<Rounding> {
        let whole = |figures: Vec<f64>| {
            figures.len() >= MIN_FIGURES_TO_INFER && figures.iter().all(|x| decimals_of(*x) == 0)
        };
        let mut coarse = self.clone();
        if whole(readings.iter().filter_map(|o| o.total).collect()) {
            coarse.total = 1.0;
        }
        let columns: [(Column, &mut BTreeMap<String, f64>); 2] = [
            (dimensions_of, &mut coarse.dimensions),
            (scores_of, &mut coarse.indicator_scores),
        ];
        for (pick, steps) in columns {
            for (id, step) in steps.iter_mut() {
                if whole(
                    readings
                        .iter()
                        .filter_map(|o| pick(o).get(id).copied())
                        .collect(),
                ) {
                    *step = 1.0;
                }
            }
        }
        (coarse != *self).then_some(coarse)
    }

    /// Half the step: how far the true figure may lie from the one shown.
    pub fn total_half(&self) -> f64 {
        self.total / 2.0
    }

    pub fn dimension_half(&self, id: &str) -> f64 {
        self.dimensions.get(id).copied().unwrap_or(DEFAULT_STEP) / 2.0
    }

    pub fn score_half(&self, id: &str) -> f64 {
        self.indicator_scores
            .get(id)
            .copied()
            .unwrap_or(DEFAULT_STEP)
            / 2.0
    }

    pub fn value_step(&self, id: &str) -> f64 {
        self.indicator_values
            .get(id)
            .copied()
            .unwrap_or(DEFAULT_STEP)
    }
}

/// Column id → step, for a per-id column of the readings.
fn by_id(
    readings: &[Observation],
    pick: Column,
    step: &dyn Fn(Vec<f64>) -> f64,
) -> BTreeMap<String, f64> {
    let mut ids: Vec<&String> = readings.iter().flat_map(|o| pick(o).keys()).collect();
    crate::sorting::sort_dedup(&mut ids);
    ids.into_iter()
        .map(|id| {
            let figures = readings.iter().filter_map(|o| pick(o).get(id).copied());
            (id.clone(), step(figures.collect()))
        })
        .collect_map()
}

/// 10^-d for the most decimals any figure shows.
fn step_of(figures: &[f64]) -> f64 {
    let decimals = figures.iter().map(|x| decimals_of(*x)).max().unwrap_or(2);
    10f64.powi(-decimals)
}

/// How many decimals `x` is written with (0 for 84, 2 for 84.35), up to `MAX_DECIMALS`.
pub fn decimals_of(x: f64) -> i32 {
    (0..MAX_DECIMALS)
        .find(|d| {
            let scaled = x * 10f64.powi(*d);
            (scaled - scaled.round()).abs() < 1e-9 * (1.0 + scaled.abs())
        })
        .unwrap_or(MAX_DECIMALS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_counted_as_written() {
        assert_eq!(decimals_of(84.0), 0);
        assert_eq!(decimals_of(84.3), 1);
        assert_eq!(decimals_of(84.35), 2);
        assert_eq!(decimals_of(4.731), 3);
        assert_eq!(decimals_of(0.1 + 0.2), 1);
    }

    fn totals(figures: &[f64]) -> Vec<Observation> {
        figures
            .iter()
            .map(|t| Observation {
                total: Some(*t),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn scores_are_two_decimals_unless_whole_points_are_asked_for() {
        let whole = totals(&[84.0, 85.0, 83.0]);
        let finest = Rounding::finest(&whole);
        assert_eq!(finest.total, 0.01);
        assert_eq!(finest.whole_points(&whole).unwrap().total, 1.0);
        let two = totals(&[84.0, 85.0]);
        assert!(Rounding::finest(&two).whole_points(&two).is_none());
        let mixed = totals(&[84.0, 85.25, 83.0]);
        assert!(Rounding::finest(&mixed).whole_points(&mixed).is_none());
        assert_eq!(Rounding::finest(&totals(&[84.125])).total, 0.001);
    }
}
