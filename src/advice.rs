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
pub mod planner;
mod playbook;

pub use fix::{baseline_input, fix_input, Reach};
pub use playbook::{
    playbook, Action, Entry, EventEntry, EventKind, Misconception, Penalty, Playbook, PLAYBOOK_JSON,
};

use crate::{
    messages::{Param, Text},
    report::words::{documents, say},
    report::{Advice, Stage},
    Report, ShopInput,
};
use candidates::{candidates, Candidate, Pricing};

/// The advice id of the growth-stage entry (it is not an indicator or an event).
pub const GROWTH_STAGE_ID: &str = "growth_stage";

/// Said last on every entry whose target or gain rests on unpublished numbers (default bands,
/// reference values, weights): they are estimates, never official.
pub fn estimate_note() -> Text {
    say("advice.estimate_note", vec![])
}

/// Said first on indicator and dimension entries of a growth-stage shop, whose fixes are priced
/// in the formal stage (at `orders` valid paid orders).
pub fn growth_note(orders: f64) -> Text {
    say("advice.growth_note", vec![("orders", orders.into())])
}

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
            let (actions, sources) = words(candidate, report);
            Some(Advice {
                indicator: candidate.id().to_string(),
                gain,
                gain_best,
                target_next,
                target_best,
                actions,
                source: documents(&sources),
            })
        })
        .collect();
    crate::sorting::sort_by(&mut advice, |a, b| {
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

/// The actions of an entry and the documents they come from: the playbook's steps for what
/// it is about, with the notes that say how it was priced (growth stage first, estimate last).
fn words(candidate: &Candidate, report: &Report) -> (Vec<Text>, Vec<String>) {
    let book = playbook();
    let (steps, estimated): (Vec<Action>, bool) = match candidate {
        Candidate::Indicator(indicator) => (
            book.indicator_actions(&indicator.id, &indicator.dimension)
                .to_vec(),
            indicator.estimated,
        ),
        Candidate::Dimension(id, _, _) => {
            let estimated = report.dimensions.iter().any(|d| &d.id == id && d.estimated);
            (dimension_actions(book, report, id), estimated)
        }
        Candidate::Event(_, entry) => (entry.actions.clone(), false),
        Candidate::Stage => (book.stage.actions.clone(), false),
    };
    let mut sources: Vec<String> = Vec::new();
    for step in &steps {
        if !sources.contains(&step.source) {
            sources.push(step.source.clone());
        }
    }
    let mut actions: Vec<Text> = steps.iter().map(Action::text).collect();
    match candidate {
        Candidate::Dimension(..) => actions.insert(0, say("advice.dimension_priced", vec![])),
        Candidate::Event(_, entry) => {
            let misconception = entry
                .misconception
                .as_deref()
                .and_then(|m| book.misconception(m));
            if let Some(m) = misconception {
                actions.insert(0, misconception_warning(m, &report.rule_set));
            }
        }
        _ => {}
    }
    if estimated {
        actions.push(estimate_note());
    }
    let priced_in_formal_stage = matches!(
        candidate,
        Candidate::Indicator(_) | Candidate::Dimension(..)
    );
    if report.stage == Stage::Growth && priced_in_formal_stage {
        if let Some(orders) = fix::formal_stage_orders(report) {
            actions.insert(0, growth_note(orders));
        }
    }
    (actions, sources)
}

/// For a dimension priced as a whole: the first action of each of its indicators in this rule
/// set (the dimension's general actions when none has one; they would repeat the indicators'
/// steps).
fn dimension_actions(book: &Playbook, report: &Report, dimension: &str) -> Vec<Action> {
    let actions: Vec<Action> = report
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
    if !actions.is_empty() {
        return actions;
    }
    book.dimensions
        .get(dimension)
        .map(|e| e.actions.clone())
        .unwrap_or_default()
}

/// The misconception an event is the penalised form of, with this rule set's penalty.
fn misconception_warning(m: &Misconception, rule_set: &str) -> Text {
    let belief = Param::from(serde_json::json!({"zh": m.zh, "en": m.en}));
    let correct = Param::from(serde_json::json!({"zh": m.correct_zh, "en": m.correct_en}));
    match m.penalties.iter().find(|p| p.rule_set == rule_set) {
        Some(p) => say(
            "advice.misconception_penalised",
            vec![
                ("belief", belief),
                ("correct", correct),
                ("penalty", serde_json::json!({"zh": p.zh, "en": p.en})),
            ],
        ),
        None => say(
            "advice.misconception",
            vec![("belief", belief), ("correct", correct)],
        ),
    }
}

fn round2(x: f64) -> f64 {
    let rounded = (x * 100.0).round() / 100.0;
    if rounded == 0.0 {
        0.0 // no "-0"
    } else {
        rounded
    }
}
