//! The small-sample rule: a value-derived indicator score is set to the rule's score (80) when
//! the sample behind it is too small (few orders and few bad cases, or few rated sessions).

use super::context::Ctx;
use crate::input::{IndicatorInput, ShopType};
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
                cx.warn(
                    "small_sample",
                    format!(
                        "{}（{}）：有评价的人工会话 {n} 个（≤ {}），按 {} 分计 | {n} rated sessions (≤ {}): scored {}",
                        ind.zh, ind.id, rule.max_rated_sessions, rule.score, rule.max_rated_sessions, rule.score
                    ),
                );
                Some(rule.score)
            }
            Some(_) => None,
            None => {
                cx.warn(
                    "missing_input",
                    format!("indicators.{}.base_count（有评价的人工会话数）缺失，无法判断小样本规则 | (rated manual sessions) is missing: the small-sample rule cannot be checked", ind.id),
                );
                None
            }
        },
        SmallSampleKind::Orders => {
            let orders = cx.input.valid_paid_orders_30d?;
            let big_ticket = cx
                .input
                .industry
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
            if big_ticket && rule.big_ticket_list_estimated {
                cx.estimate("小样本规则的大件行业名单未公布（估算） | the list of big-ticket industries for the small-sample rule is not published (estimate)".into());
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
                    cx.warn(
                        "small_sample",
                        format!(
                            "{}（{}）：有效支付订单 {orders}（< {threshold}）且不良数 {b}（≤ {}），按 {} 分计 | {orders} valid paid orders (< {threshold}) and {b} bad cases (≤ {}): scored {}",
                            ind.zh, ind.id, rule.max_bad_count, rule.score, rule.max_bad_count, rule.score
                        ),
                    );
                    Some(rule.score)
                }
                Some(_) => None,
                None => {
                    cx.warn(
                        "missing_input",
                        format!(
                            "indicators.{}.bad_count 缺失：有效支付订单 {orders}（< {threshold}），小样本规则可能适用 | is missing: with {orders} valid paid orders (< {threshold}) the small-sample rule may apply",
                            ind.id
                        ),
                    );
                    None
                }
            }
        }
    }
}
