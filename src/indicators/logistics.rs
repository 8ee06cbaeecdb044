//! Logistics indicators and the order counts: 有效支付订单 by payment day; pickup
//! (18:00–06:00 clock, next-day, 48-hour and pre-sale deadlines), delivery, and the legacy and
//! seed ones (订单配送时长, 48小时发货率, 物流异常率).

use super::days::{Counts, Slot};
use super::drilldown::{Bad, Why};
use super::join::{on, Build, Group};
use super::plan::{PaidFrom, Plan};
use super::vocab::{PRESALE, QIC};
use super::{hours_between, in_stock_pickup_due, pickup_clock_start, pickup_score, put, Emit, Ind};
use crate::records::cells::HOUR;
use crate::records::names::NO_TIME;

/// 有效支付订单: each order on its payment day, by whether it counts and why not.
pub(super) fn order_counts(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    let one = Counts::new(1.0, 0.0, 0.0);
    match plan.paid_from {
        Some(PaidFrom::Orders) => {
            let Some(order) = &g.order else { return };
            let why = order.not_counted(&b.vocab);
            if why == Some("unpaid") {
                out.add(Ind::Unpaid, Slot::undated(), one);
                return;
            }
            let paid = on(order.paid);
            out.add(Ind::Paid, paid, one);
            let ind = match why {
                None => Ind::ValidPaid,
                Some("closed") => Ind::Closed,
                Some("excluded_type") => Ind::ExcludedType,
                _ => Ind::ZeroAmount,
            };
            out.add(ind, paid, one);
        }
        Some(PaidFrom::Logistics) => {
            if let Some((_, s)) = g.shipment.filter(|(_, s)| s.paid.get() != NO_TIME) {
                out.add(Ind::ValidPaid, on(s.paid.get()), one);
            }
        }
        None => {}
    }
}

/// 平均揽收时长, 揽收时长平均得分 (orders picked up on the day) and 揽收时效达成率 (orders
/// whose pickup deadline falls on the day).
pub(super) fn pickup(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    if !plan.computed(Ind::PickupHoursAvg) {
        return;
    }
    let Some((origin, s)) = g.shipment else {
        return;
    };
    let e = &b.est;
    let floor = b.published.pickup_score_floor;
    let paid = g.paid();
    // Abnormal-track compensation and fraudulent shipping score the floor and count as
    // missed (published).
    let missed_rule = b.published.fraud_and_abnormal_track_count_as_missed;
    let abnormal = s.abnormal_compensation().is_true() && missed_rule;
    let fraud = s.fraud().is_true() && missed_rule;
    if s.pickup.get() != NO_TIME {
        let slot = on(s.pickup.get());
        if paid == NO_TIME {
            out.add(Ind::PickupHoursAvg, slot, Counts::left_out());
        } else {
            let hours = hours_between(pickup_clock_start(paid), s.pickup.get());
            let score = if abnormal || fraud {
                floor
            } else {
                pickup_score(hours, e, floor)
            };
            let slow = hours > e.bad_pickup_hours;
            put(
                out,
                Ind::PickupHoursAvg,
                slot,
                Counts::new(hours, 1.0, slow as u8 as f64),
                || Bad::in_group(g, Why::PickupHours { hours }, s.pickup.get(), origin),
            );
            let low = score < 100.0;
            put(
                out,
                Ind::PickupScoreAvg,
                slot,
                Counts::new(score, 1.0, low as u8 as f64),
                || {
                    let why = if fraud {
                        Why::PickupFraud { score }
                    } else if abnormal {
                        Why::PickupCompensated { score }
                    } else {
                        Why::PickupScore { hours, score }
                    };
                    Bad::in_group(g, why, s.pickup.get(), origin)
                },
            );
        }
    }
    if paid == NO_TIME {
        return;
    }
    let order = g.order.as_ref();
    // Pre-sale per the logistics file, else per the order type (预售) in the order export.
    let presale = s
        .presale()
        .get()
        .unwrap_or_else(|| order.is_some_and(|o| b.vocab.is(o.order_type, PRESALE)));
    // 48 hours in the industries that have them (花卉/绿植盆栽, 多肉植物) and for QIC
    // quality-check orders (the logistics file's flag, or the order type), never by words in
    // a product's name.
    let qic = b.published.pickup_48h_qic_orders
        && (s.qic().is_true() || order.is_some_and(|o| b.vocab.is(o.order_type, QIC)));
    let slow_goods = b.slow_industry || qic;
    let deadline = if presale {
        let promised = if s.promised.get() != NO_TIME {
            s.promised.get()
        } else {
            order.map_or(NO_TIME, |o| o.promised)
        };
        if promised == NO_TIME {
            out.add(Ind::PickupOnTimeRate, Slot::undated(), Counts::left_out());
            return;
        }
        promised
    } else if slow_goods {
        paid + 48 * HOUR
    } else {
        in_stock_pickup_due(paid)
    };
    let why = if fraud {
        Some(Why::FraudMissed)
    } else if abnormal {
        Some(Why::CompensatedMissed)
    } else if s.pickup.get() == NO_TIME {
        Some(Why::NotPickedUp { deadline })
    } else if s.pickup.get() > deadline {
        Some(Why::PickedUpLate {
            pickup: s.pickup.get(),
            deadline,
        })
    } else {
        None
    };
    let late = why.is_some() as u8 as f64;
    put(
        out,
        Ind::PickupOnTimeRate,
        on(deadline),
        Counts::new(1.0 - late, 1.0, late),
        || {
            let time = if s.pickup.get() != NO_TIME {
                s.pickup.get()
            } else {
                deadline
            };
            Bad::in_group(g, why.expect("late"), time, origin)
        },
    );
}

