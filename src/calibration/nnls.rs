//! Least squares with some unknowns kept non-negative (Lawson and Hanson's active-set
//! method): the solver behind the 2026-09 mapping, whose slopes must not be negative.
//!
//! Sizes are small (≤ 17 unknowns): the passive-set systems are solved through their normal
//! equations, with a tiny ridge so that a column the readings cannot tell from another does not
//! make them singular.

use super::linalg::{gauss_solve, normal_equations};

const TOLERANCE: f64 = 1e-10;
const MAX_ITERATIONS: usize = 500;

/// argmin ‖A x − y‖² subject to x_j ≥ 0 wherever `non_negative[j]`. `rows` are the rows of A.
pub fn solve(rows: &[Vec<f64>], y: &[f64], non_negative: &[bool]) -> Vec<f64> {
    let n = non_negative.len();
    let (ata, aty) = normal_equations(rows, y, n);
    let ridge = 1e-10 * (1.0 + (0..n).map(|i| ata[i][i]).fold(0.0, f64::max));
    // Free unknowns start in the passive set; constrained ones start at 0 (active).
    let mut passive: Vec<bool> = non_negative.iter().map(|c| !c).collect();
    let mut x = vec![0.0; n];
    if passive.iter().any(|p| *p) {
        x = solve_passive(&ata, &aty, &passive, ridge);
    }
    for _ in 0..MAX_ITERATIONS {
        // The gradient of −½‖Ax − y‖²: a constrained unknown at 0 whose gradient is positive
        // would lower the residual by growing.
        let gradient: Vec<f64> = (0..n)
            .map(|i| aty[i] - (0..n).map(|j| ata[i][j] * x[j]).sum::<f64>())
            .collect();
        let entering = (0..n)
            .filter(|&j| !passive[j] && gradient[j] > TOLERANCE * (1.0 + aty[j].abs()))
            .max_by(|&a, &b| gradient[a].total_cmp(&gradient[b]));
        let Some(j) = entering else {
            break;
        };
        passive[j] = true;
        // Inner loop: step towards the passive-set solution until every constrained unknown
        // stays non-negative.
        loop {
            let z = solve_passive(&ata, &aty, &passive, ridge);
            let blocking = (0..n).filter(|&i| passive[i] && non_negative[i] && z[i] <= 0.0);
            let alpha = blocking
                .map(|i| x[i] / (x[i] - z[i]))
                .fold(f64::INFINITY, f64::min);
            if !alpha.is_finite() {
                x = z;
                break;
            }
            for i in 0..n {
                x[i] += alpha * (z[i] - x[i]);
                if passive[i] && non_negative[i] && x[i] <= TOLERANCE {
                    x[i] = 0.0;
                    passive[i] = false;
                }
            }
        }
    }
    x
}

/// The unconstrained least-squares solution on the passive unknowns (the others 0).
fn solve_passive(ata: &[Vec<f64>], aty: &[f64], passive: &[bool], ridge: f64) -> Vec<f64> {
    let idx: Vec<usize> = (0..passive.len()).filter(|&i| passive[i]).collect();
    let s = idx.len();
    let mut m = vec![vec![0.0; s + 1]; s];
    for (r, &i) in idx.iter().enumerate() {
        for (c, &j) in idx.iter().enumerate() {
            m[r][c] = ata[i][j] + if i == j { ridge } else { 0.0 };
        }
        m[r][s] = aty[i];
    }
    let sol = gauss_solve(m).unwrap_or_else(|| vec![0.0; s]);
    let mut x = vec![0.0; passive.len()];
    for (v, &i) in sol.iter().zip(&idx) {
        x[i] = *v;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_non_negative_solution_and_clips_a_negative_one() {
        // y = 2 + 3a (b has no effect); the intercept is free.
        let rows: Vec<Vec<f64>> = (0..6)
            .map(|i| vec![1.0, i as f64, (i * i % 5) as f64])
            .collect();
        let y: Vec<f64> = rows.iter().map(|r| 2.0 + 3.0 * r[1]).collect();
        let x = solve(&rows, &y, &[false, true, true]);
        assert!((x[0] - 2.0).abs() < 1e-6 && (x[1] - 3.0).abs() < 1e-6 && x[2].abs() < 1e-6);
        // y falls with a: the constrained slope stays at 0 and the intercept takes the mean.
        let y: Vec<f64> = rows.iter().map(|r| 10.0 - r[1]).collect();
        let x = solve(&rows, &y, &[false, true, false]);
        assert!(x[1].abs() < 1e-9, "{x:?}");
    }
}
