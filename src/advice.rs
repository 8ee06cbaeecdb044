//! Advice: the playbook (data, zh/en) and ranking fixes by the points re-scoring says they are worth.
//!
//! Nothing here guesses a gain. Every candidate fix is written as a modified [`ShopInput`]
//! ([`fix_input`]) and the caller's `rescore` closure says what the total would be; the gain is
//! the difference from the report's total, or from re-scoring [`baseline_input`] where a fix
//! has to start elsewhere (a typed dimension score hiding its indicators; a growth-stage shop,
//! whose indicator fixes are priced in the formal stage). The playbook
//! (`src/advice/playbook.json`) only supplies the words.

use crate::{
    input::EventValue,
    report::{Advice, IndicatorScore, Stage},
    Report, ShopInput,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The advice id of the growth-stage entry (it is not an indicator or an event).
pub const GROWTH_STAGE_ID: &str = "growth_stage";

/// Said on every entry whose target or gain rests on unpublished numbers (default bands,
/// reference values, weights): they are estimates, never official.
pub const ESTIMATE_NOTE_ZH: &str =
    "估算:目标值与收益基于可编辑的默认档位/权重(平台未公布),请按你后台页面的数值修改后再看。";
pub const ESTIMATE_NOTE_EN: &str = "Estimate: the target and gain rest on editable default bands/weights (unpublished); edit them to match your back-end page.";

/// Said first on indicator and dimension entries of a growth-stage shop, whose fixes are priced
/// in the formal stage.
pub const GROWTH_NOTE_ZH: &str =
    "成长阶段:此项收益按进入正式阶段(30 单有效支付订单)后的分数计算,现在的固定分不变。";
pub const GROWTH_NOTE_EN: &str = "Growth stage: this gain is what the fix is worth once the shop reaches the formal stage (30 valid paid orders); the flat score now does not change.";

/// Gains at or below this are rounding noise: the fix is worth nothing.
const NO_GAIN: f64 = 0.005;

// ---------------------------------------------------------------------------------------------
// The playbook

/// The whole playbook: concrete actions per indicator, dimension, event and stage, written from
/// the seed articles and RULES.md, plus the misconceptions the seeds warn about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Source tag (`seed-000`, `RULES§2` …) → what it refers to.
    pub sources: BTreeMap<String, Named>,
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub zh: String,
    pub en: String,
}

/// One concrete step, with the tag of the source it was written from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub zh: String,
    pub en: String,
    pub source: String,
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
pub const PLAYBOOK_JSON: &str = include_str!("advice/playbook.json");

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

// ---------------------------------------------------------------------------------------------
// Candidate fixes as modified inputs

/// How far a fix goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The next band up.
    Next,
    /// The best band.
    Best,
}

/// The input with the fix `id` applied: an indicator moved to its next or best band, a present
/// deduction event removed (`Best`: every deduction event removed), a missing bonus met, or (for [`GROWTH_STAGE_ID`]) the 30 valid paid
/// orders of the formal stage. `None` when `id` names nothing that can be fixed in this report.
/// This is exactly the input `advise` re-scores, so the page can offer "apply this fix".
pub fn fix_input(input: &ShopInput, report: &Report, id: &str, reach: Reach) -> Option<ShopInput> {
    if id == GROWTH_STAGE_ID {
        return (report.stage == Stage::Growth).then(|| {
            let mut changed = input.clone();
            changed.valid_paid_orders_30d =
                Some(changed.valid_paid_orders_30d.unwrap_or(0.0).max(30.0));
            changed
        });
    }
    if let Some(indicator) = report.indicators.iter().find(|i| i.id == id) {
        return indicator_fix(input, report, indicator, reach);
    }
    if input.dimensions.contains_key(id) {
        return dimension_fix(input, report, id, reach);
    }
    let entry = playbook().events.get(id)?;
    match entry.kind {
        EventKind::Deduction => {
            if !event_present(input.events.get(id)?) {
                return None;
            }
            let mut changed = input.clone();
            match reach {
                // Next: no more cases of this kind.
                Reach::Next => {
                    changed.events.remove(id);
                }
                // Best: a clean record, no deduction event of any kind (kinds can share one
                // capped bucket, so removing one alone may be worth nothing).
                Reach::Best => changed.events.retain(|event, _| {
                    !matches!(playbook().events.get(event), Some(e) if e.kind == EventKind::Deduction)
                }),
            }
            Some(changed)
        }
        EventKind::Bonus => {
            let meet = entry.meet.as_ref()?;
            if input
                .events
                .get(id)
                .is_some_and(|current| event_meets(current, meet))
            {
                return None;
            }
            let mut changed = input.clone();
            changed.events.insert(id.to_string(), meet.clone());
            Some(changed)
        }
    }
}

