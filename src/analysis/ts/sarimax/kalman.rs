//! Conventional Kalman filter for the univariate SARIMAX state space, exploiting the sparse
//! transition matrix: each step costs O(nnz(T)·n + n²) with all buffers allocated once.

use super::statespace::StateSpace;
use crate::analysis::{Error, Result};

const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// What the filter keeps besides the log-likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Only the log-likelihood (fast path for the optimizer).
    LlfOnly,
    /// Also one-step errors, their variances and the final predicted state.
    Everything,
}

/// Filter output.
#[derive(Debug, Clone, Default)]
pub struct FilterOutput {
    /// Log-likelihood summed over `t ≥ burn`.
    pub llf: f64,
    /// One-step-ahead forecast errors `v_t` (empty for [`Keep::LlfOnly`]).
    pub resid: Vec<f64>,
    /// Their variances `F_t` (empty for [`Keep::LlfOnly`]).
    pub resid_var: Vec<f64>,
    /// Predicted state for time `nobs` (empty for [`Keep::LlfOnly`]).
    pub a_next: Vec<f64>,
    /// Its covariance, row-major (empty for [`Keep::LlfOnly`]).
    pub p_next: Vec<f64>,
}

/// Reusable buffers of the filter.
pub struct Workspace {
    a: Vec<f64>,
    a_tmp: Vec<f64>,
    p: Vec<f64>,
    m: Vec<f64>,
    pz: Vec<f64>,
    pz_prev: Vec<f64>,
    p_prev: Vec<f64>,
}

impl Workspace {
    /// Buffers for `n` states.
    pub fn new(n: usize) -> Self {
        Workspace {
            a: vec![0.0; n],
            a_tmp: vec![0.0; n],
            p: vec![0.0; n * n],
            m: vec![0.0; n * n],
            pz: vec![0.0; n],
            pz_prev: vec![f64::NAN; n],
            p_prev: vec![0.0; n * n],
        }
    }
}

/// `out[i] = (T x)[i]`.
#[inline]
fn t_times(ss: &StateSpace, x: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        let (lo, hi) = (ss.t_ptr[i], ss.t_ptr[i + 1]);
        *o = if hi == lo + 1 && ss.t_val[lo] == 1.0 {
            x[ss.t_col[lo]]
        } else {
            (lo..hi).map(|k| ss.t_val[k] * x[ss.t_col[k]]).sum()
        };
    }
}

/// `dst = T src` for row-major `n × n` matrices: each row of `dst` is a combination of rows
/// of `src` (a plain copy for single unit entries).
fn combine_rows(ss: &StateSpace, src: &[f64], dst: &mut [f64], n: usize) {
    for i in 0..n {
        let (lo, hi) = (ss.t_ptr[i], ss.t_ptr[i + 1]);
        let di = &mut dst[i * n..(i + 1) * n];
        if hi == lo {
            di.iter_mut().for_each(|x| *x = 0.0);
            continue;
        }
        let first = ss.t_col[lo];
        let v0 = ss.t_val[lo];
        let s0 = &src[first * n..(first + 1) * n];
        if v0 == 1.0 {
            di.copy_from_slice(s0);
        } else {
            for (x, y) in di.iter_mut().zip(s0) {
                *x = v0 * y;
            }
        }
        for k in lo + 1..hi {
            let (j, v) = (ss.t_col[k], ss.t_val[k]);
            let sj = &src[j * n..(j + 1) * n];
            if v == 1.0 {
                for (x, y) in di.iter_mut().zip(sj) {
                    *x += y;
                }
            } else {
                for (x, y) in di.iter_mut().zip(sj) {
                    *x += v * y;
                }
            }
        }
    }
}

/// One prediction step: `a ← T a + c`, `P ← T P Tᵀ + σ² R Rᵀ`.
///
/// With `W = P Tᵀ` stored row by row (row j of W is `T` applied to row j of the symmetric P),
/// row i of `T P Tᵀ = T W` is a combination of rows of W: a plain copy for the many transition
/// rows that are a single unit shift.
pub fn predict(ss: &StateSpace, ws: &mut Workspace, intercept: f64) {
    predict_cov(ss, ws);
    predict_state(ss, ws, intercept);
}

/// State-mean prediction `a ← T a + c`.
fn predict_state(ss: &StateSpace, ws: &mut Workspace, intercept: f64) {
    t_times(ss, &ws.a, &mut ws.a_tmp);
    ws.a_tmp[ss.kd] += intercept;
    std::mem::swap(&mut ws.a, &mut ws.a_tmp);
}

/// Covariance prediction `P ← T P Tᵀ + σ² R Rᵀ`.
fn predict_cov(ss: &StateSpace, ws: &mut Workspace) {
    let n = ss.n;
    let Workspace { p, m, .. } = ws;
    // u = T P (row i of u = Σ v · row j of P), then m = uᵀ = P Tᵀ.
    combine_rows(ss, p, m, n);
    for i in 1..n {
        let (above, rest) = m.split_at_mut(i * n);
        for (j, x) in rest[..i].iter_mut().enumerate() {
            std::mem::swap(x, &mut above[j * n + i]);
        }
    }
    // p = T m
    combine_rows(ss, m, p, n);
    let (kd, ko) = (ss.kd, ss.k_order);
    for i in 0..ko {
        let ri = ss.sigma2 * ss.r[i];
        if ri == 0.0 {
            continue;
        }
        let row = &mut p[(kd + i) * n + kd..(kd + i) * n + kd + ko];
        for (x, rj) in row.iter_mut().zip(&ss.r) {
            *x += ri * rj;
        }
    }
}

