//! Candidate fixes as modified inputs: exactly what `advise` re-scores, so the page can offer
//! "apply this fix" and the tests can check every gain against `score`.

use super::playbook::{playbook, EventKind};
use super::{round2, GROWTH_STAGE_ID};
use crate::{
    input::EventValue,
    report::{IndicatorScore, NextBand, Stage},
    rules, Report, ShopInput,
};

/// How far a fix goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The next band up.
    Next,
    /// The best band.
    Best,
}

/// The input with the fix `id` applied: an indicator moved to its next or best band, a typed
/// dimension score raised a step or to the top, a present deduction event removed (`Best`:
/// every deduction event removed), a missing bonus met, or (for [`GROWTH_STAGE_ID`]) the valid
/// paid orders the rule set's formal stage needs. `None` when `id` names nothing that can be
/// fixed in this report.
pub fn fix_input(input: &ShopInput, report: &Report, id: &str, reach: Reach) -> Option<ShopInput> {
    if id == GROWTH_STAGE_ID {
        return (report.stage == Stage::Growth)
            .then(|| formal_stage_base(input, report))
            .flatten();
    }
    if let Some(indicator) = report.indicators.iter().find(|i| i.id == id) {
        return indicator_fix(input, report, indicator, reach);
    }
    if input.dimensions.contains_key(id) {
        return dimension_fix(input, report, id, reach);
    }
    event_fix(input, id, reach)
}

/// The input a fix's gain is measured against: `input` itself, except where the fix has to
/// start elsewhere: a typed dimension score dropped so its indicators show, or the formal
/// stage of a growth-stage shop. `None` when `id` is an indicator whose fix cannot be measured.
pub fn baseline_input(input: &ShopInput, report: &Report, id: &str) -> Option<ShopInput> {
    if let Some(indicator) = report.indicators.iter().find(|i| i.id == id) {
        return indicator_base_input(input, report, &indicator.dimension);
    }
    if input.dimensions.contains_key(id) {
        return formal_stage_base(input, report);
    }
    Some(input.clone())
}

/// The valid paid orders the formal stage starts at under the report's rule set.
pub(crate) fn formal_stage_orders(report: &Report) -> Option<f64> {
    let rule_set = rules::rule_set_detail(&report.rule_set).ok()?;
    rule_set.stage.as_ref().map(|s| s.min_orders)
}

/// `input`, or for a growth-stage shop the same shop at the order count of the formal stage
/// (where indicator and dimension fixes start from; see `indicator_base_input`).
fn formal_stage_base(input: &ShopInput, report: &Report) -> Option<ShopInput> {
    let mut base = input.clone();
    if report.stage == Stage::Growth {
        let min_orders = formal_stage_orders(report)?;
        base.valid_paid_orders_30d =
            Some(base.valid_paid_orders_30d.unwrap_or(0.0).max(min_orders));
    }
    Some(base)
}

/// The band an indicator would move to, if it has one above its current score.
pub(crate) fn target_band(indicator: &IndicatorScore, reach: Reach) -> Option<NextBand> {
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
/// - a growth-stage shop scores a flat score whatever its indicators: the fix is priced in the
///   formal stage it is heading for, and the advice says so.
fn indicator_base_input(input: &ShopInput, report: &Report, dimension: &str) -> Option<ShopInput> {
    let mut base = formal_stage_base(input, report)?;
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

/// A typed dimension score whose indicators are not all known cannot be priced indicator by
/// indicator; the fix is then the dimension score itself, raised to the next step or to the
/// top of the scale (see [`dimension_targets`]).
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
    let mut changed = formal_stage_base(input, report)?;
    changed.dimensions.insert(dimension.to_string(), target);
    Some(changed)
}

/// (next step, top) for a typed dimension score that only the dimension itself can move: the
/// next step is a tenth of the dimension scale (5 points on 50–100, 0.2 on 3–5). `None` when the
/// dimension is already at the top or its indicators are all known (their fixes price it).
pub(crate) fn dimension_targets(
    report: &Report,
    dimension: &str,
    current: f64,
) -> Option<(f64, f64)> {
    let in_dimension: Vec<_> = report
        .indicators
        .iter()
        .filter(|i| i.dimension == dimension)
        .collect();
    if !in_dimension.is_empty() && in_dimension.iter().all(|i| i.source != "missing") {
        return None;
    }
    let scale = rules::rule_set_detail(&report.rule_set)
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

/// A present deduction event removed, or a missing bonus met.
fn event_fix(input: &ShopInput, id: &str, reach: Reach) -> Option<ShopInput> {
    let entry = playbook().events.get(id)?;
    let mut changed = input.clone();
    match entry.kind {
        EventKind::Deduction => {
            if !event_present(input.events.get(id)?) {
                return None;
            }
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
            changed.events.insert(id.to_string(), meet.clone());
        }
    }
    Some(changed)
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
