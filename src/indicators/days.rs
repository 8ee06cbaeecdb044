//! Per-day counters: what one indicator's population contributes on each calendar day, so
//! that any window is a sum over its days.
//!
//! A contribution sits on a **population day** (the day the rule counts the record on: signed
//! day, paid day, pickup day, request day, session start …) and carries a **condition** that
//! joins need to stay exact:
//! - `known_from`/`known_until`: the window ending on day E counts it only when
//!   `known_from <= E < known_until`. What happened after E is not known on E (a first
//!   after-sale requested after E does not make an order bad in that window), and a first
//!   review can be replaced by an earlier one that only becomes known later.
//! - `prev`: counted only when `prev < S` (the window's first day): an order that asked for
//!   help on several days counts once, on its first day in the window.
//! - `UNDATED` population day: in every window (an undated review when no signed times
//!   exist).
//!
//! Most contributions are plain (known on their own day, no `prev`): they are kept in a dense
//! array by day; the conditional ones in a small sorted list, merged by condition.

use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::ops::{AddAssign, SubAssign};

/// The population day of a contribution counted in every window.
pub const UNDATED: i32 = i32::MIN;
/// "Known since always" / "no previous day".
pub const ALWAYS: i32 = i32::MIN;
/// "Never stops being known".
pub const FOREVER: i32 = i32::MAX;

/// What an indicator's definition sums: numerator, denominator, bad cases (the small-sample
/// rule and the drill-down count them) and records left out for a stated reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub numerator: f64,
    pub denominator: f64,
    pub bad: f64,
    pub left_out: f64,
}

impl Counts {
    pub const ZERO: Counts = Counts {
        numerator: 0.0,
        denominator: 0.0,
        bad: 0.0,
        left_out: 0.0,
    };

    pub fn new(numerator: f64, denominator: f64, bad: f64) -> Self {
        Counts {
            numerator,
            denominator,
            bad,
            left_out: 0.0,
        }
    }

    /// One record left out (with a note saying why).
    pub fn left_out() -> Self {
        Counts {
            left_out: 1.0,
            ..Counts::ZERO
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Counts::ZERO
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.numerator += o.numerator;
        self.denominator += o.denominator;
        self.bad += o.bad;
        self.left_out += o.left_out;
    }
}

impl SubAssign for Counts {
    fn sub_assign(&mut self, o: Counts) {
        self.numerator -= o.numerator;
        self.denominator -= o.denominator;
        self.bad -= o.bad;
        self.left_out -= o.left_out;
    }
}

/// Where a contribution counts: its population day and its condition (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    pub day: i32,
    pub known_from: i32,
    pub known_until: i32,
    pub prev: i32,
}

impl Slot {
    /// Counted in every window that contains `day`.
    pub fn on(day: i32) -> Slot {
        Slot {
            day,
            known_from: ALWAYS,
            known_until: FOREVER,
            prev: ALWAYS,
        }
    }

    /// Counted in every window (an undated record).
    pub fn undated() -> Slot {
        Slot::on(UNDATED)
    }

    /// Counted once known, i.e. in windows ending on `known` or later.
    pub fn known(self, known: i32) -> Slot {
        Slot {
            known_from: known,
            ..self
        }
    }

    /// Counted while known and not yet replaced on `until`.
    pub fn until(self, until: i32) -> Slot {
        Slot {
            known_until: until,
            ..self
        }
    }

    /// Counted only in windows starting after `prev`.
    pub fn after(self, prev: i32) -> Slot {
        Slot { prev, ..self }
    }

    /// Whether the window `[start, end]` counts this slot.
    pub fn in_window(&self, start: i32, end: i32) -> bool {
        (self.day == UNDATED || (start <= self.day && self.day <= end))
            && self.known_from <= end
            && end < self.known_until
            && self.prev < start
    }

    /// A slot every window containing its day counts the same way.
    fn is_plain(&self) -> bool {
        self.day != UNDATED
            && self.known_from <= self.day
            && self.known_until == FOREVER
            && self.prev == ALWAYS
    }
}

impl Serialize for Slot {
    /// As dates: `{day, known_from, known_until, after}`, null where there is no condition
    /// (`day` null: counted in every window).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let date = |d: i32| {
            (d != ALWAYS && d != FOREVER).then(|| crate::records::cells::format_day(i64::from(d)))
        };
        #[derive(Serialize)]
        struct Shape {
            day: Option<String>,
            known_from: Option<String>,
            known_until: Option<String>,
            after: Option<String>,
        }
        Shape {
            day: date(self.day),
            known_from: date(self.known_from),
            known_until: date(self.known_until),
            after: date(self.prev),
        }
        .serialize(serializer)
    }
}

/// Days further than this from the first day seen go to the conditional list (a stray year
/// 1900 date must not allocate a dense array of 45 000 days).
const DENSE_SPAN: i64 = 4_000;

/// One indicator's contributions by day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Day of `dense[0]`.
    base: i32,
    dense: Vec<Counts>,
    /// While building: conditional (and far) contributions by slot.
    building: HashMap<Slot, Counts>,
    /// After `freeze`: the same, sorted by slot (day first).
    conditional: Vec<(Slot, Counts)>,
}

