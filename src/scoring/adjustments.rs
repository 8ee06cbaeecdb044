//! Deductions and bonuses of the window: dimension bonuses (capped at the dimension's cap),
//! deduction buckets (per case, capped per window) and bonuses to the total (each once).

use super::context::{r2, Ctx};
use crate::input::EventValue;
use crate::messages::Warning;
use crate::report::{Adjustment, DimensionScore};
use crate::rules::{BonusCondition, BonusRule, DeductionRule};

/// What the adjustments add up to, and each one applied.
#[derive(Default)]
pub(crate) struct Adjusted {
    pub adjustments: Vec<Adjustment>,
    pub bonus: f64,
    pub deduction: f64,
}

/// Apply the rule set's bonuses and deductions (formal stage only: the growth score is flat
/// and its penalty is the lower flat score).
pub(crate) fn apply(cx: &mut Ctx, dimensions: &mut [DimensionScore]) -> Adjusted {
    let mut out = Adjusted::default();
    dimension_bonuses(cx, dimensions, &mut out.adjustments);
    deductions(cx, &mut out);
    total_bonuses(cx, &mut out);
    out
}

/// Cases of an event: a count, or 1 for `true`.
pub(crate) fn event_count(e: Option<&EventValue>) -> f64 {
    match e {
        Some(EventValue::Number(n)) => *n,
        Some(EventValue::Flag(true)) => 1.0,
        _ => 0.0,
    }
}

fn bonus_met(cond: &BonusCondition, e: Option<&EventValue>) -> bool {
    match (cond, e) {
        (BonusCondition::Flag, e) => event_count(e) >= 1.0,
        (BonusCondition::ShareMin { min }, Some(EventValue::Number(n))) => *n >= *min,
        (
            BonusCondition::Installation {
                min_orders,
                min_share,
            },
            Some(EventValue::Installation { orders, share }),
        ) => *orders >= *min_orders && *share >= *min_share,
        _ => false,
    }
}

fn deductions(cx: &mut Ctx, out: &mut Adjusted) {
    for d in &cx.rs.deductions {
        let cases: f64 = d
            .events
            .iter()
            .map(|e| event_count(cx.input.events.get(e)))
            .sum();
        if cases <= 0.0 || !in_force(cx, d) {
            continue;
        }
        let raw = cases * d.per_case;
        let points = d.cap.map_or(raw, |cap| raw.min(cap));
        out.deduction += points;
        out.adjustments.push(Adjustment {
            kind: "deduction".into(),
            id: d.id.clone(),
            zh: d.zh.clone(),
            en: d.en.clone(),
            points: -points,
            capped: raw > points,
            dimension: None,
        });
    }
}

/// Whether this shop can earn `bonus` (a cross-border shop earns only its own list), saying so
/// when the event was given for one it cannot.
fn can_earn(cx: &mut Ctx, bonus: &BonusRule) -> bool {
    let Some(cb) = cx.industry.cross_border else {
        return true;
    };
    if cb.bonuses.contains(&bonus.id) {
        return true;
    }
    if cx.input.events.contains_key(&bonus.event) {
        cx.say(
            Warning::of("cross_border.bonus_not_applicable")
                .subject(bonus.id.as_str())
                .param("event", bonus.event.as_str()),
        );
    }
    false
}

/// Whether a deduction a notice ended inside the rule set's period applies to this window (by
/// `as_of`); with no date, only when the whole rule set ends before the notice, else it is said.
fn in_force(cx: &mut Ctx, d: &DeductionRule) -> bool {
    let Some(last_day) = d.in_force_to.as_deref() else {
        return true;
    };
    match cx.input.as_of.as_deref() {
        Some(date) => date <= last_day,
        None if cx
            .rs
            .in_force_to
            .as_deref()
            .is_some_and(|to| to <= last_day) =>
        {
            true
        }
        None => {
            cx.say(
                Warning::of("missing_input.date_for_deduction")
                    .subject("as_of")
                    .param("events", d.events.clone())
                    .param("date", last_day),
            );
            false
        }
    }
}

fn total_bonuses(cx: &mut Ctx, out: &mut Adjusted) {
    for b in cx.rs.bonuses.iter().filter(|b| b.dimension.is_none()) {
        if !can_earn(cx, b) {
            continue;
        }
        if !bonus_met(&b.condition, cx.input.events.get(&b.event)) {
            continue;
        }
        out.bonus += b.points;
        out.adjustments.push(Adjustment {
            kind: "bonus".into(),
            id: b.id.clone(),
            zh: b.zh.clone(),
            en: b.en.clone(),
            points: b.points,
            capped: false,
            dimension: None,
        });
    }
}

/// Bonuses that go to a dimension (remote-area logistics → 物流体验 +3, capped at the dimension cap).
fn dimension_bonuses(
    cx: &mut Ctx,
    dimensions: &mut [DimensionScore],
    adjustments: &mut Vec<Adjustment>,
) {
    for b in cx.rs.bonuses.iter() {
        let Some(dim_id) = &b.dimension else { continue };
        if !can_earn(cx, b) {
            continue;
        }
        if !bonus_met(&b.condition, cx.input.events.get(&b.event)) {
            continue;
        }
        let cap = cx
            .rs
            .dimensions
            .iter()
            .find(|d| &d.id == dim_id)
            .map_or(cx.rs.dimension_scale.max, |d| d.cap);
        let Some(d) = dimensions.iter_mut().find(|d| &d.id == dim_id) else {
            continue;
        };
        let Some(s) = d.score else { continue };
        if d.source == "input" {
            cx.say(
                Warning::of("bonus_in_typed_dimension.included")
                    .subject(b.id.as_str())
                    .param("event", b.event.as_str())
                    .param("dimension", dim_id.as_str()),
            );
            continue;
        }
        let new = (s + b.points).min(cap);
        d.score = Some(new);
        adjustments.push(Adjustment {
            kind: "bonus".into(),
            id: b.id.clone(),
            zh: b.zh.clone(),
            en: b.en.clone(),
            points: r2(new - s),
            capped: new - s < b.points,
            dimension: Some(dim_id.clone()),
        });
    }
}