/// The band an indicator would move to, if it has one above its current score.
fn target_band(indicator: &IndicatorScore, reach: Reach) -> Option<crate::report::NextBand> {
    match reach {
        Reach::Next => indicator.next_band,
        Reach::Best => indicator.best_band.or(indicator.next_band),
    }
    .filter(|band| band.score.is_finite() && band.threshold.is_finite())
}

fn indicator_fix(
    input: &ShopInput,
    report: &Report,
    indicator: &IndicatorScore,
    reach: Reach,
) -> Option<ShopInput> {
    let band = target_band(indicator, reach)?;
    let mut changed = indicator_base_input(input, report, &indicator.dimension)?;
    let typed = changed.indicators.entry(indicator.id.clone()).or_default();
    if typed.score.is_some() && typed.value.is_none() {
        // Only a score is known (copied from the back end): move the score itself.
        typed.score = Some(band.score);
    } else {
        // A value is known (typed or recomputed from files): move it to the band's threshold,
        // and drop any typed score, which would otherwise win over the new value.
        typed.value = Some(band.threshold);
        typed.score = None;
    }
    Some(changed)
}

/// The input an indicator fix starts from, which is also the baseline its gain is measured
/// against. Usually `input` itself; two cases need a different starting point:
/// - a typed dimension score wins over its indicators, so an indicator change would never
///   show: when every indicator of that dimension is known, the typed dimension score is
///   dropped and the dimension computed from its indicators. When some are unknown the fix
///   cannot be measured: `None` (the dimension itself is priced instead, see [`dimension_fix`]);
/// - a growth-stage shop scores a flat 70/60 whatever its indicators: the fix is priced in the
///   formal stage it is heading for (30 valid paid orders), and the advice says so.
fn indicator_base_input(input: &ShopInput, report: &Report, dimension: &str) -> Option<ShopInput> {
    let mut base = formal_stage_base(input, report);
    if base.dimensions.contains_key(dimension) {
        let all_known = report
            .indicators
            .iter()
            .filter(|i| i.dimension == dimension)
            .all(|i| i.source != "missing");
        if !all_known {
            return None;
        }
        base.dimensions.remove(dimension);
    }
    Some(base)
}

/// `input`, or for a growth-stage shop the same shop at the 30 valid paid orders of the formal
/// stage (where indicator and dimension fixes start from; see `indicator_base_input`).
fn formal_stage_base(input: &ShopInput, report: &Report) -> ShopInput {
    let mut base = input.clone();
    if report.stage == Stage::Growth {
        base.valid_paid_orders_30d = Some(base.valid_paid_orders_30d.unwrap_or(0.0).max(30.0));
    }
    base
}

/// The input a fix's gain is measured against: `input` itself, except for indicator fixes that
/// need a different starting point: a dropped typed dimension score, or the formal stage of a
/// growth-stage shop (see `indicator_base_input`). `None` when `id`
/// is an indicator whose fix cannot be measured.
pub fn baseline_input(input: &ShopInput, report: &Report, id: &str) -> Option<ShopInput> {
    if let Some(indicator) = report.indicators.iter().find(|i| i.id == id) {
        return indicator_base_input(input, report, &indicator.dimension);
    }
    if input.dimensions.contains_key(id) {
        return Some(formal_stage_base(input, report));
    }
    Some(input.clone())
}

