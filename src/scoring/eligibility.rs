//! What the score unlocks or puts at risk: the rule set's eligibility rows judged on a daily
//! series of scores (today last). From one report the series is the input's daily history
//! with today's scores appended; helper code for the score over time calls [`evaluate`] and
//! [`eligibility_over`] with its own series.
//!
//! An answer that cannot be known (no score, a window longer than the days known, an
//! unchecked condition, a category still to pick) is null with the reason, never `false`. An
//! `unlock` row answers in `ok` (all its conditions hold); a `risk` row in `at_risk` (any of
//! its conditions holds).

use super::context::{r2, Ctx};
use crate::input::ShopInput;
use crate::messages::{template, Param, Text};
use crate::report::words::{documents, join, name, say, text_param};
use crate::report::{DimensionScore, Eligibility, Stage};
use crate::rules::{
    self, Condition, EligibilityKind, EligibilityRule, FactCondition, GrowthDays, RuleSet,
    ShopFact, Variant, Window, WindowMode,
};
use crate::sorting::CollectMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One day's scores as an eligibility row reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayScores {
    /// `YYYY-MM-DD`, when known (variants that start on a date read it).
    pub date: Option<String>,
    pub stage: Stage,
    pub total: Option<f64>,
    /// Dimension id → score.
    #[serde(default)]
    pub dimensions: BTreeMap<String, f64>,
}

impl DayScores {
    /// A report's scores as one day of a series.
    pub fn of(report: &crate::Report, date: Option<String>) -> DayScores {
        DayScores {
            date,
            stage: report.stage,
            total: report.total,
            dimensions: report
                .dimensions
                .iter()
                .filter_map(|d| d.score.map(|s| (d.id.clone(), s)))
                .collect_map(),
        }
    }
}

/// What the rows read about the shop besides its scores: the categories it picked (rows with
/// lines by category) and the facts it typed (fans, for 店铺授权号).
#[derive(Debug, Clone, Copy, Default)]
pub struct ShopFacts<'a> {
    pub categories: &'a [String],
    pub fans: Option<f64>,
}

impl<'a> ShopFacts<'a> {
    pub fn of(input: &'a ShopInput) -> Self {
        ShopFacts {
            categories: &input.categories,
            fans: input.fans,
        }
    }

    fn get(&self, fact: ShopFact) -> Option<f64> {
        match fact {
            ShopFact::Fans => self.fans,
        }
    }
}

/// The rows of `rule_set` that concern a shop of `industry` (its name in the official tables)
/// with `categories`, in force on `date` (unknown: in force). Where a row scoped to the shop
/// applies, its group's unscoped row is left out.
pub fn rows_for<'r>(
    rule_set: &'r RuleSet,
    industry: Option<&str>,
    categories: &[String],
    date: Option<&str>,
) -> Vec<&'r EligibilityRule> {
    let in_force = |r: &EligibilityRule| {
        r.in_force_from
            .as_deref()
            .is_none_or(|from| date.is_none_or(|d| from <= d))
    };
    let in_scope: Vec<&EligibilityRule> = rule_set
        .eligibility
        .iter()
        .filter(|r| in_force(r) && r.scope.covers(industry, categories))
        .collect();
    let replaced = |r: &EligibilityRule| {
        r.scope.is_everyone()
            && r.scope.group.as_ref().is_some_and(|g| {
                in_scope
                    .iter()
                    .any(|o| !o.scope.is_everyone() && o.scope.group.as_ref() == Some(g))
            })
    };
    in_scope.iter().copied().filter(|r| !replaced(r)).collect()
}

/// Every row for the shop, judged on `days` (oldest first, today last).
pub fn eligibility_over(
    rule_set: &RuleSet,
    industry: Option<&str>,
    shop: ShopFacts,
    days: &[DayScores],
) -> Vec<Eligibility> {
    let date = days.last().and_then(|d| d.date.as_deref());
    rows_for(rule_set, industry, shop.categories, date)
        .into_iter()
        .map(|rule| evaluate(rule_set, rule, shop, days))
        .collect()
}

