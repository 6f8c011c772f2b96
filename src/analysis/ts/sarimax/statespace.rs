//! State-space form of SARIMAX in statsmodels' layout (Harvey representation).
//!
//! State vector: `d` integration states (`Δ^i y_{t−1}`), then `D` blocks of `s` seasonal lags
//! (of `Δ^d y`, then of its seasonal differences), then the ARMA block of size
//! `max(p + sP, q + sQ + 1)`. Observation: `y_t = d_t + Z α_t` with `d_t = exog_t · β`.
//! Transition: `α_{t+1} = c_t + T α_t + R η_t`, `η ~ N(0, σ²)`, where the trend enters `c_t` in
//! the first ARMA state. Differencing states are approximately diffuse (variance `κ`, see
//! [`super::scale`]), the ARMA block starts from its stationary mean and covariance.

use super::params::{Layout, SarimaxValidParams, Trend};
use super::plan::Plan;
use super::transforms::{is_invertible, is_stationary};
use crate::analysis::{Error, Result};

/// statsmodels' approximate diffuse variance.
pub const DIFFUSE_VARIANCE: f64 = 1e6;

/// Polynomial product of `a` and `b` (ascending powers).
fn polymul(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// One SARIMAX model evaluated at a constrained parameter vector.
#[derive(Debug, Clone)]
pub struct StateSpace {
    /// Number of states.
    pub n: usize,
    /// Index of the first ARMA state (= number of diffuse states).
    pub kd: usize,
    /// Size of the ARMA block.
    pub k_order: usize,
    /// Transition matrix in compressed sparse rows: row pointers.
    pub t_ptr: Vec<usize>,
    /// Column of each non-zero.
    pub t_col: Vec<usize>,
    /// Value of each non-zero.
    pub t_val: Vec<f64>,
    /// Columns where the design row is 1.
    pub z_idx: Vec<usize>,
    /// Selection vector restricted to the ARMA block (`r[0] = 1`, then reduced MA).
    pub r: Vec<f64>,
    /// Innovation variance.
    pub sigma2: f64,
    /// Trend kind and parameters.
    pub trend: Trend,
    /// Trend parameters.
    pub trend_params: Vec<f64>,
    /// Regression coefficients.
    pub beta: Vec<f64>,
    /// Initial state mean.
    pub a0: Vec<f64>,
    /// Initial state covariance (row-major `n × n`).
    pub p0: Vec<f64>,
    /// Transition structure in the filter's internal state order.
    pub(crate) plan: Plan,
    /// Innovation covariance of the ARMA block, `(σ² r_i) r_j`, with −0.0 in rows where
    /// `σ² r_i = 0` (adding −0.0 leaves every value unchanged), in the internal order.
    pub(crate) q: Vec<f64>,
    /// Transpose of `q` (internal order).
    pub(crate) q_t: Vec<f64>,
}

impl StateSpace {
    /// Build the system at constrained `params`; `diffuse` is the initial variance of the
    /// differencing states.
    ///
    /// # Errors
    /// `Params` when the AR part is not stationary, the MA part not invertible, the variance is
    /// not positive or a value is not finite.
    pub fn new(
        spec: &SarimaxValidParams,
        layout: &Layout,
        params: &[f64],
        diffuse: f64,
    ) -> Result<StateSpace> {
        if params.len() != layout.len() {
            return Err(Error::Params(format!(
                "expected {} parameters, got {}",
                layout.len(),
                params.len()
            )));
        }
        if let Some((i, v)) = params.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::Params(format!("parameter {i} is not finite ({v})")));
        }
        let ar = &params[layout.ar_start()..layout.ma_start()];
        let ma = &params[layout.ma_start()..layout.sar_start()];
        let sar = &params[layout.sar_start()..layout.sma_start()];
        let sma = &params[layout.sma_start()..layout.sigma2()];
        let sigma2 = params[layout.sigma2()];
        if sigma2.is_nan() || sigma2 <= 0.0 {
            return Err(Error::Params(format!("sigma2 must be > 0, got {sigma2}")));
        }
        if !is_stationary(ar) || !is_stationary(sar) {
            return Err(Error::Params(format!(
                "autoregressive parameters {ar:?} / seasonal {sar:?} are not stationary"
            )));
        }
        if !is_invertible(ma) || !is_invertible(sma) {
            return Err(Error::Params(format!(
                "moving-average parameters {ma:?} / seasonal {sma:?} are not invertible"
            )));
        }
        let s = spec.s;
        // Lag polynomials 1 − Σφ L^i and 1 + Σθ L^i, seasonal ones at multiples of s.
        let mut poly_ar = vec![1.0];
        poly_ar.extend(ar.iter().map(|v| -v));
        let mut poly_sar = vec![0.0; s * spec.sp + 1];
        poly_sar[0] = 1.0;
        for (i, v) in sar.iter().enumerate() {
            poly_sar[(i + 1) * s] = -v;
        }
        let mut poly_ma = vec![1.0];
        poly_ma.extend_from_slice(ma);
        let mut poly_sma = vec![0.0; s * spec.sq + 1];
        poly_sma[0] = 1.0;
        for (i, v) in sma.iter().enumerate() {
            poly_sma[(i + 1) * s] = *v;
        }
        let reduced_ar = polymul(&poly_ar, &poly_sar);
        let reduced_ma = polymul(&poly_ma, &poly_sma);

        let kd = spec.k_states_diff();
        let k_order = spec.k_order();
        let n = kd + k_order;
        let (d, sd) = (spec.d, spec.sd);
        // Non-zeros of T as (row, column, value), each row's in statsmodels' storage order.
        let mut entries: Vec<(usize, usize, f64)> = Vec::with_capacity(2 * n + d * (d + sd + 1));
        // Integration rows.
        for i in 0..d {
            for j in i..d {
                entries.push((i, j, 1.0));
            }
            for b in 0..sd {
                entries.push((i, d + b * s + s - 1, 1.0));
            }
            entries.push((i, kd, 1.0));
        }
        // Seasonal differencing blocks.
        for b in 0..sd {
            let start = d + b * s;
            entries.push((start, start + s - 1, 1.0));
            if b + 1 < sd {
                entries.push((start, start + 2 * s - 1, 1.0));
            }
            entries.push((start, kd, 1.0));
            for i in 1..s {
                entries.push((start + i, start + i - 1, 1.0));
            }
        }
        // ARMA block (companion form).
        let phi: Vec<f64> = (0..k_order)
            .map(|i| reduced_ar.get(i + 1).map_or(0.0, |v| -v))
            .collect();
        for (i, &p) in phi.iter().enumerate() {
            if p != 0.0 {
                entries.push((kd + i, kd, p));
            }
            if i + 1 < k_order {
                entries.push((kd + i, kd + i + 1, 1.0));
            }
        }
        // A stable sort keeps each row's entries in the order they were pushed.
        entries.sort_by_key(|&(row, _, _)| row);
        let mut t_ptr = Vec::with_capacity(n + 1);
        t_ptr.push(0);
        let mut at = 0;
        for i in 0..n {
            while at < entries.len() && entries[at].0 == i {
                at += 1;
            }
            t_ptr.push(at);
        }
        let t_col: Vec<usize> = entries.iter().map(|&(_, c, _)| c).collect();
        let t_val: Vec<f64> = entries.iter().map(|&(_, _, v)| v).collect();
        let mut z_idx: Vec<usize> = (0..d).collect();
        z_idx.extend((0..sd).map(|b| d + b * s + s - 1));
        z_idx.push(kd);
        let r: Vec<f64> = (0..k_order)
            .map(|i| reduced_ma.get(i).copied().unwrap_or(0.0))
            .collect();
        let trend_params = params[..layout.k_trend].to_vec();
        let beta = params[layout.exog_start()..layout.ar_start()].to_vec();

        // Initialisation.
        let mut a0 = vec![0.0; n];
        let mut p0 = vec![0.0; n * n];
        for i in 0..kd {
            p0[i * n + i] = diffuse;
        }
        let c0 = spec.trend.value(&trend_params, 0);
        if c0 != 0.0 {
            let sum_phi: f64 = phi.iter().sum();
            let x0 = c0 / (1.0 - sum_phi);
            a0[kd] = x0;
            for i in 1..k_order {
                a0[kd + i] = x0 * phi[i..].iter().sum::<f64>();
            }
        }
        let cov = stationary_cov(&phi, &r, sigma2)?;
        for i in 0..k_order {
            for j in 0..k_order {
                p0[(kd + i) * n + kd + j] = cov[i * k_order + j];
            }
        }
        let mut q = vec![-0.0; k_order * k_order];
        let mut q_t = vec![-0.0; k_order * k_order];
        for i in 0..k_order {
            let ri = sigma2 * r[i];
            if ri != 0.0 {
                for j in 0..k_order {
                    q[i * k_order + j] = ri * r[j];
                    q_t[j * k_order + i] = ri * r[j];
                }
            }
        }
        let plan = Plan::new(n, kd, &t_ptr, &t_col, &t_val, &z_idx);
        let (q, q_t) = (plan.arma_block(&q), plan.arma_block(&q_t));
        Ok(StateSpace {
            n,
            kd,
            k_order,
            t_ptr,
            t_col,
            t_val,
            z_idx,
            r,
            sigma2,
            trend: spec.trend,
            trend_params,
            beta,
            a0,
            p0,
            plan,
            q,
            q_t,
        })
    }

    /// State intercept (first ARMA state) applied when moving from time `t` to `t + 1`.
    pub fn state_intercept(&self, t: usize) -> f64 {
        self.trend.value(&self.trend_params, t)
    }
}

