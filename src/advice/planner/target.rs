//! What a plan aims at: a total, a traffic tier or an eligibility row, as the scores it needs
//! today. An eligibility row is judged by the scorer's own evaluator on today's scores (its
//! window, if longer, is said in the plan's notes).

use crate::error::{Error, ErrorCode};
use crate::messages::{render, template, Text};
use crate::report::Report;
use crate::rules::{
    Condition, EligibilityKind, EligibilityRule, GrowthDays, Op, RuleSet, Window, WindowMode,
};
use crate::scoring::eligibility::{evaluate, DayScores};
use crate::ShopInput;
use serde::Serialize;
use std::collections::BTreeMap;

/// The target as the user names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A total on the rule set's own scale.
    Total(f64),
    /// A traffic tier id of the rule set (`preferred` …).
    Tier(String),
    /// An eligibility row id of the rule set (`selected_alliance`, `official_campaigns` …).
    Eligibility(String),
}

impl Target {
    /// `80`, a tier id or name, or an eligibility id or name of `rule_set`. Anything else is a
    /// `bad_input` naming the target and what it could be.
    pub fn parse(text: &str, rule_set: &RuleSet) -> Result<Target, Error> {
        let wanted = text.trim();
        if let Ok(total) = wanted.parse::<f64>() {
            if !total.is_finite() || total < 0.0 {
                return Err(Error::field(
                    ErrorCode::BadInput,
                    "target",
                    format!("目标分数 {wanted} 不是有效分数 | the target score {wanted} is not a usable score"),
                ));
            }
            return Ok(Target::Total(total));
        }
        let same = |id: &str, zh: &str, en: &str| {
            id.eq_ignore_ascii_case(wanted) || zh == wanted || en.eq_ignore_ascii_case(wanted)
        };
        if let Some(tier) = rule_set.tiers.iter().find(|t| same(&t.id, &t.zh, &t.en)) {
            return Ok(Target::Tier(tier.id.clone()));
        }
        if let Some(rule) = rule_set
            .eligibility
            .iter()
            .find(|e| same(&e.id, &e.zh, &e.en))
        {
            return Ok(Target::Eligibility(rule.id.clone()));
        }
        let tiers: Vec<String> = rule_set
            .tiers
            .iter()
            .map(|t| format!("{} ({})", t.id, t.zh))
            .collect();
        let mut rows: Vec<String> = rule_set
            .eligibility
            .iter()
            .map(|e| format!("{} ({})", e.id, e.zh))
            .collect();
        rows.dedup();
        Err(Error::field(
            ErrorCode::BadInput,
            "target",
            format!(
                "目标 {wanted:?} 既不是分数，也不是本规则版本的流量层级或权益 | the target {wanted:?} is neither a score nor a tier or eligibility row of {}; tiers: {}; eligibility: {}",
                rule_set.id,
                tiers.join(", "),
                rows.join(", ")
            ),
        ))
    }
}

/// A target turned into the scores it needs today, for one rule set and shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// `total`, `tier` or `eligibility`.
    pub kind: &'static str,
    /// The tier or eligibility id; null for a plain total.
    pub id: Option<String>,
    /// What the target is called, in both languages.
    pub name: Text,
    /// The total needed today (null: the threshold is not published, or none is set).
    pub total_min: Option<f64>,
    /// Dimension id → the score it needs today.
    pub dimension_min: BTreeMap<String, f64>,
    /// Only formal-stage scores count.
    pub formal_only: bool,
    /// The days the row reads, when more than today.
    pub window: Option<Window>,
    /// A condition the tool cannot check (fans …), in both languages.
    pub unchecked: Option<Text>,
    /// The threshold rests on unpublished numbers (traffic tiers).
    pub estimated: bool,
    /// False when the shop must pick a category before the row can be planned for.
    pub plannable: bool,
    /// The row with every window set to today, judged by the scorer's evaluator.
    #[serde(skip)]
    today: Option<TodayRow>,
}

#[derive(Debug, Clone, PartialEq)]
struct TodayRow {
    rule_set: String,
    rule: EligibilityRule,
    categories: Vec<String>,
}

/// Tolerance for scores reported to 0.01.
const EPS: f64 = 1e-6;
/// The step of a strict comparison (`> 75` needs 75.01: scores are reported to 0.01).
const STRICT: f64 = 0.01;

impl Goal {
    pub fn of(target: &Target, rule_set: &RuleSet, input: &ShopInput) -> Result<Goal, Error> {
        match target {
            Target::Total(total) => Ok(Goal::total(*total)),
            Target::Tier(id) => {
                let tier = rule_set
                    .tiers
                    .iter()
                    .find(|t| &t.id == id)
                    .ok_or_else(|| unknown(id, rule_set))?;
                Ok(Goal {
                    kind: "tier",
                    id: Some(id.clone()),
                    name: Text::new(&tier.zh, &tier.en),
                    estimated: tier.estimated,
                    ..Goal::total(tier.min)
                })
            }
            Target::Eligibility(id) => {
                let rows = crate::scoring::eligibility::rows_for(
                    rule_set,
                    input.industry.as_deref(),
                    &input.categories,
                    input.as_of.as_deref(),
                );
                let rule = rows
                    .into_iter()
                    .find(|e| &e.id == id)
                    .or_else(|| rule_set.eligibility.iter().find(|e| &e.id == id))
                    .ok_or_else(|| unknown(id, rule_set))?;
                Ok(eligibility_goal(rule, rule_set, input))
            }
        }
    }