/// Judge one row on `days` (oldest first, today last) for a shop with its categories and facts.
pub fn evaluate(
    rule_set: &RuleSet,
    rule: &EligibilityRule,
    shop: ShopFacts,
    days: &[DayScores],
) -> Eligibility {
    let categories = shop.categories;
    let mut verdict = Verdict::new(rule);
    let today = days.last();
    if rule.kind == EligibilityKind::Unpublished {
        return verdict.unknown(say("eligibility.reason.unpublished", vec![]));
    }
    let date = today.and_then(|d| d.date.as_deref());
    let conditions = match pick_variant(rule, categories, date) {
        Pick::Variant(variant) => {
            verdict.note(say(
                "eligibility.variant",
                vec![("category", category_name(rule_set, &variant.category))],
            ));
            if !variant.sources.is_empty() {
                verdict.sources = documents(&variant.sources);
            }
            &variant.conditions
        }
        Pick::NotYet(variant, from) => {
            verdict.note(say(
                "eligibility.variant_later",
                vec![
                    ("category", category_name(rule_set, &variant.category)),
                    ("date", Param::from(from)),
                ],
            ));
            &rule.conditions
        }
        Pick::Default => &rule.conditions,
        Pick::Needed => {
            let names: Vec<Param> = rule
                .variants
                .iter()
                .map(|v| category_name(rule_set, &v.category))
                .collect();
            return verdict.unknown(say(
                "eligibility.reason.pick_category",
                vec![("categories", Param::Array(names))],
            ));
        }
    };
    let Some(today) = today.filter(|d| d.stage != Stage::NoScore) else {
        if rule.kind == EligibilityKind::Risk && rule.no_score_is_risk {
            verdict.note(say("eligibility.no_score_is_risk", vec![]));
            return verdict.answer(Some(true));
        }
        return verdict.unknown(say("eligibility.reason.no_score", vec![]));
    };
    let today_only = today.stage == Stage::Growth && rule.growth == GrowthDays::TodayOnly;
    if today_only {
        verdict.note(say("eligibility.growth_today", vec![]));
    }
    if rule.growth == GrowthDays::Excluded {
        verdict.note(say("eligibility.growth_excluded", vec![]));
    }
    let window_of = |c: &Condition| {
        if today_only {
            Window::default()
        } else {
            c.window.unwrap_or(rule.window)
        }
    };
    let judged: Vec<Judged> = conditions
        .iter()
        .map(|c| judge(c, window_of(c), rule, days))
        .collect();
    let answer = match rule.kind {
        EligibilityKind::Risk => any(judged.iter().map(|j| j.holds)),
        _ => all(judged.iter().map(|j| j.holds)),
    };
    for (j, c) in judged.iter().zip(conditions) {
        let text = if j.holds.is_none() {
            needs(c, window_of(c), rule.kind)
        } else {
            j.text.clone()
        };
        verdict.condition(text);
    }
    if answer.is_none() {
        if let Some(reason) = judged.iter().find_map(|j| j.reason.clone()) {
            verdict.reason = Some(reason);
        }
    }
    if let (Some(true), Some((holds, text))) = (answer, judge_fact(rule, shop)) {
        verdict.condition(text);
        return verdict.answer(Some(holds));
    }
    if let (Some(true), Some(unchecked), EligibilityKind::Unlock) =
        (answer, &rule.unchecked, rule.kind)
    {
        let condition = template(&format!("eligibility.unchecked.{unchecked}"))
            .map(text_param)
            .unwrap_or(Param::Null);
        return verdict.unknown(say(
            "eligibility.reason.unchecked",
            vec![("condition", condition)],
        ));
    }
    verdict.answer(answer)
}

