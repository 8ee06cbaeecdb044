//! Per-day counts and the sliding window over them.
//!
//! Records give, for each indicator, counts that belong to a day (the population day the rule
//! places a record on) and become known on a day (an order signed on day d whose first
//! after-sale is applied on day k counts as bad from day k on). A window of W days ending on
//! day E counts an entry when `day ∈ [E − W + 1, E]` and `known ≤ E`, that is for every end day
//! `E ∈ [max(day, known), day + W − 1]`. So each entry enters the sliding sum once and leaves it
//! once: the daily history is a running sum over a difference array — add what enters on a
//! day, subtract what leaves — never a re-count of records per day.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::{AddAssign, SubAssign};

/// The counts an indicator's value is made of. The value is `numerator / denominator` (× 100
/// for a percentage); `bad` and `base` are the small-sample rule's bad cases and the count
/// they are taken from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub numerator: f64,
    pub denominator: f64,
    pub bad: f64,
    pub base: f64,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.numerator += o.numerator;
        self.denominator += o.denominator;
        self.bad += o.bad;
        self.base += o.base;
    }
}

impl SubAssign for Counts {
    fn sub_assign(&mut self, o: Counts) {
        self.numerator -= o.numerator;
        self.denominator -= o.denominator;
        self.bad -= o.bad;
        self.base -= o.base;
    }
}

impl Counts {
    /// Multiply every count (a day's share of a mean).
    pub fn scaled(self, k: f64) -> Counts {
        Counts {
            numerator: self.numerator * k,
            denominator: self.denominator * k,
            bad: self.bad * k,
            base: self.base * k,
        }
    }

    /// A sliding sum that added and subtracted floats can sit a hair below zero: clean it.
    fn settled(self) -> Counts {
        let clean = |v: f64| if v.abs() < 1e-7 { 0.0 } else { v };
        Counts {
            numerator: clean(self.numerator),
            denominator: clean(self.denominator),
            bad: clean(self.bad),
            base: clean(self.base),
        }
    }
}

/// Counts of one indicator for one population day, known from `known` on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub indicator: String,
    /// Day number (`rules::day_number`) the rule places these records on.
    pub day: i64,
    /// The day they became known (at least `day`).
    pub known: i64,
    pub counts: Counts,
}

/// What a shop's records give, day by day: the input of the score over time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DailyAggregates {
    /// Valid paid orders by day (the stage and small-sample rules read the window's sum).
    pub orders: BTreeMap<i64, f64>,
    pub entries: Vec<Entry>,
}

/// The sums of one window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WindowSums {
    /// The window's last day.
    pub end: i64,
    /// Valid paid orders in the window (None when no day gave orders).
    pub orders: Option<f64>,
    pub indicators: BTreeMap<String, Counts>,
}

impl DailyAggregates {
    /// The first and last day any entry or order count falls on.
    pub fn span(&self) -> Option<(i64, i64)> {
        let days = self
            .entries
            .iter()
            .flat_map(|e| [e.day, e.known])
            .chain(self.orders.keys().copied());
        days.fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }

    /// The sums of every `window_days`-day window ending on each day from `first_end` to
    /// `last_end`, by one pass over the entries and one running sum over the days.
    pub fn slide(&self, window_days: u32, first_end: i64, last_end: i64) -> Vec<WindowSums> {
        if last_end < first_end {
            return Vec::new();
        }
        let w = i64::from(window_days.max(1));
        let len = (last_end - first_end + 1) as usize;
        // What enters on each end day (index) and what leaves: a difference array.
        let mut delta: Vec<BTreeMap<&str, Counts>> = vec![BTreeMap::new(); len + 1];
        let mut orders_delta = vec![0.0; len + 1];
        let mut any_orders = vec![0i64; len + 1];
        let mark = |from: i64, to: i64| -> Option<(usize, usize)> {
            let (from, to) = (from.max(first_end), to.min(last_end));
            (from <= to).then(|| ((from - first_end) as usize, (to - first_end + 1) as usize))
        };
        for e in &self.entries {
            if let Some((enter, leave)) = mark(e.day.max(e.known), e.day + w - 1) {
                *delta[enter].entry(&e.indicator).or_default() += e.counts;
                *delta[leave].entry(&e.indicator).or_default() -= e.counts;
            }
        }
        for (&day, &n) in &self.orders {
            if let Some((enter, leave)) = mark(day, day + w - 1) {
                orders_delta[enter] += n;
                orders_delta[leave] -= n;
                any_orders[enter] += 1;
                any_orders[leave] -= 1;
            }
        }
        let mut running: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut orders = 0.0;
        let mut order_days = 0;
        (0..len)
            .map(|i| {
                for (id, c) in &delta[i] {
                    *running.entry(id).or_default() += *c;
                }
                orders += orders_delta[i];
                order_days += any_orders[i];
                WindowSums {
                    end: first_end + i as i64,
                    orders: (order_days > 0).then_some(if orders.abs() < 1e-7 {
                        0.0
                    } else {
                        orders
                    }),
                    indicators: running
                        .iter()
                        .map(|(id, c)| (id.to_string(), c.settled()))
                        .filter(|(_, c)| c.denominator > 0.0 || c.base > 0.0)
                        .collect(),
                }
            })
            .collect()
    }

