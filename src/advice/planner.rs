//! The planner: the fewest changes that reach a target (a total, a tier, an eligibility rule),
//! each in an amount a person can act on, found by a search over the same re-scoring advice
//! uses, never by a guessed gain.
//!
//! The search: try every set of one change (each at its best step), then of two, and so on;
//! the first size at which some set reaches the target is the smallest. Among those sets, each
//! change is lowered to the least step that still reaches it (binary search per change), and
//! the set asking the least improvement wins (score points climbed, then the share of each
//! change's range used). Finally every change is checked to be needed: without any one of
//! them the target is missed. Past [`EXHAUSTIVE_LIMIT`] candidates the sets are built greedily
//! (largest step towards the target first) and the plan says it may not be the smallest.
//! A plan never moves an input that only fake orders or reviews could move, and says so.

mod amount;
mod candidate;
mod limits;
mod target;

pub use target::{Goal, Target};

use crate::error::Error;
use crate::messages::Text;
use crate::report::words::say;
use crate::report::{Report, Stage};
use crate::rules::RuleSet;
use crate::ShopInput;
use candidate::{Candidate, Kind};
use serde::Serialize;

/// Up to this many candidates every set is tried (2^12 re-scorings at most).
pub const EXHAUSTIVE_LIMIT: usize = 12;

/// A plan to reach a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub target: Goal,
    pub rule_set: String,
    /// True when the changes, re-scored, reach the target.
    pub reachable: bool,
    pub total_before: Option<f64>,
    /// The total after every change, re-scored (the total now when the target is out of reach).
    pub total_after: Option<f64>,
    /// The total with every possible change at its best (null when nothing can change).
    pub best_total: Option<f64>,
    /// The fewest changes that reach the target, largest effect first.
    pub changes: Vec<Change>,
    /// What bounds any plan for this shop (deductions that stay, the growth stage, caps …).
    pub limits: Vec<Text>,
    /// What the reader must know about the plan (no fake orders, windows, estimates).
    pub notes: Vec<Text>,
    /// The shop as it would be after the plan (what was re-scored); the page can apply it.
    pub input_after: ShopInput,
}

/// One change of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `indicator` (a value), `indicator_score` (only its score is known), `dimension` (a
    /// typed dimension score), `bonus`, or `orders` (leaving the growth stage).
    pub kind: &'static str,
    /// The indicator, dimension or bonus event id (`valid_paid_orders_30d` for `orders`).
    pub indicator: String,
    pub from: f64,
    pub to: f64,
    /// The indicator's score before and after (indicators only).
    pub score_from: Option<f64>,
    pub score_to: Option<f64>,
    /// What to do, in both languages.
    pub amount: Text,
    /// The total with every other change of the plan but not this one (re-scored): each is
    /// below the target, which is what makes the plan minimal.
    pub total_without: Option<f64>,
}

/// Plan for `input` towards `target` as the user typed it (`80`, a tier or an eligibility id).
pub fn plan(input: &ShopInput, target: &str) -> Result<Plan, Error> {
    let report = quiet_score(input)?;
    let rule_set = crate::rules::rule_set_detail(&report.rule_set)?;
    let target = Target::parse(target, rule_set)?;
    plan_for(input, &report, &target)
}

