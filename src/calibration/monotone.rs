//! An additive monotone regression: score = base + Σ_i f_i(x_i), each f_i non-decreasing and
//! piecewise linear, flat beyond the values seen. The model behind the 2026-09 mapping.
//!
//! Each f_i is a sum of ramps between knots at quantiles of the values seen (up to
//! `MAX_SEGMENTS` segments), each ramp with a non-negative slope: a non-negative least-squares
//! problem with one free unknown (the base), solved exactly (`nnls`). Knots at fixed quantiles
//! rarely fall where the hidden curve bends, so there are many of them, and a penalty on the
//! change of slope between neighbouring segments keeps the curves from chasing the rounding;
//! its weight is the one that predicts days held out best (k-fold cross-validation over a
//! short grid). Why not per-indicator isotonic regression by backfitting: it has one free level
//! per reading and indicator, more unknowns than readings, so how a day's score splits among
//! its indicators would be arbitrary and days held out would be predicted poorly. Why not a
//! few knots without a penalty: tried; the knots then sit away from the bends and held-out
//! days miss by up to 2.3 points (3 % of them by more than 1) where this misses 0.4 %.
//! A score at an edge of its scale may have been clamped there: such a day only says "at
//! least" (or "at most") and is refitted against max (min) of shown and fitted until stable.

use super::linalg::dot;
use super::nnls;

/// Most segments per indicator.
const MAX_SEGMENTS: usize = 12;
/// Smoothing weights tried (slope change measured in points per the indicator's seen range).
const SMOOTHING_GRID: [f64; 7] = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
/// Most folds of the cross-validation.
const MAX_FOLDS: usize = 6;
/// Refits for clamped days.
const CENSOR_ROUNDS: usize = 20;

/// What a day's score says about the unclamped sum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Censor {
    /// The score is the sum (rounded).
    Exact,
    /// The score sits at the scale's top: the sum is at least this.
    AtLeast,
    /// The score sits at the scale's floor: the sum is at most this.
    AtMost,
}

/// A fitted model; every x is in "goodness" terms (larger is better).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Per indicator, its knots (ascending).
    pub knots: Vec<Vec<f64>>,
    pub base: f64,
    /// Per indicator, the slope (points across the segment) of each segment.
    pub rises: Vec<Vec<f64>>,
}

impl Model {
    /// Fit from `xs[day][indicator]`, `scores[day]` and what each score says (`censor`).
    pub fn fit(xs: &[Vec<f64>], scores: &[f64], censor: &[Censor]) -> Model {
        let members = xs.first().map_or(0, Vec::len);
        let knots: Vec<Vec<f64>> = (0..members)
            .map(|i| quantile_knots(&xs.iter().map(|x| x[i]).collect::<Vec<_>>()))
            .collect();
        let rows: Vec<Vec<f64>> = xs.iter().map(|x| design_row(&knots, x)).collect();
        let width = rows.first().map_or(1, Vec::len);
        let non_negative: Vec<bool> = (0..width).map(|c| c > 0).collect();
        let roughness = roughness_rows(&knots, width);
        let weight = choose_smoothing(&rows, scores, &roughness, &non_negative);
        let solve =
            |targets: &[f64]| penalised_solve(&rows, targets, &roughness, weight, &non_negative);
        let mut targets = scores.to_vec();
        let mut x = solve(&targets);
        for _ in 0..CENSOR_ROUNDS {
            let next: Vec<f64> = rows
                .iter()
                .zip(scores.iter().zip(censor))
                .map(|(row, (score, c))| {
                    let fitted = dot(row, &x);
                    match c {
                        Censor::Exact => *score,
                        Censor::AtLeast => score.max(fitted),
                        Censor::AtMost => score.min(fitted),
                    }
                })
                .collect();
            if next.iter().zip(&targets).all(|(a, b)| (a - b).abs() < 1e-9) {
                break;
            }
            targets = next;
            x = solve(&targets);
        }
        let mut column = 1;
        let rises = knots
            .iter()
            .map(|k| {
                let segments = k.len().saturating_sub(1);
                let r = x[column..column + segments].to_vec();
                column += segments;
                r
            })
            .collect();
        Model {
            base: x[0],
            knots,
            rises,
        }
    }

    /// The unclamped sum at `x` (one goodness per indicator).
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.base
            + (0..self.knots.len())
                .map(|i| self.points(i, x[i]))
                .sum::<f64>()
    }

    /// Indicator `i`'s points at goodness `g` (0 at its first knot).
    pub fn points(&self, i: usize, g: f64) -> f64 {
        self.knots[i]
            .windows(2)
            .zip(&self.rises[i])
            .map(|(w, rise)| rise * ramp(g, w[0], w[1]))
            .sum()
    }
}

