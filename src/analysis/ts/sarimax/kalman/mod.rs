//! Conventional Kalman filter for the univariate SARIMAX state space.
//!
//! The covariance step exploits the shift structure of the transition matrix (see
//! [`super::covariance`]); all buffers are allocated once per workspace. The filter can run
//! `L` systems of equal structure side by side ([`filter_lanes`]), each lane computing exactly
//! what it would alone: this is how the optimizer evaluates a point and its finite-difference
//! neighbours together.
//!
//! On x86-64 processors with AVX-512 the filter runs in a second build of the same code that
//! may use those instructions (chosen at run time; other processors and WebAssembly run the
//! portable build). Rust never reorders or fuses floating-point operations, so both builds
//! compute the same IEEE operations in the same order and give bitwise equal results (checked
//! by a test); the wider build is about a tenth faster.

use std::sync::atomic::{AtomicBool, Ordering};

use super::covariance::{Cov, Sys, V};
use super::statespace::StateSpace;
use crate::analysis::{Error, Result};

const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// Relative tolerance under which the predicted covariance counts as converged.
const STEADY_TOL: f64 = 1e-13;

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

/// Reusable buffers of the filter for `L` lanes (states in the internal order of
/// [`Plan`](super::plan::Plan)).
pub struct Workspace<const L: usize = 1> {
    a: Vec<V<L>>,
    a_tmp: Vec<V<L>>,
    p: Cov<L>,
    pz: Vec<V<L>>,
    pz_use: Vec<V<L>>,
    pz_prev: Vec<V<L>>,
    p_prev: Vec<V<L>>,
    gain: Vec<V<L>>,
}

impl<const L: usize> Workspace<L> {
    /// Buffers for `n` states.
    pub fn new(n: usize) -> Self {
        Workspace {
            a: vec![[0.0; L]; n],
            a_tmp: vec![[0.0; L]; n],
            p: Cov::new(n),
            pz: vec![[0.0; L]; n],
            pz_use: vec![[0.0; L]; n],
            pz_prev: vec![[f64::NAN; L]; n],
            p_prev: vec![[0.0; L]; n * n],
            gain: vec![[0.0; L]; n],
        }
    }

    /// Start from the initial state means and covariances (statsmodels order) of each lane.
    fn start(&mut self, ss: &[&StateSpace; L]) {
        let plan = &ss[0].plan;
        let n = plan.n;
        for (i, &pi) in plan.perm.iter().enumerate() {
            self.a[pi] = std::array::from_fn(|l| ss[l].a0[i]);
        }
        // The permutation is an involution.
        let perm = &plan.perm;
        self.p.fill(n, |i, j| {
            std::array::from_fn(|l| ss[l].p0[perm[i] * n + perm[j]])
        });
    }
}

impl Workspace<1> {
    /// Overwrite the current state mean and covariance (statsmodels order).
    pub fn set_state(&mut self, ss: &StateSpace, a: &[f64], p: &[f64]) {
        let plan = &ss.plan;
        let (n, perm) = (plan.n, &plan.perm);
        for (i, &pi) in perm.iter().enumerate() {
            self.a[pi] = [a[i]];
        }
        self.p.fill(n, |i, j| [p[perm[i] * n + perm[j]]]);
    }

    /// `(Z a, Z P Zᵀ)` for the current state.
    pub fn observe(&self, ss: &StateSpace) -> (f64, f64) {
        let (n, z) = (ss.n, &ss.plan.z);
        let za = z.iter().map(|&j| self.a[j][0]).sum();
        let zpz = z
            .iter()
            .map(|&i| z.iter().map(|&j| self.p.at(n, i, j)[0]).sum::<f64>())
            .sum();
        (za, zpz)
    }

    /// State mean and covariance in statsmodels order.
    fn state(&self, ss: &StateSpace) -> (Vec<f64>, Vec<f64>) {
        let plan = &ss.plan;
        let n = plan.n;
        let a = plan.perm.iter().map(|&pi| self.a[pi][0]).collect();
        let mut p = vec![0.0; n * n];
        for (i, &pi) in plan.perm.iter().enumerate() {
            for (j, &pj) in plan.perm.iter().enumerate() {
                p[i * n + j] = self.p.at(n, pi, pj)[0];
            }
        }
        (a, p)
    }
}

/// Values of one system for the lane kernel.
fn single(ss: &StateSpace) -> Sys<'_, 1> {
    Sys::new([&ss.plan], [&ss.q], [&ss.q_t])
}

/// One prediction step: `a ← T a + c`, `P ← T P Tᵀ + σ² R Rᵀ`.
pub fn predict(ss: &StateSpace, ws: &mut Workspace, intercept: f64) {
    let sys = single(ss);
    ws.gain.iter_mut().for_each(|g| *g = [0.0]);
    ws.p.update_predict(&sys, &ws.gain, &ws.pz);
    predict_state(&sys, ws, |_| intercept);
}

