//! Advice: the playbook (data, zh/en) and ranking fixes by the points re-scoring says they are worth.
//!
//! Nothing here guesses a gain. Every candidate fix is written as a modified [`ShopInput`]
//! ([`fix_input`]) and the caller's `rescore` closure says what the total would be; the gain is
//! the difference from the report's total, or from re-scoring [`baseline_input`] where a fix
//! has to start elsewhere (a typed dimension score hiding its indicators; a growth-stage shop,
//! whose indicator fixes are priced in the formal stage). The playbook
//! (`src/advice/playbook.json`) only supplies the words.

mod candidates;
mod fix;
mod playbook;

pub use fix::{baseline_input, fix_input, Reach};
pub use playbook::{
    playbook, Action, Entry, EventEntry, EventKind, Misconception, Named, Penalty, Playbook,
    PLAYBOOK_JSON,
};

use crate::{
    report::{Advice, Stage},
    Report, ShopInput,
};
use candidates::{candidates, Candidate, Pricing};

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
// Ranking

/// Rank fixes for `report` (scored from `input`). `rescore` returns the total of a modified
/// input (scored without advice), so gains are computed by re-scoring, never guessed.
///
/// One entry per candidate (see `candidates`): indicators below their best band, typed
/// dimension scores no indicator fix can price, deduction events present, bonuses not yet
/// earned that the shop could earn, and for a growth-stage shop what the formal stage would
/// give. Sorted by gain, then gain_best (both descending), then id. Entries worth nothing are
/// dropped, except penalised misconception events and the growth stage, which explain a risk.
pub fn advise(
    input: &ShopInput,
    report: &Report,
    rescore: &dyn Fn(&ShopInput) -> Option<f64>,
) -> Vec<Advice> {
    let rescore = |changed: &ShopInput| rescore(changed).filter(|total| total.is_finite());
    let mut advice: Vec<Advice> = candidates(input, report)
        .iter()
        .filter_map(|candidate| {
            let (gain, gain_best) = price(candidate, input, report, &rescore)?;
            let (target_next, target_best) = candidate.targets(report);
            let (actions_zh, actions_en) = words(candidate, report);
            Some(Advice {
                indicator: candidate.id().to_string(),
                gain,
                gain_best,
                target_next,
                target_best,
                actions_zh,
                actions_en,
            })
        })
        .collect();
    advice.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then(b.gain_best.total_cmp(&a.gain_best))
            .then_with(|| a.indicator.cmp(&b.indicator))
    });
    advice
}

/// (gain, gain_best) of a candidate, rounded to 0.01; None when it is not advised.
fn price(
    candidate: &Candidate,
    input: &ShopInput,
    report: &Report,
    rescore: &dyn Fn(&ShopInput) -> Option<f64>,
) -> Option<(f64, f64)> {
    let fix = |reach| fix_input(input, report, candidate.id(), reach);
    let current = report.total.filter(|total| total.is_finite());
    match candidate.pricing() {
        Pricing::FromBaseline => {
            // The baseline is the report's total, or the re-scored starting point when the fix
            // had to start elsewhere (a dropped typed dimension score, the formal stage).
            let base = baseline_input(input, report, candidate.id())?;
            let baseline = if base == *input {
                current
            } else {
                rescore(&base)
            }?;
            let gain = rescore(&fix(Reach::Next)?)? - baseline;
            let best = if candidate.has_distinct_best() {
                fix(Reach::Best)
                    .and_then(|changed| rescore(&changed))
                    .map_or(gain, |total| total - baseline)
            } else {
                gain
            };
            let (gain, gain_best) = (round2(gain), round2(gain.max(best)));
            (gain_best > NO_GAIN).then_some((gain, gain_best))
        }
        Pricing::FromTotal {
            floor_at_zero,
            keep,
        } => {
            let gain_of = |changed: &ShopInput| match (current, rescore(changed)) {
                (Some(current), Some(new)) if floor_at_zero => round2(new - current).max(0.0),
                (Some(current), Some(new)) => round2(new - current),
                _ => 0.0,
            };
            let gain = gain_of(&fix(Reach::Next)?);
            let gain_best = if candidate.has_distinct_best() {
                fix(Reach::Best).map_or(gain, |changed| gain_of(&changed))
            } else {
                gain
            }
            .max(gain);
            (gain_best > NO_GAIN || keep).then_some((gain, gain_best))
        }
    }
}

/// The actions of an entry, zh and en: the playbook's steps for what it is about, with the
/// notes that say how it was priced (growth stage first, estimate last).
fn words(candidate: &Candidate, report: &Report) -> (Vec<String>, Vec<String>) {
    let book = playbook();
    let (mut zh, mut en, estimated) = match candidate {
        Candidate::Indicator(indicator) => {
            let (zh, en) = render(book.indicator_actions(&indicator.id, &indicator.dimension));
            (zh, en, indicator.estimated)
        }
        Candidate::Dimension(id, _, _) => {
            let (zh, en) = dimension_actions(book, report, id);
            let estimated = report.dimensions.iter().any(|d| &d.id == id && d.estimated);
            (zh, en, estimated)
        }
        Candidate::Event(_, entry) => {
            let (mut zh, mut en) = (Vec::new(), Vec::new());
            if let Some(m) = entry
                .misconception
                .as_deref()
                .and_then(|m| book.misconception(m))
            {
                let (wzh, wen) = misconception_warning(m, &report.rule_set);
                zh.push(wzh);
                en.push(wen);
            }
            let (azh, aen) = render(&entry.actions);
            zh.extend(azh);
            en.extend(aen);
            return (zh, en);
        }
        Candidate::Stage => return render(&book.stage.actions),
    };
    if estimated {
        zh.push(ESTIMATE_NOTE_ZH.to_string());
        en.push(ESTIMATE_NOTE_EN.to_string());
    }
    if report.stage == Stage::Growth {
        zh.insert(0, GROWTH_NOTE_ZH.to_string());
        en.insert(0, GROWTH_NOTE_EN.to_string());
    }
    (zh, en)
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
