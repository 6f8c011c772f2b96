//! The two maximum-likelihood searches of [`Search`]. Both start from statsmodels' CSS start
//! values and minimise `−llf / nobs` over statsmodels' unconstrained parameters
//! ([`super::transforms`]) with forward-difference gradients ([`super::objective`]).
//!
//! - [`Search::Statsmodels`] follows statsmodels' `fit(method='lbfgs')`: one run of L-BFGS-B as
//!   scipy runs it ([`super::lbfgsb`], scipy's settings and stopping rules, forward-difference
//!   gradients of step 1e-5) on the data as they are, with the trend in statsmodels' form and the differencing states'
//!   prior 1e6 in the data's units.
//! - [`Search::ScaleFree`] runs argmin's L-BFGS (memory 10, Moré–Thuente line search with
//!   c₁ = 1e-3, c₂ = 0.9, relative gradient step 1.5e-8; the first iteration moves a unit length
//!   along the steepest descent direction, as L-BFGS-B does) on `(y − shift) / unit` with the
//!   trend in mean form ([`super::scale`]) and converts back, so neither its steps nor its
//!   stopping rule depend on the data's units. It stops when the gradient norm falls below 1e-5
//!   or the objective changes by less than 1e-9. A run that stops otherwise (line-search
//!   breakdown or the iteration cap) is restarted from its best point with a fresh memory; if
//!   that does not converge either, once more from that point with the ARMA parameters at zero.
//!   The best likelihood seen wins.

use argmin::core::{Executor, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;

use serde::{Deserialize, Serialize};

use super::lbfgsb::{minimize, Settings};
use super::objective::{Objective, Problem};
use super::params::{Layout, SarimaxValidParams};
use super::scale::{to_intercept_form, to_mean_form, Units};
use super::start::start_params;
use super::transforms::{transform, untransform};
use crate::analysis::{Error, Result};

/// How the maximum-likelihood search runs (see [`super::search`]): both maximise the same
/// likelihood from the same start values and may end at different optima where it has
/// several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Search {
    /// L-BFGS on rescaled coordinates: the series divided by the spread of its differenced
    /// values, the trend as the process mean, the differencing states' prior at most 1e6 times
    /// that spread², and restarts when a run stops without converging. Fitting `c·y` gives the
    /// fit of `y` with trend and regression coefficients times `c` and σ² times `c²` (see
    /// [`super::scale`]). What forecasts and model selection use.
    #[default]
    ScaleFree,
    /// As statsmodels' `fit(method='lbfgs')`: its parametrisation in the data's units, its
    /// start values, scipy's L-BFGS-B with its settings and stopping rules (forward-difference
    /// gradients of step 1e-5), the prior 1e6 of the differencing states in the data's units.
    /// Ends where statsmodels' default fit ends, also where that is short of the maximum. What
    /// `crimecast reference sarimax` uses.
    Statsmodels,
}

/// Where a search ended.
pub(super) struct Found {
    /// Estimates (statsmodels' order and units).
    pub params: Vec<f64>,
    /// Whether the last run that improved the likelihood met a convergence test.
    pub converged: bool,
    /// Iterations over all runs.
    pub iterations: u64,
    /// Likelihood evaluations, finite-difference ones included.
    pub evaluations: usize,
}

/// Maximise the likelihood of `spec` on `y`, the differencing states' prior variance `diffuse`
/// in the data's units², by `spec.search`.
pub(super) fn maximise(
    spec: &SarimaxValidParams,
    y: &[f64],
    exog: &[Vec<f64>],
    diffuse: f64,
) -> Result<Found> {
    let layout = spec.layout(exog.len());
    match spec.search {
        Search::Statsmodels => as_statsmodels(spec, &layout, y, exog, diffuse),
        Search::ScaleFree => scale_free(spec, &layout, y, exog, diffuse),
    }
}

/// Unconstrained start values from constrained ones.
fn unconstrained(layout: &Layout, start: &[f64]) -> Result<Vec<f64>> {
    untransform(layout, start).ok_or_else(|| {
        Error::Fit(format!(
            "start parameters {start:?} are outside the admissible region"
        ))
    })
}

/// The `Fit` error when no point had a finite likelihood (best cost `f`).
fn check_found(spec: &SarimaxValidParams, layout: &Layout, f: f64) -> Result<()> {
    if !f.is_finite() || f >= 1e9 {
        return Err(Error::Fit(format!(
            "no parameter value gave a finite likelihood for {}",
            spec.label(layout.k_exog)
        )));
    }
    Ok(())
}

