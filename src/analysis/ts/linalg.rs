//! Small dense least-squares helpers shared by the diagnostics and the SARIMAX start values.

use nalgebra::{DMatrix, DVector};

use crate::analysis::{Error, Result};

/// Relative cut-off below which singular values are treated as zero (numpy's `pinv` default).
const RCOND: f64 = 1e-15;

/// Ordinary least squares fit computed through the pseudo-inverse.
#[derive(Debug, Clone)]
pub struct Ols {
    /// Coefficients, one per column of the design matrix.
    pub params: Vec<f64>,
    /// Residuals `y − X·params`.
    pub resid: Vec<f64>,
    /// Sum of squared residuals.
    pub ssr: f64,
    /// Diagonal of `(X'X)⁺` (pseudo-inverse), used for standard errors.
    pub xtx_inv_diag: Vec<f64>,
    /// Numerical rank of the design matrix.
    pub rank: usize,
}

impl Ols {
    /// Fit `y` on the columns of `x` (row-major rows, every row of equal length).
    pub fn fit(rows: &[Vec<f64>], y: &[f64]) -> Result<Ols> {
        let n = rows.len();
        if n != y.len() {
            return Err(Error::Data(format!(
                "regression has {n} rows but {} responses",
                y.len()
            )));
        }
        let k = rows.first().map_or(0, Vec::len);
        if rows.iter().any(|r| r.len() != k) {
            return Err(Error::Data("regression rows differ in length".into()));
        }
        if n == 0 || k == 0 {
            return Ok(Ols {
                params: vec![0.0; k],
                resid: y.to_vec(),
                ssr: y.iter().map(|v| v * v).sum(),
                xtx_inv_diag: vec![0.0; k],
                rank: 0,
            });
        }
        if rows.iter().flatten().chain(y).any(|v| !v.is_finite()) {
            return Err(Error::Data(
                "the regression's values are not finite numbers (too large to compute with)".into(),
            ));
        }
        let x = DMatrix::from_fn(n, k, |i, j| rows[i][j]);
        let yv = DVector::from_column_slice(y);
        let svd = x.clone().svd(true, true);
        let (u, vt) = match (&svd.u, &svd.v_t) {
            (Some(u), Some(vt)) => (u, vt),
            _ => return Err(Error::Fit("singular value decomposition failed".into())),
        };
        let smax = svd.singular_values.iter().cloned().fold(0.0, f64::max);
        let cut = RCOND * smax;
        let m = svd.singular_values.len();
        let uty = u.transpose() * &yv;
        let mut params = DVector::zeros(k);
        let mut xtx_inv_diag = vec![0.0; k];
        let mut rank = 0;
        for i in 0..m {
            let s = svd.singular_values[i];
            if s > cut && s > 0.0 {
                rank += 1;
                let coef = uty[i] / s;
                for j in 0..k {
                    let v = vt[(i, j)];
                    params[j] += v * coef;
                    xtx_inv_diag[j] += v * v / (s * s);
                }
            }
        }
        let fitted = &x * &params;
        let resid: Vec<f64> = (0..n).map(|i| y[i] - fitted[i]).collect();
        let ssr = resid.iter().map(|r| r * r).sum();
        Ok(Ols {
            params: params.iter().copied().collect(),
            resid,
            ssr,
            xtx_inv_diag,
            rank,
        })
    }
}

/// Check that every value is finite, naming the first offending index.
pub fn check_finite(y: &[f64], what: &str) -> Result<()> {
    if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::Data(format!(
            "{what} must be finite, found {v} at index {i}"
        )));
    }
    Ok(())
}

/// Population variance (divide by `n`); 0 for fewer than one value.
pub fn variance(y: &[f64]) -> f64 {
    if y.is_empty() {
        return 0.0;
    }
    let n = y.len() as f64;
    let m = y.iter().sum::<f64>() / n;
    y.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n
}

/// True when all values are equal (up to a relative 1e-12 of their magnitude).
pub fn is_constant(y: &[f64]) -> bool {
    let Some(first) = y.first() else {
        return true;
    };
    let scale = y.iter().fold(0.0f64, |a, v| a.max(v.abs())).max(1e-300);
    y.iter().all(|v| (v - first).abs() <= 1e-12 * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ols_recovers_a_line() {
        let rows: Vec<Vec<f64>> = (0..5).map(|i| vec![1.0, i as f64]).collect();
        let y: Vec<f64> = (0..5).map(|i| 2.0 + 3.0 * i as f64).collect();
        let fit = Ols::fit(&rows, &y).unwrap();
        assert!((fit.params[0] - 2.0).abs() < 1e-12);
        assert!((fit.params[1] - 3.0).abs() < 1e-12);
        assert!(fit.ssr < 1e-20);
        assert_eq!(fit.rank, 2);
    }

    #[test]
    fn constant_and_finite_checks() {
        assert!(is_constant(&[2.0, 2.0, 2.0]));
        assert!(!is_constant(&[2.0, 2.0, 2.1]));
        assert!(check_finite(&[1.0, f64::NAN], "y").is_err());
    }
}