/// Relative tolerance under which the predicted covariance counts as converged.
const STEADY_TOL: f64 = 1e-13;

/// Run the filter over `y` with observation intercepts `obs_intercept` (empty for none),
/// summing the log-likelihood from observation `burn` on.
///
/// Once the predicted covariance stops changing (two consecutive predictions equal within a
/// relative 1e-13, the numerical steady state of a time-invariant system) the covariance
/// recursions are skipped and only the state mean is propagated, with the converged gain.
///
/// # Errors
/// `Fit` when a forecast-error variance is not positive or a value becomes non-finite.
pub fn filter(
    ss: &StateSpace,
    y: &[f64],
    obs_intercept: &[f64],
    burn: usize,
    keep: Keep,
    ws: &mut Workspace,
) -> Result<FilterOutput> {
    let n = ss.n;
    ws.a.copy_from_slice(&ss.a0);
    ws.p.copy_from_slice(&ss.p0);
    let mut out = FilterOutput::default();
    if keep == Keep::Everything {
        out.resid = Vec::with_capacity(y.len());
        out.resid_var = Vec::with_capacity(y.len());
    }
    let mut llf = 0.0;
    let mut steady = false;
    let mut saved = false;
    let mut f_prev = f64::NAN;
    let mut f = 0.0;
    for (t, &yt) in y.iter().enumerate() {
        let d = obs_intercept.get(t).copied().unwrap_or(0.0);
        if !steady {
            let Workspace {
                p,
                pz,
                pz_prev,
                p_prev,
                ..
            } = &mut *ws;
            for i in 0..n {
                let row = &p[i * n..(i + 1) * n];
                pz[i] = ss.z_idx.iter().map(|&j| row[j]).sum();
            }
            f = ss.z_idx.iter().map(|&j| pz[j]).sum();
            let scale = pz.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let close = (f - f_prev).abs() <= STEADY_TOL * f
                && pz
                    .iter()
                    .zip(pz_prev.iter())
                    .all(|(x, y)| (x - y).abs() <= STEADY_TOL * scale);
            if close {
                if saved {
                    let pmax = p.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                    steady = p
                        .iter()
                        .zip(p_prev.iter())
                        .all(|(x, y)| (x - y).abs() <= STEADY_TOL * pmax);
                }
                p_prev.copy_from_slice(p);
                saved = true;
            } else {
                saved = false;
            }
            pz_prev.copy_from_slice(pz);
            f_prev = f;
        }
        let Workspace { p, pz, a, .. } = &mut *ws;
        let v = yt - d - ss.z_idx.iter().map(|&j| a[j]).sum::<f64>();
        if f.is_nan() || f <= 0.0 || !v.is_finite() {
            return Err(Error::Fit(format!(
                "Kalman filter broke down at t={t}: forecast variance {f}, error {v}"
            )));
        }
        if t >= burn {
            llf -= 0.5 * (LN_2PI + f.ln() + v * v / f);
        }
        if keep == Keep::Everything {
            out.resid.push(v);
            out.resid_var.push(f);
        }
        let g = v / f;
        for i in 0..n {
            a[i] += pz[i] * g;
        }
        if !steady {
            let inv_f = 1.0 / f;
            for i in 0..n {
                let ki = pz[i] * inv_f;
                if ki == 0.0 {
                    continue;
                }
                let row = &mut p[i * n..(i + 1) * n];
                for (x, pzj) in row.iter_mut().zip(pz.iter()) {
                    *x -= ki * pzj;
                }
            }
            predict_cov(ss, ws);
        }
        predict_state(ss, ws, ss.state_intercept(t));
    }
    if !llf.is_finite() {
        return Err(Error::Fit(format!("log-likelihood is not finite ({llf})")));
    }
    out.llf = llf;
    if keep == Keep::Everything {
        out.a_next = ws.a.clone();
        out.p_next = ws.p.clone();
    }
    Ok(out)
}

impl Workspace {
    /// Overwrite the current state mean and covariance.
    pub fn set_state(&mut self, a: &[f64], p: &[f64]) {
        self.a.copy_from_slice(a);
        self.p.copy_from_slice(p);
    }

    /// `(Z a, Z P Zᵀ)` for the current state.
    pub fn observe(&self, ss: &StateSpace) -> (f64, f64) {
        let n = ss.n;
        let za = ss.z_idx.iter().map(|&j| self.a[j]).sum();
        let zpz = ss
            .z_idx
            .iter()
            .map(|&i| ss.z_idx.iter().map(|&j| self.p[i * n + j]).sum::<f64>())
            .sum();
        (za, zpz)
    }
}
