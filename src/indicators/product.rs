//! Product indicators: 商品综合评分 and 差评率 (first reviews of signed orders), 商品品质退货率
//! (signed orders whose first after-sale reason is quality), and over paid orders 发货物流品退率,
//! 商品/包装破损退货订单率 and 缺货率 (first reason only) and 纠纷退款率.

use super::days::{Counts, Slot, ALWAYS, FOREVER};
use super::drilldown::{Bad, Why};
use super::join::{day, on, Build, Group, Origin};
use super::plan::{PaidFrom, Plan};
use super::vocab::{ReasonClass, LOGISTICS_RULING, STOCKOUT};
use super::{put, Emit, Ind};
use crate::records::compact::Review;
use crate::records::names::{Ts, NO_TIME};
use crate::records::Name;

/// The first review of an order as the days go by: `(known from, known until, review)`.
/// A review becomes known on its day (an undated one always is); among the known ones, a row
/// marked 是否首评=否 never counts, and the earliest wins (file order among undated ones —
/// an undated first row is never replaced).
pub(super) fn first_review_segments<'r>(
    reviews: &[(Origin, &'r Review)],
) -> Vec<(i32, i32, Origin, &'r Review)> {
    let eligible: Vec<(Origin, &Review)> = reviews
        .iter()
        .filter(|(_, r)| r.first.get() != Some(false))
        .copied()
        .collect();
    if eligible.is_empty() {
        return Vec::new();
    }
    let known = |r: &Review| {
        if r.time.get() == NO_TIME {
            ALWAYS
        } else {
            day(r.time.get())
        }
    };
    let mut days: Vec<i32> = eligible.iter().map(|(_, r)| known(r)).collect();
    days.sort_unstable();
    days.dedup();
    let mut segments: Vec<(i32, i32, Origin, &Review)> = Vec::new();
    for (i, &from) in days.iter().enumerate() {
        let until = days.get(i + 1).copied().unwrap_or(FOREVER);
        // The first review a window ending on `from` sees.
        let mut chosen: Option<(Origin, &Review)> = None;
        for &(o, r) in eligible.iter().filter(|(_, r)| known(r) <= from) {
            match chosen {
                None => chosen = Some((o, r)),
                Some((_, best))
                    if r.time.get() != NO_TIME
                        && best.time.get() != NO_TIME
                        && r.time.get() < best.time.get() =>
                {
                    chosen = Some((o, r))
                }
                _ => {}
            }
        }
        let Some((origin, review)) = chosen else {
            continue;
        };
        match segments.last_mut() {
            Some(last) if std::ptr::eq(last.3, review) && last.1 == from => last.1 = until,
            _ => segments.push((from, until, origin, review)),
        }
    }
    segments
}

fn review_bad(g: &Group<'_>, origin: Origin, r: &Review, why: Why, product: Name) -> Bad {
    Bad::in_group(g, why, r.time.get(), origin).product(product)
}

/// A first review's stars (a review is kept only with a rating).
fn stars(r: &Review) -> f64 {
    r.rating.get().unwrap_or(f64::NAN)
}

/// Whether a rating is a 商品差评: 1★ or 2★ (3★ is not; published, from the rule set).
fn bad_rating(stars: f64, b: &Build) -> bool {
    stars <= f64::from(b.published.product_bad_rating_max_stars)
}

/// One first review counted in 商品综合评分; a 商品差评 (1–2★) is a bad case — the count the
/// small-sample rule reads — shown with its product.
fn rated(g: &Group<'_>, slot: Slot, origin: Origin, r: &Review, b: &Build, out: &mut impl Emit) {
    let stars = stars(r);
    let bad = bad_rating(stars, b);
    let counts = Counts::new(stars, 1.0, bad as u8 as f64);
    put(out, Ind::ProductRating, slot, counts, || {
        review_bad(g, origin, r, Why::FirstReview { stars }, r.product)
    });
}

/// 商品综合评分 and 差评率 over logistics-signed orders (or, without signed times, over the
/// first reviews by review time).
pub(super) fn reviews(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    if !plan.computed(Ind::ProductRating) {
        return;
    }
    let segments = first_review_segments(&g.reviews);
    if plan.rating_by_review_time {
        for (from, until, origin, r) in segments {
            let slot = if r.time.get() == NO_TIME {
                Slot::undated()
            } else {
                on(r.time.get())
            };
            rated(g, slot.known(from).until(until), origin, r, b, out);
        }
        return;
    }
    let Some((_, shipment)) = g.shipment.filter(|(_, s)| s.signed.get() != NO_TIME) else {
        return;
    };
    let signed = on(shipment.signed.get());
    out.add(Ind::BadReviewRate, signed, Counts::new(0.0, 1.0, 0.0));
    for (from, until, origin, r) in segments {
        let slot = signed.known(from).until(until);
        rated(g, slot, origin, r, b, out);
        let stars = stars(r);
        if bad_rating(stars, b) {
            put(
                out,
                Ind::BadReviewRate,
                slot,
                Counts::new(1.0, 0.0, 1.0),
                || review_bad(g, origin, r, Why::BadReview { stars }, Name::NONE),
            );
        }
    }
}

/// The order's first after-sale when it is not exempted and its reason is of `class`:
/// the day it became known (its request day) and the record.
fn first_reason_of<'a>(
    g: &Group<'a>,
    b: &Build,
    class: ReasonClass,
) -> Option<(i32, Origin, &'a crate::records::compact::AfterSale)> {
    let (origin, first) = g.first_after_sale()?;
    if first.exempt.is_true() || !b.vocab.is(first.reason, class.flag()) {
        return None;
    }
    Some((day(first.apply.get()), origin, first))
}

