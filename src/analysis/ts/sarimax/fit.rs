//! Maximum-likelihood fitting: the data checks, the search chosen by the specification's
//! [`Search`](super::Search) ([`super::search`]), and the fitted model at its estimate.

use serde::{Deserialize, Serialize};

use super::kalman::{filter, Keep, Workspace};
use super::objective::{fill_obs_intercept, Objective};
use super::params::SarimaxValidParams;
use super::scale::diffuse_variance;
use super::search::maximise;
use super::start::difference;
use super::statespace::StateSpace;
use crate::analysis::ts::exog::check_exog;
use crate::analysis::ts::linalg::{check_finite, is_constant};
use crate::analysis::{Error, Result};

/// A fitted SARIMAX model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FittedSarimax {
    /// The specification that was fitted.
    pub spec: SarimaxValidParams,
    /// Estimated parameters (statsmodels order, see `param_names`).
    pub params: Vec<f64>,
    /// statsmodels parameter names.
    pub param_names: Vec<String>,
    /// Maximised log-likelihood.
    pub llf: f64,
    /// Akaike information criterion `−2 llf + 2k`.
    pub aic: f64,
    /// Bayesian information criterion `−2 llf + k ln(n − burn)`.
    pub bic: f64,
    /// Number of leading observations left out of the likelihood (diffuse states).
    pub loglikelihood_burn: usize,
    /// Number of observations.
    pub nobs: usize,
    /// Whether the optimizer met its convergence test.
    pub converged: bool,
    /// Optimizer iterations (summed over starts).
    pub iterations: u64,
    /// Likelihood evaluations used.
    pub evaluations: usize,
    /// One-step-ahead forecast errors `v_t` in the data's units.
    pub residuals: Vec<f64>,
    /// Standardised one-step errors `v_t / √F_t`.
    pub standardized_residuals: Vec<f64>,
    /// Number of regressors.
    pub k_exog: usize,
    /// Predicted state for time `nobs`.
    pub(crate) a_next: Vec<f64>,
    /// Its covariance (row-major).
    pub(crate) p_next: Vec<f64>,
}

/// Validate `y` (non-empty, finite) and `exog` (one value per observation, finite).
fn check_data(y: &[f64], exog: &[Vec<f64>]) -> Result<()> {
    if y.is_empty() {
        return Err(Error::Data("series is empty".into()));
    }
    check_finite(y, "series")?;
    check_exog(exog, y.len(), None, Error::Data)
}

/// Log-likelihood of `spec` at the given constrained `params` (statsmodels order and units,
/// e.g. a fitted model's `params`).
///
/// # Errors
/// `Data` for bad input, `Params` for a wrong-length, non-stationary or non-invertible
/// parameter vector, `Fit` if the filter breaks down.
pub fn llf_at_params(
    spec: &SarimaxValidParams,
    y: &[f64],
    exog: &[Vec<f64>],
    params: &[f64],
) -> Result<f64> {
    check_data(y, exog)?;
    let burn = spec.k_states_diff();
    if y.len() <= burn {
        return Err(Error::Data(format!(
            "series of {} values is too short for {} differencing states",
            y.len(),
            burn
        )));
    }
    let obj = Objective::new(spec, y, exog, diffuse_variance(spec, y));
    obj.llf(params)
}

/// Fit `spec` to `y` with regressor columns `exog` by maximum likelihood, searching as
/// `spec.search` says, the differencing states' prior variance set by
/// [`diffuse_variance`](super::scale::diffuse_variance).
///
/// # Errors
/// `Data` if the series is too short (fewer observations after the diffuse burn-in than
/// parameters + 1), not finite or constant (also after differencing); `Fit` if no start
/// value gives a finite likelihood.
pub fn fit(spec: &SarimaxValidParams, y: &[f64], exog: &[Vec<f64>]) -> Result<FittedSarimax> {
    fit_with_diffuse(spec, y, exog, diffuse_variance(spec, y))
}