/// Plan for `input` whose report (without advice) is `report`. The report may come from files:
/// its indicators' denominators then give the concrete amounts.
pub fn plan_for(input: &ShopInput, report: &Report, target: &Target) -> Result<Plan, Error> {
    let rule_set = crate::rules::rule_set_detail(&report.rule_set)?;
    let goal = Goal::of(target, rule_set, input)?;
    let rescore = |i: &ShopInput| quiet_score(i).ok().map(|r| with_counts(r, report));
    let mut plan = Plan {
        target: goal.clone(),
        rule_set: rule_set.id.clone(),
        reachable: false,
        total_before: report.total,
        total_after: report.total,
        best_total: None,
        changes: Vec::new(),
        limits: limits::limits(input, report, rule_set),
        notes: Vec::new(),
        input_after: input.clone(),
    };
    if goal.met_by(report) {
        plan.reachable = true;
        plan.notes = limits::notes(&goal, rule_set, false);
        plan.notes.insert(0, met_note(&goal));
        return Ok(plan);
    }

    let start = Start::of(input, report, rule_set);
    let Some(start_report) = rescore(&start.input) else {
        plan.limits
            .extend(limits::shortfalls(&goal, None, rule_set));
        return Ok(plan);
    };
    let candidates = candidate::candidates(&start.input, &start_report, rule_set, &rescore);
    let search = Search::new(&start.input, &start_report, &candidates, &goal, &rescore);
    let best = search.score(&search.all_at_best());
    plan.best_total = best.as_ref().and_then(|r| r.total);
    if goal.total_min.is_none() || !best.as_ref().is_some_and(|r| goal.met_by(r)) {
        plan.limits
            .extend(limits::shortfalls(&goal, best.as_ref(), rule_set));
        plan.notes = limits::notes(&goal, rule_set, false);
        return Ok(plan);
    }

    let (chosen, exhaustive) = search.fewest();
    let chosen = search.settle(chosen);
    let after_input = search.input_with(&chosen);
    let after = rescore(&after_input);
    let estimated = rule_set.method == crate::rules::Method::Interpolate
        || chosen.iter().any(|(i, _)| {
            start_report
                .indicators
                .iter()
                .any(|ind| ind.id == candidates[*i].id && ind.estimated)
        });
    plan.changes = start.orders_change(rule_set).into_iter().collect();
    plan.changes
        .extend(search.describe(&chosen, &start_report, after.as_ref(), rule_set));
    if let Some(orders) = plan.changes.iter_mut().find(|c| c.kind == "orders") {
        orders.total_without = report.total;
    }
    plan.reachable = after.as_ref().is_some_and(|r| goal.met_by(r));
    plan.total_after = after.as_ref().and_then(|r| r.total);
    plan.input_after = after_input;
    plan.notes = limits::notes(&goal, rule_set, estimated);
    if !exhaustive {
        plan.notes.push(say("plan.note.greedy", vec![]));
    }
    Ok(plan)
}

/// The report of `input` without advice (what every step of the search re-scores).
fn quiet_score(input: &ShopInput) -> Result<Report, Error> {
    let mut quiet = input.clone();
    quiet.options.skip_advice = true;
    crate::scoring::score(&quiet)
}

/// Recomputed counts are not part of the typed input: carry the original report's
/// denominators into a re-scored one so amounts can still be counted.
fn with_counts(mut report: Report, original: &Report) -> Report {
    for indicator in &mut report.indicators {
        if indicator.denominator.is_none() {
            indicator.denominator = original
                .indicators
                .iter()
                .find(|i| i.id == indicator.id)
                .and_then(|i| i.denominator);
        }
    }
    report
}

fn met_note(goal: &Goal) -> Text {
    say(
        "plan.note.met",
        vec![(
            "target",
            serde_json::json!({"zh": goal.name.zh, "en": goal.name.en}),
        )],
    )
}

/// Where the search starts: the shop itself, or for a growth-stage shop (a flat score that no
/// indicator moves) the same shop with the valid paid orders of the formal stage.
struct Start {
    input: ShopInput,
    orders: Option<(f64, f64)>,
}

impl Start {
    fn of(input: &ShopInput, report: &Report, rule_set: &RuleSet) -> Start {
        match (&rule_set.stage, report.stage) {
            (Some(stage), Stage::Growth) => {
                let now = input.valid_paid_orders_30d.unwrap_or(0.0);
                let mut formal = input.clone();
                formal.valid_paid_orders_30d = Some(stage.min_orders);
                Start {
                    input: formal,
                    orders: Some((now, stage.min_orders)),
                }
            }
            _ => Start {
                input: input.clone(),
                orders: None,
            },
        }
    }

    fn orders_change(&self, rule_set: &RuleSet) -> Option<Change> {
        let (now, needed) = self.orders?;
        Some(Change {
            kind: "orders",
            indicator: "valid_paid_orders_30d".into(),
            from: now,
            to: needed,
            score_from: None,
            score_to: None,
            amount: amount::orders_amount(now, needed, rule_set.window_days),
            total_without: None,
        })
    }
}

/// A set of changes: (candidate index, index into its steps).
type Chosen = Vec<(usize, usize)>;

struct Search<'a> {
    base: &'a ShopInput,
    /// The report of `base`.
    base_report: &'a Report,
    candidates: &'a [Candidate],
    goal: &'a Goal,
    rescore: &'a dyn Fn(&ShopInput) -> Option<Report>,
    /// What each candidate at its best step adds to the base total on its own.
    solo_gains: Vec<f64>,
}