/// statsmodels' `fit(method='lbfgs')`: one run in the data's units.
fn as_statsmodels(
    spec: &SarimaxValidParams,
    layout: &Layout,
    y: &[f64],
    exog: &[Vec<f64>],
    diffuse: f64,
) -> Result<Found> {
    let obj = Objective::new(spec, y, exog, diffuse);
    let u0 = unconstrained(layout, &start_params(spec, layout, y, exog)?)?;
    let out = minimize(
        |u| obj.value_and_gradient(u),
        u0,
        &Settings::scipy(spec.max_iter),
    );
    check_found(spec, layout, out.f)?;
    Ok(Found {
        params: transform(layout, &out.x),
        converged: out.converged(),
        iterations: out.iterations,
        evaluations: obj.evals(),
    })
}

/// One argmin L-BFGS run from unconstrained start `u0`: (best cost, best u, converged,
/// iterations). The optimizer works on `c·u` with `c = √‖∇f(u₀)‖`, so its first unit step
/// along the gradient moves `u` by a unit length, as L-BFGS-B's first iteration does.
fn argmin_run(obj: &Objective, u0: Vec<f64>, max_iter: u64) -> (f64, Vec<f64>, bool, u64) {
    let g0 = obj.grad(&u0);
    let gnorm = g0.iter().map(|v| v * v).sum::<f64>().sqrt();
    let scale = if gnorm.is_finite() && gnorm > 0.0 {
        gnorm.sqrt()
    } else {
        1.0
    };
    let solver = MoreThuenteLineSearch::new()
        .with_c(1e-3, 0.9)
        .and_then(|ls| LBFGS::new(ls, 10).with_tolerance_grad(1e-5 / scale))
        .and_then(|s| s.with_tolerance_cost(1e-9));
    let mut converged = false;
    let mut iters = 0;
    if let Ok(solver) = solver {
        let x0: Vec<f64> = u0.iter().map(|v| v * scale).collect();
        let run = Executor::new(Problem::new(obj, scale), solver)
            .configure(|st| st.param(x0).max_iters(max_iter))
            .timer(false)
            .run();
        if let Ok(res) = run {
            iters = res.state().get_iter();
            converged = matches!(
                res.state().get_termination_status(),
                TerminationStatus::Terminated(TerminationReason::SolverConverged)
            );
        }
    }
    let (cost, u) = obj.best();
    if u.is_empty() {
        return (f64::INFINITY, u0, false, iters);
    }
    (cost, u, converged, iters)
}

/// The rescaled search with its restarts.
fn scale_free(
    spec: &SarimaxValidParams,
    layout: &Layout,
    y: &[f64],
    exog: &[Vec<f64>],
    diffuse: f64,
) -> Result<Found> {
    let units = Units::of(spec, y);
    let ys = units.apply(y);
    let usable = units.unit.is_finite() && units.unit > 0.0 && units.shift.is_finite();
    if !usable || ys.iter().any(|v| !v.is_finite()) {
        return Err(Error::Data(
            "the series' values are too large to fit (their spread overflows)".into(),
        ));
    }
    let obj = Objective::new(spec, &ys, exog, diffuse / (units.unit * units.unit)).in_mean_form();
    let start = start_params(spec, layout, &ys, exog)?;
    let u0 = unconstrained(layout, &to_mean_form(spec, layout, &start))?;
    let (mut best_cost, mut best_u, mut converged, mut iterations) =
        argmin_run(&obj, u0, spec.max_iter);
    let arma = layout.ar_start()..layout.sigma2();
    for attempt in 0..2 {
        if converged || (attempt == 1 && arma.is_empty()) {
            break;
        }
        let mut u = best_u.clone();
        if attempt == 1 {
            u[arma.clone()].iter_mut().for_each(|v| *v = 0.0);
        }
        let (c, u, conv, it) = argmin_run(&obj, u, spec.max_iter);
        iterations += it;
        if c <= best_cost {
            best_cost = c;
            best_u = u;
            converged = conv;
        }
    }
    check_found(spec, layout, best_cost)?;
    let mean_form = units.restore(layout, spec.trend, &transform(layout, &best_u));
    Ok(Found {
        params: to_intercept_form(spec, layout, &mean_form),
        converged,
        iterations,
        evaluations: obj.evals(),
    })
}