/// The worst and best values seen and quantiles of the distinct values between them.
fn quantile_knots(seen: &[f64]) -> Vec<f64> {
    let mut distinct: Vec<f64> = seen.to_vec();
    crate::sorting::sort_floats(&mut distinct);
    distinct.dedup();
    if distinct.len() < 2 {
        return distinct;
    }
    let segments = MAX_SEGMENTS.min(distinct.len() - 1);
    let mut out: Vec<f64> = (0..=segments)
        .map(|s| {
            let position = s as f64 * (distinct.len() - 1) as f64 / segments as f64;
            distinct[position.round() as usize]
        })
        .collect();
    out.dedup();
    out
}

/// 0 before `from`, 1 after `to`, linear between.
fn ramp(g: f64, from: f64, to: f64) -> f64 {
    if to <= from {
        return if g >= to { 1.0 } else { 0.0 };
    }
    ((g - from) / (to - from)).clamp(0.0, 1.0)
}

/// Column 0 the base, then one ramp per segment of each indicator.
fn design_row(knots: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    let mut row = vec![1.0];
    for (k, g) in knots.iter().zip(x) {
        row.extend(k.windows(2).map(|w| ramp(*g, w[0], w[1])));
    }
    row
}

/// Rows penalising a change of slope between neighbouring segments of one indicator (slopes in
/// points per the indicator's whole seen range, so indicators of any unit weigh alike).
fn roughness_rows(knots: &[Vec<f64>], width: usize) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    let mut column = 1;
    for k in knots {
        let range =
            (k.last().copied().unwrap_or(0.0) - k.first().copied().unwrap_or(0.0)).max(1e-12);
        let widths: Vec<f64> = k.windows(2).map(|w| (w[1] - w[0]).max(1e-12)).collect();
        for s in 1..widths.len() {
            let mut row = vec![0.0; width];
            row[column + s - 1] = range / widths[s - 1];
            row[column + s] = -range / widths[s];
            out.push(row);
        }
        column += widths.len();
    }
    out
}

fn penalised_solve(
    rows: &[Vec<f64>],
    targets: &[f64],
    roughness: &[Vec<f64>],
    weight: f64,
    non_negative: &[bool],
) -> Vec<f64> {
    let scale = weight.sqrt();
    let mut all: Vec<Vec<f64>> = rows.to_vec();
    let mut y = targets.to_vec();
    for p in roughness {
        all.push(p.iter().map(|c| c * scale).collect());
        y.push(0.0);
    }
    nnls::solve(&all, &y, non_negative)
}

/// The smoothing weight of `SMOOTHING_GRID` with the least squared error on the days held out
/// (day i in fold i mod k).
fn choose_smoothing(
    rows: &[Vec<f64>],
    scores: &[f64],
    roughness: &[Vec<f64>],
    non_negative: &[bool],
) -> f64 {
    let folds = rows.len().min(MAX_FOLDS);
    if folds < 2 || roughness.is_empty() {
        return SMOOTHING_GRID[0];
    }
    let held_out_error = |weight: f64| -> f64 {
        (0..folds)
            .map(|f| {
                let (train, test): (Vec<usize>, Vec<usize>) =
                    (0..rows.len()).partition(|i| i % folds != f);
                let train_rows: Vec<Vec<f64>> = train.iter().map(|&i| rows[i].clone()).collect();
                let train_scores: Vec<f64> = train.iter().map(|&i| scores[i]).collect();
                let x =
                    penalised_solve(&train_rows, &train_scores, roughness, weight, non_negative);
                test.iter()
                    .map(|&i| (dot(&rows[i], &x) - scores[i]).powi(2))
                    .sum::<f64>()
            })
            .sum()
    };
    SMOOTHING_GRID
        .iter()
        .map(|w| (*w, held_out_error(*w)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(SMOOTHING_GRID[0], |(w, _)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_additive_monotone_sum_is_recovered_between_the_days_seen() {
        // score = 60 + 10·min(a, 2) + 5·b on a grid of days.
        let mut xs = Vec::new();
        let mut scores = Vec::new();
        for a in 0..5 {
            for b in 0..4 {
                let (a, b) = (a as f64 * 0.8, b as f64);
                xs.push(vec![a, b]);
                scores.push(60.0 + 10.0 * a.min(2.0) + 5.0 * b);
            }
        }
        let model = Model::fit(&xs, &scores, &vec![Censor::Exact; xs.len()]);
        for (x, s) in xs.iter().zip(&scores) {
            assert!(
                (model.predict(x) - s).abs() < 0.2,
                "{x:?}: {} vs {s}",
                model.predict(x)
            );
        }
        assert!((model.predict(&[1.0, 1.5]) - 77.5).abs() < 0.5);
        // Beyond the values seen the curves are flat.
        assert!((model.predict(&[9.0, 3.0]) - model.predict(&[3.2, 3.0])).abs() < 1e-9);
    }
}
