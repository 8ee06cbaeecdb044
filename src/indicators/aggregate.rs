//! [`Aggregates`]: every indicator's per-day counts, built by one join pass over the finished
//! files' compact records, and queried by window.

use super::days::{Counts, Series, Slot, UNDATED};
use super::join::{self, Build, Group, Has, Origin, Repeats, Session, Visit};
use super::plan::{PaidFrom, Plan};
use super::window::{computed, left_out_note, Computed, Window, WindowCounts, WindowValues};
use super::{logistics, product, service, CountSettings, Emit, Ind};
use crate::error::Error;
use crate::messages::Warning;
use crate::records::cells;
use crate::records::compact::AgentDay;
use crate::records::names::{day32, NO_DAY};
use crate::records::{FileKind, FileRecords, Names};
use serde::Serialize;
use std::collections::BTreeMap;

/// Every indicator's per-day counts (see the module doc of `indicators`).
#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    series: Vec<Series>,
    plan: Plan,
    has: Has,
    /// The last day any record carries (the default window end).
    last_day: Option<i64>,
    repeats: Repeats,
    settings: CountSettings,
    /// After-sale reasons no class takes, with how many after-sales give them (most first).
    unclassified_reasons: Vec<(String, u64)>,
}

/// One day's contributions to one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorDay {
    /// Counted by every window that contains the day.
    pub plain: Counts,
    /// Counted only when the window meets the slot's condition (see `days`).
    pub conditional: Vec<(Slot, Counts)>,
}

/// One calendar day's contributions, by indicator id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayAggregate {
    pub date: String,
    pub day: i64,
    pub indicators: BTreeMap<&'static str, IndicatorDay>,
}

/// Sums what the definitions emit, per indicator and day.
struct Summing<'b> {
    series: &'b mut Vec<Series>,
    last: i32,
}

impl Summing<'_> {
    fn seen(&mut self, days: &[i32]) {
        for &d in days {
            if d != NO_DAY {
                self.last = self.last.max(d);
            }
        }
    }
}

impl Emit for Summing<'_> {
    fn add(&mut self, ind: Ind, slot: Slot, counts: Counts) {
        self.series[ind.index()].add(slot, counts);
    }
    fn collecting(&self, _: Ind) -> Option<(i32, i32)> {
        None
    }
    fn bad(&mut self, _: Ind, _: super::Bad) {}
}

/// Sums only what one window counts, record by record.
struct Direct {
    start: i32,
    end: i32,
    sums: Vec<Counts>,
}

impl Emit for Direct {
    fn add(&mut self, ind: Ind, slot: Slot, counts: Counts) {
        if slot.in_window(self.start, self.end) {
            self.sums[ind.index()] += counts;
        }
    }
    fn collecting(&self, _: Ind) -> Option<(i32, i32)> {
        None
    }
    fn bad(&mut self, _: Ind, _: super::Bad) {}
}

/// Every indicator's counts over one window, counted record by record with no per-day sums
/// (a second path to the same numbers: the tests check that a window is the sum of its days).
pub fn count_window(
    files: &[&FileRecords],
    names: &Names,
    settings: &CountSettings,
    window: Window,
) -> BTreeMap<&'static str, Counts> {
    let plan = Plan::of(&Has::of(files));
    let build = Build::new(names, settings);
    let (start, end) = window.days32();
    let mut visit = Definitions {
        build: &build,
        plan: &plan,
        out: Direct {
            start,
            end,
            sums: vec![Counts::ZERO; Ind::ALL],
        },
    };
    join::join(files, &mut visit);
    Ind::INDICATORS
        .into_iter()
        .chain([Ind::ValidPaid])
        .filter(|i| *i == Ind::ValidPaid || plan.computed(*i))
        .map(|i| (i.id(), visit.out.sums[i.index()]))
        .collect()
}

/// Runs every definition on what the join hands over.
pub(crate) struct Definitions<'b, E: Emit> {
    pub build: &'b Build,
    pub plan: &'b Plan,
    pub out: E,
}