/// Unconditional covariance of the companion-form ARMA block, solving
/// `X = A X Aᵀ + σ² r rᵀ` where `A` has first column `φ` and ones on the superdiagonal.
///
/// Element-wise, `X[i][j] = φ_i φ_j X[0][0] + φ_i X[0][j+1] + φ_j X[i+1][0] + X[i+1][j+1] + Q[i][j]`
/// (indices past the block are zero). Unrolling along diagonals makes every element linear in
/// the first row `x`, which solves a k×k system; the rest follows from the recursion, bottom-right
/// first. Cost O(k³) with a small constant.
fn stationary_cov(phi: &[f64], r: &[f64], sigma2: f64) -> Result<Vec<f64>> {
    let k = phi.len();
    let q = |i: usize, j: usize| sigma2 * r[i] * r[j];
    // System M x = b for the first row.
    let mut m = vec![0.0; k * k];
    let mut b = vec![0.0; k];
    for j in 0..k {
        m[j * k + j] += 1.0;
        for t in 0..k - j {
            // φ_t φ_{j+t} x_0 + φ_t x_{j+t+1} + φ_{j+t} x_{t+1} + Q[t][j+t]
            m[j * k] -= phi[t] * phi[j + t];
            if j + t + 1 < k {
                m[j * k + j + t + 1] -= phi[t];
            }
            if t + 1 < k {
                m[j * k + t + 1] -= phi[j + t];
            }
            b[j] += q(t, j + t);
        }
    }
    let x = solve(&mut m, &mut b, k).ok_or_else(|| {
        Error::Params(format!(
            "stationary covariance is singular for AR coefficients {phi:?}"
        ))
    })?;
    let mut out = vec![0.0; k * k];
    for i in (0..k).rev() {
        for j in (i..k).rev() {
            let mut v = phi[i] * phi[j] * x[0] + q(i, j);
            if j + 1 < k {
                v += phi[i] * x[j + 1];
            }
            if i + 1 < k {
                v += phi[j] * x[i + 1];
            }
            if i + 1 < k && j + 1 < k {
                v += out[(i + 1) * k + j + 1];
            }
            out[i * k + j] = v;
            out[j * k + i] = v;
        }
    }
    if out.iter().any(|v| !v.is_finite()) || (0..k).any(|i| out[i * k + i] < 0.0) {
        return Err(Error::Params(format!(
            "stationary covariance is not valid for AR coefficients {phi:?}"
        )));
    }
    Ok(out)
}

