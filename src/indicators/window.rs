//! One window's indicator values: the per-day counts summed over the window, turned into
//! values (percent for rates, averages otherwise) with the warnings a report shows.

use super::days::Counts;
use super::{round6, Ind};
use crate::messages::Warning;
use crate::records::cells;
use serde::Serialize;
use std::collections::BTreeMap;

/// The days counted, as day numbers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start_day: i64,
    pub end_day: i64,
}

impl Window {
    /// The `days` days ending on `end_day`.
    pub fn ending(end_day: i64, days: u32) -> Window {
        Window {
            start_day: end_day - (i64::from(days.max(1)) - 1),
            end_day,
        }
    }
    pub fn contains_day(&self, day: i64) -> bool {
        (self.start_day..=self.end_day).contains(&day)
    }
    pub fn start(&self) -> String {
        cells::format_day(self.start_day)
    }
    pub fn end(&self) -> String {
        cells::format_day(self.end_day)
    }
    pub(crate) fn days32(&self) -> (i32, i32) {
        let clamp = |d: i64| d.clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX) - 1) as i32;
        (clamp(self.start_day), clamp(self.end_day))
    }
}

/// One indicator over one window: the counts and the value they give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    pub id: String,
    /// Percent for rates, stars, hours or seconds otherwise; `None` when the population is empty.
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
    /// Bad cases behind the indicator (small-sample rule, drill-down) and the base they are
    /// counted in.
    pub bad_count: f64,
    pub base_count: f64,
    /// False when the counts are not of cases (the per-agent daily export counts agent-days
    /// and handled sessions, not rated sessions): the small-sample rule must not use them.
    pub counts_are_cases: bool,
    /// Rests on a default the platform does not publish.
    pub estimated: bool,
}

/// Every computed indicator's counts over a window (what `window_values` returns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowCounts {
    pub start: String,
    pub end: String,
    pub valid_paid_orders: Option<f64>,
    pub indicators: BTreeMap<String, Computed>,
}

/// What the records give for the rule set's window ending on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowValues {
    pub rule_set: String,
    pub window: Option<Window>,
    pub valid_paid_orders: Option<f64>,
    /// Why the other orders of the export are not valid paid orders in the window:
    /// `unpaid`, `outside_window`, `closed`, `excluded_type` (gift/福袋/…), `zero_amount`.
    pub orders_not_counted: BTreeMap<String, u64>,
    /// Every indicator the records could give (not only the rule set's).
    pub indicators: BTreeMap<String, Computed>,
    /// The rule set's indicators, in its order.
    pub wanted: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// The value of `counts` for `ind`, with the notes it needs (`empty_population`, `bad_value`).
/// `None` when the counts overflowed (no value at all).
pub(crate) fn computed(
    ind: Ind,
    counts: Counts,
    plan: &super::plan::Plan,
    warnings: &mut Vec<Warning>,
) -> Option<Computed> {
    let (estimated, counts_are_cases) = (plan.estimated(ind), plan.counts_are_cases(ind));
    let id = ind.id();
    if !(counts.numerator.is_finite() && counts.denominator.is_finite()) {
        // Absurd cells (1e308 sessions …) overflowed: say so rather than show infinity.
        warnings.push(Warning::of("bad_value").subject(id).param("indicator", id));
        return None;
    }
    let value = (counts.denominator > 0.0).then(|| {
        round6(if plan.percent(ind) {
            counts.numerator * 100.0 / counts.denominator
        } else {
            counts.numerator / counts.denominator
        })
    });
    if value.is_none() {
        warnings.push(
            Warning::of("empty_population")
                .subject(id)
                .param("indicator", id),
        );
    }
    Some(Computed {
        id: id.to_string(),
        value,
        numerator: round6(counts.numerator),
        denominator: counts.denominator,
        bad_count: counts.bad,
        base_count: counts.denominator,
        counts_are_cases,
        estimated,
    })
}

/// The note for records an indicator left out in the window, if any.
pub(crate) fn left_out_note(ind: Ind, count: f64) -> Option<Warning> {
    let key = match ind {
        Ind::PickupHoursAvg => "left_out.no_paid_time",
        Ind::PickupOnTimeRate => "left_out.no_promise",
        Ind::AfterSaleReviewHours | Ind::AfterSaleOnTimeRate => "left_out.after_sale",
        Ind::DisputeRefundRate => "left_out.dispute",
        Ind::FeigeAvgResponseSeconds => "left_out.reply_before_message",
        _ => return None,
    };
    (count > 0.0).then(|| {
        Warning::of(key)
            .subject(ind.id())
            .param("indicator", ind.id())
            .param("count", count.round() as u64)
    })
}
