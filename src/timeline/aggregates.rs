//! Per-day counts and the sliding window over them.
//!
//! Records give, for each indicator, counts that belong to a day (the population day the rule
//! places a record on) under a condition (see `indicators::days`): known from a day (an order
//! signed on day d whose first after-sale is applied on day k counts as bad from day k on),
//! known until a day (a first review later replaced by an earlier one), counted only in windows
//! starting after a day (an order asking for help on several days counts once), or undated (in
//! every window). A window of W days ending on day E counts an entry when `day ∈ [E − W + 1, E]`
//! (undated: always), `known ≤ E < until` and `after < E − W + 1`: for every end day E in one
//! interval, `[max(day, known, after + W), min(day + W − 1, until − 1)]`. So each entry enters
//! the sliding sum once and leaves it once: the daily history is a running sum over a
//! difference array — add what enters on a day, subtract what leaves — never a re-count of
//! records per day.

use crate::sorting::CollectMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::{AddAssign, SubAssign};

/// Entries under this id are valid paid orders (their numerator), not an indicator: the
/// records give conditional order counts this way.
pub const ORDERS: &str = "valid_paid_orders_30d";

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

/// Counts of one indicator for one population day, under its condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub indicator: String,
    /// Day number (`rules::day_number`) the rule places these records on (ignored when
    /// `undated`).
    pub day: i64,
    /// Counted in windows ending on this day or later (at least `day` for a dated entry).
    pub known: i64,
    /// Counted only in windows ending before this day (None: no end).
    #[serde(default)]
    pub until: Option<i64>,
    /// Counted only in windows starting after this day (None: any window).
    #[serde(default)]
    pub after: Option<i64>,
    /// Counted in every window whatever its days (a record without a date).
    #[serde(default)]
    pub undated: bool,
    pub counts: Counts,
}

impl Entry {
    /// Counts on `day`, known that day, in every window containing it.
    pub fn on(indicator: &str, day: i64, counts: Counts) -> Entry {
        Entry {
            indicator: indicator.to_string(),
            day,
            known: day,
            until: None,
            after: None,
            undated: false,
            counts,
        }
    }

    /// Known from `known` on.
    pub fn known(self, known: i64) -> Entry {
        Entry { known, ..self }
    }

    /// The end days `[from, to]` of the windows of `w` days that count this entry.
    fn counted_from_to(&self, w: i64) -> (i64, i64) {
        let mut from = self.known;
        let mut to = self.until.map_or(i64::MAX, |u| u - 1);
        if !self.undated {
            from = from.max(self.day);
            to = to.min(self.day + w - 1);
        }
        if let Some(after) = self.after {
            from = from.max(after + w);
        }
        (from, to)
    }

    /// Whether the window `[start, end]` counts this entry.
    pub fn counted_in(&self, start: i64, end: i64) -> bool {
        (self.undated || (start <= self.day && self.day <= end))
            && self.known <= end
            && self.until.is_none_or(|u| end < u)
            && self.after.is_none_or(|a| a < start)
    }
}

/// What a shop's records give, day by day: the input of the score over time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DailyAggregates {
    /// Valid paid orders by day (the stage and small-sample rules read the window's sum).
    pub orders: BTreeMap<i64, f64>,
    pub entries: Vec<Entry>,
    /// The last day of the data, when the records say (else the last day an entry falls on).
    #[serde(default)]
    pub last_day: Option<i64>,
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
    /// The first and last day of the data: the first day any dated entry or order count falls
    /// on, and the last day the records carry.
    pub fn span(&self) -> Option<(i64, i64)> {
        let days = self
            .entries
            .iter()
            .filter(|e| !e.undated)
            .map(|e| e.day)
            .chain(self.orders.keys().copied());
        let span = days.fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        });
        match (span, self.last_day) {
            (Some((first, _)), Some(last)) => Some((first.min(last), last)),
            (span, _) => span,
        }
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
            let (from, to) = e.counted_from_to(w);
            if let Some((enter, leave)) = mark(from, to) {
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
                let listed = running.get(ORDERS).map(|c| c.settled().numerator);
                let total = orders + listed.unwrap_or(0.0);
                WindowSums {
                    end: first_end + i as i64,
                    orders: (order_days > 0 || listed.is_some_and(|n| n > 0.0))
                        .then_some(if total.abs() < 1e-7 { 0.0 } else { total }),
                    indicators: running
                        .iter()
                        .filter(|(id, _)| **id != ORDERS)
                        .map(|(id, c)| (id.to_string(), c.settled()))
                        .filter(|(_, c)| c.denominator > 0.0 || c.base > 0.0)
                        .collect_map(),
                }
            })
            .collect()
    }

    /// Each indicator's counts in the `days`-day window ending on `last`, and the valid paid
    /// orders in it: what the mean of a recent day is taken from.
    pub fn recent_total(&self, last: i64, days: u32) -> (BTreeMap<String, Counts>, f64) {
        let first = last - i64::from(days.max(1)) + 1;
        let mut sums: BTreeMap<String, Counts> = BTreeMap::new();
        for e in self
            .entries
            .iter()
            .filter(|e| !e.undated && e.counted_in(first, last))
        {
            *sums.entry(e.indicator.clone()).or_default() += e.counts;
        }
        let orders = self.orders.range(first..=last).map(|(_, n)| n).sum();
        (sums, orders)
    }

    /// The bad cases of each indicator placed on `day` and counted in the `window`-day window
    /// ending on `as_of`: those that stop counting when `day` leaves the window.
    pub fn bad_on(&self, day: i64, as_of: i64, window: u32) -> BTreeMap<String, f64> {
        let start = as_of - i64::from(window.max(1)) + 1;
        let mut out: BTreeMap<String, f64> = BTreeMap::new();
        for e in self.entries.iter().filter(|e| {
            !e.undated && e.day == day && e.counts.bad > 0.0 && e.counted_in(start, as_of)
        }) {
            *out.entry(e.indicator.clone()).or_default() += e.counts.bad;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(indicator: &str, day: i64, known: i64, bad: f64, den: f64) -> Entry {
        let counts = Counts {
            numerator: bad,
            denominator: den,
            bad,
            base: den,
        };
        Entry::on(indicator, day, counts).known(known)
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
                    .filter(|x| x.counted_in(e - i64::from(w) + 1, e))
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
