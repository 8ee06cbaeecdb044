//! Weights on the simplex (each ≥ 0, together 1) from readings that each pin a weighted sum
//! to an interval: the shared fit behind the dimension weights (totals) and the indicator
//! weights (dimension scores).
//!
//! A reading says `low ≤ Σ weight × coefficient ≤ high`: the figure shown, widened by the
//! back end's rounding of every figure in the sum (or one-sided where the figure sits at its
//! scale's edge and may have been clamped). The weights consistent with every reading form a
//! convex polytope; its extent along each weight (two linear programs per weight) is the
//! range reported, and "determined" means every range is narrower than half a percentage
//! point. The point reported is the least-squares fit on the simplex (exact, by enumerating
//! the supports: at most 2^k small systems for k ≤ 12 weights), lightly pulled towards the
//! rule set's defaults so that directions the readings leave open stay at the defaults, then
//! moved into the polytope if it lies outside (the nearest point in the largest coordinate
//! difference, one more linear program). A reading that no weights can explain, or that
//! contradicts the others, is named and left out (see `drop_contradictions`).

use super::evidence::{misfit, most_left_out, round_figure, Evidence, Hint, Residual};
use super::linalg::{gauss_solve, normal_equations};
use super::lp::{self, Constraint};
use super::observation::Observation;
use crate::messages::{Text, Warning};
use crate::sorting::CollectMap;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Every weight's range narrower than this (0.5 percentage point) counts as determined.
pub const DETERMINED_WIDTH: f64 = 0.005;
/// Slack on every interval, far below any rounding, against floating-point noise.
const SLACK: f64 = 1e-9;

/// One reading as the weight fit sees it.
#[derive(Debug, Clone)]
pub struct IntervalReading {
    pub row: u64,
    pub date: String,
    pub file: Option<String>,
    /// The figure each weight multiplies (a dimension score, an indicator score).
    pub coefficients: Vec<f64>,
    /// The figure the weighted sum should give (before rounding).
    pub target: f64,
    /// The interval the weighted sum must lie in (−∞ / +∞ where one side is open).
    pub low: f64,
    pub high: f64,
}

impl IntervalReading {
    /// Reading `o`'s interval `target ± tolerance` on Σ weight × `coefficients`; a side is
    /// open where the figure shown sits at its scale's edge (it may have been clamped there).
    pub fn of(
        o: &Observation,
        coefficients: Vec<f64>,
        target: f64,
        tolerance: f64,
        (at_floor, at_ceiling): (bool, bool),
    ) -> Self {
        IntervalReading {
            row: o.row,
            date: o.date.clone(),
            file: o.file.clone(),
            coefficients,
            target,
            low: if at_floor {
                f64::NEG_INFINITY
            } else {
                target - tolerance
            },
            high: if at_ceiling {
                f64::INFINITY
            } else {
                target + tolerance
            },
        }
    }

    fn sum(&self, w: &[f64]) -> f64 {
        self.coefficients.iter().zip(w).map(|(a, w)| a * w).sum()
    }

    /// Observed minus fitted: the signed residual of a two-sided reading; for a one-sided
    /// (clamped) reading, only how far the fit breaks its bound.
    fn residual(&self, w: &[f64]) -> f64 {
        if self.low.is_finite() && self.high.is_finite() {
            self.target - self.sum(w)
        } else {
            let s = self.sum(w);
            if s < self.low {
                self.low - s
            } else if s > self.high {
                self.high - s
            } else {
                0.0
            }
        }
    }

    fn constraints(&self) -> Vec<Constraint> {
        let mut out = Vec::new();
        if self.high.is_finite() {
            out.push(Constraint::new(
                self.coefficients.clone(),
                self.high + SLACK,
            ));
        }
        if self.low.is_finite() {
            let neg = self.coefficients.iter().map(|a| -a).collect();
            out.push(Constraint::new(neg, -(self.low - SLACK)));
        }
        out
    }
}

/// What a weight fit is about, for its messages and hints.
pub struct FitSubject {
    /// The fit's name in both languages (dimension weights, indicator weights of 商品体验 …).
    pub name: Text,
    /// The figure each reading pins (体验分, 商品体验 …), in both languages.
    pub target: Text,
    /// The hint variant naming the reading that narrows the widest weight most
    /// (`dimension_moves`, `indicator_moves`) and the parameter key of its id.
    pub hint: &'static str,
    pub id_param: &'static str,
}