/// [`fit`] with the differencing states' prior variance `diffuse` given in the data's units²
/// (fitting `c·y` with `c²·diffuse` gives the fit of `y` with `diffuse`, rescaled).
///
/// # Errors
/// As [`fit`]; `Params` when `diffuse` is not a positive finite number.
pub fn fit_with_diffuse(
    spec: &SarimaxValidParams,
    y: &[f64],
    exog: &[Vec<f64>],
    diffuse: f64,
) -> Result<FittedSarimax> {
    check_data(y, exog)?;
    if !(diffuse.is_finite() && diffuse > 0.0) {
        return Err(Error::Params(format!(
            "diffuse prior variance must be a positive number, got {diffuse}"
        )));
    }
    let layout = spec.layout(exog.len());
    let burn = spec.k_states_diff();
    let k = layout.len();
    if y.len() < burn + k + 1 {
        return Err(Error::Data(format!(
            "series of {} values is too short: {} needs at least {} ({} differencing states + {} parameters + 1)",
            y.len(),
            spec.label(exog.len()),
            burn + k + 1,
            burn,
            k
        )));
    }
    if is_constant(y) {
        return Err(Error::Data(format!(
            "series is constant (every value is {}); nothing to model",
            y[0]
        )));
    }
    let dy = difference(y, spec.d, spec.sd, spec.s);
    if dy.len() < 2 || is_constant(&dy) {
        return Err(Error::Data(format!(
            "the differenced series (d={}, D={}) is constant or empty",
            spec.d, spec.sd
        )));
    }
    let found = maximise(spec, y, exog, diffuse)?;
    let mut fitted = evaluate_with(spec, y, exog, &found.params, diffuse)?;
    fitted.converged = found.converged;
    fitted.iterations = found.iterations;
    fitted.evaluations = found.evaluations;
    Ok(fitted)
}

/// Build a fitted model (likelihood, criteria, residuals, final state) at `params`, with the
/// prior variance [`fit`] uses.
pub fn evaluate(
    spec: &SarimaxValidParams,
    y: &[f64],
    exog: &[Vec<f64>],
    params: &[f64],
) -> Result<FittedSarimax> {
    evaluate_with(spec, y, exog, params, diffuse_variance(spec, y))
}

/// [`evaluate`] with the differencing states' prior variance `diffuse`.
fn evaluate_with(
    spec: &SarimaxValidParams,
    y: &[f64],
    exog: &[Vec<f64>],
    params: &[f64],
    diffuse: f64,
) -> Result<FittedSarimax> {
    check_data(y, exog)?;
    let layout = spec.layout(exog.len());
    let ss = StateSpace::new(spec, &layout, params, diffuse)?;
    let mut oi = vec![0.0; if exog.is_empty() { 0 } else { y.len() }];
    fill_obs_intercept(&mut oi, exog, &ss.beta);
    let burn = spec.k_states_diff();
    let mut ws = Workspace::new(ss.n);
    let out = filter(&ss, y, &oi, burn, Keep::Everything, &mut ws)?;
    let k = layout.len() as f64;
    let n_eff = (y.len() - burn.min(y.len())) as f64;
    let standardized_residuals = out
        .resid
        .iter()
        .zip(&out.resid_var)
        .map(|(v, f)| v / f.sqrt())
        .collect();
    Ok(FittedSarimax {
        spec: *spec,
        params: params.to_vec(),
        param_names: layout.names(spec.trend, spec.s),
        llf: out.llf,
        aic: -2.0 * out.llf + 2.0 * k,
        bic: -2.0 * out.llf + k * n_eff.ln(),
        loglikelihood_burn: burn,
        nobs: y.len(),
        converged: true,
        iterations: 0,
        evaluations: 1,
        residuals: out.resid,
        standardized_residuals,
        k_exog: exog.len(),
        a_next: out.a_next,
        p_next: out.p_next,
    })
}

#[cfg(test)]
mod tests {
    use super::super::params::{SarimaxParams, Trend};
    use super::*;
    use crate::analysis::ts::backtest::{backtest, BacktestSpec};
    use crate::analysis::ParamGuard;