impl Series {
    pub fn add(&mut self, slot: Slot, counts: Counts) {
        if slot.is_plain() {
            if self.dense.is_empty() {
                self.base = slot.day;
            }
            let offset = i64::from(slot.day) - i64::from(self.base);
            let span = self.dense.len() as i64;
            if offset < 0 && span - offset <= DENSE_SPAN {
                let grow = (-offset) as usize;
                self.dense
                    .splice(0..0, std::iter::repeat_n(Counts::ZERO, grow));
                self.base = slot.day;
                self.dense[0] += counts;
                return;
            }
            if (0..DENSE_SPAN).contains(&offset) {
                let at = offset as usize;
                if at >= self.dense.len() {
                    self.dense.resize(at + 1, Counts::ZERO);
                }
                self.dense[at] += counts;
                return;
            }
        }
        *self.building.entry(slot).or_default() += counts;
    }

    /// End of building: sort the conditional contributions for range queries.
    pub fn freeze(&mut self) {
        let mut list: Vec<(Slot, Counts)> = self
            .building
            .drain()
            .filter(|(_, c)| !c.is_zero())
            .collect();
        list.extend(std::mem::take(&mut self.conditional));
        list.sort_by_key(|a| a.0);
        list.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        self.conditional = list;
        self.building = HashMap::new();
    }

    /// The sum over the window `[start, end]` (day numbers, both ends included).
    pub fn window(&self, start: i32, end: i32) -> Counts {
        let mut sum = Counts::ZERO;
        if !self.dense.is_empty() && start <= end {
            let first = (i64::from(start) - i64::from(self.base)).max(0);
            let last = (i64::from(end) - i64::from(self.base)).min(self.dense.len() as i64 - 1);
            if first <= last {
                for c in &self.dense[first as usize..=last as usize] {
                    sum += *c;
                }
            }
        }
        // Undated slots sort first (UNDATED is i32::MIN), then by day.
        for (slot, c) in &self.conditional {
            if slot.day != UNDATED && slot.day > end {
                break;
            }
            if slot.in_window(start, end) {
                sum += *c;
            }
        }
        sum
    }

    /// Everything ever contributed (every day, every condition), e.g. all paid orders.
    pub fn total(&self) -> Counts {
        let mut sum = Counts::ZERO;
        for c in self
            .dense
            .iter()
            .chain(self.conditional.iter().map(|(_, c)| c))
        {
            sum += *c;
        }
        sum
    }

    /// The plain contributions of `day` (counted by every window containing it).
    pub fn plain(&self, day: i32) -> Counts {
        let offset = i64::from(day) - i64::from(self.base);
        if offset < 0 {
            return Counts::ZERO;
        }
        self.dense
            .get(offset as usize)
            .copied()
            .unwrap_or(Counts::ZERO)
    }

    /// The conditional contributions whose population day is `day` (`UNDATED` for those
    /// counted in every window).
    pub fn conditional(&self, day: i32) -> impl Iterator<Item = &(Slot, Counts)> {
        self.conditional.iter().filter(move |(s, _)| s.day == day)
    }

    /// The first and last population day with anything (undated contributions aside).
    pub fn day_range(&self) -> Option<(i32, i32)> {
        let dense = self.dense.iter().position(|c| !c.is_zero()).map(|first| {
            let last = self
                .dense
                .iter()
                .rposition(|c| !c.is_zero())
                .unwrap_or(first);
            (self.base + first as i32, self.base + last as i32)
        });
        let dated = self.conditional.iter().filter(|(s, _)| s.day != UNDATED);
        let cond = dated
            .clone()
            .map(|(s, _)| s.day)
            .min()
            .zip(dated.map(|(s, _)| s.day).max());
        match (dense, cond) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        }
    }

    /// Bytes held, for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.dense.capacity() * std::mem::size_of::<Counts>()
            + self.conditional.capacity() * std::mem::size_of::<(Slot, Counts)>()
            + self.building.capacity() * (std::mem::size_of::<(Slot, Counts)>() + 8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_the_sum_of_its_days_under_each_condition() {
        let mut s = Series::default();
        let one = Counts::new(1.0, 1.0, 0.0);
        s.add(Slot::on(10), one);
        s.add(Slot::on(5), one); // grows the dense array to the left
        s.add(Slot::on(12).known(20), one); // known on day 20
        s.add(Slot::on(12).known(15).until(18), one); // replaced on day 18
        s.add(Slot::on(14).after(11), one); // the same order asked on day 11
        s.add(Slot::undated(), one);
        s.add(Slot::on(-30_000), one); // far away: kept aside, still counted
        s.freeze();
        assert_eq!(s.window(1, 12).denominator, 3.0); // 5, 10, undated
        assert_eq!(s.window(1, 15).denominator, 4.0); // + day 12 known on 15
        assert_eq!(s.window(1, 18).denominator, 3.0); // that one replaced on 18 (12 not yet known)
        assert_eq!(s.window(1, 20).denominator, 4.0); // day 12 known on 20
        assert_eq!(s.window(12, 20).denominator, 3.0); // 12 (known 20), 14 (first ask 11 < 12), undated
        assert_eq!(s.window(11, 20).denominator, 2.0); // 14 not counted: it asked on 11 already
        assert_eq!(s.window(-30_000, -30_000).denominator, 2.0);
        assert_eq!(s.total().denominator, 7.0);
        assert_eq!(s.day_range(), Some((-30_000, 14)));
    }
}
