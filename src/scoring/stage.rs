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

/// Whether the shop has done its 出分任务 (the rule's conditions for a score at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScoreTaskState {
    Met,
    NotMet,
}

/// Check the 出分任务: not met → no score, said; an unknown part is assumed met, and said.
pub(crate) fn score_task(cx: &mut Ctx) -> ScoreTaskState {
    let Some(task) = cx.rs.stage.as_ref().and_then(|s| s.score_task.as_ref()) else {
        return ScoreTaskState::Met;
    };
    let input = cx.input;
    let older = input.shop_age_days.map(|d| d > task.new_shop_max_days);
    let lacks_orders = input
        .valid_paid_orders_30d
        .map(|n| n < task.min_orders_older_shop);
    if input
        .products_on_sale
        .is_some_and(|n| n < task.min_products_on_sale)
    {
        cx.say(
            Warning::of("no_score.no_product_on_sale")
                .subject("products_on_sale")
                .param("min", task.min_products_on_sale),
        );
        return ScoreTaskState::NotMet;
    }
    if older == Some(true) && lacks_orders == Some(true) {
        cx.say(
            Warning::of("no_score.no_order_older_shop")
                .subject("valid_paid_orders_30d")
                .param("days", task.new_shop_max_days)
                .param("min", task.min_orders_older_shop),
        );
        return ScoreTaskState::NotMet;
    }
    // What is unknown is assumed met; one sentence says what was assumed.
    let orders_matter = older != Some(false) && lacks_orders != Some(false);
    let key = match (input.products_on_sale.is_none(), orders_matter) {
        (true, true) => Some("assumed.score_task_products_and_order"),
        (true, false) => Some("assumed.score_task_products"),
        (false, true) => Some("assumed.score_task_order"),
        (false, false) => None,
    };
    if let Some(key) = key {
        cx.say(
            Warning::of(key)
                .subject("score_task")
                .param("days", task.new_shop_max_days),
        );
    }
    ScoreTaskState::Met
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
/// adjustments (clamped to the scale), or no score. `no_score` is the platform's (出分任务
/// not met); a formal-stage shop whose figures are missing stays formal with no total, so
/// nothing downstream takes the tool's missing data for the platform withholding a score.
pub(crate) fn total(
    cx: &mut Ctx,
    task: ScoreTaskState,
    growth: Option<&StageRule>,
    combined: &Combined,
    adjusted: &Adjusted,
) -> (Stage, Option<f64>) {
    if task == ScoreTaskState::NotMet {
        return (Stage::NoScore, None);
    }
    if let Some(st) = growth {
        return (Stage::Growth, Some(growth_score(cx, st)));
    }
    if combined.any_present {
        let t = (combined.weighted - adjusted.deduction + adjusted.bonus)
            .clamp(cx.rs.scale.min, cx.rs.scale.max);
        return (Stage::Formal, Some(r2(t)));
    }
    cx.say(Warning::of("no_score.nothing_given"));
    (Stage::Formal, None)
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