    fn ar1(n: usize) -> Vec<f64> {
        let mut noise = crate::analysis::ts::test_noise(11);
        let mut y = vec![10.0];
        for _ in 1..n {
            let e = noise();
            let last = y[y.len() - 1];
            y.push(3.0 + 0.7 * last + e);
        }
        y
    }

    fn spec() -> SarimaxValidParams {
        SarimaxParams::new([1, 0, 0])
            .trend(Trend::C)
            .check()
            .unwrap()
    }

    #[test]
    fn recovers_an_ar1() {
        let m = fit(&spec(), &ar1(300), &[]).unwrap();
        assert!((m.params[1] - 0.7).abs() < 0.1, "{:?}", m.params);
        assert!(m.converged);
        assert_eq!(m.param_names, ["intercept", "ar.L1", "sigma2"]);
        let f = m.forecast(5, None).unwrap();
        assert!(f.lower.iter().zip(&f.mean).all(|(l, m)| l < m));
    }

    #[test]
    fn nan_short_constant_and_mismatched_data_are_errors() {
        let mut y = ar1(50);
        y[7] = f64::NAN;
        assert!(matches!(fit(&spec(), &y, &[]), Err(Error::Data(m)) if m.contains("NaN")));
        assert!(
            matches!(fit(&spec(), &ar1(3), &[]), Err(Error::Data(m)) if m.contains("too short"))
        );
        assert!(
            matches!(fit(&spec(), &[4.0; 30], &[]), Err(Error::Data(m)) if m.contains("constant"))
        );
        let lin: Vec<f64> = (0..30).map(|t| t as f64).collect();
        let d1 = SarimaxParams::new([1, 1, 0]).check().unwrap();
        assert!(fit(&d1, &lin, &[]).is_err());
        assert!(fit(&spec(), &ar1(50), &[vec![1.0; 10]]).is_err());
        assert!(fit(&spec(), &[], &[]).is_err());
    }

    #[test]
    fn llf_at_params_rejects_bad_parameters() {
        let y = ar1(50);
        assert!(matches!(
            llf_at_params(&spec(), &y, &[], &[1.0, 1.2, 1.0]),
            Err(Error::Params(_))
        ));
        assert!(llf_at_params(&spec(), &y, &[], &[1.0, 0.5]).is_err());
        assert!(llf_at_params(&spec(), &y, &[], &[1.0, 0.5, -1.0]).is_err());
        assert!(llf_at_params(&spec(), &y, &[], &[1.0, 0.5, 1.0]).is_ok());
    }

    #[test]
    fn forecast_checks_regressors_and_level() {
        let y = ar1(80);
        let x: Vec<f64> = (0..80).map(|t| (t % 7) as f64).collect();
        let yx: Vec<f64> = y.iter().zip(&x).map(|(a, b)| a + 2.0 * b).collect();
        let m = fit(&spec(), &yx, &[x]).unwrap();
        assert!((m.params[1] - 2.0).abs() < 0.3, "{:?}", m.params);
        assert!(matches!(m.forecast(3, None), Err(Error::Forecast(_))));
        assert!(m.forecast(3, Some(&[vec![1.0, 2.0]])).is_err());
        assert!(m.forecast(3, Some(&[vec![1.0, 2.0, 3.0]])).is_ok());
        assert!(m
            .forecast_level(3, 1.0, Some(&[vec![1.0, 2.0, 3.0]]))
            .is_err());
    }

    #[test]
    fn backtests_through_the_forecaster_trait() {
        let bt = backtest(&spec(), &ar1(60), None, &BacktestSpec::new(3, 2)).unwrap();
        assert_eq!(bt.per_origin.len(), 2);
        assert!(bt.average.rmse.is_finite());
    }

    #[test]
    fn fitted_model_is_send_and_sync() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<FittedSarimax>();
        is_send_sync::<SarimaxValidParams>();
    }
}
