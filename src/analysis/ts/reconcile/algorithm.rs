//! The reconciliation itself. Series are indexed total first (`0`), then the `n` bottom series
//! (`1..=n`); matrices are `nalgebra` `DMatrix<f64>`.
//!
//! # Algorithm
//! With the summing matrix `S = [1'; I_n]` and the single constraint vector
//! `U = (1, −1, …, −1)'` (`U'y = 0` exactly when `y` is coherent), the minimum-trace solution
//! `G = (S'W⁻¹S)⁻¹S'W⁻¹` equals `G = J (I − W U (U'WU)⁻¹ U')` with `J = [0 | I_n]`
//! (Wickramasuriya et al. 2019, eq. 9), which needs only the scalar `U'WU` inverted, so a
//! singular `W` (a series with no residual variance) is no obstacle. OLS takes `W = I`;
//! bottom-up takes `G = J`.
//!
//! # Bands
//! The `h`-step covariance of the base forecasts is taken as `W_h = D_h R D_h`: `D_h` the
//! diagonal of each series' own `h`-step standard deviation (read from its band,
//! `(upper − lower) / 2z`) and `R` the correlation matrix of the shrunk one-step residual
//! covariance (the identity when no residuals are given). The reconciled forecasts then have
//! covariance `S G W_h G' S'`, and each band is `ỹ ± z·sd` from its diagonal, at the same
//! level as the base bands.

use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};

use super::params::{ReconcileMethod, ReconcileValidParams};
use crate::analysis::ts::sarimax::forecast::z_for_level;
use crate::analysis::{Error, Result};

/// Smallest `U'WU` (the variance of the base forecasts' incoherence), relative to the trace
/// of `W`, treated as non-zero.
const MIN_INCOHERENCE_VARIANCE: f64 = 1e-12;

/// Base forecasts of every series in the hierarchy, total first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BaseForecasts {
    /// Point forecasts, one `Vec` per series (total first), each one value per step.
    pub mean: Vec<Vec<f64>>,
    /// Lower band bounds, shaped like `mean`.
    pub lower: Vec<Vec<f64>>,
    /// Upper band bounds, shaped like `mean`.
    pub upper: Vec<Vec<f64>>,
    /// In-sample one-step residuals, one `Vec` per series over the same periods (may be
    /// empty for bottom-up and OLS; required for MinT).
    pub residuals: Vec<Vec<f64>>,
}

/// The shrinkage estimate of a residual covariance.
#[derive(Debug, Clone, PartialEq)]
pub struct Shrunk {
    /// `λ·diag(Σ̂) + (1 − λ)·Σ̂`.
    pub cov: DMatrix<f64>,
    /// The shrinkage intensity `λ` in `[0, 1]`.
    pub lambda: f64,
    /// Periods used (those where every series' residual is finite).
    pub periods: usize,
}

/// Reconciled forecasts, shaped like the base forecasts (total first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reconciled {
    /// The method used.
    pub method: ReconcileMethod,
    /// Reconciled point forecasts, one `Vec` per series.
    pub mean: Vec<Vec<f64>>,
    /// Lower band bounds (see the module's *Bands*).
    pub lower: Vec<Vec<f64>>,
    /// Upper band bounds.
    pub upper: Vec<Vec<f64>>,
    /// Coverage of the bands.
    pub level: f64,
    /// MinT's shrinkage intensity (None for the other methods).
    pub lambda: Option<f64>,
    /// The matrix `G` (`n` rows, `n + 1` columns), row-major: bottom forecasts = `G ŷ`.
    pub g: Vec<Vec<f64>>,
}

/// The summing matrix of a total over `n` bottom series: `(n + 1) × n`, a row of ones over
/// the identity.
pub fn summing_matrix(n: usize) -> DMatrix<f64> {
    DMatrix::from_fn(
        n + 1,
        n,
        |i, j| if i == 0 || i == j + 1 { 1.0 } else { 0.0 },
    )
}

