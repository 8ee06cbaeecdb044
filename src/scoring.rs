//! Scoring: one window's indicator values → band scores → dimensions → total, under a rule set,
//! with stage, small-sample rule, adjustments, consumer display, tier and eligibility.
//!
//! Precedence at every level: a typed dimension score wins over its indicators; a typed
//! indicator score wins over its value. A dimension with nothing to rest on is reported with
//! score null and the total is renormalised over the dimensions present (warning
//! `partial_total`); with no dimension at all (and no growth stage) the stage is `no_score`.
//! One file per concept; `total_of` and `score_core` below are the order of the steps.

mod adjustments;
mod bands;
mod context;
mod coverage;
mod dimensions;
mod display;
mod dynamic_weighting;
pub mod eligibility;
mod indicator;
mod industry;
mod merge;
mod overlay;
mod small_sample;
mod stage;
mod unused;
mod validate;
mod weights;

pub use display::consumer_display;
pub use merge::merge;

use crate::error::Error;
use crate::input::ShopInput;
use crate::messages::Warning;
use crate::report::words::documents;
use crate::report::{
    Adjustment, DimensionScore, IndicatorScore, Report, ReportWindow, RuleSetInfo, Scale, Stage,
};
use crate::rules::{self, RuleSet};
use context::Ctx;

/// Score a shop under the rule set it names (or the one in force on `as_of`): the report
/// without advice (advice sits above scoring and prices its fixes by calling back here;
/// `pipeline::score` composes the two).
pub fn score(input: &ShopInput) -> Result<Report, Error> {
    score_core(input)
}

/// The total of `input` (what advice uses to price each fix).
pub fn rescore_total(input: &ShopInput) -> Option<f64> {
    total_of(input).ok().and_then(|scored| scored.total)
}

/// Re-score `base` with `overrides` laid over it (see [`merge`]), without advice.
pub fn simulate(base: &ShopInput, overrides: &ShopInput) -> Result<Report, Error> {
    score(&merge(base, overrides))
}

/// The score itself: indicators, dimensions, adjustments, stage and total.
struct Scored<'a> {
    cx: Ctx<'a>,
    chosen: Chosen,
    indicators: Vec<IndicatorScore>,
    dimensions: Vec<DimensionScore>,
    adjustments: Vec<Adjustment>,
    stage: Stage,
    total: Option<f64>,
}

/// The full report: the score, then what it means (consumer display, tier, coverage,
/// eligibility).
fn score_core(input: &ShopInput) -> Result<Report, Error> {
    let Scored {
        mut cx,
        chosen,
        indicators,
        dimensions,
        adjustments,
        stage,
        total,
    } = total_of(input)?;
    let rs = chosen.rule_set;
    let consumer = display::consumer(&mut cx, stage, total);
    let consumer_note = display::consumer_note(&cx, stage, consumer.as_ref());
    let tier = display::tier(&mut cx, total);
    let coverage = coverage::of(&cx, &dimensions, &indicators);
    let eligibility = eligibility::from_report(&mut cx, total, stage, &dimensions);
    let calibration = overlay::report(&cx);
    Ok(Report {
        rule_set: rs.id.clone(),
        rule_set_info: rule_set_info(rs),
        stage,
        total,
        scale: Scale {
            min: rs.scale.min,
            max: rs.scale.max,
        },
        window: window(rs, input),
        valid_paid_orders: input.valid_paid_orders_30d,
        coverage,
        consumer,
        consumer_note,
        tier,
        dimensions,
        indicators,
        adjustments,
        eligibility,
        advice: Vec::new(),
        warnings: cx.warnings,
        estimates: cx.estimates,
        inputs: None,
        drilldown: None,
        calibration,
    })
}

/// The steps up to the total (all that advice's re-scoring needs).
fn total_of(input: &ShopInput) -> Result<Scored<'_>, Error> {
    let rs = checked_rule_set(input)?;
    let mut cx = Ctx::new(rs.rule_set, input);
    if rs.guessed {
        warn_rule_set_guessed(&mut cx);
    }
    unused::report_unused_input(&mut cx);
    cx.industry = industry::resolve(&mut cx);
    overlay::resolve(&mut cx)?;
    let weights = weights::for_shop(&mut cx);
    stage::warn_if_orders_unknown(&mut cx);
    let mut indicators = indicator::score_all(&mut cx, &weights);
    weights::label_default_indicator_weights(&mut cx, &mut indicators, &weights);
    let mut dimensions = dimensions::score_all(&mut cx, &indicators, &weights)?;
    let task = stage::score_task(&mut cx);
    let growth = stage::growth(&cx);
    let adjusted = match growth {
        None => adjustments::apply(&mut cx, &mut dimensions),
        Some(_) => Default::default(),
    };
    dynamic_weighting::apply(&mut cx, &mut dimensions);
    let combined = dimensions::combine(&mut cx, &mut dimensions, &mut indicators)?;
    let (stage, total) = stage::total(&mut cx, task, growth, &combined, &adjusted);
    Ok(Scored {
        cx,
        chosen: rs,
        indicators,
        dimensions,
        adjustments: adjusted.adjustments,
        stage,
        total,
    })
}

/// The rule set to score under, with the input checked against it.
struct Chosen {
    rule_set: &'static RuleSet,
    /// No rule set was named and none was in force on `as_of`: the nearest was taken.
    guessed: bool,
}

fn checked_rule_set(input: &ShopInput) -> Result<Chosen, Error> {
    validate::check_general(input)?;
    let (rs, guessed) = rules::select(input.rule_set.as_deref(), input.as_of.as_deref())?;
    validate::check_against(input, rs).map_err(|mut e| {
        if guessed {
            e.message = format!(
                "{} (规则版本 {} 由 as_of 推定，可用 rule_set 指定 | rule set {} was guessed from as_of; name another with rule_set)",
                e.message, rs.id, rs.id
            );
        }
        e
    })?;
    Ok(Chosen {
        rule_set: rs,
        guessed,
    })
}

fn warn_rule_set_guessed(cx: &mut Ctx) {
    let date = cx.input.as_of.clone().unwrap_or_default();
    let id = cx.rs.id.clone();
    cx.say(
        Warning::of("rule_set_guess.nearest")
            .subject("as_of")
            .param("date", date)
            .param("rule_set", id),
    );
}

fn rule_set_info(rs: &RuleSet) -> RuleSetInfo {
    RuleSetInfo {
        id: rs.id.clone(),
        zh: rs.zh.clone(),
        en: rs.en.clone(),
        source: documents(&rs.sources),
        draft: rs.draft,
        confidence: rs.confidence,
    }
}

/// The rule set's window ending on `as_of`, when it is known.
fn window(rs: &RuleSet, input: &ShopInput) -> ReportWindow {
    let to = input.as_of.clone();
    let from = to
        .as_deref()
        .and_then(rules::day_number)
        .map(|end| rules::date_of_day_number(end - i64::from(rs.window_days) + 1));
    ReportWindow {
        days: rs.window_days,
        from,
        to,
    }
}