/// The eligibility of one report: the input's daily history with today appended.
pub(crate) fn from_report(
    cx: &mut Ctx,
    total: Option<f64>,
    stage: Stage,
    dimensions: &[DimensionScore],
) -> Vec<Eligibility> {
    let days = series(cx, total, stage, dimensions);
    let industry = cx.industry.row.clone();
    let categories = cx.input.categories.clone();
    let date = cx.input.as_of.clone();
    let rows = rows_for(cx.rs, industry.as_deref(), &categories, date.as_deref());
    let mut out = Vec::new();
    for rule in rows {
        let by_industry = industry
            .as_ref()
            .is_some_and(|i| rule.scope.industries.contains(i));
        if rule.scope.industries_estimated && by_industry {
            let name = text_param(Text::new(&rule.zh, &rule.en));
            cx.estimate(say("estimate.industry_matched", vec![("name", name)]));
        }
        let mut judged = evaluate(cx.rs, rule, ShopFacts::of(cx.input), &days);
        if rule.growth == GrowthDays::Excluded && days.len() > 1 {
            let note = say("eligibility.history_stage_assumed", vec![]);
            judged.detail = join(&[judged.detail, note]);
        }
        out.push(judged);
    }
    out
}

/// The days the report knows: the history's totals and dimension scores (oldest first; the
/// last history entry is yesterday), then today. Earlier days take today's stage (the history
/// holds scores only), or formal when today has no score.
fn series(
    cx: &Ctx,
    total: Option<f64>,
    stage: Stage,
    dimensions: &[DimensionScore],
) -> Vec<DayScores> {
    let history = &cx.input.history;
    let ids: Vec<&str> = std::iter::once("total")
        .chain(cx.rs.dimensions.iter().map(|d| d.id.as_str()))
        .collect();
    let earlier = ids
        .iter()
        .filter_map(|id| history.get(*id).map(Vec::len))
        .max()
        .unwrap_or(0);
    let today_number = cx.input.as_of.as_deref().and_then(rules::day_number);
    let date_back = |back: usize| today_number.map(|n| rules::date_of_day_number(n - back as i64));
    let at = |id: &str, back: usize| {
        let values = history.get(id)?;
        values.len().checked_sub(back).map(|k| values[k])
    };
    let earlier_stage = if stage == Stage::NoScore {
        Stage::Formal
    } else {
        stage
    };
    let mut days: Vec<DayScores> = (1..=earlier)
        .rev()
        .map(|back| DayScores {
            date: date_back(back),
            stage: earlier_stage,
            total: at("total", back),
            dimensions: ids[1..]
                .iter()
                .filter_map(|id| at(id, back).map(|v| (id.to_string(), v)))
                .collect_map(),
        })
        .collect();
    days.push(DayScores {
        date: date_back(0),
        stage,
        total,
        dimensions: dimensions
            .iter()
            .filter_map(|d| d.score.map(|s| (d.id.clone(), s)))
            .collect_map(),
    });
    days
}

// ---------------------------------------------------------------------------------------------
// Conditions

/// One condition judged: whether it holds (null: unknown), what it says, and why it is unknown.
struct Judged {
    holds: Option<bool>,
    text: Text,
    reason: Option<Text>,
}

/// A day's value for a condition.
#[derive(Clone, Copy)]
enum DayValue {
    Value(f64),
    /// No score that day (or that dimension has none).
    Unknown,
    /// A growth-stage day where only formal-stage scores count: it never meets the row.
    Excluded,
}

fn day_value(day: &DayScores, score: &str, growth: GrowthDays) -> DayValue {
    if day.stage == Stage::NoScore {
        return DayValue::Unknown;
    }
    if day.stage == Stage::Growth && growth == GrowthDays::Excluded {
        return DayValue::Excluded;
    }
    let value = if score == "total" {
        day.total
    } else {
        day.dimensions.get(score).copied()
    };
    value.map_or(DayValue::Unknown, |v| DayValue::Value(r2(v)))
}

