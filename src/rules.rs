//! Rule sets as data: the schema, the embedded JSON files, lookup by id and by date, industry weights.

use serde::Serialize;

/// One line of `shopscore rules`: what a user picks from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSetSummary {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub source: String,
    pub confidence: String,
    pub in_force_from: Option<String>,
    pub in_force_to: Option<String>,
    pub scale_min: f64,
    pub scale_max: f64,
}

/// An industry of the official weights table and the shop types it distinguishes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Industry {
    pub name: String,
    pub shop_types: Vec<String>,
}

pub fn rule_sets() -> Vec<RuleSetSummary> {
    Vec::new() // SKELETON: filled by the scoring-core work (issue 2)
}

pub fn industries() -> Vec<Industry> {
    Vec::new() // SKELETON: filled by the scoring-core work (issue 2)
}