/// The Schäfer–Strimmer shrinkage of the (uncentred) one-step residual covariance toward its
/// diagonal, with `λ` estimated as `fabletools`' `shrink.estim` does: `Σ̂ = E'E / T`,
/// `λ = Σ_{i≠j} Var̂(r̂_ij) / Σ_{i≠j} r̂_ij²` clipped to `[0, 1]`.
///
/// # Parameters
/// `residuals`: one `Vec` per series, all the same length; periods where any series' residual
/// is not finite are left out.
///
/// # Errors
/// Fewer than two complete periods, or series of different lengths.
pub fn shrink_covariance(residuals: &[Vec<f64>]) -> Result<Shrunk> {
    let m = residuals.len();
    let len = residuals.first().map_or(0, Vec::len);
    if m == 0 || residuals.iter().any(|r| r.len() != len) {
        return Err(Error::Data(
            "reconciliation needs residual series of one common length".into(),
        ));
    }
    let rows: Vec<usize> = (0..len)
        .filter(|&t| residuals.iter().all(|r| r[t].is_finite()))
        .collect();
    let n = rows.len();
    if n < 2 {
        return Err(Error::Data(format!(
            "MinT needs at least 2 periods of residuals for every series, got {n}"
        )));
    }
    let e = DMatrix::from_fn(n, m, |t, j| residuals[j][rows[t]]);
    let nf = n as f64;
    let cov = e.tr_mul(&e) / nf;
    let sd: Vec<f64> = (0..m).map(|j| cov[(j, j)].sqrt()).collect();
    let scale = |v: f64, j: usize| if sd[j] > 0.0 { v / sd[j] } else { 0.0 };
    let xs = DMatrix::from_fn(n, m, |t, j| scale(e[(t, j)], j));
    let xs2 = xs.map(|v| v * v);
    let cross = xs.tr_mul(&xs);
    let (mut var_sum, mut cor_sum) = (0.0, 0.0);
    for i in 0..m {
        for j in 0..m {
            if i == j {
                continue;
            }
            let s2: f64 = (0..n).map(|t| xs2[(t, i)] * xs2[(t, j)]).sum();
            var_sum += (s2 - cross[(i, j)].powi(2) / nf) / (nf * (nf - 1.0));
            let denom = sd[i] * sd[j];
            if denom > 0.0 {
                cor_sum += (cov[(i, j)] / denom).powi(2);
            }
        }
    }
    let lambda = if cor_sum > 0.0 {
        (var_sum / cor_sum).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let shrunk = DMatrix::from_fn(m, m, |i, j| {
        if i == j {
            cov[(i, i)]
        } else {
            (1.0 - lambda) * cov[(i, j)]
        }
    });
    Ok(Shrunk {
        cov: shrunk,
        lambda,
        periods: n,
    })
}

/// The MinT matrix `G = J (I − W U (U'WU)⁻¹ U')` for a total over `w.nrows() − 1` bottom
/// series; equal to `(S'W⁻¹S)⁻¹S'W⁻¹` when `W` is invertible (see the module's *Algorithm*).
///
/// # Errors
/// `W` not square, or `U'WU` (the variance of the base forecasts' incoherence) not positive.
pub fn g_matrix(w: &DMatrix<f64>) -> Result<DMatrix<f64>> {
    let m = w.nrows();
    if m < 2 || w.ncols() != m {
        return Err(Error::Data(format!(
            "reconciliation needs a square W of at least 2 series, got {}×{}",
            w.nrows(),
            w.ncols()
        )));
    }
    let u = DVector::from_fn(m, |i, _| if i == 0 { 1.0 } else { -1.0 });
    let wu = w * &u;
    let uwu = u.dot(&wu);
    if !(uwu.is_finite() && uwu > MIN_INCOHERENCE_VARIANCE * w.trace().abs()) {
        return Err(Error::Data(format!(
            "the base forecasts' incoherence has variance {uwu:e}; MinT needs it positive"
        )));
    }
    let projection = DMatrix::identity(m, m) - (&wu * u.transpose()) / uwu;
    Ok(projection.rows(1, m - 1).into_owned())
}

fn check_shape(base: &BaseForecasts) -> Result<(usize, usize)> {
    let m = base.mean.len();
    let h = base.mean.first().map_or(0, Vec::len);
    if m < 2 {
        return Err(Error::Data(format!(
            "a hierarchy needs a total and at least one bottom series, got {m} series"
        )));
    }
    if h == 0 {
        return Err(Error::Data("no forecast steps to reconcile".into()));
    }
    let shaped = |v: &Vec<Vec<f64>>| v.len() == m && v.iter().all(|s| s.len() == h);
    if !(shaped(&base.mean) && shaped(&base.lower) && shaped(&base.upper)) {
        return Err(Error::Data(
            "every series needs a mean, lower and upper forecast over the same steps".into(),
        ));
    }
    for (i, s) in base.mean.iter().enumerate() {
        for (k, &mu) in s.iter().enumerate() {
            let (lo, hi) = (base.lower[i][k], base.upper[i][k]);
            if !(lo.is_finite() && mu.is_finite() && hi.is_finite() && lo <= hi) {
                return Err(Error::Data(format!(
                    "series {i} step {} has no finite band around its forecast",
                    k + 1
                )));
            }
        }
    }
    if !base.residuals.is_empty() && base.residuals.len() != m {
        return Err(Error::Data(format!(
            "{} residual series for {m} forecast series",
            base.residuals.len()
        )));
    }
    Ok((m, h))
}

/// Correlation matrix of `cov` (zero correlation for a series without variance).
fn correlation(cov: &DMatrix<f64>) -> DMatrix<f64> {
    let m = cov.nrows();
    DMatrix::from_fn(m, m, |i, j| {
        if i == j {
            return 1.0;
        }
        let d = (cov[(i, i)] * cov[(j, j)]).sqrt();
        if d > 0.0 {
            cov[(i, j)] / d
        } else {
            0.0
        }
    })
}

/// Reconcile `base` with the method and level of `params`.
///
/// # Returns
/// Coherent forecasts (the total equals the sum of the bottom series at every step) with
/// bands (see the module's *Bands*), `λ` for MinT, and `G`.
///
/// # Errors
/// Ragged or non-finite forecasts; MinT without at least two complete residual periods, or
/// with base forecasts whose incoherence has no variance.
pub fn reconcile(params: &ReconcileValidParams, base: &BaseForecasts) -> Result<Reconciled> {
    let (m, h) = check_shape(base)?;
    let n = m - 1;
    let z = z_for_level(params.level())?;
    let shrunk = if base.residuals.is_empty() {
        None
    } else {
        Some(shrink_covariance(&base.residuals)?)
    };
    let method = params.method();
    let g = match method {
        ReconcileMethod::BottomUp => {
            DMatrix::from_fn(n, m, |i, j| if j == i + 1 { 1.0 } else { 0.0 })
        }
        ReconcileMethod::Ols => g_matrix(&DMatrix::identity(m, m))?,
        ReconcileMethod::MintShrink => match &shrunk {
            Some(s) => g_matrix(&s.cov)?,
            None => {
                return Err(Error::Data(
                    "MinT needs the in-sample residuals of every series".into(),
                ))
            }
        },
    };
    let r = shrunk
        .as_ref()
        .map_or_else(|| DMatrix::identity(m, m), |s| correlation(&s.cov));
    let sg = summing_matrix(n) * &g;
    let (mut mean, mut lower, mut upper) = (
        vec![vec![0.0; h]; m],
        vec![vec![0.0; h]; m],
        vec![vec![0.0; h]; m],
    );
    for k in 0..h {
        let y = DVector::from_fn(m, |i, _| base.mean[i][k]);
        let d = DVector::from_fn(m, |i, _| (base.upper[i][k] - base.lower[i][k]) / (2.0 * z));
        let wh = DMatrix::from_fn(m, m, |i, j| d[i] * r[(i, j)] * d[j]);
        let yt = &sg * y;
        let v = &sg * wh * sg.transpose();
        for i in 0..m {
            let sd = v[(i, i)].max(0.0).sqrt();
            mean[i][k] = yt[i];
            lower[i][k] = yt[i] - z * sd;
            upper[i][k] = yt[i] + z * sd;
        }
    }
    Ok(Reconciled {
        method,
        mean,
        lower,
        upper,
        level: params.level(),
        lambda: (method == ReconcileMethod::MintShrink)
            .then(|| shrunk.as_ref().map(|s| s.lambda))
            .flatten(),
        g: (0..n)
            .map(|i| (0..m).map(|j| g[(i, j)]).collect())
            .collect(),
    })
}