impl<'a, E: Emit> Visit<'a> for Definitions<'_, E> {
    fn order(&mut self, g: &Group<'a>) {
        let (b, p, out) = (self.build, self.plan, &mut self.out);
        logistics::order_counts(g, b, p, out);
        product::reviews(g, b, p, out);
        product::signed_returns(g, b, p, out);
        logistics::pickup(g, b, p, out);
        logistics::delivery(g, b, p, out);
        product::paid_returns(g, b, p, out);
        service::review_hours(g, b, p, out);
        service::on_time(g, b, p, out);
        service::platform_help(g, p, out);
        logistics::ship_48h(g, b, p, out);
    }
    fn session(&mut self, s: &Session<'a>) {
        service::session(s, self.build, self.plan, &mut self.out);
    }
    fn agent_day(&mut self, origin: Origin, day: &'a AgentDay) {
        service::agent_day(origin, day, self.build, self.plan, &mut self.out);
    }
}

/// Finds the data's last day while the definitions count.
struct WithLastDay<'b> {
    inner: Definitions<'b, Summing<'b>>,
}

impl<'a> Visit<'a> for WithLastDay<'_> {
    fn order(&mut self, g: &Group<'a>) {
        let out = &mut self.inner.out;
        if let Some(o) = &g.order {
            out.seen(&[day32(o.paid), o.last_day, day32(o.ship)]);
        }
        if let Some((_, s)) = g.shipment {
            out.seen(&[
                day32(s.paid.get()),
                day32(s.pickup.get()),
                day32(s.signed.get()),
            ]);
        }
        for (_, a) in &g.after_sales {
            out.seen(&[day32(a.apply.get()), day32(a.agree.get())]);
        }
        for (_, r) in &g.reviews {
            out.seen(&[day32(r.time.get())]);
        }
        self.inner.order(g);
    }
    fn session(&mut self, s: &Session<'a>) {
        let out = &mut self.inner.out;
        out.seen(&[day32(s.start)]);
        for (_, r) in &s.rounds {
            out.seen(&[day32(r.buyer.get()), day32(r.reply.get())]);
        }
        self.inner.session(s);
    }
    fn agent_day(&mut self, origin: Origin, day: &'a AgentDay) {
        self.inner.out.seen(&[day.day as i32]);
        self.inner.agent_day(origin, day);
    }
}

/// The reasons of every after-sale (first or not, in any window) that no word list or user
/// choice classifies, with their counts, most first.
fn unclassified_reasons(
    files: &[&FileRecords],
    names: &Names,
    build: &Build,
) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<crate::records::Name, u64> = BTreeMap::new();
    for f in files {
        for a in &f.after_sales {
            if build.vocab.unclassified_reason(a.reason) {
                *counts.entry(a.reason).or_default() += 1;
            }
        }
    }
    let mut list: Vec<(String, u64)> = counts
        .into_iter()
        .map(|(name, n)| (names.text(name).to_string(), n))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

impl Aggregates {
    /// Join `files` (finished, in the order they were added) and count every indicator per
    /// day. `names` is the session's interner of texts; `settings` the user's values for the
    /// unpublished defaults and the shop's industry.
    pub fn build(files: &[&FileRecords], names: &Names, settings: &CountSettings) -> Aggregates {
        let has = Has::of(files);
        let plan = Plan::of(&has);
        let build = Build::new(names, settings);
        let unclassified_reasons = unclassified_reasons(files, names, &build);
        let mut series = vec![Series::default(); Ind::ALL];
        let mut visit = WithLastDay {
            inner: Definitions {
                build: &build,
                plan: &plan,
                out: Summing {
                    series: &mut series,
                    last: NO_DAY,
                },
            },
        };
        let repeats = join::join(files, &mut visit);
        let last = visit.inner.out.last;
        for s in &mut series {
            s.freeze();
        }
        Aggregates {
            series,
            plan,
            has,
            last_day: (last != NO_DAY).then_some(i64::from(last)),
            repeats,
            settings: settings.clone(),
            unclassified_reasons,
        }
    }