impl<'a> Search<'a> {
    fn new(
        base: &'a ShopInput,
        base_report: &'a Report,
        candidates: &'a [Candidate],
        goal: &'a Goal,
        rescore: &'a dyn Fn(&ShopInput) -> Option<Report>,
    ) -> Search<'a> {
        let mut search = Search {
            base,
            base_report,
            candidates,
            goal,
            rescore,
            solo_gains: Vec::new(),
        };
        let base_total = base_report.total.unwrap_or(0.0);
        search.solo_gains = (0..candidates.len())
            .map(|i| {
                let total = search.score(&[search.top(i)]).and_then(|r| r.total);
                total.unwrap_or(base_total) - base_total
            })
            .collect();
        search
    }

    fn input_with(&self, chosen: &[(usize, usize)]) -> ShopInput {
        let mut input = self.base.clone();
        for (i, step) in chosen {
            let c = &self.candidates[*i];
            c.apply(&mut input, c.steps[*step]);
        }
        input
    }

    fn score(&self, chosen: &[(usize, usize)]) -> Option<Report> {
        (self.rescore)(&self.input_with(chosen))
    }

    fn meets(&self, chosen: &[(usize, usize)]) -> bool {
        self.score(chosen).is_some_and(|r| self.goal.met_by(&r))
    }

    fn top(&self, i: usize) -> (usize, usize) {
        (i, self.candidates[i].steps.len() - 1)
    }

    fn all_at_best(&self) -> Chosen {
        (0..self.candidates.len()).map(|i| self.top(i)).collect()
    }

    /// The smallest sets that reach the goal (each change at its best step), the easiest after
    /// settling; the flag says whether every set was tried.
    fn fewest(&self) -> (Chosen, bool) {
        if self.meets(&[]) {
            return (Vec::new(), true);
        }
        let n = self.candidates.len();
        if n > EXHAUSTIVE_LIMIT {
            return (self.greedy(), false);
        }
        for size in 1..=n {
            let reaching: Vec<Chosen> = combinations(n, size)
                .into_iter()
                .map(|set| set.into_iter().map(|i| self.top(i)).collect::<Chosen>())
                .filter(|set| self.meets(set))
                .collect();
            let easiest = reaching
                .into_iter()
                .map(|set| self.settle(set))
                .map(|set| (self.effort(&set), set))
                .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            if let Some((_, set)) = easiest {
                return (set, true);
            }
        }
        (self.all_at_best(), true)
    }

    /// Add the change that brings the goal closest, until it is met.
    fn greedy(&self) -> Chosen {
        let mut chosen: Chosen = Vec::new();
        while !self.meets(&chosen) {
            let next = (0..self.candidates.len())
                .filter(|i| !chosen.iter().any(|(c, _)| c == i))
                .filter_map(|i| {
                    let mut trial = chosen.clone();
                    trial.push(self.top(i));
                    self.score(&trial).map(|r| (self.goal.shortfall(&r), i))
                })
                .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            match next {
                Some((_, i)) => chosen.push(self.top(i)),
                None => break,
            }
        }
        chosen
    }

    /// Lower each change to its least step that still reaches the goal (the change worth
    /// least on its own first), then drop any change the goal does not need; repeat until
    /// nothing moves.
    fn settle(&self, mut chosen: Chosen) -> Chosen {
        for _ in 0..4 {
            let before = chosen.clone();
            let order = self.by_solo_gain(&chosen);
            for position in order {
                let (_, top) = chosen[position];
                let (mut lo, mut hi) = (0, top);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    chosen[position].1 = mid;
                    if self.meets(&chosen) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                chosen[position].1 = hi;
            }
            chosen = self.drop_unneeded(chosen);
            if chosen == before {
                break;
            }
        }
        chosen
    }

    /// Positions in `chosen`, the change whose best step alone gains least first.
    fn by_solo_gain(&self, chosen: &[(usize, usize)]) -> Vec<usize> {
        let mut positions: Vec<usize> = (0..chosen.len()).collect();
        crate::sorting::sort_by(&mut positions, |a, b| {
            let gain = |p: &usize| self.solo_gains[chosen[*p].0];
            gain(a)
                .partial_cmp(&gain(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        positions
    }

    /// Remove changes while the goal is still met without them.
    fn drop_unneeded(&self, mut chosen: Chosen) -> Chosen {
        'again: loop {
            for position in 0..chosen.len() {
                let mut without = chosen.clone();
                without.remove(position);
                if self.meets(&without) {
                    chosen = without;
                    continue 'again;
                }
            }
            return chosen;
        }
    }

    /// How much a settled set asks: indicator score points climbed (in bands of 10), a
    /// dimension's points (in fives), a bonus as one band; then the share of each change's
    /// range used.
    fn effort(&self, chosen: &[(usize, usize)]) -> (f64, f64) {
        let before = Some(self.base_report);
        let after = self.score(chosen);
        let score_of = |r: Option<&Report>, id: &str| {
            r.and_then(|r| r.indicators.iter().find(|i| i.id == id))
                .and_then(|i| i.score)
                .unwrap_or(0.0)
        };
        let mut climbed = 0.0;
        let mut share = 0.0;
        for (i, step) in chosen {
            let c = &self.candidates[*i];
            climbed += match c.kind {
                Kind::Value(_) | Kind::Score(_) => {
                    (score_of(after.as_ref(), &c.id) - score_of(before, &c.id)).max(0.0) / 10.0
                }
                Kind::Dimension { .. } => (c.value_at(c.steps[*step]) - c.from) / 5.0,
                Kind::Bonus(_) => 1.0,
            };
            share += f64::from(c.steps[*step]) / f64::from(*c.steps.last().unwrap_or(&1));
        }
        (climbed, share)
    }

    /// The chosen changes as the plan shows them, the one worth most first.
    fn describe(
        &self,
        chosen: &[(usize, usize)],
        before: &Report,
        after: Option<&Report>,
        rule_set: &RuleSet,
    ) -> Vec<Change> {
        let score_in = |r: Option<&Report>, id: &str| {
            r.and_then(|r| r.indicators.iter().find(|i| i.id == id))
                .and_then(|i| i.score)
        };
        let mut changes: Vec<Change> = chosen
            .iter()
            .enumerate()
            .map(|(position, (i, step))| {
                let c = &self.candidates[*i];
                let k = c.steps[*step];
                let mut others = chosen.to_vec();
                others.remove(position);
                let (kind, scores) = match c.kind {
                    Kind::Value(_) => ("indicator", true),
                    Kind::Score(_) => ("indicator_score", true),
                    Kind::Dimension { .. } => ("dimension", false),
                    Kind::Bonus(_) => ("bonus", false),
                };
                Change {
                    kind,
                    indicator: c.id.clone(),
                    from: round4(c.from),
                    to: round4(c.value_at(k)),
                    score_from: if scores {
                        score_in(Some(before), &c.id)
                    } else {
                        None
                    },
                    score_to: if scores { score_in(after, &c.id) } else { None },
                    amount: amount::amount(c, k, rule_set.window_days),
                    total_without: self.score(&others).and_then(|r| r.total),
                }
            })
            .collect();
        crate::sorting::sort_by(&mut changes, |a, b| {
            let worth = |c: &Change| c.total_without.unwrap_or(f64::INFINITY);
            worth(a)
                .partial_cmp(&worth(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.indicator.cmp(&b.indicator))
        });
        changes
    }
}

/// Every `size`-element subset of 0..n, in lexicographic order.
fn combinations(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..size).collect();
    if size > n {
        return out;
    }
    loop {
        out.push(current.clone());
        // The rightmost position that can still move right.
        let Some(position) = (0..size).rev().find(|&p| current[p] < n - size + p) else {
            return out;
        };
        current[position] += 1;
        for p in position + 1..size {
            current[p] = current[p - 1] + 1;
        }
    }
}

fn round4(v: f64) -> f64 {
    let r = (v * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::combinations;

    #[test]
    fn combinations_are_every_subset_once() {
        assert_eq!(combinations(4, 2).len(), 6);
        assert_eq!(combinations(4, 2)[0], vec![0, 1]);
        assert_eq!(combinations(4, 2)[5], vec![2, 3]);
        assert_eq!(combinations(3, 3), vec![vec![0, 1, 2]]);
        assert!(combinations(2, 3).is_empty());
        let total: usize = (1..=12).map(|k| combinations(12, k).len()).sum();
        assert_eq!(total, 4095);
    }
}
