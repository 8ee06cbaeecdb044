//! The stage: a shop under the rule set's order threshold is in the growth stage and gets a
//! flat score (lowered by penalising events); otherwise the formal total, or no score at all.

use super::adjustments::{event_count, Adjusted};
use super::context::{r2, Ctx};
use super::dimensions::Combined;
use crate::messages::Warning;
use crate::report::Stage;
use crate::rules::StageRule;

/// Say once when the order count the stage and small-sample rules need is unknown.
pub(crate) fn warn_if_orders_unknown(cx: &mut Ctx) {
    if cx.input.valid_paid_orders_30d.is_none()
        && (cx.rs.stage.is_some() || cx.rs.small_sample.is_some())
    {
        cx.say(Warning::of("missing_input.orders_for_stage").subject("valid_paid_orders_30d"));
    }
}

/// The growth-stage rule when it applies to this shop (fewer valid paid orders than it needs).
pub(crate) fn growth(cx: &Ctx) -> Option<&'static StageRule> {
    let exempt = |st: &StageRule| {
        cx.input
            .shop_type
            .is_some_and(|t| st.no_growth_stage_for.contains(&t))
    };
    match (cx.rs.stage.as_ref(), cx.input.valid_paid_orders_30d) {
        (Some(st), Some(n)) if n < st.min_orders && !exempt(st) => Some(st),
        _ => None,
    }
}

/// The stage and the total: the flat growth score, the formal weighted total after
/// adjustments (clamped to the scale), or no score.
pub(crate) fn total(
    cx: &mut Ctx,
    growth: Option<&StageRule>,
    combined: &Combined,
    adjusted: &Adjusted,
) -> (Stage, Option<f64>) {
    if let Some(st) = growth {
        return (Stage::Growth, Some(growth_score(cx, st)));
    }
    if combined.any_present {
        let t = (combined.weighted - adjusted.deduction + adjusted.bonus)
            .clamp(cx.rs.scale.min, cx.rs.scale.max);
        return (Stage::Formal, Some(r2(t)));
    }
    cx.say(Warning::of("no_score.nothing_given"));
    (Stage::NoScore, None)
}

fn growth_score(cx: &mut Ctx, st: &StageRule) -> f64 {
    let orders = cx.input.valid_paid_orders_30d;
    let penalised = st
        .penalising_events
        .iter()
        .find(|e| event_count(cx.input.events.get(*e)) > 0.0);
    let total = match penalised {
        Some(e) => {
            cx.say(
                Warning::of("growth_penalised.event")
                    .subject(e.as_str())
                    .param("event", e.as_str())
                    .param("score", st.growth_penalised_score),
            );
            st.growth_penalised_score
        }
        None => st.growth_score,
    };
    cx.say(
        Warning::of("growth_stage.flat")
            .param("orders", orders.unwrap_or(0.0))
            .param("min", st.min_orders)
            .param("score", total),
    );
    total
}