/// State-mean prediction `a ← T a + c` (internal order).
#[inline(always)]
fn predict_state<const L: usize>(sys: &Sys<L>, ws: &mut Workspace<L>, c: impl Fn(usize) -> f64) {
    let plan = sys.plan;
    let n = plan.n;
    let (a, out) = (&ws.a, &mut ws.a_tmp);
    out[1..].copy_from_slice(&a[..n - 1]);
    // Two-term rows: the shift plus the other term, in either order (`a + b = b + a`).
    for &(i, c, e) in &plan.corr {
        let (v, x) = (sys.val[e], a[c]);
        out[i] = std::array::from_fn(|l| out[i][l] + v[l] * x[l]);
    }
    // Summed like `Iterator::sum` (starting from −0.0, which adds nothing).
    for &i in &plan.general {
        let mut acc = [-0.0; L];
        for e in plan.entries(i) {
            let (v, x) = (sys.val[e], a[plan.col[e]]);
            acc = std::array::from_fn(|l| acc[l] + v[l] * x[l]);
        }
        out[i] = acc;
    }
    let s = &mut out[plan.intercept];
    *s = std::array::from_fn(|l| s[l] + c(l));
    std::mem::swap(&mut ws.a, &mut ws.a_tmp);
}

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
    let obs: Vec<V<1>> = obs_intercept.iter().map(|&d| [d]).collect();
    let mut out = FilterOutput::default();
    let rec = (keep == Keep::Everything).then_some(&mut out);
    let [res] = run(
        Job {
            ss: [ss],
            y,
            obs: &obs,
            burn,
        },
        ws,
        rec,
    );
    out.llf = res?;
    if keep == Keep::Everything {
        (out.a_next, out.p_next) = ws.state(ss);
    }
    Ok(out)
}

/// Log-likelihoods of `L` systems of equal structure (see
/// [`Plan::same_structure`](super::plan::Plan::same_structure)) over the same `y`; `obs` holds
/// each lane's observation intercepts (empty for none). Each lane's result is bitwise the one
/// [`filter`] gives for that system alone.
pub fn filter_lanes<const L: usize>(
    ss: [&StateSpace; L],
    y: &[f64],
    obs: &[V<L>],
    burn: usize,
    ws: &mut Workspace<L>,
) -> [Result<f64>; L] {
    run(Job { ss, y, obs, burn }, ws, None)
}

/// What one filter run works on: `L` systems of equal structure, the observations, each lane's
/// observation intercepts (empty for none) and the observations left out of the likelihood.
#[derive(Clone, Copy)]
struct Job<'a, const L: usize> {
    ss: [&'a StateSpace; L],
    y: &'a [f64],
    obs: &'a [V<L>],
    burn: usize,
}

/// The filter proper; `rec` (single lane only) receives the one-step errors and variances.
fn run<const L: usize>(
    job: Job<'_, L>,
    ws: &mut Workspace<L>,
    rec: Option<&mut FilterOutput>,
) -> [Result<f64>; L] {
    #[cfg(target_arch = "x86_64")]
    if runs_avx512() {
        // SAFETY: the processor has every feature `run_avx512` is compiled for.
        return unsafe { run_avx512(job, ws, rec) };
    }
    run_body(job, ws, rec)
}

/// Set by [`force_portable`].
static PORTABLE_ONLY: AtomicBool = AtomicBool::new(false);

/// Run the portable build of the filter even where the AVX-512 build could run (to time the
/// two; their results are bitwise equal).
pub fn force_portable(on: bool) {
    PORTABLE_ONLY.store(on, Ordering::Relaxed);
}

/// Which build of the filter runs here: `"x86-64-v4 (AVX-512)"` or `"portable"`.
pub fn filter_build() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    if runs_avx512() {
        return "x86-64-v4 (AVX-512)";
    }
    "portable"
}

/// Whether [`run`] takes the AVX-512 build: the processor has it and no one asked for the
/// portable build.
#[cfg(target_arch = "x86_64")]
fn runs_avx512() -> bool {
    has_avx512() && !PORTABLE_ONLY.load(Ordering::Relaxed)
}

/// Whether this processor has the features of [`run_avx512`] (x86-64-v4; the standard library
/// detects them once and caches the answer). Keep this list and the `target_feature` list equal.
#[cfg(target_arch = "x86_64")]
fn has_avx512() -> bool {
    use std::arch::is_x86_feature_detected as has;
    has!("avx512f")
        && has!("avx512vl")
        && has!("avx512dq")
        && has!("avx512bw")
        && has!("avx2")
        && has!("fma")
        && has!("bmi1")
        && has!("bmi2")
        && has!("lzcnt")
        && has!("popcnt")
}

/// [`run_body`] compiled for x86-64-v4 processors.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn run_avx512<const L: usize>(
    job: Job<'_, L>,
    ws: &mut Workspace<L>,
    rec: Option<&mut FilterOutput>,
) -> [Result<f64>; L] {
    run_body(job, ws, rec)
}