/// A fitted set of weights with their ranges and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightFit {
    /// Id → weight (a fraction; the weights sum to 1).
    #[serde(flatten)]
    pub weights: BTreeMap<String, f64>,
    /// Id → `[min, max]`: every weight in this range is consistent with every reading used.
    pub ranges: BTreeMap<String, [f64; 2]>,
    /// True when every range is narrower than half a percentage point.
    pub determined: bool,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Fit weights for `ids` (defaults `prior`, fractions) from `readings`. `None` when no
/// reading is left to fit, or when the readings do not fit the sum at all (said in `warnings`).
pub fn fit(
    ids: &[String],
    prior: &[f64],
    readings: Vec<IntervalReading>,
    subject: &FitSubject,
    warnings: &mut Vec<Warning>,
) -> Option<WeightFit> {
    let k = ids.len();
    let explainable = drop_unexplainable(readings, subject, warnings);
    let consistent = drop_contradictions(k, explainable, subject, warnings)?;
    if consistent.is_empty() {
        return None;
    }
    let polytope = polytope(k, &consistent);
    let least_squares = least_squares_on_simplex(&consistent, prior);
    let point = nearest_inside(&least_squares, &polytope).unwrap_or(least_squares);
    let ranges = ranges(k, &polytope);
    let determined = ranges.iter().all(|[lo, hi]| hi - lo <= DETERMINED_WIDTH);
    let residuals = consistent
        .iter()
        .map(|r| Residual::new(r.row, &r.date, r.residual(&point)))
        .collect();
    let hint = (!determined).then(|| next_reading(ids, &ranges, &consistent, subject));
    Some(WeightFit {
        weights: ids
            .iter()
            .cloned()
            .zip(summing_to_one(&point))
            .collect_map(),
        ranges: ids
            .iter()
            .cloned()
            .zip(
                ranges
                    .iter()
                    .map(|[lo, hi]| [round_figure(*lo), round_figure(*hi)]),
            )
            .collect_map(),
        determined,
        evidence: Evidence::new(residuals, hint),
    })
}

/// The weights rounded for the report, the largest taking up the rounding so that they still
/// sum to 1.
fn summing_to_one(point: &[f64]) -> Vec<f64> {
    let sum: f64 = point.iter().sum();
    let mut out: Vec<f64> = point.iter().map(|w| round_figure(w / sum)).collect();
    let remainder = 1.0 - out.iter().sum::<f64>();
    if let Some(largest) = (0..out.len()).max_by(|&a, &b| out[a].total_cmp(&out[b])) {
        out[largest] = round_figure(out[largest] + remainder);
    }
    out
}

fn reading_warning(key: &str, r: &IntervalReading, subject: &FitSubject) -> Warning {
    Warning::of(key)
        .param("row", r.row)
        .param("date", r.date.as_str())
        .param("fit", json!(subject.name))
        .param("target", json!(subject.target))
        .param("value", round_figure(r.target))
        .at(r.file.as_deref(), Some(r.row), None)
}

/// A reading whose interval no weights on the simplex can reach: the weighted sum of its
/// figures always lies between their smallest and their largest.
fn drop_unexplainable(
    readings: Vec<IntervalReading>,
    subject: &FitSubject,
    warnings: &mut Vec<Warning>,
) -> Vec<IntervalReading> {
    readings
        .into_iter()
        .filter(|r| {
            let lo = r.coefficients.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = r
                .coefficients
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            let reachable = r.high + SLACK >= lo && r.low - SLACK <= hi;
            if !reachable {
                warnings.push(
                    reading_warning("reading_unexplained", r, subject)
                        .param("low", round_figure(lo))
                        .param("high", round_figure(hi)),
                );
            }
            reachable
        })
        .collect()
}