fn reason_bad(
    g: &Group<'_>,
    origin: Origin,
    a: &crate::records::compact::AfterSale,
    ruling: bool,
) -> Bad {
    let why = Why::FirstReason {
        reason: a.reason,
        ruling: if ruling { a.ruling } else { Name::NONE },
    };
    Bad::in_group(g, why, a.apply.get(), origin)
}

/// 商品品质退货率: signed orders whose first after-sale reason is quality.
pub(super) fn signed_returns(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    let ind = Ind::ProductQualityReturnRate;
    if !plan.computed(ind) {
        return;
    }
    let Some((_, shipment)) = g.shipment.filter(|(_, s)| s.signed.get() != NO_TIME) else {
        return;
    };
    let signed = on(shipment.signed.get());
    out.add(ind, signed, Counts::new(0.0, 1.0, 0.0));
    if let Some((known, origin, a)) = first_reason_of(g, b, ReasonClass::Quality) {
        put(
            out,
            ind,
            signed.known(known),
            Counts::new(1.0, 0.0, 1.0),
            || reason_bad(g, origin, a, false),
        );
    }
}

/// The slot of the order in the paid population (a valid paid order, on its payment day),
/// or `None` when it is not in it.
pub(super) fn paid_slot(g: &Group<'_>, b: &Build, plan: &Plan) -> Option<(Slot, Ts)> {
    match plan.paid_from? {
        PaidFrom::Orders => {
            let order = g.order.as_ref()?;
            order
                .not_counted(&b.vocab)
                .is_none()
                .then(|| (on(order.paid), order.paid))
        }
        PaidFrom::Logistics => {
            let (_, s) = g.shipment?;
            (s.paid.get() != NO_TIME).then(|| (on(s.paid.get()), s.paid.get()))
        }
    }
}

/// Over valid paid orders: 发货物流品退率 (first reason logistics, with a ruling of the listed
/// kinds), 商品/包装破损退货订单率 (first reason damage), 缺货率 (first reason stock-out) and
/// 纠纷退款率 (an arbitrated after-sale refunded).
pub(super) fn paid_returns(g: &Group<'_>, b: &Build, plan: &Plan, out: &mut impl Emit) {
    let Some((paid, _)) = paid_slot(g, b, plan) else {
        return;
    };
    for (ind, class, needs_ruling) in [
        (
            Ind::LogisticsQualityReturnRate,
            ReasonClass::Logistics,
            true,
        ),
        (Ind::DamageReturnRate, ReasonClass::Damage, false),
    ] {
        if !plan.computed(ind) {
            continue;
        }
        out.add(ind, paid, Counts::new(0.0, 1.0, 0.0));
        let Some((known, origin, a)) = first_reason_of(g, b, class) else {
            continue;
        };
        if needs_ruling && !b.vocab.is(a.ruling, LOGISTICS_RULING) {
            continue;
        }
        put(
            out,
            ind,
            paid.known(known),
            Counts::new(1.0, 0.0, 1.0),
            || reason_bad(g, origin, a, a.ruling.is_some()),
        );
    }
    if plan.computed(Ind::StockoutRate) {
        out.add(Ind::StockoutRate, paid, Counts::new(0.0, 1.0, 0.0));
        if let Some((origin, first)) = g.first_after_sale() {
            if !first.exempt.is_true() && b.vocab.is(first.reason, STOCKOUT) {
                let slot = paid.known(day(first.apply.get()));
                put(
                    out,
                    Ind::StockoutRate,
                    slot,
                    Counts::new(1.0, 0.0, 1.0),
                    || reason_bad(g, origin, first, false),
                );
            }
        }
    }
    if plan.computed(Ind::DisputeRefundRate) {
        let arbitrated = || {
            g.after_sales
                .iter()
                .filter(|(_, a)| a.arbitration.is_true())
        };
        let disputed = arbitrated().find(|(_, a)| a.refunded() == Some(true));
        if disputed.is_none() && arbitrated().any(|(_, a)| a.refunded().is_none()) {
            // Arbitrated, and whether it was refunded cannot be told (status unknown).
            out.add(Ind::DisputeRefundRate, paid, Counts::left_out());
            return;
        }
        let counts = Counts::new(
            disputed.is_some() as u8 as f64,
            1.0,
            disputed.is_some() as u8 as f64,
        );
        put(out, Ind::DisputeRefundRate, paid, counts, || {
            let (origin, a) = disputed.expect("bad only when disputed");
            Bad::in_group(
                g,
                Why::Disputed { after_sale: a.id },
                a.apply.get(),
                *origin,
            )
        });
    }
}