fn judge(c: &Condition, window: Window, rule: &EligibilityRule, days: &[DayScores]) -> Judged {
    let value_on = |day: &DayScores| day_value(day, &c.score, rule.growth);
    // Whether a day's value meets the condition: Excluded days never do.
    let meets = |v: DayValue| match v {
        DayValue::Value(x) => Some(c.op.holds(x, c.value)),
        DayValue::Excluded => Some(false),
        DayValue::Unknown => None,
    };
    let last = |n: usize| &days[days.len().saturating_sub(n)..];
    match window.mode {
        WindowMode::Today => match days.last().map(value_on) {
            Some(DayValue::Value(v)) => {
                let holds = c.op.holds(v, c.value);
                known(
                    c,
                    holds,
                    "eligibility.condition.today",
                    vec![("value", v.into())],
                )
            }
            Some(DayValue::Excluded) => excluded(c),
            _ => unknown_score(c),
        },
        WindowMode::Average => {
            let n = window.days.max(1) as usize;
            match mean(last(n), n, &value_on) {
                Mean::Value(v) => {
                    let holds = c.op.holds(r2(v), c.value);
                    known(
                        c,
                        holds,
                        "eligibility.condition.average",
                        vec![("value", r2(v).into()), ("days", n.into())],
                    )
                }
                Mean::Excluded => excluded(c),
                Mean::Short(k) => short(c, n, k),
            }
        }
        WindowMode::EveryDay => {
            let n = window.days.max(1) as usize;
            let each: Vec<Option<bool>> = last(n).iter().map(|d| meets(value_on(d))).collect();
            let known_days = each.iter().filter(|h| h.is_some()).count();
            every(c, n, each, None, known_days)
        }
        WindowMode::Streak => {
            let n = window.days.max(1) as usize;
            let m = window.average_days.unwrap_or(1).max(1) as usize;
            let each: Vec<Option<bool>> = (0..n.min(days.len()))
                .rev()
                .map(|back| {
                    let upto = &days[..days.len() - back];
                    match mean(&upto[upto.len().saturating_sub(m)..], m, &value_on) {
                        Mean::Value(v) => Some(c.op.holds(r2(v), c.value)),
                        Mean::Excluded => Some(false),
                        Mean::Short(_) => None,
                    }
                })
                .collect();
            every(c, n, each, Some(m), days.len().min(n + m - 1))
        }
    }
}

enum Mean {
    Value(f64),
    /// A growth-stage day where only formal scores count.
    Excluded,
    /// Only this many of the days needed are known.
    Short(usize),
}

fn mean(days: &[DayScores], n: usize, value_on: &dyn Fn(&DayScores) -> DayValue) -> Mean {
    let values: Vec<DayValue> = days.iter().map(value_on).collect();
    if values.iter().any(|v| matches!(v, DayValue::Excluded)) {
        return Mean::Excluded;
    }
    let known: Vec<f64> = values
        .iter()
        .filter_map(|v| match v {
            DayValue::Value(x) => Some(*x),
            _ => None,
        })
        .collect();
    if known.len() < n {
        return Mean::Short(known.len());
    }
    Mean::Value(known.iter().sum::<f64>() / n as f64)
}

/// Each of the last `n` days must meet the condition: one day that does not decides it.
fn every(
    c: &Condition,
    n: usize,
    each: Vec<Option<bool>>,
    average_days: Option<usize>,
    known_days: usize,
) -> Judged {
    let failing = each.iter().filter(|h| **h == Some(false)).count();
    let all_known = each.len() >= n && each.iter().all(Option::is_some);
    let (met_key, unmet_key) = match average_days {
        None => (
            "eligibility.condition.every_day_met",
            "eligibility.condition.every_day_unmet",
        ),
        Some(_) => (
            "eligibility.condition.streak_met",
            "eligibility.condition.streak_unmet",
        ),
    };
    let mut extra: Vec<(&str, Param)> = vec![("days", n.into())];
    if let Some(m) = average_days {
        extra.push(("average_days", m.into()));
    }
    if failing > 0 {
        extra.push(("count", failing.into()));
        // With days missing, the days that fail are a lower bound.
        let key = if all_known {
            unmet_key.to_string()
        } else {
            format!("{unmet_key}_at_least")
        };
        return known(c, false, &key, extra);
    }
    if all_known {
        return known(c, true, met_key, extra);
    }
    short(c, n + average_days.unwrap_or(1) - 1, known_days)
}