    /// The last day any record carries.
    pub fn last_day(&self) -> Option<i64> {
        self.last_day
    }

    /// Records dropped as repeats of others (the same export twice …).
    pub fn repeats(&self) -> Repeats {
        self.repeats
    }

    pub fn has(&self) -> &Has {
        &self.has
    }

    pub fn settings(&self) -> &CountSettings {
        &self.settings
    }

    /// After-sale reasons no class takes (not counted as quality, damage or logistics
    /// returns), with how many after-sales give them, most first.
    pub fn unclassified_reasons(&self) -> &[(String, u64)] {
        &self.unclassified_reasons
    }

    /// The counts of `ind` over the window.
    pub fn counts(&self, ind: Ind, window: Window) -> Counts {
        let (start, end) = window.days32();
        self.series[ind.index()].window(start, end)
    }

    /// Valid paid orders in the window, when the files can tell.
    pub fn valid_paid_orders(&self, window: Window) -> Option<f64> {
        self.plan
            .paid_from
            .map(|_| self.counts(Ind::ValidPaid, window).numerator)
    }

    /// Every computed indicator's numerator, denominator, bad count and value over
    /// `[start, end]` (day numbers), whatever the rule set.
    pub fn window(&self, window: Window) -> WindowCounts {
        let mut notes = Vec::new();
        let indicators = Ind::INDICATORS
            .into_iter()
            .filter(|i| self.plan.computed(*i))
            .filter_map(|ind| {
                let c = computed(ind, self.counts(ind, window), &self.plan, &mut notes)?;
                Some((ind.id().to_string(), c))
            })
            .collect();
        WindowCounts {
            start: window.start(),
            end: window.end(),
            valid_paid_orders: self.valid_paid_orders(window),
            indicators,
        }
    }

    /// What the records give for the rule set's window ending on `as_of_day` (default: the
    /// data's last day): values, counts and the warnings a report shows. The rule set (named,
    /// else the one in force on the window's last day) chooses the window's length and which
    /// indicators matter; an unknown rule set is the only error.
    pub fn values(
        &self,
        rule_set: Option<&str>,
        as_of_day: Option<i64>,
    ) -> Result<WindowValues, Error> {
        let end_day = as_of_day.or(self.last_day);
        let end_date = end_day.map(cells::format_day);
        let (rules, _) = crate::rules::select(rule_set, end_date.as_deref())?;
        let mut out = WindowValues {
            rule_set: rules.id.clone(),
            window: end_day.map(|end| Window::ending(end, rules.window_days)),
            valid_paid_orders: None,
            orders_not_counted: BTreeMap::new(),
            indicators: BTreeMap::new(),
            wanted: rules.indicators.iter().map(|i| i.id.clone()).collect(),
            warnings: Vec::new(),
        };
        let Some(window) = out.window else {
            if !self.has.columns.keys().all(|k| *k == FileKind::Values) {
                out.warnings.push(Warning::of("no_dates"));
            }
            return Ok(out);
        };
        out.warnings.extend(self.plan.warnings.iter().cloned());
        out.valid_paid_orders = self.valid_paid_orders(window);
        if self.plan.paid_from == Some(PaidFrom::Orders) {
            let paid_in = self.counts(Ind::Paid, window).numerator;
            let paid_all = self.series[Ind::Paid.index()].total().numerator;
            let categories = [
                ("unpaid", self.series[Ind::Unpaid.index()].total().numerator),
                ("outside_window", paid_all - paid_in),
                ("closed", self.counts(Ind::Closed, window).numerator),
                (
                    "excluded_type",
                    self.counts(Ind::ExcludedType, window).numerator,
                ),
                (
                    "zero_amount",
                    self.counts(Ind::ZeroAmount, window).numerator,
                ),
            ];
            for (why, n) in categories {
                if n > 0.0 {
                    out.orders_not_counted
                        .insert(why.to_string(), n.round() as u64);
                }
            }
        }
        for ind in Ind::INDICATORS {
            if !self.plan.computed(ind) {
                continue;
            }
            let counts = self.counts(ind, window);
            out.warnings.extend(left_out_note(ind, counts.left_out));
            if let Some(c) = computed(ind, counts, &self.plan, &mut out.warnings) {
                out.indicators.insert(ind.id().to_string(), c);
            }
        }
        out.warnings.extend(self.unclassified_note());
        for id in out.wanted.clone() {
            let said = out
                .warnings
                .iter()
                .any(|w| w.subject.as_deref() == Some(&id));
            if !out.indicators.contains_key(&id) && !said {
                out.warnings.push(
                    Warning::of("missing_input.cannot")
                        .subject(id.as_str())
                        .param("indicator", id.as_str()),
                );
            }
        }
        Ok(out)
    }

