//! Forecasts from a fitted SARIMAX: the Kalman prediction recursion run past the data.

use statrs::distribution::{ContinuousCDF, Normal};

use super::fit::{fit, FittedSarimax};
use super::kalman::{predict, Workspace};
use super::params::SarimaxValidParams;
use super::statespace::{StateSpace, DIFFUSE_VARIANCE};
use crate::analysis::ts::exog::check_exog;
use crate::analysis::ts::forecaster::{FittedForecaster, Forecast, Forecaster};
use crate::analysis::{Error, Result};

/// Largest forecast horizon accepted.
pub const MAX_STEPS: usize = 100_000;

/// Reject horizons above [`MAX_STEPS`].
pub fn check_horizon(steps: usize) -> Result<()> {
    if steps > MAX_STEPS {
        return Err(Error::Params(format!(
            "at most {MAX_STEPS} forecast steps, got {steps}"
        )));
    }
    Ok(())
}

/// Two-sided normal quantile for coverage `level` (1.959964 for 0.95).
pub fn z_for_level(level: f64) -> Result<f64> {
    if level.is_nan() || level <= 0.0 || level >= 1.0 {
        return Err(Error::Params(format!(
            "interval level must be in (0, 1), got {level}"
        )));
    }
    let n = Normal::new(0.0, 1.0).map_err(|e| Error::Params(e.to_string()))?;
    Ok(n.inverse_cdf(0.5 + level / 2.0))
}

impl FittedSarimax {
    /// Forecast `steps` ahead with 95% intervals; `exog_future` holds one column of length
    /// `steps` per regressor.
    pub fn forecast(&self, steps: usize, exog_future: Option<&[Vec<f64>]>) -> Result<Forecast> {
        self.forecast_level(steps, 0.95, exog_future)
    }

    /// Forecast `steps` ahead with intervals of coverage `level`:
    /// mean `Z a + d`, bounds `mean ± z·√(Z P Zᵀ)` from the predicted state covariance.
    pub fn forecast_level(
        &self,
        steps: usize,
        level: f64,
        exog_future: Option<&[Vec<f64>]>,
    ) -> Result<Forecast> {
        let z = z_for_level(level)?;
        check_horizon(steps)?;
        let exog = exog_future.unwrap_or(&[]);
        check_exog(exog, steps, Some(self.k_exog), Error::Forecast)?;
        let layout = self.spec.layout(self.k_exog);
        let ss = StateSpace::new(&self.spec, &layout, &self.params, DIFFUSE_VARIANCE)?;
        let mut ws: Workspace = Workspace::new(ss.n);
        ws.set_state(&ss, &self.a_next, &self.p_next);
        let (mut mean, mut lower, mut upper) = (vec![], vec![], vec![]);
        for h in 0..steps {
            let (za, zpz) = ws.observe(&ss);
            let d: f64 = exog.iter().zip(&ss.beta).map(|(c, b)| c[h] * b).sum();
            let m = za + d;
            let sd = zpz.max(0.0).sqrt();
            mean.push(m);
            lower.push(m - z * sd);
            upper.push(m + z * sd);
            predict(&ss, &mut ws, ss.state_intercept(self.nobs + h));
        }
        if mean
            .iter()
            .chain(&lower)
            .chain(&upper)
            .any(|v| !v.is_finite())
        {
            return Err(Error::Forecast("forecast is not finite".into()));
        }
        Ok(Forecast {
            mean,
            lower,
            upper,
            level,
        })
    }
}

impl Forecaster for SarimaxValidParams {
    type Fitted = FittedSarimax;

    fn fit(&self, y: &[f64], exog: Option<&[Vec<f64>]>) -> Result<FittedSarimax> {
        fit(self, y, exog.unwrap_or(&[]))
    }
}

impl FittedForecaster for FittedSarimax {
    fn predict(
        &self,
        horizon: usize,
        level: f64,
        exog_future: Option<&[Vec<f64>]>,
    ) -> Result<Forecast> {
        self.forecast_level(horizon, level, exog_future)
    }
}
