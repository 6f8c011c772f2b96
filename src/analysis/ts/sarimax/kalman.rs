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
        }
    }
}

/// One prediction step: `a ← T a + c`, `P ← T P T' + σ² R R'`.
pub fn predict(ss: &StateSpace, ws: &mut Workspace, intercept: f64) {
    let n = ss.n;
    let Workspace {
        a, a_tmp, p, m, ..
    } = ws;
    for i in 0..n {
        let mut s = 0.0;
        for k in ss.t_ptr[i]..ss.t_ptr[i + 1] {
            s += ss.t_val[k] * a[ss.t_col[k]];
        }
        a_tmp[i] = s;
    }
    a_tmp[ss.kd] += intercept;
    std::mem::swap(a, a_tmp);
    // m = T P (row i of m = Σ v · row j of P)
    for i in 0..n {
        let mi = &mut m[i * n..(i + 1) * n];
        mi.iter_mut().for_each(|v| *v = 0.0);
        for k in ss.t_ptr[i]..ss.t_ptr[i + 1] {
            let (j, v) = (ss.t_col[k], ss.t_val[k]);
            let pj = &p[j * n..(j + 1) * n];
            if v == 1.0 {
                for (x, y) in mi.iter_mut().zip(pj) {
                    *x += y;
                }
            } else {
                for (x, y) in mi.iter_mut().zip(pj) {
                    *x += v * y;
                }
            }
        }
    }
    // P = m Tᵀ, upper triangle then mirrored.
    for i in 0..n {
        let mi = &m[i * n..(i + 1) * n];
        for l in i..n {
            let mut s = 0.0;
            for k in ss.t_ptr[l]..ss.t_ptr[l + 1] {
                s += ss.t_val[k] * mi[ss.t_col[k]];
            }
            p[i * n + l] = s;
        }
    }
    let (kd, ko) = (ss.kd, ss.k_order);
    for i in 0..ko {
        let ri = ss.sigma2 * ss.r[i];
        if ri == 0.0 {
            continue;
        }
        for j in i..ko {
            p[(kd + i) * n + kd + j] += ri * ss.r[j];
        }
    }
    for i in 0..n {
        for l in 0..i {
            p[i * n + l] = p[l * n + i];
        }
    }
}

/// Run the filter over `y` with observation intercepts `obs_intercept` (empty for none),
/// summing the log-likelihood from observation `burn` on.
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
    for (t, &yt) in y.iter().enumerate() {
        let d = obs_intercept.get(t).copied().unwrap_or(0.0);
        // pz = P Zᵀ, F = Z P Zᵀ, v = y − d − Z a
        {
            let Workspace { p, pz, a, .. } = &mut *ws;
            for i in 0..n {
                let row = &p[i * n..(i + 1) * n];
                pz[i] = ss.z_idx.iter().map(|&j| row[j]).sum();
            }
            let f: f64 = ss.z_idx.iter().map(|&j| pz[j]).sum();
            let v = yt - d - ss.z_idx.iter().map(|&j| a[j]).sum::<f64>();
            if !(f > 0.0) || !v.is_finite() {
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
        }
        predict(ss, ws, ss.state_intercept(t));
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
