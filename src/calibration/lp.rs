//! A small dense linear-programming solver for the calibration fits: few unknowns (a weight
//! per dimension or indicator, ≤ 12) and many inequality constraints (two per reading).
//!
//! The problem `maximise cᵀx subject to G x ≤ h` (x free) is solved through its dual
//! `minimise hᵀλ subject to Gᵀλ = c, λ ≥ 0`, whose tableau has one row per unknown and one
//! column per constraint: a pivot costs O(unknowns × constraints) instead of the primal's
//! O(constraints²). Two phases, Bland's rule (the constraints of rounded readings are highly
//! degenerate, and Bland's rule cannot cycle). The primal optimum is read back from the
//! simplex multipliers of the final basis.

/// One constraint `coefficients · x ≤ bound`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub coefficients: Vec<f64>,
    pub bound: f64,
}

impl Constraint {
    pub fn new(coefficients: Vec<f64>, bound: f64) -> Self {
        Constraint {
            coefficients,
            bound,
        }
    }
}

/// An optimal point and the objective's value there.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    pub value: f64,
    pub x: Vec<f64>,
}

/// Pivot and feasibility tolerance. The fits' numbers are scores (50–100) and weights (0–1).
const EPS: f64 = 1e-9;
/// A guard against a numerical loop; Bland's rule terminates long before on these sizes.
const MAX_PIVOTS: usize = 100_000;

/// The maximum of `objective · x` over `{x : every constraint holds}`, or `None` when no point
/// satisfies every constraint (or, if the caller left the unknowns unbounded, when the maximum
/// is infinite: callers always bound them, so `None` means "infeasible").
pub fn maximize(objective: &[f64], constraints: &[Constraint]) -> Option<Optimum> {
    let n = objective.len();
    let m = constraints.len();
    debug_assert!(constraints.iter().all(|c| c.coefficients.len() == n));
    let mut t = Tableau::dual_of(objective, constraints);
    // Phase I: minimise the sum of the artificials (cost 1 on each artificial column).
    let phase_one: Vec<f64> = (0..m + n).map(|k| if k < m { 0.0 } else { 1.0 }).collect();
    t.run(&phase_one, m + n)?;
    if t.objective(&phase_one) > EPS * (1.0 + objective.iter().map(|c| c.abs()).sum::<f64>()) {
        // The dual has no feasible point: the primal is unbounded or infeasible.
        return None;
    }
    t.drive_out_artificials(m);
    // Phase II: minimise hᵀλ; artificials may no longer enter. An unbounded dual means an
    // infeasible primal (Farkas).
    let phase_two: Vec<f64> = (0..m + n)
        .map(|k| if k < m { constraints[k].bound } else { 0.0 })
        .collect();
    t.run(&phase_two, m)?;
    let value = t.objective(&phase_two);
    // The simplex multipliers π = c_Bᵀ B⁻¹; B⁻¹ sits under the artificial columns, which
    // started as the identity. Undo the row sign flips to get x.
    let x = (0..n)
        .map(|j| {
            let pi: f64 = (0..n)
                .map(|r| phase_two[t.basis[r]] * t.cell(r, m + j))
                .sum();
            pi * t.sign[j]
        })
        .collect();
    Some(Optimum { value, x })
}

/// The minimum of `objective · x` (see `maximize`).
pub fn minimize(objective: &[f64], constraints: &[Constraint]) -> Option<Optimum> {
    let negated: Vec<f64> = objective.iter().map(|c| -c).collect();
    maximize(&negated, constraints).map(|o| Optimum {
        value: -o.value,
        x: o.x,
    })
}

/// Whether some point satisfies every constraint.
pub fn feasible(unknowns: usize, constraints: &[Constraint]) -> bool {
    maximize(&vec![0.0; unknowns], constraints).is_some()
}

/// The dual's tableau: `rows` equality rows (one per primal unknown) over `cols` columns
/// (the constraints' multipliers, then one artificial per row), plus the right-hand side.
struct Tableau {
    rows: usize,
    cols: usize,
    /// Row-major, `cols + 1` entries per row (the last is the right-hand side).
    cells: Vec<f64>,
    basis: Vec<usize>,
    /// −1 where the row was negated to make its right-hand side non-negative.
    sign: Vec<f64>,
}

impl Tableau {
    fn dual_of(objective: &[f64], constraints: &[Constraint]) -> Self {
        let (n, m) = (objective.len(), constraints.len());
        let cols = m + n;
        let mut cells = vec![0.0; n * (cols + 1)];
        let mut sign = vec![1.0; n];
        for j in 0..n {
            sign[j] = if objective[j] < 0.0 { -1.0 } else { 1.0 };
            let row = &mut cells[j * (cols + 1)..(j + 1) * (cols + 1)];
            for (i, c) in constraints.iter().enumerate() {
                row[i] = sign[j] * c.coefficients[j];
            }
            row[m + j] = 1.0;
            row[cols] = sign[j] * objective[j];
        }
        Tableau {
            rows: n,
            cols,
            cells,
            basis: (m..m + n).collect(),
            sign,
        }
    }

    fn cell(&self, r: usize, k: usize) -> f64 {
        self.cells[r * (self.cols + 1) + k]
    }

