//! The records' per-day counts (`indicators::Aggregates`, what a session's files give) as the
//! timeline's entries: each day's plain counts, each conditional contribution with its
//! condition, the undated ones, and valid paid orders.

use super::aggregates::{Counts, DailyAggregates, Entry, ORDERS as VALID_PAID};
use crate::indicators::days::{Counts as RecordCounts, Slot, ALWAYS, FOREVER, UNDATED};
use crate::indicators::{Aggregates, Window};
use crate::sorting::CollectMap;
use std::collections::BTreeMap;

/// What `aggregates` counts, day by day, for the score over time. Only indicators the files
/// can compute are taken; their bad counts feed the small-sample rule only when they are
/// counts of cases.
pub fn from_records(aggregates: &Aggregates) -> DailyAggregates {
    let mut out = DailyAggregates {
        last_day: aggregates.last_day().map(shifted),
        ..DailyAggregates::default()
    };
    let Some(last) = aggregates.last_day() else {
        return out;
    };
    let probe = Window::ending(last, 30);
    // Which indicators the files compute, and whether their counts are cases.
    let cases: BTreeMap<String, bool> = aggregates
        .window(probe)
        .indicators
        .into_iter()
        .map(|(id, c)| (id, c.counts_are_cases))
        .collect_map();
    let orders_known = aggregates.valid_paid_orders(probe).is_some();
    let take = |id: &str| cases.contains_key(id) || (id == VALID_PAID && orders_known);
    let counts = |id: &str, c: &RecordCounts| Counts {
        numerator: c.numerator,
        denominator: c.denominator,
        bad: c.bad,
        base: if cases.get(id).copied().unwrap_or(false) {
            c.denominator
        } else {
            0.0
        },
    };
    for day in aggregates.days() {
        for (id, contributions) in &day.indicators {
            if !take(id) {
                continue;
            }
            if !contributions.plain.is_zero() {
                let on = shifted(day.day);
                if *id == VALID_PAID {
                    *out.orders.entry(on).or_default() += contributions.plain.numerator;
                } else {
                    out.entries
                        .push(Entry::on(id, on, counts(id, &contributions.plain)));
                }
            }
            for (slot, c) in &contributions.conditional {
                out.entries.push(entry(id, slot, counts(id, c)));
            }
        }
    }
    for (id, list) in aggregates.undated() {
        if !take(id) {
            continue;
        }
        for (slot, c) in &list {
            out.entries.push(entry(id, slot, counts(id, c)));
        }
    }
    out
}

/// A conditional contribution as an entry (valid paid orders keep their id: the window's
/// sum reads them as orders).
fn entry(id: &str, slot: &Slot, counts: Counts) -> Entry {
    let undated = slot.day == UNDATED;
    let day = shifted(i64::from(slot.day));
    Entry {
        indicator: id.to_string(),
        day: if undated { 0 } else { day },
        known: if slot.known_from == ALWAYS {
            if undated {
                i64::MIN / 4
            } else {
                day
            }
        } else {
            shifted(i64::from(slot.known_from))
        },
        until: (slot.known_until != FOREVER).then(|| shifted(i64::from(slot.known_until))),
        after: (slot.prev != ALWAYS).then(|| shifted(i64::from(slot.prev))),
        undated,
        counts,
    }
}

/// A records day (days since 1970-01-01) as the rule sets count days (`rules::day_number`).
fn shifted(records_day: i64) -> i64 {
    static EPOCH: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    records_day + *EPOCH.get_or_init(|| crate::rules::day_number("1970-01-01").unwrap_or(0))
}