/// The filter's steps, inlined (with the covariance kernel) into each build of [`run`].
#[inline(always)]
fn run_body<const L: usize>(
    job: Job<'_, L>,
    ws: &mut Workspace<L>,
    mut rec: Option<&mut FilterOutput>,
) -> [Result<f64>; L] {
    let Job { ss, y, obs, burn } = job;
    let sys = Sys::new(
        std::array::from_fn(|l| &ss[l].plan),
        std::array::from_fn(|l| ss[l].q.as_slice()),
        std::array::from_fn(|l| ss[l].q_t.as_slice()),
    );
    let plan = sys.plan;
    let n = plan.n;
    ws.start(&ss);
    if let Some(out) = rec.as_deref_mut() {
        out.resid = Vec::with_capacity(y.len());
        out.resid_var = Vec::with_capacity(y.len());
    }
    let mut err: [Option<Error>; L] = std::array::from_fn(|_| None);
    let mut llf = [0.0; L];
    let mut steady = [false; L];
    let mut saved = [false; L];
    let mut f_prev = [f64::NAN; L];
    let mut f = [0.0; L];
    for (t, &yt) in y.iter().enumerate() {
        let d = obs.get(t).copied().unwrap_or([0.0; L]);
        let busy: [bool; L] = std::array::from_fn(|l| !steady[l] && err[l].is_none());
        let all_busy = !busy.contains(&false);
        if busy.contains(&true) {
            let Workspace {
                p,
                pz,
                pz_use,
                pz_prev,
                p_prev,
                ..
            } = &mut *ws;
            p.times_z(plan, pz);
            // A lane is close when F and every element of pz moved by at most a relative 1e-13.
            let mut close = [false; L];
            for l in (0..L).filter(|&l| busy[l]) {
                f[l] = plan.z.iter().map(|&j| pz[j][l]).sum();
                close[l] = (f[l] - f_prev[l]).abs() <= STEADY_TOL * f[l];
            }
            if close.contains(&true) {
                let scale = pz.iter().fold([0.0f64; L], |m, v| {
                    std::array::from_fn(|l| m[l].max(v[l].abs()))
                });
                for (x, y) in pz.iter().zip(pz_prev.iter()) {
                    for l in 0..L {
                        close[l] &= (x[l] - y[l]).abs() <= STEADY_TOL * scale[l];
                    }
                }
            }
            for l in (0..L).filter(|&l| busy[l]) {
                if close[l] {
                    if saved[l] {
                        let pmax = p.max_abs(n, l);
                        steady[l] = (0..n).all(|i| {
                            (0..n).all(|j| {
                                (p.at(n, i, j)[l] - p_prev[i * n + j][l]).abs() <= STEADY_TOL * pmax
                            })
                        });
                    }
                    saved[l] = true;
                } else {
                    saved[l] = false;
                }
                f_prev[l] = f[l];
            }
            if close.contains(&true) {
                p.copy_internal(n, p_prev);
            }
            if all_busy {
                pz_prev.copy_from_slice(pz);
            } else {
                for (pr, z) in pz_prev.iter_mut().zip(pz.iter()) {
                    for l in (0..L).filter(|&l| busy[l]) {
                        pr[l] = z[l];
                    }
                }
            }
            // The gain of lanes that just became steady is frozen in pz_use.
            if !all_busy || steady.contains(&true) {
                for (u, z) in pz_use.iter_mut().zip(pz.iter()) {
                    for l in (0..L).filter(|&l| busy[l]) {
                        u[l] = z[l];
                    }
                }
            }
        }
        let fresh = all_busy && !steady.contains(&true);
        let mut g = [0.0; L];
        for l in 0..L {
            if err[l].is_some() {
                continue;
            }
            let v = yt - d[l] - plan.z.iter().map(|&j| ws.a[j][l]).sum::<f64>();
            if f[l].is_nan() || f[l] <= 0.0 || !v.is_finite() {
                err[l] = Some(Error::Fit(format!(
                    "Kalman filter broke down at t={t}: forecast variance {}, error {v}",
                    f[l]
                )));
                continue;
            }
            if t >= burn {
                llf[l] -= 0.5 * (LN_2PI + f[l].ln() + v * v / f[l]);
            }
            if let Some(out) = rec.as_deref_mut() {
                out.resid.push(v);
                out.resid_var.push(f[l]);
            }
            g[l] = v / f[l];
        }
        if err.iter().all(Option::is_some) {
            break;
        }
        let gain_of = if fresh { &ws.pz } else { &ws.pz_use };
        for (a, z) in ws.a.iter_mut().zip(gain_of.iter()) {
            *a = std::array::from_fn(|l| a[l] + z[l] * g[l]);
        }
        if (0..L).any(|l| !steady[l] && err[l].is_none()) {
            let inv_f: V<L> = std::array::from_fn(|l| 1.0 / f[l]);
            for (k, z) in ws.gain.iter_mut().zip(ws.pz.iter()) {
                *k = std::array::from_fn(|l| z[l] * inv_f[l]);
            }
            ws.p.update_predict(&sys, &ws.gain, &ws.pz);
        }
        predict_state(&sys, ws, |l| ss[l].state_intercept(t));
    }
    std::array::from_fn(|l| match err[l].take() {
        Some(e) => Err(e),
        None if !llf[l].is_finite() => Err(Error::Fit(format!(
            "log-likelihood is not finite ({})",
            llf[l]
        ))),
        None => Ok(llf[l]),
    })
}

#[cfg(test)]
mod tests;
