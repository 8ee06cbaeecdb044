//! The little dense linear algebra the fits need: normal equations, Gaussian elimination,
//! dot products (systems of at most a few dozen unknowns).

/// `(AᵀA, Aᵀy)` for the rows of A (each `n` long) and targets y.
pub fn normal_equations(rows: &[Vec<f64>], y: &[f64], n: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut ata = vec![vec![0.0; n]; n];
    let mut aty = vec![0.0; n];
    for (row, yi) in rows.iter().zip(y) {
        for (i, (ata_i, aty_i)) in ata.iter_mut().zip(aty.iter_mut()).enumerate() {
            *aty_i += row[i] * yi;
            for (cell, rj) in ata_i.iter_mut().zip(row) {
                *cell += row[i] * rj;
            }
        }
    }
    (ata, aty)
}

/// Solve the augmented system `m` (n rows of n + 1) by Gaussian elimination with partial
/// pivoting; `None` when it is singular.
pub fn gauss_solve(mut m: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let n = m.len();
    let scale = m
        .iter()
        .flat_map(|row| row[..n].iter())
        .fold(0.0f64, |a, v| a.max(v.abs()))
        .max(1.0);
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 * scale {
            return None;
        }
        m.swap(col, pivot);
        let pivot_row = m[col].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r == col || row[col] == 0.0 {
                continue;
            }
            let f = row[col] / pivot_row[col];
            for (cell, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *cell -= f * p;
            }
        }
    }
    Some(
        m.iter()
            .enumerate()
            .map(|(i, row)| row[n] / row[i])
            .collect(),
    )
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_detects_singular_systems() {
        let x = gauss_solve(vec![vec![0.0, 2.0, 4.0], vec![1.0, 1.0, 3.0]]).unwrap();
        assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 2.0).abs() < 1e-12);
        assert!(gauss_solve(vec![vec![1.0, 2.0, 1.0], vec![2.0, 4.0, 2.0]]).is_none());
        let (ata, aty) = normal_equations(&[vec![1.0, 2.0], vec![3.0, 4.0]], &[1.0, 1.0], 2);
        assert_eq!(ata, vec![vec![10.0, 14.0], vec![14.0, 20.0]]);
        assert_eq!(aty, vec![4.0, 6.0]);
    }
}