    fn total(total: f64) -> Goal {
        Goal {
            kind: "total",
            id: None,
            name: render(
                "plan.target.total",
                &[("total".to_string(), serde_json::json!(total))].into(),
            ),
            total_min: Some(total),
            dimension_min: BTreeMap::new(),
            formal_only: false,
            window: None,
            unchecked: None,
            estimated: false,
            plannable: true,
            today: None,
        }
    }

    /// True for a published row whose lines differ by category when the shop has not picked one.
    pub fn needs_category(&self) -> bool {
        !self.plannable && self.today.is_some()
    }

    /// True when `report` meets the goal today.
    pub fn met_by(&self, report: &Report) -> bool {
        if !self.plannable {
            return false;
        }
        if let Some(row) = &self.today {
            return row.met_by(report);
        }
        let Some(min) = self.total_min else {
            return false;
        };
        report.total.is_some_and(|t| t + EPS >= min)
            && self
                .dimension_min
                .iter()
                .all(|(id, need)| dimension_score(report, id).is_some_and(|s| s + EPS >= *need))
    }

    /// How far `report` is from the goal, in points (0 when met): the largest shortfall of the
    /// total and of each dimension. Used to pick the change that helps most.
    pub fn shortfall(&self, report: &Report) -> f64 {
        let total = match (self.total_min, report.total) {
            (Some(min), Some(t)) => (min - t).max(0.0),
            (None, _) => 0.0,
            (Some(_), None) => f64::INFINITY,
        };
        self.dimension_min
            .iter()
            .map(|(id, need)| {
                dimension_score(report, id).map_or(f64::INFINITY, |s| (need - s).max(0.0))
            })
            .fold(total, f64::max)
    }
}

impl TodayRow {
    fn met_by(&self, report: &Report) -> bool {
        let Ok(rule_set) = crate::rules::rule_set_detail(&self.rule_set) else {
            return false;
        };
        let today = DayScores::of(report, None);
        let judged = evaluate(rule_set, &self.rule, &self.categories, &[today]);
        match self.rule.kind {
            EligibilityKind::Risk => judged.at_risk == Some(false),
            _ => judged.ok == Some(true),
        }
    }
}

fn dimension_score(report: &Report, id: &str) -> Option<f64> {
    report
        .dimensions
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.score)
}

/// An eligibility row as a goal: the conditions that apply to the shop (its category's
/// variant, if any) read as minimums for today's scores; an unlock needs each to hold, a risk
/// is avoided when none holds.
fn eligibility_goal(rule: &EligibilityRule, rule_set: &RuleSet, input: &ShopInput) -> Goal {
    let date = input.as_of.as_deref();
    let variant = rule
        .variants
        .iter()
        .find(|v| input.categories.contains(&v.category))
        .filter(|v| match (&v.in_force_from, date) {
            (Some(from), Some(d)) => d >= from.as_str(),
            _ => true,
        });
    let conditions: &[Condition] = variant.map_or(&rule.conditions, |v| &v.conditions);
    let mut total_min = None;
    let mut dimension_min = BTreeMap::new();
    for c in conditions {
        let Some(min) = minimum(c, rule.kind) else {
            continue;
        };
        if c.score == "total" {
            total_min = Some(total_min.map_or(min, |m: f64| m.max(min)));
        } else {
            let entry = dimension_min.entry(c.score.clone()).or_insert(min);
            *entry = f64::max(*entry, min);
        }
    }
    let widest = conditions
        .iter()
        .map(|c| c.window.unwrap_or(rule.window))
        .chain(std::iter::once(rule.window))
        .filter(|w| w.mode != WindowMode::Today)
        .max_by_key(|w| w.days_needed());
    let unchecked = rule
        .unchecked
        .as_ref()
        .and_then(|key| template(&format!("eligibility.unchecked.{key}")));
    let mut today = rule.clone();
    today.window = Window::default();
    today.unchecked = None;
    for c in today.conditions.iter_mut() {
        c.window = None;
    }
    for v in today.variants.iter_mut() {
        for c in v.conditions.iter_mut() {
            c.window = None;
        }
    }
    let published = rule.kind != EligibilityKind::Unpublished;
    Goal {
        kind: "eligibility",
        id: Some(rule.id.clone()),
        name: Text::new(&rule.zh, &rule.en),
        total_min: if published { total_min } else { None },
        dimension_min,
        formal_only: rule.growth == GrowthDays::Excluded,
        window: widest,
        unchecked,
        estimated: false,
        plannable: published && !conditions.is_empty(),
        today: published.then(|| TodayRow {
            rule_set: rule_set.id.clone(),
            rule: today,
            categories: input.categories.clone(),
        }),
    }
}

/// The least score that meets (unlock) or avoids (risk) a condition; None when the condition
/// is not a floor (an unlock row capped from above, which no plan aims at).
fn minimum(c: &Condition, kind: EligibilityKind) -> Option<f64> {
    match (kind, c.op) {
        (EligibilityKind::Risk, Op::Below) | (EligibilityKind::Unlock, Op::AtLeast) => {
            Some(c.value)
        }
        (EligibilityKind::Risk, Op::AtMost) | (EligibilityKind::Unlock, Op::Above) => {
            Some(c.value + STRICT)
        }
        _ => None,
    }
}

fn unknown(id: &str, rule_set: &RuleSet) -> Error {
    Error::field(
        ErrorCode::BadInput,
        "target",
        format!(
            "规则版本 {} 中没有目标 {id:?} | rule set {} has no target {id:?}",
            rule_set.id, rule_set.id
        ),
    )
}
