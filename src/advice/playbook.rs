//! The playbook: concrete actions per indicator, dimension, event and stage, and the
//! misconceptions the seed articles warn about, as data (`playbook.json`, zh and en).

use crate::input::EventValue;
use crate::messages::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The whole playbook: concrete actions per indicator, dimension, event and stage, written from
/// the seed articles and RULES.md, plus the misconceptions the seeds warn about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Indicator id → actions.
    pub indicators: BTreeMap<String, Entry>,
    /// Dimension id → general actions, used when an indicator has no entry of its own.
    pub dimensions: BTreeMap<String, Entry>,
    /// Event id (deductions and bonuses) → actions.
    pub events: BTreeMap<String, EventEntry>,
    /// What moving from the growth stage to the formal stage means.
    pub stage: Entry,
    pub misconceptions: Vec<Misconception>,
}

/// One concrete step, with the document it was written from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub zh: String,
    pub en: String,
    /// The document it was written from (an id the catalogue names by title and date).
    pub source: String,
}

impl Action {
    pub fn text(&self) -> Text {
        Text::new(&self.zh, &self.en)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub zh: String,
    pub en: String,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Deduction,
    Bonus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    pub kind: EventKind,
    pub zh: String,
    pub en: String,
    /// For a bonus: the event value that meets its condition (re-scored to find the gain).
    #[serde(default)]
    pub meet: Option<EventValue>,
    /// For a bonus only some industries can earn: words of the industry name that make it
    /// applicable. Empty: any shop could.
    #[serde(default)]
    pub industry_keywords: Vec<String>,
    /// The misconception (id in `misconceptions`) this event is the penalised form of.
    #[serde(default)]
    pub misconception: Option<String>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    pub id: String,
    /// The belief, as operators say it.
    pub zh: String,
    pub en: String,
    /// What to do instead.
    pub correct_zh: String,
    pub correct_en: String,
    /// The event id that penalises it, if the rules penalise it.
    pub event: Option<String>,
    /// The penalty per rule set, only where the rules state one.
    pub penalties: Vec<Penalty>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub rule_set: String,
    /// Signed points (negative).
    pub points: f64,
    pub zh: String,
    pub en: String,
}

/// The embedded playbook. A playbook that fails to parse is a build bug that the tests catch
/// (`tests/advice.rs`); at run time it degrades to an empty playbook instead of panicking.
pub fn playbook() -> &'static Playbook {
    static PLAYBOOK: OnceLock<Playbook> = OnceLock::new();
    PLAYBOOK.get_or_init(|| serde_json::from_str(PLAYBOOK_JSON).unwrap_or_default())
}

/// The playbook source text (exposed so a test can report the parse error itself).
pub const PLAYBOOK_JSON: &str = include_str!("playbook.json");

impl Playbook {
    /// Actions for an indicator, falling back to its dimension's general actions.
    pub fn indicator_actions(&self, indicator: &str, dimension: &str) -> &[Action] {
        match self
            .indicators
            .get(indicator)
            .or_else(|| self.dimensions.get(dimension))
        {
            Some(entry) => &entry.actions,
            None => &[],
        }
    }

    pub fn misconception(&self, id: &str) -> Option<&Misconception> {
        self.misconceptions.iter().find(|m| m.id == id)
    }
}