    /// The note listing the after-sale reasons no class takes (the ten most frequent), when
    /// a reason-based indicator is counted.
    fn unclassified_note(&self) -> Option<Warning> {
        const SHOWN: usize = 10;
        let ind = Ind::ProductQualityReturnRate;
        if self.unclassified_reasons.is_empty() || !self.plan.computed(ind) {
            return None;
        }
        let shown: Vec<String> = self
            .unclassified_reasons
            .iter()
            .take(SHOWN)
            .map(|(reason, n)| format!("“{reason}” × {n}"))
            .collect();
        Some(
            Warning::of("unclassified_reasons")
                .subject(ind.id())
                .param("indicator", ind.id())
                .param("reasons", shown)
                .param("count", self.unclassified_reasons.len()),
        )
    }

    /// Every day with a contribution, each indicator's plain and conditional counts (what a
    /// caller sliding windows by hand reads). Contributions counted in every window
    /// (undated) are in [`Aggregates::undated`].
    pub fn days(&self) -> Vec<DayAggregate> {
        let range = self
            .series
            .iter()
            .filter_map(Series::day_range)
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let Some((first, last)) = range else {
            return Vec::new();
        };
        // A stray far date must not list a thousand empty days: days with nothing are left out.
        (first..=last)
            .filter_map(|day| {
                let mut indicators = BTreeMap::new();
                for ind in Ind::INDICATORS.into_iter().chain([Ind::ValidPaid]) {
                    let s = &self.series[ind.index()];
                    let plain = s.plain(day);
                    let conditional: Vec<(Slot, Counts)> = s.conditional(day).copied().collect();
                    if !plain.is_zero() || !conditional.is_empty() {
                        indicators.insert(ind.id(), IndicatorDay { plain, conditional });
                    }
                }
                (!indicators.is_empty()).then(|| DayAggregate {
                    date: cells::format_day(i64::from(day)),
                    day: i64::from(day),
                    indicators,
                })
            })
            .collect()
    }

    /// Contributions counted in every window (undated records), by indicator id.
    pub fn undated(&self) -> BTreeMap<&'static str, Vec<(Slot, Counts)>> {
        Ind::INDICATORS
            .into_iter()
            .filter_map(|ind| {
                let list: Vec<(Slot, Counts)> = self.series[ind.index()]
                    .conditional(UNDATED)
                    .copied()
                    .collect();
                (!list.is_empty()).then(|| (ind.id(), list))
            })
            .collect()
    }

    /// The indicator's computed value over a window, if the files give it.
    pub fn computed(&self, id: &str, window: Window) -> Option<Computed> {
        let ind = Ind::of(id).filter(|i| self.plan.computed(*i))?;
        computed(ind, self.counts(ind, window), &self.plan, &mut Vec::new())
    }

    /// Bytes held (the per-day series), for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.series.iter().map(Series::heap_bytes).sum()
    }
}