/// A typed dimension score whose indicators are not all known cannot be priced indicator by
/// indicator; the fix is then the dimension score itself, raised to the next step (a tenth of
/// the dimension scale: 5 points on 50–100, 0.2 on 3–5) or to the top of the scale.
/// `None` when the dimension is already at the top or its indicators are all known (then the
/// indicator fixes price it).
fn dimension_fix(
    input: &ShopInput,
    report: &Report,
    dimension: &str,
    reach: Reach,
) -> Option<ShopInput> {
    let current = *input.dimensions.get(dimension)?;
    let target = dimension_targets(report, dimension, current)?;
    let target = match reach {
        Reach::Next => target.0,
        Reach::Best => target.1,
    };
    let mut changed = formal_stage_base(input, report);
    changed.dimensions.insert(dimension.to_string(), target);
    Some(changed)
}

/// (next step, top) for a typed dimension score that only the dimension itself can move.
fn dimension_targets(report: &Report, dimension: &str, current: f64) -> Option<(f64, f64)> {
    let in_dimension: Vec<_> = report
        .indicators
        .iter()
        .filter(|i| i.dimension == dimension)
        .collect();
    if !in_dimension.is_empty() && in_dimension.iter().all(|i| i.source != "missing") {
        return None;
    }
    let scale = crate::rules::rule_set_detail(&report.rule_set)
        .map(|r| crate::report::Scale {
            min: r.dimension_scale.min,
            max: r.dimension_scale.max,
        })
        .unwrap_or(report.scale);
    let step = (scale.max - scale.min) / 10.0;
    if !current.is_finite() || !step.is_finite() || step <= 0.0 || current >= scale.max {
        return None;
    }
    // The next whole step above the current score, counted from the bottom of the scale.
    let steps = ((current - scale.min) / step + 1e-9).floor() + 1.0;
    let next = round2((scale.min + steps * step).min(scale.max));
    Some((next, scale.max))
}

fn event_present(value: &EventValue) -> bool {
    match value {
        EventValue::Flag(flag) => *flag,
        EventValue::Number(n) => *n > 0.0,
        EventValue::Installation { orders, share } => *orders > 0.0 || *share > 0.0,
    }
}