    fn rhs(&self, r: usize) -> f64 {
        self.cell(r, self.cols)
    }

    fn objective(&self, cost: &[f64]) -> f64 {
        (0..self.rows)
            .map(|r| cost[self.basis[r]] * self.rhs(r))
            .sum()
    }

    fn reduced_cost(&self, cost: &[f64], k: usize) -> f64 {
        cost[k]
            - (0..self.rows)
                .map(|r| cost[self.basis[r]] * self.cell(r, k))
                .sum::<f64>()
    }

    /// Simplex iterations under `cost`, with only the first `enterable` columns allowed to
    /// enter. `None` when the objective is unbounded below (or the pivot guard trips).
    fn run(&mut self, cost: &[f64], enterable: usize) -> Option<()> {
        for _ in 0..MAX_PIVOTS {
            // Bland: the lowest-index column with a negative reduced cost enters.
            let Some(k) = (0..enterable)
                .find(|&k| !self.basis.contains(&k) && self.reduced_cost(cost, k) < -EPS)
            else {
                return Some(());
            };
            // Ratio test; ties go to the lowest basic index (Bland).
            let mut leave: Option<(usize, f64)> = None;
            for r in 0..self.rows {
                let a = self.cell(r, k);
                if a > EPS {
                    let ratio = self.rhs(r) / a;
                    let better = match leave {
                        None => true,
                        Some((best, best_ratio)) => {
                            ratio < best_ratio - EPS
                                || (ratio <= best_ratio + EPS && self.basis[r] < self.basis[best])
                        }
                    };
                    if better {
                        leave = Some((r, ratio));
                    }
                }
            }
            let (r, _) = leave?;
            self.pivot(r, k);
        }
        None
    }

    /// After phase I, swap any artificial still basic (at level 0) for a real column, so
    /// that phase II's basis is made of multipliers only. A row with no real column left is
    /// redundant and keeps its artificial at 0.
    fn drive_out_artificials(&mut self, real: usize) {
        for r in 0..self.rows {
            if self.basis[r] < real {
                continue;
            }
            let best = (0..real)
                .filter(|k| !self.basis.contains(k))
                .max_by(|&a, &b| self.cell(r, a).abs().total_cmp(&self.cell(r, b).abs()));
            if let Some(k) = best {
                if self.cell(r, k).abs() > EPS {
                    self.pivot(r, k);
                }
            }
        }
    }

    fn pivot(&mut self, r: usize, k: usize) {
        let width = self.cols + 1;
        let p = self.cell(r, k);
        for c in 0..width {
            self.cells[r * width + c] /= p;
        }
        let pivot_row: Vec<f64> = self.cells[r * width..(r + 1) * width].to_vec();
        for other in 0..self.rows {
            if other == r {
                continue;
            }
            let factor = self.cells[other * width + k];
            if factor != 0.0 {
                let row = &mut self.cells[other * width..(other + 1) * width];
                for (cell, p) in row.iter_mut().zip(&pivot_row) {
                    *cell -= factor * p;
                }
                row[k] = 0.0;
            }
        }
        self.basis[r] = k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(coefficients: &[f64], bound: f64) -> Constraint {
        Constraint::new(coefficients.to_vec(), bound)
    }

    #[test]
    fn a_textbook_problem() {
        // max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18, x, y ≥ 0 → (2, 6), 36.
        let cons = [
            c(&[1.0, 0.0], 4.0),
            c(&[0.0, 2.0], 12.0),
            c(&[3.0, 2.0], 18.0),
            c(&[-1.0, 0.0], 0.0),
            c(&[0.0, -1.0], 0.0),
        ];
        let o = maximize(&[3.0, 5.0], &cons).unwrap();
        assert!((o.value - 36.0).abs() < 1e-9);
        assert!((o.x[0] - 2.0).abs() < 1e-9 && (o.x[1] - 6.0).abs() < 1e-9);
        let o = minimize(&[3.0, 5.0], &cons).unwrap();
        assert!(o.value.abs() < 1e-9);
    }

    #[test]
    fn negative_objective_and_equalities() {
        // The simplex {x + y = 1, x, y ≥ 0}: max (x − y) = 1 at (1, 0); max (−x) = 0.
        let simplex = [
            c(&[1.0, 1.0], 1.0),
            c(&[-1.0, -1.0], -1.0),
            c(&[-1.0, 0.0], 0.0),
            c(&[0.0, -1.0], 0.0),
        ];
        let o = maximize(&[1.0, -1.0], &simplex).unwrap();
        assert!((o.value - 1.0).abs() < 1e-9);
        assert!((o.x[0] - 1.0).abs() < 1e-9 && o.x[1].abs() < 1e-9);
        let o = maximize(&[-1.0, 0.0], &simplex).unwrap();
        assert!(o.value.abs() < 1e-9 && o.x[0].abs() < 1e-9);
    }

    #[test]
    fn infeasible_is_none() {
        let cons = [c(&[1.0], 1.0), c(&[-1.0], -2.0)];
        assert!(maximize(&[1.0], &cons).is_none());
        assert!(!feasible(1, &cons));
        assert!(feasible(1, &[c(&[1.0], 2.0), c(&[-1.0], -2.0)]));
    }
}