/// A growth-stage day where only formal-stage scores count: the condition does not hold.
fn excluded(c: &Condition) -> Judged {
    Judged {
        holds: Some(false),
        text: say(
            "eligibility.condition.growth_day",
            vec![("score", score_name(&c.score))],
        ),
        reason: None,
    }
}

/// A known result: the sentence with the sign that holds.
fn known(c: &Condition, holds: bool, key: &str, extra: Vec<(&str, Param)>) -> Judged {
    let (yes, no) = c.op.signs();
    let sign = if holds { yes } else { no };
    let mut params = vec![
        ("score", score_name(&c.score)),
        ("sign", sign.into()),
        ("threshold", c.value.into()),
    ];
    params.extend(extra);
    Judged {
        holds: Some(holds),
        text: say(key, params),
        reason: None,
    }
}

/// For a row with a fact condition the shop has typed: `Some(None)` when the fact holds,
/// `Some(Some(text))` saying how it falls short; `None` when the row has none or it is not typed.
pub fn fact_shortfall(rule: &EligibilityRule, shop: ShopFacts) -> Option<Option<Text>> {
    judge_fact(rule, shop).map(|(holds, text)| (!holds).then_some(text))
}

/// The row's fact condition judged on what the shop typed: whether it holds, in words.
/// None when the row has no fact condition or the fact is not typed.
fn judge_fact(rule: &EligibilityRule, shop: ShopFacts) -> Option<(bool, Text)> {
    let fact = rule.fact?;
    let value = shop.get(fact.fact)?;
    let holds = fact.op.holds(value, fact.value);
    Some((holds, fact_text(fact, value, holds)))
}

/// A typed fact judged: "粉丝 1200 ≥ 1000".
fn fact_text(c: FactCondition, value: f64, holds: bool) -> Text {
    let (yes, no) = c.op.signs();
    let key = match c.fact {
        ShopFact::Fans => "eligibility.condition.fans",
    };
    say(
        key,
        vec![
            ("value", value.into()),
            ("sign", if holds { yes } else { no }.into()),
            ("threshold", c.value.into()),
        ],
    )
}

/// What an unknown condition asks for, with its window in words.
fn needs(c: &Condition, window: Window, kind: EligibilityKind) -> Text {
    let (yes, _) = c.op.signs();
    let key = match kind {
        EligibilityKind::Risk => "eligibility.condition.risk_when",
        _ => "eligibility.condition.needs",
    };
    let what = say(
        &format!("eligibility.what.{}", window.mode),
        vec![
            ("score", score_name(&c.score)),
            ("days", window.days.into()),
            ("average_days", window.average_days.unwrap_or(1).into()),
        ],
    );
    say(
        key,
        vec![
            ("what", text_param(what)),
            ("sign", yes.into()),
            ("threshold", c.value.into()),
        ],
    )
}

/// Fewer days known than the window needs.
fn short(c: &Condition, needed: usize, known_days: usize) -> Judged {
    Judged {
        holds: None,
        text: Text::default(),
        reason: Some(say(
            "eligibility.reason.needs_days",
            vec![
                ("days", needed.into()),
                ("score", score_name(&c.score)),
                ("known", known_days.into()),
            ],
        )),
    }
}

/// Today's score for the condition is unknown.
fn unknown_score(c: &Condition) -> Judged {
    // Days with the platform's no-score are judged before; here the tool lacks the figures.
    let reason = if c.score == "total" {
        say("eligibility.reason.total_unknown", vec![])
    } else {
        say(
            "eligibility.reason.no_dimension_score",
            vec![("score", score_name(&c.score))],
        )
    };
    Judged {
        holds: None,
        text: Text::default(),
        reason: Some(reason),
    }
}