fn event_meets(current: &EventValue, meet: &EventValue) -> bool {
    match (current, meet) {
        (EventValue::Flag(c), EventValue::Flag(m)) => *c || !*m,
        (EventValue::Number(c), EventValue::Number(m)) => *c >= *m,
        (
            EventValue::Installation {
                orders: co,
                share: cs,
            },
            EventValue::Installation {
                orders: mo,
                share: ms,
            },
        ) => *co >= *mo && *cs >= *ms,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Ranking

/// Rank fixes for `report` (scored from `input`). `rescore` returns the total of a modified
/// input (scored without advice), so gains are computed by re-scoring, never guessed.
///
/// Entries: indicators below their best band (gain of the next band and of the best band),
/// deduction events present (gain of having none), bonuses not yet earned that the shop could
/// earn (gain of meeting them), and for a growth-stage shop what the formal stage would give.
/// Sorted by gain, then gain_best (both descending), then id. Entries worth nothing are
/// dropped, except penalised misconception events and the growth stage, which explain a risk.
pub fn advise(
    input: &ShopInput,
    report: &Report,
    rescore: &dyn Fn(&ShopInput) -> Option<f64>,
) -> Vec<Advice> {
    let book = playbook();
    let rescore = |changed: &ShopInput| rescore(changed).filter(|total| total.is_finite());
    let current = report.total.filter(|total| total.is_finite());
    let mut advice = Vec::new();

    // Indicators below their best band.
    for indicator in &report.indicators {
        if target_band(indicator, Reach::Next).is_none() {
            continue;
        }
        // The baseline is the report's total, or the re-scored starting point when the fix
        // had to start elsewhere (a dropped typed dimension score, the formal stage).
        let Some(base) = indicator_base_input(input, report, &indicator.dimension) else {
            continue;
        };
        let baseline = if base == *input {
            current
        } else {
            rescore(&base)
        };
        let Some(baseline) = baseline else { continue };
        let gain_to = |reach| {
            fix_input(input, report, &indicator.id, reach)
                .and_then(|changed| rescore(&changed))
                .map(|t| t - baseline)
        };
        let Some(gain) = gain_to(Reach::Next) else {
            continue;
        };
        let gain_best =
            if indicator.best_band.is_some() && indicator.best_band != indicator.next_band {
                gain_to(Reach::Best).unwrap_or(gain)
            } else {
                gain
            };
        let (gain, gain_best) = (round2(gain), round2(gain.max(gain_best)));
        if gain_best <= NO_GAIN {
            continue;
        }
        let (mut zh, mut en) = render(book.indicator_actions(&indicator.id, &indicator.dimension));
        if indicator.estimated {
            zh.push(ESTIMATE_NOTE_ZH.to_string());
            en.push(ESTIMATE_NOTE_EN.to_string());
        }
        if report.stage == Stage::Growth {
            zh.insert(0, GROWTH_NOTE_ZH.to_string());
            en.insert(0, GROWTH_NOTE_EN.to_string());
        }
        advice.push(Advice {
            indicator: indicator.id.clone(),
            gain,
            gain_best,
            target_next: indicator.next_band.map(|b| b.threshold),
            target_best: indicator
                .best_band
                .or(indicator.next_band)
                .map(|b| b.threshold),
            actions_zh: zh,
            actions_en: en,
        });
    }

    // Typed dimension scores that no indicator fix can price (the shop typed the back-end
    // dimension scores, not the indicators): the gain of raising the dimension itself.
    for (dimension, &score) in &input.dimensions {
        let Some((next, best)) = dimension_targets(report, dimension, score) else {
            continue;
        };
        let base = formal_stage_base(input, report);
        let Some(baseline) = (if base == *input {
            current
        } else {
            rescore(&base)
        }) else {
            continue;
        };
        let gain_to = |reach| {
            fix_input(input, report, dimension, reach)
                .and_then(|changed| rescore(&changed))
                .map(|t| t - baseline)
        };
        let Some(gain) = gain_to(Reach::Next) else {
            continue;
        };
        let gain_best = if best > next {
            gain_to(Reach::Best).unwrap_or(gain)
        } else {
            gain
        };
        let (gain, gain_best) = (round2(gain), round2(gain.max(gain_best)));
        if gain_best <= NO_GAIN {
            continue;
        }
        let (mut zh, mut en) = dimension_actions(book, report, dimension);
        if report
            .dimensions
            .iter()
            .any(|d| &d.id == dimension && d.estimated)
        {
            zh.push(ESTIMATE_NOTE_ZH.to_string());
            en.push(ESTIMATE_NOTE_EN.to_string());
        }
        if report.stage == Stage::Growth {
            zh.insert(0, GROWTH_NOTE_ZH.to_string());
            en.insert(0, GROWTH_NOTE_EN.to_string());
        }
        advice.push(Advice {
            indicator: dimension.clone(),
            gain,
            gain_best,
            target_next: Some(next),
            target_best: Some(best),
            actions_zh: zh,
            actions_en: en,
        });
    }

    // Deduction events present and bonuses not yet earned.
    for (id, entry) in &book.events {
        let Some(changed) = fix_input(input, report, id, Reach::Next) else {
            continue;
        };
        if entry.kind == EventKind::Bonus && !bonus_applicable(entry, input.industry.as_deref()) {
            continue;
        }
        let gain_of = |changed: &ShopInput| match (current, rescore(changed)) {
            (Some(current), Some(new)) => round2(new - current).max(0.0),
            _ => 0.0,
        };
        let gain = gain_of(&changed);
        let gain_best = match entry.kind {
            EventKind::Deduction => {
                fix_input(input, report, id, Reach::Best).map_or(gain, |all| gain_of(&all))
            }
            EventKind::Bonus => gain,
        }
        .max(gain);
        let misconception = entry
            .misconception
            .as_deref()
            .and_then(|m| book.misconception(m));
        let explains_risk = entry.kind == EventKind::Deduction && misconception.is_some();
        if gain_best <= NO_GAIN && !explains_risk {
            continue;
        }
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        if let Some(m) = misconception {
            let (wzh, wen) = misconception_warning(m, &report.rule_set);
            zh.push(wzh);
            en.push(wen);
        }
        let (azh, aen) = render(&entry.actions);
        zh.extend(azh);
        en.extend(aen);
        let target = match entry.meet {
            Some(EventValue::Number(n)) if entry.kind == EventKind::Bonus => Some(n),
            _ => None,
        };
        advice.push(Advice {
            indicator: id.clone(),
            gain,
            gain_best,
            target_next: target,
            target_best: target,
            actions_zh: zh,
            actions_en: en,
        });
    }

    // A growth-stage shop: what the formal stage would give (possibly less than now).
    if report.stage == Stage::Growth {
        if let Some(changed) = fix_input(input, report, GROWTH_STAGE_ID, Reach::Next) {
            let gain = match (current, rescore(&changed)) {
                (Some(current), Some(new)) => round2(new - current),
                _ => 0.0,
            };
            let (zh, en) = render(&book.stage.actions);
            advice.push(Advice {
                indicator: GROWTH_STAGE_ID.to_string(),
                gain,
                gain_best: gain,
                target_next: Some(30.0),
                target_best: Some(30.0),
                actions_zh: zh,
                actions_en: en,
            });
        }
    }

    advice.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then(b.gain_best.total_cmp(&a.gain_best))
            .then_with(|| a.indicator.cmp(&b.indicator))
    });
    advice
}