/// While no weights satisfy every reading, leave out the one whose absence lets the others
/// agree best (the deepest minimax fit of the rest), naming it with how far it lies from what
/// the rest allow. Gives up past `most_left_out`, with one warning and no fit.
fn drop_contradictions(
    k: usize,
    mut readings: Vec<IntervalReading>,
    subject: &FitSubject,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<IntervalReading>> {
    let given = readings.len();
    let mut named = Vec::new();
    while !lp::feasible(k, &polytope(k, &readings)) {
        if named.len() == most_left_out(given) {
            warnings.push(misfit(&subject.name, named.len() + 1, given));
            return None;
        }
        let depth_without = |i: usize| {
            let rest: Vec<IntervalReading> = readings
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, r)| r.clone())
                .collect();
            minimax_depth(k, &rest)
        };
        // The deepest fit without it; among equals, the later row (the earlier readings
        // stand until a later one disagrees).
        let worst = (0..readings.len())
            .map(|i| (i, depth_without(i)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| i)?;
        let r = readings.remove(worst);
        let rest = polytope(k, &readings);
        let allowed_low = lp::minimize(&r.coefficients, &rest).map(|o| o.value);
        let allowed_high = lp::maximize(&r.coefficients, &rest).map(|o| o.value);
        let mut w = reading_warning("reading_contradicts", &r, subject);
        if let (Some(lo), Some(hi)) = (allowed_low, allowed_high) {
            let gap = (r.low - hi).max(lo - r.high).max(0.0);
            // As the back end writes scores: two decimals.
            let shown = |x: f64| (x * 100.0).round() / 100.0;
            w = w
                .param("low", shown(lo))
                .param("high", shown(hi))
                .param("gap", shown(gap));
        }
        named.push(w);
    }
    warnings.extend(named);
    Some(readings)
}

/// The simplex rows: w ≥ 0 and Σ w = 1.
fn simplex(k: usize) -> Vec<Constraint> {
    let mut rows: Vec<Constraint> = (0..k)
        .map(|j| {
            let mut c = vec![0.0; k];
            c[j] = -1.0;
            Constraint::new(c, 0.0)
        })
        .collect();
    rows.push(Constraint::new(vec![1.0; k], 1.0 + SLACK));
    rows.push(Constraint::new(vec![-1.0; k], -(1.0 - SLACK)));
    rows
}

/// Every weight vector consistent with every reading.
fn polytope(k: usize, readings: &[IntervalReading]) -> Vec<Constraint> {
    let mut rows = simplex(k);
    rows.extend(readings.iter().flat_map(IntervalReading::constraints));
    rows
}

/// The least t such that some weights satisfy every reading's interval widened by t
/// (negative when the readings leave room: the depth of the deepest point).
fn minimax_depth(k: usize, readings: &[IntervalReading]) -> f64 {
    // Unknowns: the k weights, then t ∈ [−1000, 1000].
    let pad = |c: &Constraint, t: f64| {
        let mut coefficients = c.coefficients.clone();
        coefficients.push(t);
        Constraint::new(coefficients, c.bound)
    };
    let mut rows: Vec<Constraint> = simplex(k).iter().map(|c| pad(c, 0.0)).collect();
    rows.extend(
        readings
            .iter()
            .flat_map(IntervalReading::constraints)
            .map(|c| pad(&c, -1.0)),
    );
    let mut t_only = vec![0.0; k + 1];
    t_only[k] = 1.0;
    rows.push(Constraint::new(t_only.clone(), 1000.0));
    t_only[k] = -1.0;
    rows.push(Constraint::new(t_only.clone(), 1000.0));
    lp::maximize(&t_only, &rows).map_or(f64::INFINITY, |o| -o.value)
}

/// `[min, max]` of each weight over the polytope.
fn ranges(k: usize, polytope: &[Constraint]) -> Vec<[f64; 2]> {
    (0..k)
        .map(|j| {
            let mut e = vec![0.0; k];
            e[j] = 1.0;
            let lo = lp::minimize(&e, polytope).map_or(0.0, |o| o.value.max(0.0));
            let hi = lp::maximize(&e, polytope).map_or(1.0, |o| o.value.min(1.0));
            [lo, hi.max(lo)]
        })
        .collect()
}

/// The point of the polytope nearest to `p` in the largest coordinate difference, or `p`
/// itself when it already lies inside.
fn nearest_inside(p: &[f64], polytope: &[Constraint]) -> Option<Vec<f64>> {
    let k = p.len();
    let inside = polytope.iter().all(|c| {
        c.coefficients
            .iter()
            .zip(p)
            .map(|(a, x)| a * x)
            .sum::<f64>()
            <= c.bound + 1e-12
    });
    if inside {
        return Some(p.to_vec());
    }
    // Unknowns: the k weights, then t ≥ 0 with |w_j − p_j| ≤ t.
    let mut rows: Vec<Constraint> = polytope
        .iter()
        .map(|c| {
            let mut coefficients = c.coefficients.clone();
            coefficients.push(0.0);
            Constraint::new(coefficients, c.bound)
        })
        .collect();
    for (j, pj) in p.iter().enumerate() {
        for sign in [1.0, -1.0] {
            let mut c = vec![0.0; k + 1];
            c[j] = sign;
            c[k] = -1.0;
            rows.push(Constraint::new(c, sign * pj));
        }
    }
    let mut t = vec![0.0; k + 1];
    t[k] = -1.0;
    rows.push(Constraint::new(t.clone(), 0.0));
    let o = lp::maximize(&t, &rows)?;
    Some(o.x[..k].to_vec())
}

