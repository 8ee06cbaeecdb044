//! Input this rule set does not use: ids of other rule sets (expected: one input serves every
//! rule set, like the demo shop) and ids no rule set knows (most likely typos). Nothing is
//! dropped silently, and nothing floods the page: at most one warning of each kind.

use super::context::Ctx;
use crate::messages::Warning;
use crate::rules::{self, RuleSet};
use std::collections::BTreeSet;

/// One input item this rule set does not use.
struct Unused {
    /// The input path (`events.next_day_delivery_share`), rendered as words.
    field: String,
    /// The indicator id when the item is an indicator value (listed by name).
    indicator: Option<String>,
    /// Some other rule set uses it.
    known_elsewhere: bool,
}

pub(crate) fn report_unused_input(cx: &mut Ctx) {
    let unused = collect(cx.rs, cx.input);
    let unknown: Vec<&str> = unused
        .iter()
        .filter(|u| !u.known_elsewhere)
        .map(|u| u.field.as_str())
        .collect();
    if !unknown.is_empty() {
        cx.say(Warning::of("unused_input.unknown_ids").param("fields", unknown));
    }
    let elsewhere: Vec<&Unused> = unused.iter().filter(|u| u.known_elsewhere).collect();
    // Indicators of other rule sets are named once each (a value, its band override and its
    // weight are one indicator); everything else is listed as what it is.
    let mut indicators: Vec<&str> = Vec::new();
    for id in elsewhere.iter().filter_map(|u| u.indicator.as_deref()) {
        if !indicators.contains(&id) {
            indicators.push(id);
        }
    }
    let fields: Vec<&str> = elsewhere
        .iter()
        .filter(|u| u.indicator.is_none())
        .map(|u| u.field.as_str())
        .collect();
    let key = match (indicators.is_empty(), fields.is_empty()) {
        (true, true) => return,
        (false, true) => "other_rule_set_input.indicators",
        (false, false) => "other_rule_set_input.indicators_and_fields",
        (true, false) => "other_rule_set_input.fields",
    };
    let mut warning = Warning::of(key).param("rule_set", cx.rs.id.as_str());
    if !indicators.is_empty() {
        warning = warning.param("indicators", indicators);
    }
    if !fields.is_empty() {
        warning = warning.param("fields", fields);
    }
    cx.say(warning);
}

fn collect(rs: &RuleSet, input: &crate::input::ShopInput) -> Vec<Unused> {
    let all = rules::all().unwrap_or(&[]);
    let has_indicator = |r: &RuleSet, id: &str| r.indicators.iter().any(|i| i.id == id);
    let has_dimension = |r: &RuleSet, id: &str| r.dimensions.iter().any(|d| d.id == id);
    let has_event = |r: &RuleSet, id: &str| events_of(r).contains(id);
    let mut out = Vec::new();
    let mut check = |path: String, indicator: Option<&str>, here: bool, elsewhere: bool| {
        if !here {
            out.push(Unused {
                field: path,
                indicator: indicator.filter(|_| elsewhere).map(str::to_string),
                known_elsewhere: elsewhere,
            });
        }
    };
    let indicator_paths = input
        .indicators
        .keys()
        .map(|id| (format!("indicators.{id}"), id))
        .chain(input.bands.keys().map(|id| (format!("bands.{id}"), id)))
        .chain(
            input
                .weights
                .indicators
                .keys()
                .map(|id| (format!("weights.indicators.{id}"), id)),
        );
    for (path, id) in indicator_paths {
        check(
            path,
            Some(id),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    let dimension_paths = input
        .dimensions
        .keys()
        .map(|id| (format!("dimensions.{id}"), id))
        .chain(
            input
                .weights
                .dimensions
                .keys()
                .map(|id| (format!("weights.dimensions.{id}"), id)),
        );
    for (path, id) in dimension_paths {
        check(
            path,
            None,
            has_dimension(rs, id),
            all.iter().any(|r| has_dimension(r, id)),
        );
    }
    for id in input.events.keys() {
        check(
            format!("events.{id}"),
            None,
            has_event(rs, id),
            all.iter().any(|r| has_event(r, id)),
        );
    }
    let has_category = |r: &RuleSet, id: &str| r.categories.iter().any(|c| c.id == id);
    for id in &input.categories {
        check(
            format!("categories.{id}"),
            None,
            has_category(rs, id),
            all.iter().any(|r| has_category(r, id)),
        );
    }
    out
}

/// Every event id a rule set reads: deduction and bonus events, and stage penalties.
fn events_of(r: &RuleSet) -> BTreeSet<&str> {
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
}