/// For a dimension priced as a whole: ask for the indicator values, then the first action of each
/// of its indicators in this rule set (the dimension's general actions when none has one; they
/// would repeat the indicators' steps).
fn dimension_actions(
    book: &Playbook,
    report: &Report,
    dimension: &str,
) -> (Vec<String>, Vec<String>) {
    let mut zh = vec!["按维度分估算:填入该维度各指标的数值,可按指标精确排序。".to_string()];
    let mut en = vec!["Priced on the dimension score: enter this dimension's indicator values to rank fix by fix.".to_string()];
    let mut actions: Vec<Action> = report
        .indicators
        .iter()
        .filter(|i| i.dimension == dimension)
        .filter_map(|i| {
            book.indicators
                .get(&i.id)
                .and_then(|e| e.actions.first())
                .cloned()
        })
        .collect();
    if actions.is_empty() {
        actions = book
            .dimensions
            .get(dimension)
            .map(|e| e.actions.clone())
            .unwrap_or_default();
    }
    let (azh, aen) = render(&actions);
    zh.extend(azh);
    en.extend(aen);
    (zh, en)
}

/// A bonus some industries cannot earn (large items, installation) is offered only when the
/// industry is unknown or matches.
fn bonus_applicable(entry: &EventEntry, industry: Option<&str>) -> bool {
    match industry {
        Some(industry) if !entry.industry_keywords.is_empty() => entry
            .industry_keywords
            .iter()
            .any(|keyword| industry.contains(keyword.as_str())),
        _ => true,
    }
}

fn misconception_warning(m: &Misconception, rule_set: &str) -> (String, String) {
    let penalty = m.penalties.iter().find(|p| p.rule_set == rule_set);
    let (pzh, pen) = match penalty {
        Some(p) => (
            format!("本规则版本:{}。", p.zh),
            format!("Under this rule set: {}.", p.en),
        ),
        None => (String::new(), String::new()),
    };
    (
        format!("误区“{}”:{}{}", m.zh, m.correct_zh, pzh),
        format!("Misconception \"{}\": {} {}", m.en, m.correct_en, pen)
            .trim_end()
            .to_string(),
    )
}

/// Action texts with their source tag, zh and en.
fn render(actions: &[Action]) -> (Vec<String>, Vec<String>) {
    actions
        .iter()
        .map(|a| {
            (
                format!("{}〔{}〕", a.zh, a.source),
                format!("{} [{}]", a.en, a.source),
            )
        })
        .unzip()
}

fn round2(x: f64) -> f64 {
    let rounded = (x * 100.0).round() / 100.0;
    if rounded == 0.0 {
        0.0 // no "-0"
    } else {
        rounded
    }
}
