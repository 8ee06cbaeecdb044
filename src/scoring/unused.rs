//! Input this rule set does not use: ids of other rule sets (expected: one input serves every
//! rule set) and ids no rule set knows (most likely typos). Nothing is dropped silently.

use super::context::Ctx;
use crate::rules::{self, RuleSet};
use std::collections::BTreeSet;

/// Warn about input this rule set does not use (nothing is dropped silently).
pub(crate) fn report_unused_input(cx: &mut Ctx) {
    let rs = cx.rs;
    let events_of = |r: &'static RuleSet| -> BTreeSet<&'static str> {
        r.deductions
            .iter()
            .flat_map(|d| d.events.iter().map(String::as_str))
            .chain(r.bonuses.iter().map(|b| b.event.as_str()))
            .chain(
                r.stage
                    .iter()
                    .flat_map(|s| s.penalising_events.iter().map(String::as_str)),
            )
            .collect()
    };
    let all = rules::all().unwrap_or(&[]);
    let has_indicator = |r: &RuleSet, id: &str| r.indicators.iter().any(|i| i.id == id);
    let has_dimension = |r: &RuleSet, id: &str| r.dimensions.iter().any(|d| d.id == id);
    let here_events = events_of(rs);
    // (path, used here, known to another rule set)
    let mut unused: Vec<(String, bool)> = Vec::new();
    let mut check = |path: String, here: bool, elsewhere: bool| {
        if !here {
            unused.push((path, elsewhere));
        }
    };
    for id in cx.input.indicators.keys() {
        check(
            format!("indicators.{id}"),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    for id in cx.input.bands.keys() {
        check(
            format!("bands.{id}"),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    for id in cx.input.weights.indicators.keys() {
        check(
            format!("weights.indicators.{id}"),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    for id in cx.input.dimensions.keys() {
        check(
            format!("dimensions.{id}"),
            has_dimension(rs, id),
            all.iter().any(|r| has_dimension(r, id)),
        );
    }
    for id in cx.input.weights.dimensions.keys() {
        check(
            format!("weights.dimensions.{id}"),
            has_dimension(rs, id),
            all.iter().any(|r| has_dimension(r, id)),
        );
    }
    for id in cx.input.events.keys() {
        check(
            format!("events.{id}"),
            here_events.contains(id.as_str()),
            all.iter().any(|r| events_of(r).contains(id.as_str())),
        );
    }
    // Ids of other rule sets are expected (one input serves every rule set); unknown ids are
    // most likely typos and get their own code so they stand out.
    let other: Vec<&str> = unused
        .iter()
        .filter(|u| u.1)
        .map(|u| u.0.as_str())
        .collect();
    let unknown: Vec<&str> = unused
        .iter()
        .filter(|u| !u.1)
        .map(|u| u.0.as_str())
        .collect();
    if !unknown.is_empty() {
        cx.warn(
            "unused_input",
            format!(
                "没有任何规则使用这些字段（拼写错误？），已忽略：{} | not used by any rule set (a typo?), ignored",
                unknown.join(", ")
            ),
        );
    }
    if !other.is_empty() {
        cx.warn(
            "other_rule_set_input",
            format!(
                "这些字段属于其他规则版本，{} 不使用：{} | these belong to other rule sets; {} does not use them",
                rs.id,
                other.join(", "),
                rs.id
            ),
        );
    }
}
