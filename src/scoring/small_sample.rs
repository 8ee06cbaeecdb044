//! The small-sample rule: a value-derived indicator score is set to the rule's score (80) when
//! the sample behind it is too small (few orders and few bad cases, or few rated sessions).

use super::context::Ctx;
use crate::input::{IndicatorInput, ShopType};
use crate::messages::Warning;
use crate::rules::{self, SmallSampleKind, Unit};

/// Some(80) when the rule applies to this value-derived score; warns when it cannot tell.
pub(crate) fn forced_score(
    cx: &mut Ctx,
    ind: &rules::IndicatorRule,
    given: &IndicatorInput,
) -> Option<f64> {
    let rule = cx.rs.small_sample.as_ref()?;
    match ind.small_sample? {
        SmallSampleKind::RatedSessions => match given.base_count {
            Some(n) if n <= rule.max_rated_sessions => {
                cx.say(
                    Warning::of("small_sample.rated_sessions")
                        .subject(ind.id.as_str())
                        .param("indicator", ind.id.as_str())
                        .param("sessions", n)
                        .param("max", rule.max_rated_sessions)
                        .param("score", rule.score),
                );
                Some(rule.score)
            }
            Some(_) => None,
            None => {
                cx.say(
                    Warning::of("missing_input.rated_sessions_for_small_sample")
                        .subject(ind.id.as_str())
                        .param("indicator", ind.id.as_str())
                        .param("field", format!("indicators.{}.base_count", ind.id)),
                );
                None
            }
        },
        SmallSampleKind::Orders => {
            let orders = cx.input.valid_paid_orders_30d?;
            let big_ticket = cx
                .industry
                .row
                .as_ref()
                .is_some_and(|n| rule.big_ticket_industries.contains(n))
                || (rule.flagship_uses_big_ticket
                    && cx.input.shop_type == Some(ShopType::Flagship));
            let threshold = if big_ticket {
                rule.orders_big_ticket
            } else {
                rule.orders_other
            };
            if orders >= threshold {
                return None;
            }
            // The bad count: given, or derived from a percentage and its base.
            let bad = given
                .bad_count
                .or_else(|| match (given.value, given.base_count, ind.unit) {
                    (Some(v), Some(n), Unit::Percent) => Some((v / 100.0 * n).round()),
                    _ => None,
                });
            match bad {
                Some(b) if b <= rule.max_bad_count => {
                    cx.say(
                        Warning::of("small_sample.orders")
                            .subject(ind.id.as_str())
                            .param("indicator", ind.id.as_str())
                            .param("counted", ind.id.as_str())
                            .param("orders", orders)
                            .param("threshold", threshold)
                            .param("bad", b)
                            .param("max", rule.max_bad_count)
                            .param("score", rule.score),
                    );
                    Some(rule.score)
                }
                Some(_) => None,
                None => {
                    cx.say(
                        Warning::of("missing_input.bad_count_for_small_sample")
                            .subject(ind.id.as_str())
                            .param("indicator", ind.id.as_str())
                            .param("counted", ind.id.as_str())
                            .param("orders", orders)
                            .param("threshold", threshold)
                            .param("field", format!("indicators.{}.bad_count", ind.id)),
                    );
                    None
                }
            }
        }
    }
}
