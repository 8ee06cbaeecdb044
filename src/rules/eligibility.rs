//! Eligibility rows as data: what a score unlocks or puts at risk, each with its own
//! conditions, window, stage restriction, category variants and source document.
//!
//! A row is judged on a daily series of scores (today last): see
//! `scoring::eligibility::evaluate`. Conditions of an `unlock` row must all hold; a `risk` row
//! is at risk when any of its conditions holds.

use serde::{Deserialize, Serialize};

choice! {
    /// What an eligibility row says about the shop.
    EligibilityKind {
        /// Something the score unlocks.
        Unlock => "unlock",
        /// Something a low score puts at risk.
        Risk => "risk",
        /// A threshold the platform does not publish.
        Unpublished => "unpublished",
    }
}

choice! {
    /// How a condition reads the days of its window.
    WindowMode {
        /// Today's score.
        Today => "today",
        /// The mean of the last `days` days.
        Average => "average",
        /// Each of the last `days` days.
        EveryDay => "every_day",
        /// The `average_days`-day average, on each of the last `days` days.
        Streak => "streak",
    }
}

choice! {
    /// How a comparison reads.
    Op {
        /// ≥
        AtLeast => "at_least",
        /// >
        Above => "above",
        /// <
        Below => "below",
        /// ≤
        AtMost => "at_most",
    }
}

choice! {
    /// How a growth-stage score counts for a row.
    GrowthDays {
        /// Like any score.
        Counts => "counts",
        /// A growth-stage shop is judged on today's growth score alone.
        TodayOnly => "today_only",
        /// Only formal-stage scores count: a growth-stage day never meets the row.
        Excluded => "excluded",
    }
}

impl Op {
    /// Whether `value op threshold` holds.
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::AtLeast => value >= threshold,
            Op::Above => value > threshold,
            Op::Below => value < threshold,
            Op::AtMost => value <= threshold,
        }
    }

    /// The sign when it holds, and when it does not.
    pub fn signs(self) -> (&'static str, &'static str) {
        match self {
            Op::AtLeast => ("≥", "<"),
            Op::Above => (">", "≤"),
            Op::Below => ("<", "≥"),
            Op::AtMost => ("≤", ">"),
        }
    }
}

/// The days a condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub mode: WindowMode,
    /// Days of the window (1 for `today`).
    #[serde(default = "one")]
    pub days: u32,
    /// For `streak`: the days of the average checked on each day.
    #[serde(default)]
    pub average_days: Option<u32>,
}

fn one() -> u32 {
    1
}

impl Default for Window {
    fn default() -> Self {
        Window {
            mode: WindowMode::Today,
            days: 1,
            average_days: None,
        }
    }
}

impl Window {
    /// Days of scores the window needs, today included.
    pub fn days_needed(&self) -> usize {
        let days = self.days.max(1) as usize;
        match self.mode {
            WindowMode::Today => 1,
            WindowMode::Average | WindowMode::EveryDay => days,
            WindowMode::Streak => days + self.average_days.unwrap_or(1).max(1) as usize - 1,
        }
    }
}

/// One line of a row: `score` (`total` or a dimension id) `op` `value` over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub score: String,
    pub op: Op,
    pub value: f64,
    /// Its own window, where it differs from the row's.
    #[serde(default)]
    pub window: Option<Window>,
}

/// Which shops a row concerns. Empty: every shop. Otherwise the shop's industry is one of
/// `industries`, or one of its categories is one of `categories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub industries: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    /// True when `industries` is the tool's reading of a category group the notice names
    /// (家居家电, 母婴图书玩具宠物 …), not a published list: an estimate.
    #[serde(default)]
    pub industries_estimated: bool,
    /// Rows of one group replace each other: where a row scoped to the shop's industry or
    /// category applies, the group's unscoped row is left out.
    #[serde(default)]
    pub group: Option<String>,
}

impl Scope {
    pub fn is_everyone(&self) -> bool {
        self.industries.is_empty() && self.categories.is_empty()
    }

    /// Whether a shop of `industry` with `categories` is in scope.
    pub fn covers(&self, industry: Option<&str>, categories: &[String]) -> bool {
        self.is_everyone()
            || industry.is_some_and(|i| self.industries.iter().any(|x| x == i))
            || categories.iter().any(|c| self.categories.contains(c))
    }
}

/// The conditions of a row for shops of one category (the user picks their categories).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub category: String,
    pub conditions: Vec<Condition>,
    /// The first day these conditions apply (before it, the row's own conditions do).
    #[serde(default)]
    pub in_force_from: Option<String>,
    /// Document ids, where they differ from the row's.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What a score unlocks (`unlock`), puts at risk (`risk`), or an unpublished threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRule {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub kind: EligibilityKind,
    #[serde(default)]
    pub scope: Scope,
    /// The window of its conditions (each may have its own).
    #[serde(default)]
    pub window: Window,
    /// The conditions for every shop (or for shops whose category has no variant).
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Conditions by category; with no default `conditions`, a shop must pick its category.
    #[serde(default)]
    pub variants: Vec<Variant>,
    #[serde(default = "counts")]
    pub growth: GrowthDays,
    /// For `risk`: a shop with no score is at risk too (精选联盟 removes shops with no score).
    #[serde(default)]
    pub no_score_is_risk: bool,
    /// A condition on a fact about the shop that the user types (fans …), judged once the
    /// scores meet the row.
    #[serde(default)]
    pub fact: Option<FactCondition>,
    /// The words for a condition the tool cannot check (a message key under
    /// `eligibility.unchecked.`): a met row is then null, with the reason (for `fact`: when
    /// the fact is not given).
    #[serde(default)]
    pub unchecked: Option<String>,
    /// A remark shown with the detail (a message key under `eligibility.note.`).
    #[serde(default)]
    pub note: Option<String>,
    /// The first day the row applies.
    #[serde(default)]
    pub in_force_from: Option<String>,
    /// Document ids of its sources (rendered by name and date).
    pub sources: Vec<String>,
}

fn counts() -> GrowthDays {
    GrowthDays::Counts
}

/// A fact about the shop a row needs beside its scores, typed by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShopFact {
    /// Followers of the shop's Douyin account (店铺授权号: ≥ 1000).
    Fans,
}

/// `fact op value`, e.g. fans at least 1000.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactCondition {
    pub fact: ShopFact,
    pub op: Op,
    pub value: f64,
}

/// A category a user can pick for the variants of eligibility rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Industries where this category is found (a hint for the page; empty: any).
    #[serde(default)]
    pub industries: Vec<String>,
}

/// A shared eligibility file (`eligibility-*.json`) several rule sets use.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityTable {
    pub categories: Vec<Category>,
    pub rows: Vec<EligibilityRule>,
}
