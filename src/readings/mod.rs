//! Readings: what the back end's 体验分 pages showed on a day, read from the text a user copies
//! (select all, copy) from the overview, the per-dimension tabs or the home-page card.
//!
//! `read(text, rule_set)` returns a `Reading`: the date, the total, dimension scores, indicator
//! values (in the rule set's units) and scores, bonus and deduction points and deduction
//! events, plus what it took and what it left, each as a sentence in both languages. It never
//! fails on the text: anything it cannot place is listed in `left`, never guessed, never zero.
//! `Reading` is the one type for "what the back end showed on a day" (the page's paste box and
//! calibration both use it).

mod reader;
mod text;
mod vocabulary;

use crate::messages::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use reader::read;
/// The page's words and character folding, for the readings table's headers (`calibration`).
pub(crate) use text::fold;
pub(crate) use vocabulary::{vocabulary, Meaning, Piece, Unit as WrittenUnit};

/// What the back end showed, as read from pasted text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The page's update date (`更新时间`), `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The update time of day, `HH:MM:SS` or `HH:MM`.
    pub time: Option<String>,
    /// Which page the text looks like it came from.
    pub layout: Layout,
    /// The rule set the values were converted for (its units, its indicators).
    pub rule_set: Option<String>,
    pub total: Option<f64>,
    /// Dimension id → score.
    pub dimensions: BTreeMap<String, f64>,
    /// Dimension id → weight in percent, where the page shows one.
    pub dimension_weights: BTreeMap<String, f64>,
    /// Indicator id → what the page showed for it.
    pub indicators: BTreeMap<String, IndicatorReading>,
    /// 加分项: the bonus points in total.
    pub bonus_points: Option<f64>,
    /// 扣分项 / 差行为扣分: the points deducted in total (a positive number).
    pub deduction_points: Option<f64>,
    /// Deduction event id → number of cases.
    pub events: BTreeMap<String, f64>,
    /// What was read, one line each, in the order of the text.
    pub took: Vec<Note>,
    /// What looked like data and was not used, with why.
    pub left: Vec<Note>,
}

/// One indicator as the page showed it: its value in the rule set's unit, the indicator score
/// (the per-dimension tabs show it), the weight where shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReading {
    pub value: Option<f64>,
    pub score: Option<f64>,
    pub weight: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// 体验分概览 (2026-09): one run of label–value pairs.
    Overview,
    /// The older per-dimension tabs: indicator score, then 店铺表现 value.
    DimensionTab,
    /// The home-page card: total and three short dimension names.
    HomeCard,
    #[default]
    Unknown,
}

/// One line of what was taken or left: a stable `code`, the id it is about, the sentence, the
/// text as pasted and the line it was on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub code: String,
    pub subject: Option<String>,
    pub text: Text,
    pub raw: String,
    pub line: usize,
}

impl Reading {
    /// True when nothing at all was recognised.
    pub fn is_empty(&self) -> bool {
        self.total.is_none()
            && self.dimensions.is_empty()
            && self.indicators.is_empty()
            && self.bonus_points.is_none()
            && self.deduction_points.is_none()
            && self.events.is_empty()
    }
}