/// Gaussian elimination with partial pivoting on row-major `m` (k×k); `None` if singular.
fn solve(m: &mut [f64], b: &mut [f64], k: usize) -> Option<Vec<f64>> {
    for c in 0..k {
        let piv = (c..k).max_by(|&a, &bb| m[a * k + c].abs().total_cmp(&m[bb * k + c].abs()))?;
        if m[piv * k + c].abs() < 1e-300 {
            return None;
        }
        if piv != c {
            for j in 0..k {
                m.swap(c * k + j, piv * k + j);
            }
            b.swap(c, piv);
        }
        let d = m[c * k + c];
        for rr in c + 1..k {
            let f = m[rr * k + c] / d;
            if f != 0.0 {
                for j in c..k {
                    m[rr * k + j] -= f * m[c * k + j];
                }
                b[rr] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; k];
    for c in (0..k).rev() {
        let s: f64 = (c + 1..k).map(|j| m[c * k + j] * x[j]).sum();
        x[c] = (b[c] - s) / m[c * k + c];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::super::params::SarimaxParams;
    use super::*;
    use crate::analysis::ParamGuard;

    #[test]
    fn ar1_stationary_variance() {
        let cov = stationary_cov(&[0.5], &[1.0], 2.0).unwrap();
        assert!((cov[0] - 2.0 / 0.75).abs() < 1e-12);
    }

    #[test]
    fn stationary_cov_solves_lyapunov() {
        let phi = [0.5, -0.2, 0.1, 0.0];
        let r = [1.0, 0.4, 0.0, -0.3];
        let k = 4;
        let x = stationary_cov(&phi, &r, 1.5).unwrap();
        // X − A X Aᵀ − Q = 0
        let a = |i: usize, j: usize| {
            if j == 0 {
                phi[i]
            } else if j == i + 1 {
                1.0
            } else {
                0.0
            }
        };
        for i in 0..k {
            for j in 0..k {
                let mut axa = 0.0;
                for l in 0..k {
                    for m in 0..k {
                        axa += a(i, l) * x[l * k + m] * a(j, m);
                    }
                }
                let res = x[i * k + j] - axa - 1.5 * r[i] * r[j];
                assert!(res.abs() < 1e-12, "{i},{j}: {res}");
            }
        }
    }

    #[test]
    fn airline_layout() {
        let spec = SarimaxParams::new([0, 1, 1])
            .seasonal(0, 1, 1, 12)
            .check()
            .unwrap();
        let layout = spec.layout(0);
        let ss = StateSpace::new(&spec, &layout, &[-0.4, -0.6, 1.0], DIFFUSE_VARIANCE).unwrap();
        assert_eq!(ss.n, 1 + 12 + 14);
        assert_eq!(ss.z_idx, vec![0, 12, 13]);
        assert!((ss.r[13] - 0.24).abs() < 1e-12);
    }

    #[test]
    fn nonstationary_params_are_rejected() {
        let spec = SarimaxParams::new([1, 0, 0]).check().unwrap();
        let layout = spec.layout(0);
        assert!(StateSpace::new(&spec, &layout, &[1.0, 1.0], 1e6).is_err());
        assert!(StateSpace::new(&spec, &layout, &[0.5, -1.0], 1e6).is_err());
    }
}