/// argmin Σ (reading's weighted sum − target)² + ε‖w − prior‖² over the simplex, exactly:
/// the minimiser is the solution of the equality-constrained problem on its own support, so
/// every support is tried and the best non-negative solution kept. ε is tiny next to the
/// readings' own curvature; it only decides directions the readings leave open.
pub fn least_squares_on_simplex(readings: &[IntervalReading], prior: &[f64]) -> Vec<f64> {
    let k = prior.len();
    let rows: Vec<Vec<f64>> = readings.iter().map(|r| r.coefficients.clone()).collect();
    let targets: Vec<f64> = readings.iter().map(|r| r.target).collect();
    let (mut q, mut b) = normal_equations(&rows, &targets, k);
    let trace: f64 = (0..k).map(|i| q[i][i]).sum();
    let eps = 1e-7 * (trace / k.max(1) as f64) + 1e-9;
    for (i, (qi, bi)) in q.iter_mut().zip(b.iter_mut()).enumerate() {
        qi[i] += eps;
        *bi += eps * prior[i];
    }
    let objective = |w: &[f64]| -> f64 {
        let mut v = 0.0;
        for i in 0..k {
            v -= b[i] * w[i];
            for j in 0..k {
                v += 0.5 * w[i] * q[i][j] * w[j];
            }
        }
        v
    };
    let mut best: Option<(f64, Vec<f64>)> = None;
    for support in 1u32..(1 << k) {
        let idx: Vec<usize> = (0..k).filter(|i| support & (1 << i) != 0).collect();
        let Some(ws) = solve_on_support(&q, &b, &idx) else {
            continue;
        };
        if ws.iter().any(|w| *w < -1e-12) {
            continue;
        }
        let mut w = vec![0.0; k];
        for (i, v) in idx.iter().zip(&ws) {
            w[*i] = v.max(0.0);
        }
        let value = objective(&w);
        if best.as_ref().is_none_or(|(v, _)| value < *v) {
            best = Some((value, w));
        }
    }
    best.map(|(_, w)| w).unwrap_or_else(|| prior.to_vec())
}

/// The KKT system of min ½wᵀQw − bᵀw subject to Σ w = 1 on the weights `idx` (the others 0).
fn solve_on_support(q: &[Vec<f64>], b: &[f64], idx: &[usize]) -> Option<Vec<f64>> {
    let s = idx.len();
    let mut m = vec![vec![0.0; s + 2]; s + 1];
    for (r, &i) in idx.iter().enumerate() {
        for (c, &j) in idx.iter().enumerate() {
            m[r][c] = q[i][j];
        }
        m[r][s] = 1.0;
        m[r][s + 1] = b[i];
    }
    m[s] = vec![1.0; s + 2];
    m[s][s] = 0.0;
    let x = gauss_solve(m)?;
    Some(x[..s].to_vec())
}

/// The reading that would narrow the widest weight most: one on which only that weight's
/// figure moves against a day already recorded (the difference of the two days isolates it).
/// How far it must move to pin the weight within `DETERMINED_WIDTH`: the two days' rounding
/// together leave 4 × tolerance of doubt on the difference.
fn next_reading(
    ids: &[String],
    ranges: &[[f64; 2]],
    readings: &[IntervalReading],
    subject: &FitSubject,
) -> Hint {
    let widest = (0..ids.len())
        .max_by(|&a, &b| (ranges[a][1] - ranges[a][0]).total_cmp(&(ranges[b][1] - ranges[b][0])))
        .unwrap_or(0);
    let tolerance = readings
        .iter()
        .filter(|r| r.low.is_finite() && r.high.is_finite())
        .map(|r| (r.high - r.low) / 2.0)
        .fold(0.0, f64::max);
    let points = (4.0 * tolerance / DETERMINED_WIDTH).ceil().max(1.0);
    const MOST_POINTS_A_DAY_MOVES: f64 = 30.0;
    if points > MOST_POINTS_A_DAY_MOVES {
        return Hint::of("more_days", &[("count", json!(readings.len()))]);
    }
    Hint::of(
        subject.hint,
        &[
            (subject.id_param, json!(ids[widest])),
            ("points", json!(points)),
        ],
    )
}
