//! Service indicators: after-sale handling (23:00–08:00 clock), Feige response,
//! dissatisfaction and 3-minute reply (sessions started 08:00:00–22:59:59; from the rounds, or
//! estimated from the per-agent daily export), and 平台求助率.

use super::days::{Counts, Slot, ALWAYS};
use super::drilldown::{Bad, Why};
use super::join::{day, on, Build, Group, Origin, Session};
use super::plan::Plan;
use super::{after_sale_clock_start, feige_session_counts, hours_between, put, Emit, Ind};
use crate::records::compact::{AfterSale, AgentDay, Tri};
use crate::records::names::{Ts, NO_TIME};
use crate::records::vocabulary::AfterSaleType;
use crate::records::Key;

/// Whether an after-sale is in the after-sale time indicators' population: refunded (not
/// 换货成功, closed, rejected or pending), of type 已发货退款 or 退货退款, not exempted.
enum Population {
    In(AfterSaleType),
    Out,
    /// Its status or type is missing or unknown: left out, with a note.
    CannotTell,
}

fn population(a: &AfterSale) -> Population {
    if a.exempt.is_true() {
        return Population::Out;
    }
    match (a.refunded(), a.kind) {
        (Some(false), _) => Population::Out,
        (None, _) | (Some(true), None) => Population::CannotTell,
        (Some(true), Some(kind @ (AfterSaleType::ShippedRefund | AfterSaleType::ReturnRefund))) => {
            Population::In(kind)
        }
        (Some(true), Some(_)) => Population::Out,
    }
}

/// 售后平均审核时长 (2026-07 on): refund-success after-sales of type 已发货退款 (request →
/// agree to refund) and 退货退款 (request → agree to the return), not exempted, on their
/// request day; a request made 23:00–08:00 counts from 08:00. 未发货退款, 换货 and after-sales
/// not refunded (closed, rejected, pending, 换货成功) are not in it.
pub(super) fn review_hours(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    let ind = Ind::AfterSaleReviewHours;
    if !plan.computed(ind) {
        return;
    }
    for &(origin, a) in &g.after_sales {
        let slot = on(a.apply.get());
        match population(a) {
            Population::Out => continue,
            Population::In(_) if a.agree.is_some() => {}
            _ => {
                out.add(ind, slot, Counts::left_out());
                continue;
            }
        }
        let hours = hours_between(after_sale_clock_start(a.apply.get()), a.agree.get());
        let slow = hours > b.est.bad_review_hours;
        put(
            out,
            ind,
            slot,
            Counts::new(hours, 1.0, slow as u8 as f64),
            || {
                let why = Why::AfterSaleReview {
                    after_sale: a.id,
                    hours,
                };
                Bad::in_group(g, why, a.apply.get(), origin)
            },
        );
    }
}

/// 售后处理时长达成率 (2026-05): refund-success after-sales of type 已发货退款 (those the
/// platform handled excluded) and 退货退款 — not 未发货退款, not 换货 — whose waiting time for
/// the merchant is within the industry's limit, on their request day. The wait is request →
/// agree, plus for a return the return signed for → the merchant's refund where a file gives
/// the signed time; **no** night clock (that is 售后平均审核时长's). Negotiation time is not
/// counted by the rule, but no export shows it: the report says so (`plan`).
pub(super) fn on_time(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    let ind = Ind::AfterSaleOnTimeRate;
    if !plan.computed(ind) {
        return;
    }
    let limit = b.est.after_sale_limit_hours;
    for &(origin, a) in &g.after_sales {
        let slot = on(a.apply.get());
        let kind = match population(a) {
            Population::Out => continue,
            Population::In(kind) if a.agree.is_some() => kind,
            _ => {
                out.add(ind, slot, Counts::left_out());
                continue;
            }
        };
        if kind == AfterSaleType::ShippedRefund && a.platform_handled.is_true() {
            continue;
        }
        let mut hours = hours_between(a.apply.get(), a.agree.get());
        if kind == AfterSaleType::ReturnRefund && a.return_signed.is_some() && a.confirmed.is_some()
        {
            hours += hours_between(a.return_signed.get(), a.confirmed.get());
        }
        let late = hours > limit;
        put(
            out,
            ind,
            slot,
            Counts::new(1.0 - late as u8 as f64, 1.0, late as u8 as f64),
            || {
                let why = Why::AfterSaleSlow {
                    after_sale: a.id,
                    hours,
                    limit,
                };
                Bad::in_group(g, why, a.apply.get(), origin)
            },
        );
    }
}

/// 平台求助率: orders escalated to the platform ÷ orders where the buyer asked the merchant
/// for help (an after-sale request, or a manual Feige consultation). An order counts once per
/// window, on its first day asking in it.
pub(super) fn platform_help(g: &Group<'_>, plan: &Plan, out: &mut impl Emit) {
    let ind = Ind::PlatformHelpRate;
    if !plan.computed(ind) {
        return;
    }
    // (time, escalated, why, origin), after-sales first then rounds, each in file order.
    let mut asks: Vec<(Ts, bool, Why, Origin)> = Vec::new();
    for &(origin, a) in &g.after_sales {
        let why = Why::Arbitrated {
            after_sale: a.id,
            blame: a.blame,
        };
        asks.push((a.apply.get(), a.arbitration.is_true(), why, origin));
    }
    for r in g.rounds.iter().filter(|r| r.manual.get() != Some(false)) {
        let why = Why::Escalated { session: r.session };
        asks.push((r.start, r.escalated.is_true(), why, r.origin));
    }
    if asks.is_empty() {
        return;
    }
    let mut ask_days: Vec<i32> = asks.iter().map(|a| day(a.0)).collect();
    ask_days.sort_unstable();
    ask_days.dedup();
    let mut prev = ALWAYS;
    for &d in &ask_days {
        out.add(ind, Slot::on(d).after(prev), Counts::new(0.0, 1.0, 0.0));
        prev = d;
    }
    let mut escalated: Vec<i32> = asks.iter().filter(|a| a.1).map(|a| day(a.0)).collect();
    escalated.sort_unstable();
    escalated.dedup();
    let window = out.collecting(ind);
    let mut prev = ALWAYS;
    for &d in &escalated {
        let slot = Slot::on(d).after(prev);
        prev = d;
        put(out, ind, slot, Counts::new(1.0, 0.0, 1.0), || {
            // Shown once per window: the first escalation in file order within the window.
            let (start, end) = window.unwrap_or((d, d));
            let first = asks
                .iter()
                .find(|a| a.1 && (start..=end).contains(&day(a.0)))
                .expect("an escalation in the window");
            Bad::in_group(g, first.2, first.0, first.3)
        });
    }
}