/// 运单配送时效达成率 (waybills signed on the day with a verdict), 订单配送时长 (pickup → signed)
/// and 物流异常率 (waybills picked up on the day).
pub(super) fn delivery(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    let Some((origin, s)) = g.shipment else {
        return;
    };
    let abnormal = s.abnormal_compensation().is_true();
    if plan.computed(Ind::DeliveryOnTimeRate) && s.signed.get() != NO_TIME {
        let why = match (s.delivery_on_time().get(), abnormal) {
            (None, false) => None,
            (_, true) => Some(Some(Why::CompensatedMissed)),
            (Some(false), _) => Some(Some(Why::DeliveryMissed)),
            (Some(true), _) => Some(None),
        };
        if let Some(why) = why {
            let missed = why.is_some() as u8 as f64;
            put(
                out,
                Ind::DeliveryOnTimeRate,
                on(s.signed.get()),
                Counts::new(1.0 - missed, 1.0, missed),
                || Bad::in_group(g, why.expect("missed"), s.signed.get(), origin),
            );
        }
    }
    if plan.computed(Ind::DeliveryHoursAvg)
        && s.pickup.get() != NO_TIME
        && s.signed.get() != NO_TIME
        && s.signed.get() >= s.pickup.get()
    {
        let hours = hours_between(s.pickup.get(), s.signed.get());
        let slow = hours > b.est.bad_delivery_hours;
        put(
            out,
            Ind::DeliveryHoursAvg,
            on(s.signed.get()),
            Counts::new(hours, 1.0, slow as u8 as f64),
            || Bad::in_group(g, Why::DeliveryHours { hours }, s.signed.get(), origin),
        );
    }
    if plan.computed(Ind::LogisticsAbnormalRate) && s.pickup.get() != NO_TIME {
        let bad = abnormal as u8 as f64;
        put(
            out,
            Ind::LogisticsAbnormalRate,
            on(s.pickup.get()),
            Counts::new(bad, 1.0, bad),
            || Bad::in_group(g, Why::Abnormal, s.pickup.get(), origin),
        );
    }
}

/// 48小时发货率: valid paid orders due by the window's last day (paid + 48 h), shipped in time.
pub(super) fn ship_48h(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    if !plan.computed(Ind::Ship48hRate) {
        return;
    }
    let Some((paid, paid_at)) = super::product::paid_slot(g, b, plan) else {
        return;
    };
    // Only the order export knows ship times (the logistics payment times give no order).
    let Some(order) = &g.order else { return };
    let deadline = paid_at + 48 * HOUR;
    // Not due yet on days before the deadline's.
    let slot = paid.known(super::join::day(deadline));
    let why = if order.ship == NO_TIME {
        Some((Why::NotShipped, deadline))
    } else if order.ship > deadline {
        let hours = (order.ship - paid_at) as f64 / HOUR as f64;
        Some((Why::ShippedAfter { hours }, order.ship))
    } else {
        None
    };
    let late = why.is_some() as u8 as f64;
    let origin = order.origin();
    put(
        out,
        Ind::Ship48hRate,
        slot,
        Counts::new(1.0 - late, 1.0, late),
        || {
            let (why, time) = why.expect("late");
            Bad::in_group(g, why, time, origin)
        },
    );
}
