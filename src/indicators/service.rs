//! Service indicators: after-sale handling (23:00–08:00 clock), Feige response,
//! dissatisfaction and 3-minute reply (sessions started 08:00:00–22:59:59; from the rounds, or
//! estimated from the per-agent daily export), and 平台求助率.

use super::days::{Counts, Slot, ALWAYS};
use super::drilldown::{Bad, Why};
use super::join::{day, on, Build, Group, Origin, Session};
use super::plan::Plan;
use super::vocab::{REFUND_SUCCESS, REVIEW_TIME_TYPE};
use super::{after_sale_clock_start, feige_session_counts, hours_between, put, Emit, Ind};
use crate::records::compact::{AgentDay, Tri};
use crate::records::names::{Ts, NO_TIME};
use crate::records::Key;

/// 售后处理时长达成率 and 售后平均审核时长: refund-success, not exempted after-sales, on their
/// request day.
pub(super) fn after_sale_time(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    if !plan.computed(Ind::AfterSaleOnTimeRate) {
        return;
    }
    let e = &b.est;
    let limit = e.after_sale_limit_hours;
    for &(origin, a) in &g.after_sales {
        if !b.vocab.is(a.status, REFUND_SUCCESS) || a.exempt.is_true() {
            continue;
        }
        let slot = on(a.apply.get());
        let hours = (a.agree.get() != NO_TIME)
            .then(|| hours_between(after_sale_clock_start(a.apply.get()), a.agree.get()));
        let why = match hours {
            None => Some(Why::NoAgreeTime { after_sale: a.id }),
            Some(h) if h > limit => Some(Why::AfterSaleSlow {
                after_sale: a.id,
                hours: h,
                limit,
            }),
            Some(_) => None,
        };
        let late = why.is_some() as u8 as f64;
        put(
            out,
            Ind::AfterSaleOnTimeRate,
            slot,
            Counts::new(1.0 - late, 1.0, late),
            || Bad::in_group(g, why.expect("late"), a.apply.get(), origin),
        );
        if !b.vocab.is(a.kind, REVIEW_TIME_TYPE) {
            if a.kind.is_none() {
                out.add(Ind::AfterSaleReviewHours, slot, Counts::left_out());
            }
            continue;
        }
        let Some(hours) = hours else { continue };
        let slow = hours > e.bad_review_hours;
        put(
            out,
            Ind::AfterSaleReviewHours,
            slot,
            Counts::new(hours, 1.0, slow as u8 as f64),
            || {
                Bad::in_group(
                    g,
                    Why::AfterSaleReview {
                        after_sale: a.id,
                        hours,
                    },
                    a.apply.get(),
                    origin,
                )
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
        let why = Why::Arbitrated { after_sale: a.id };
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
                Some((e.unanswered_round_seconds, true))
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
            // The session's first manual rating counts.
            if !rated && !r.rating.is_nan() {
                rated = true;
                let unhappy = (r.rating <= 3.0) as u8 as f64;
                put(
                    out,
                    Ind::FeigeDissatisfactionRate,
                    slot,
                    Counts::new(unhappy, 1.0, unhappy),
                    || {
                        let why = Why::SessionRated {
                            session: s.key,
                            stars: r.rating,
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