/// Whether a round was answered by a person (without a 是否人工 column, every round is).
fn manual(plan: &Plan, m: Tri) -> bool {
    m.get().unwrap_or(plan.every_round_manual)
}

/// Feige from the rounds: 飞鸽平均响应时长 and 飞鸽会话不满意率 (manual rounds of sessions
/// started 08:00:00–22:59:59, on the session's day), 3分钟人工回复率 (manual buyer messages
/// sent 08:00–23:00, on the message's day).
pub(super) fn session(s: &Session<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    if plan.feige_from != Some(super::plan::FeigeFrom::Rounds) {
        return;
    }
    let e = &b.est;
    let unanswered_seconds = b.published.unanswered_round_seconds.round() as i64;
    let dissatisfied = f64::from(b.published.feige_dissatisfied_max_stars);
    let counts = feige_session_counts(s.start);
    let slot = on(s.start);
    let mut rated = false;
    for &(origin, r) in &s.rounds {
        if !manual(plan, r.manual) {
            continue;
        }
        let bad_of = |why: Why, time: Ts| Bad::of(r.order, why, time, origin).agent(r.agent);
        if counts {
            let seconds = if r.reply.get() == NO_TIME {
                Some((unanswered_seconds, true))
            } else if r.reply.get() < r.buyer.get() {
                None
            } else {
                Some((r.reply.get() - r.buyer.get(), false))
            };
            match seconds {
                None => out.add(Ind::FeigeAvgResponseSeconds, slot, Counts::left_out()),
                Some((seconds, unanswered)) => {
                    let slow = seconds as f64 > e.bad_response_seconds;
                    let c = Counts::new(seconds as f64, 1.0, slow as u8 as f64);
                    put(out, Ind::FeigeAvgResponseSeconds, slot, c, || {
                        let why = if unanswered {
                            Why::Unanswered { session: s.key }
                        } else {
                            Why::SlowReply {
                                session: s.key,
                                seconds,
                            }
                        };
                        bad_of(why, r.buyer.get())
                    });
                }
            }
            // The session's first manual rating counts; 1–3★ is 不满意 (published).
            if let (false, Some(stars)) = (rated, r.rating.get()) {
                rated = true;
                let unhappy = (stars <= dissatisfied) as u8 as f64;
                put(
                    out,
                    Ind::FeigeDissatisfactionRate,
                    slot,
                    Counts::new(unhappy, 1.0, unhappy),
                    || {
                        let why = Why::SessionRated {
                            session: s.key,
                            stars,
                        };
                        bad_of(why, s.start)
                    },
                );
            }
        }
        if feige_session_counts(r.buyer.get()) {
            let why = if r.reply.get() == NO_TIME {
                Some(Why::NoReply { session: s.key })
            } else if r.reply.get() - r.buyer.get() > 180 {
                Some(Why::LateReply {
                    session: s.key,
                    seconds: r.reply.get() - r.buyer.get(),
                })
            } else {
                None
            };
            let late = why.is_some() as u8 as f64;
            put(
                out,
                Ind::ThreeMinReplyRate,
                on(r.buyer.get()),
                Counts::new(1.0 - late, 1.0, late),
                || bad_of(why.expect("late"), r.buyer.get()),
            );
        }
    }
}

/// Feige estimated from the per-agent daily export: each agent-day's figure weighted by its
/// handled sessions (the export gives rates in percent and times in seconds).
pub(super) fn agent_day(origin: Origin, a: &AgentDay, b: &Build, plan: &Plan, out: &mut impl Emit) {
    if plan.feige_from != Some(super::plan::FeigeFrom::Agents) {
        return;
    }
    let limit = b.est.bad_response_seconds;
    let specs: [(Ind, &'static str, f64, bool); 3] = [
        (
            Ind::FeigeAvgResponseSeconds,
            "avg_response_seconds",
            a.avg_response_seconds,
            a.avg_response_seconds > limit,
        ),
        (
            Ind::FeigeDissatisfactionRate,
            "dissatisfaction",
            a.dissatisfaction,
            a.dissatisfaction > 0.0,
        ),
        (
            Ind::ThreeMinReplyRate,
            "three_min_rate",
            a.three_min_rate,
            a.three_min_rate < 100.0,
        ),
    ];
    let slot = Slot::on(a.day as i32);
    for (i, (ind, column, value, bad)) in specs.into_iter().enumerate() {
        if !plan.agent_columns[i] || value.is_nan() {
            continue;
        }
        let c = Counts::new(value * a.sessions, a.sessions, bad as u8 as f64);
        put(out, ind, slot, c, || {
            Bad::of(
                Key::NONE,
                Why::AgentDay { column, value },
                a.day * crate::records::cells::DAY,
                origin,
            )
            .agent(a.agent)
            .date_only()
        });
    }
}
