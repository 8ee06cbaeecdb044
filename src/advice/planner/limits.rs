//! What bounds a plan (deductions that stay, bonuses already counted, the growth stage, caps,
//! values not given) and what the reader must know about any plan (no fake orders, windows,
//! estimates). Each is a sentence from the catalogue in both languages.

use super::target::Goal;
use crate::messages::Text;
use crate::report::words::say;
use crate::report::{Report, Stage};
use crate::rules::{RuleSet, WindowMode};
use serde_json::json;

/// Facts about the shop that limit what any plan can do, most decisive first.
pub fn limits(input: &crate::ShopInput, report: &Report, rule_set: &RuleSet) -> Vec<Text> {
    let mut out = Vec::new();
    if report.stage == Stage::NoScore {
        out.push(say("plan.limit.no_score", vec![]));
    }
    if let (Stage::Growth, Some(stage)) = (report.stage, &rule_set.stage) {
        out.push(say(
            "plan.limit.growth_stage",
            vec![
                ("score", json!(report.total)),
                ("min", json!(stage.min_orders)),
                ("orders", json!(input.valid_paid_orders_30d.unwrap_or(0.0))),
            ],
        ));
    }
    for adjustment in report.adjustments.iter().filter(|a| a.kind == "deduction") {
        out.push(say(
            "plan.limit.deduction",
            vec![
                (
                    "deduction",
                    json!({"zh": adjustment.zh, "en": adjustment.en}),
                ),
                ("points", json!(adjustment.points)),
                ("days", json!(rule_set.window_days)),
            ],
        ));
    }
    for adjustment in report.adjustments.iter().filter(|a| a.kind == "bonus") {
        out.push(say(
            "plan.limit.bonus_counted",
            vec![("bonus", json!({"zh": adjustment.zh, "en": adjustment.en}))],
        ));
    }
    let typed_dimensions: Vec<&String> = input.dimensions.keys().collect();
    if !typed_dimensions.is_empty() {
        out.push(say(
            "plan.limit.typed_dimension",
            vec![("dimensions", json!(typed_dimensions))],
        ));
    }
    let computed = |dimension: &str| !input.dimensions.contains_key(dimension);
    let missing: Vec<&str> = report
        .indicators
        .iter()
        .filter(|i| i.source == "missing" && i.weight > 0.0 && computed(&i.dimension))
        .map(|i| i.id.as_str())
        .collect();
    if !missing.is_empty() {
        out.push(say(
            "plan.limit.missing",
            vec![("indicators", json!(missing))],
        ));
    }
    let held: Vec<&str> = report
        .indicators
        .iter()
        .filter(|i| i.small_sample && computed(&i.dimension))
        .map(|i| i.id.as_str())
        .collect();
    if let (false, Some(rule)) = (held.is_empty(), &rule_set.small_sample) {
        out.push(say(
            "plan.limit.small_sample",
            vec![("indicators", json!(held)), ("score", json!(rule.score))],
        ));
    }
    out
}

/// Why the goal is out of reach even with every change at its best (`best` is that report).
pub fn shortfalls(goal: &Goal, best: Option<&Report>, rule_set: &RuleSet) -> Vec<Text> {
    if goal.needs_category() {
        return vec![say(
            "plan.limit.pick_category",
            vec![("target", json!({"zh": goal.name.zh, "en": goal.name.en}))],
        )];
    }
    let Some(need) = goal
        .total_min
        .or_else(|| goal.dimension_min.values().copied().reduce(f64::max))
    else {
        return vec![say(
            "plan.limit.unpublished",
            vec![("target", json!({"zh": goal.name.zh, "en": goal.name.en}))],
        )];
    };
    let mut out = Vec::new();
    if need > rule_set.scale.max {
        out.push(say(
            "plan.limit.scale",
            vec![("need", json!(need)), ("max", json!(rule_set.scale.max))],
        ));
        return out;
    }
    let Some(best) = best else { return out };
    if goal.total_min.is_some() && best.total.is_some_and(|t| t + 1e-6 < need) {
        out.push(say(
            "plan.limit.best_total",
            vec![("best", json!(best.total)), ("need", json!(need))],
        ));
    }
    for (dimension, need) in &goal.dimension_min {
        let reached = best
            .dimensions
            .iter()
            .find(|d| &d.id == dimension)
            .and_then(|d| d.score);
        if reached.is_none_or(|s| s + 1e-6 < *need) {
            out.push(say(
                "plan.limit.best_dimension",
                vec![
                    ("dimension", json!(dimension)),
                    ("best", json!(reached)),
                    ("need", json!(need)),
                ],
            ));
        }
    }
    if goal.formal_only && best.stage != Stage::Formal {
        out.push(say("plan.limit.formal_only", vec![]));
    }
    out
}

/// What the reader must know about any plan for this goal.
pub fn notes(goal: &Goal, rule_set: &RuleSet, estimated: bool) -> Vec<Text> {
    let mut out = vec![no_fakes(rule_set)];
    let target = json!({"zh": goal.name.zh, "en": goal.name.en});
    if let Some(window) = &goal.window {
        let key = match window.mode {
            WindowMode::Average => "plan.note.window_average",
            WindowMode::EveryDay => "plan.note.window_every_day",
            WindowMode::Streak => "plan.note.window_streak",
            WindowMode::Today => "",
        };
        if !key.is_empty() {
            out.push(say(
                key,
                vec![
                    ("target", target.clone()),
                    ("days", json!(window.days)),
                    ("average_days", json!(window.average_days)),
                ],
            ));
        }
    }
    if let Some(condition) = &goal.unchecked {
        out.push(say(
            "plan.note.unchecked",
            vec![
                ("target", target),
                ("condition", json!({"zh": condition.zh, "en": condition.en})),
            ],
        ));
    }
    out.push(say(
        "plan.note.rolling",
        vec![("days", json!(rule_set.window_days))],
    ));
    if estimated {
        out.push(say("plan.note.estimate", vec![]));
    }
    if goal.estimated {
        out.push(say("plan.note.tier_estimate", vec![]));
    }
    out
}

/// The plan never counts on fake orders or reviews; the penalty as this rule set states it.
fn no_fakes(rule_set: &RuleSet) -> Text {
    let gaming = rule_set
        .deductions
        .iter()
        .find(|d| d.events.iter().any(|e| e == "score_gaming"));
    match gaming {
        Some(d) => say(
            "plan.note.no_fakes",
            vec![("points", json!(d.per_case)), ("cap", json!(d.cap))],
        ),
        None => say("plan.note.no_fakes.generic", vec![]),
    }
}