    /// Each indicator's counts on each of the `days` days ending on `last` (population days,
    /// whatever is known by `last`), summed: what a mean day looks like.
    pub fn recent_total(&self, last: i64, days: u32) -> (BTreeMap<String, Counts>, f64) {
        let first = last - i64::from(days.max(1)) + 1;
        let mut sums: BTreeMap<String, Counts> = BTreeMap::new();
        for e in self
            .entries
            .iter()
            .filter(|e| e.day >= first && e.day <= last && e.known <= last)
        {
            *sums.entry(e.indicator.clone()).or_default() += e.counts;
        }
        let orders = self.orders.range(first..=last).map(|(_, n)| n).sum();
        (sums, orders)
    }

    /// The bad cases of each indicator placed on `day` (those that leave a window ending
    /// `day + W`), as known by `as_of`.
    pub fn bad_on(&self, day: i64, as_of: i64) -> BTreeMap<String, f64> {
        let mut out: BTreeMap<String, f64> = BTreeMap::new();
        for e in self
            .entries
            .iter()
            .filter(|e| e.day == day && e.known <= as_of && e.counts.bad > 0.0)
        {
            *out.entry(e.indicator.clone()).or_default() += e.counts.bad;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(indicator: &str, day: i64, known: i64, bad: f64, den: f64) -> Entry {
        Entry {
            indicator: indicator.into(),
            day,
            known,
            counts: Counts {
                numerator: bad,
                denominator: den,
                bad,
                base: den,
            },
        }
    }

    /// The sliding sum equals a direct count of each window, for every end day, with entries
    /// known late and windows of 1, 7 and 30 days.
    #[test]
    fn sliding_equals_direct_window_sums() {
        let mut agg = DailyAggregates::default();
        for d in 0..60 {
            agg.entries
                .push(entry("x", d, d + (d % 5), (d % 3) as f64, 10.0));
            agg.orders.insert(d, 5.0 + (d % 4) as f64);
        }
        for w in [1u32, 7, 30] {
            let slid = agg.slide(w, 10, 70);
            for s in &slid {
                let e = s.end;
                let direct: f64 = agg
                    .entries
                    .iter()
                    .filter(|x| x.day > e - i64::from(w) && x.day <= e && x.known <= e)
                    .map(|x| x.counts.bad)
                    .sum();
                let got = s.indicators.get("x").map_or(0.0, |c| c.bad);
                assert!(
                    (got - direct).abs() < 1e-9,
                    "w={w} end={e}: {got} vs {direct}"
                );
                let orders: f64 = agg
                    .orders
                    .range(e - i64::from(w) + 1..=e)
                    .map(|(_, n)| n)
                    .sum();
                assert_eq!(s.orders.unwrap_or(0.0), orders, "w={w} end={e}");
            }
        }
    }

    #[test]
    fn an_entry_leaves_the_window_the_day_after_its_last_day() {
        // A bad case on day 0 counts in 30-day windows ending 0..=29 and not on day 30.
        let agg = DailyAggregates {
            entries: vec![entry("x", 0, 0, 1.0, 1.0)],
            ..Default::default()
        };
        let slid = agg.slide(30, 0, 31);
        assert_eq!(slid[29].indicators["x"].bad, 1.0);
        assert!(!slid[30].indicators.contains_key("x"));
    }
}