/// Three-valued AND: one false decides; all true is true; else unknown.
fn all(items: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let items: Vec<Option<bool>> = items.collect();
    if items.contains(&Some(false)) {
        Some(false)
    } else if items.iter().all(|h| *h == Some(true)) {
        Some(true)
    } else {
        None
    }
}

/// Three-valued OR: one true decides; all false (or none at all) is false; else unknown.
fn any(items: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let items: Vec<Option<bool>> = items.collect();
    if items.contains(&Some(true)) {
        Some(true)
    } else if items.iter().all(|h| *h == Some(false)) {
        Some(false)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Variants

enum Pick<'r> {
    /// The shop's category has its own conditions.
    Variant(&'r Variant),
    /// The shop's category has conditions that start later than the day judged.
    NotYet(&'r Variant, String),
    /// The row's own conditions.
    Default,
    /// The row has no conditions of its own: the shop must pick its category.
    Needed,
}

fn pick_variant<'r>(
    rule: &'r EligibilityRule,
    categories: &[String],
    date: Option<&str>,
) -> Pick<'r> {
    let picked = rule
        .variants
        .iter()
        .find(|v| categories.contains(&v.category));
    match picked {
        Some(v) => match (&v.in_force_from, date) {
            (Some(from), Some(d)) if d < from.as_str() => Pick::NotYet(v, from.clone()),
            _ => Pick::Variant(v),
        },
        None if rule.conditions.is_empty() && !rule.variants.is_empty() => Pick::Needed,
        None => Pick::Default,
    }
}

// ---------------------------------------------------------------------------------------------
// Words

/// What the row says, built up as it is judged.
struct Verdict {
    base: Eligibility,
    parts: Vec<Text>,
    notes: Vec<Text>,
    sources: Text,
    reason: Option<Text>,
}

impl Verdict {
    fn new(rule: &EligibilityRule) -> Self {
        let mut notes = Vec::new();
        if let Some(note) = &rule.note {
            if let Some(text) = template(&format!("eligibility.note.{note}")) {
                notes.push(text);
            }
        }
        Verdict {
            base: Eligibility {
                id: rule.id.clone(),
                name: Text::new(&rule.zh, &rule.en),
                kind: rule.kind,
                ok: None,
                at_risk: None,
                detail: Text::default(),
                reason: None,
                window: rule.window,
                source: Text::default(),
            },
            parts: Vec::new(),
            notes,
            sources: documents(&rule.sources),
            reason: None,
        }
    }

    fn condition(&mut self, text: Text) {
        self.parts.push(text);
    }

    fn note(&mut self, text: Text) {
        self.notes.push(text);
    }

    fn unknown(mut self, reason: Text) -> Eligibility {
        self.reason = Some(reason);
        self.answer(None)
    }

    fn answer(self, answer: Option<bool>) -> Eligibility {
        let mut out = self.base;
        match out.kind {
            EligibilityKind::Risk => out.at_risk = answer,
            _ => out.ok = answer,
        }
        let mut pieces = self.parts;
        pieces.extend(self.notes);
        if pieces.is_empty() {
            pieces.extend(self.reason.clone());
        }
        out.detail = join(&pieces);
        out.reason = if answer.is_none() { self.reason } else { None };
        out.source = self.sources;
        out
    }
}

/// `total` or a dimension, by name.
fn score_name(score: &str) -> Param {
    if score == "total" {
        return template("eligibility.total")
            .map(text_param)
            .unwrap_or_else(|| Param::from(score));
    }
    text_param(name("dimension", score))
}

fn category_name(rule_set: &RuleSet, id: &str) -> Param {
    match rule_set.categories.iter().find(|c| c.id == id) {
        Some(c) => text_param(Text::new(&c.zh, &c.en)),
        None => Param::from(id),
    }
}
