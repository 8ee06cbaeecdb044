//! The report: everything the page, the CLI and the tests read about one scored shop.
//! Field names are the documented report JSON (README "Report format"); `None` serialises as null.

use crate::messages::Text;
pub mod calibration;
pub mod words;

use crate::messages::Warning;
use crate::rules::{Confidence, Direction, EligibilityKind, Unit, Window};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Id of the rule set used.
    pub rule_set: String,
    pub rule_set_info: RuleSetInfo,
    pub stage: Stage,
    /// Total on the rule set's own scale; null when `stage` is `no_score`.
    pub total: Option<f64>,
    pub scale: Scale,
    /// The days the scores are about.
    #[serde(default)]
    pub window: ReportWindow,
    /// Valid paid orders in the window, when known.
    #[serde(default)]
    pub valid_paid_orders: Option<f64>,
    /// How much of what the total rests on is known.
    #[serde(default)]
    pub coverage: Coverage,
    /// The score and stars consumers see; null when nothing is shown (see `consumer_note`).
    pub consumer: Option<Consumer>,
    /// Why `consumer` is null (growth stage, no score, no consumer display in this rule set).
    #[serde(default)]
    pub consumer_note: Option<Text>,
    /// Traffic-weight tier; null where the rule set defines none.
    pub tier: Option<Tier>,
    pub dimensions: Vec<DimensionScore>,
    pub indicators: Vec<IndicatorScore>,
    pub adjustments: Vec<Adjustment>,
    pub eligibility: Vec<Eligibility>,
    pub advice: Vec<Advice>,
    pub warnings: Vec<Warning>,
    /// What in this report rests on unpublished numbers (shown as "estimate" in the UI).
    pub estimates: Vec<String>,
    /// Where the numbers came from when files were read (null for typed input only).
    pub inputs: Option<serde_json::Value>,
    /// Bad records behind each indicator when files were read (null for typed input only).
    pub drilldown: Option<serde_json::Value>,
    /// The calibration this report used (numbers learnt from the shop's own readings), with
    /// the evidence of each part used; null when none was given or it did not apply.
    #[serde(default)]
    pub calibration: Option<calibration::CalibrationUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSetInfo {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The documents it is built from, by name and date.
    pub source: Text,
    /// Built from a draft (公示稿), not the final text in force.
    #[serde(default)]
    pub draft: bool,
    pub confidence: Confidence,
}

/// The days a report is about: `days` ending on `to` (the data end date), when known.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportWindow {
    pub days: u32,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// How complete the input is: the indicators the total rests on that are known, overall and by
/// dimension (a typed dimension score counts as all its indicators known), and where to get
/// each missing one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub indicators_known: usize,
    pub indicators_needed: usize,
    pub complete: bool,
    pub dimensions: Vec<DimensionCoverage>,
    pub missing: Vec<MissingIndicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionCoverage {
    pub id: String,
    pub known: usize,
    pub needed: usize,
}

/// An indicator the total needs and does not have, and where to get it, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingIndicator {
    pub indicator: String,
    pub how: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Formal,
    Growth,
    NoScore,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Consumer {
    pub score: f64,
    pub stars: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The tier's threshold is not published (traffic tiers of the official sets).
    #[serde(default)]
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub score: Option<f64>,
    /// Weight in percent after overrides and dynamic weighting.
    pub weight: f64,
    /// score × weight / 100: the points this dimension puts into the total.
    pub contribution: Option<f64>,
    /// `input` (typed dimension score), `indicators` (computed), `calibration` (from the
    /// calibrated value → score mapping) or `missing`.
    pub source: String,
    pub estimated: bool,
    /// Its weight or its score comes from a calibration (see the report's `calibration`).
    #[serde(default)]
    pub calibrated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    pub id: String,
    pub dimension: String,
    pub zh: String,
    pub en: String,
    pub value: Option<f64>,
    pub unit: Unit,
    pub direction: Direction,
    pub score: Option<f64>,
    /// Weight in percent inside its dimension.
    pub weight: f64,
    /// Points of the total this indicator carries (score × weight × dimension weight).
    pub contribution: Option<f64>,
    pub next_band: Option<NextBand>,
    /// The best band (score and the value that reaches it); null when already there or unknown.
    pub best_band: Option<NextBand>,
    pub small_sample: bool,
    pub estimated: bool,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// `score` (typed score), `value` (mapped from a value), `records` (recomputed) or `missing`.
    pub source: String,
    /// Its weight or its band thresholds come from a calibration (see the report's `calibration`).
    #[serde(default)]
    pub calibrated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NextBand {
    pub score: f64,
    pub threshold: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// `deduction` or `bonus`.
    pub kind: String,
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Signed points applied (negative for deductions), after caps.
    pub points: f64,
    /// True when a 30-day cap cut the raw amount.
    pub capped: bool,
    /// Dimension the points go to, or null for the total.
    pub dimension: Option<String>,
}

/// One eligibility row judged for this shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eligibility {
    pub id: String,
    pub name: Text,
    pub kind: EligibilityKind,
    /// For an `unlock` row: met or not; null when it cannot be told (no score, a window
    /// without history, an unchecked condition, a category to pick). Null for `risk` rows.
    pub ok: Option<bool>,
    /// For a `risk` row: at risk or not; null when it cannot be told. Null for `unlock` rows.
    pub at_risk: Option<bool>,
    /// Each condition with the shop's value, and the row's remarks.
    pub detail: Text,
    /// Why the answer is unknown (null when it is known).
    pub reason: Option<Text>,
    /// The days the row reads.
    pub window: Window,
    /// The documents the row comes from, by name and date.
    pub source: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    pub indicator: String,
    /// Total points gained by reaching the next band (re-scored).
    pub gain: f64,
    /// Total points gained by reaching the best band (re-scored).
    pub gain_best: f64,
    pub target_next: Option<f64>,
    pub target_best: Option<f64>,
    /// Concrete steps, and notes on how the gain was priced (growth stage, estimate).
    pub actions: Vec<Text>,
    /// The documents the steps come from, by name and date.
    pub source: Text,
}
