//! Seasonal-naive baseline: each forecast repeats the value one season earlier.
//!
//! # Interval
//! σ is the root mean square of the seasonal differences `y_t − y_{t−s}` (the one-step errors
//! of the method in sample). A forecast `h` steps ahead (h = 1, 2, …) lies `k = ⌊(h−1)/s⌋`
//! whole cycles beyond the last observed cycle; as for a seasonal random walk its error
//! variance is `(k+1)·σ²`, so the band is `mean ± z·σ·√(k+1)` with `z` the normal quantile of
//! the coverage level. With `s = 1` this is the naive random-walk forecast (band ∝ √h).

use serde::{Deserialize, Serialize};

use super::forecaster::{FittedForecaster, Forecast, Forecaster};
use super::linalg::check_finite;
use super::sarimax::forecast::{check_horizon, z_for_level};
use crate::analysis::{Error, Result};

/// Seasonal-naive forecaster with period `period` (1 = plain naive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonalNaive {
    /// Season length in observations.
    pub period: usize,
}

/// A fitted seasonal-naive model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedSeasonalNaive {
    /// Season length.
    pub period: usize,
    /// The last `period` observations.
    pub last_cycle: Vec<f64>,
    /// Root mean square of the in-sample seasonal differences.
    pub sigma: f64,
}

impl SeasonalNaive {
    /// New seasonal-naive model.
    pub fn new(period: usize) -> Self {
        SeasonalNaive { period }
    }
}

impl Forecaster for SeasonalNaive {
    type Fitted = FittedSeasonalNaive;

    /// Fit on `y`; regressors are not used by this method and must be absent or empty.
    fn fit(&self, y: &[f64], exog: Option<&[Vec<f64>]>) -> Result<FittedSeasonalNaive> {
        let s = self.period;
        if s == 0 {
            return Err(Error::Params(
                "seasonal-naive period must be >= 1, got 0".into(),
            ));
        }
        if exog.is_some_and(|e| !e.is_empty()) {
            return Err(Error::Params(
                "seasonal-naive forecasts take no regressors".into(),
            ));
        }
        if y.len() <= s {
            return Err(Error::Data(format!(
                "seasonal naive with period {s} needs at least {} observations, got {}",
                s.saturating_add(1),
                y.len()
            )));
        }
        check_finite(y, "series")?;
        let diffs: Vec<f64> = (s..y.len()).map(|t| y[t] - y[t - s]).collect();
        let sigma = (diffs.iter().map(|d| d * d).sum::<f64>() / diffs.len() as f64).sqrt();
        Ok(FittedSeasonalNaive {
            period: s,
            last_cycle: y[y.len() - s..].to_vec(),
            sigma,
        })
    }
}

impl FittedForecaster for FittedSeasonalNaive {
    fn predict(
        &self,
        horizon: usize,
        level: f64,
        exog_future: Option<&[Vec<f64>]>,
    ) -> Result<Forecast> {
        if exog_future.is_some_and(|e| !e.is_empty()) {
            return Err(Error::Forecast(
                "seasonal-naive forecasts take no regressors".into(),
            ));
        }
        let z = z_for_level(level)?;
        check_horizon(horizon)?;
        let s = self.period;
        let mean = seasonal_naive(&self.last_cycle, s, horizon).ok_or_else(|| {
            Error::Forecast(format!(
                "the fitted model holds {} values for a season of {s}",
                self.last_cycle.len()
            ))
        })?;
        let mut out = Forecast {
            mean: Vec::with_capacity(horizon),
            lower: Vec::with_capacity(horizon),
            upper: Vec::with_capacity(horizon),
            level,
        };
        for (h, m) in mean.into_iter().enumerate() {
            let k = (h / s) as f64;
            let half = z * self.sigma * (k + 1.0).sqrt();
            out.mean.push(m);
            out.lower.push(m - half);
            out.upper.push(m + half);
        }
        Ok(out)
    }
}

/// The seasonal-naive point forecast of `horizon` steps after `history`: step `h` (from 0)
/// repeats `history[n − period + h mod period]`, cycling for horizons past one season.
/// `None` when `period` is 0 or `history` holds less than one season.
pub fn seasonal_naive(history: &[f64], period: usize, horizon: usize) -> Option<Vec<f64>> {
    let n = history.len();
    if period == 0 || n < period {
        return None;
    }
    Some(
        (0..horizon)
            .map(|h| history[n - period + h % period])
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_last_cycle_and_widens_per_cycle() {
        let y = [1.0, 2.0, 3.0, 2.0, 3.0, 4.0];
        let f = SeasonalNaive::new(3).fit(&y, None).unwrap();
        assert!((f.sigma - 1.0).abs() < 1e-12);
        let fc = f.predict(6, 0.95, None).unwrap();
        assert_eq!(fc.mean, vec![2.0, 3.0, 4.0, 2.0, 3.0, 4.0]);
        let w1 = fc.upper[0] - fc.mean[0];
        let w2 = fc.upper[3] - fc.mean[3];
        assert!((w2 / w1 - 2f64.sqrt()).abs() < 1e-12);
        assert!((w1 - 1.959963984540054).abs() < 1e-9);
    }

    #[test]
    fn point_forecast_repeats_the_last_season() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(
            seasonal_naive(&y, 2, 5),
            Some(vec![4.0, 5.0, 4.0, 5.0, 4.0])
        );
        assert_eq!(seasonal_naive(&y, 5, 2), Some(vec![1.0, 2.0]));
        assert_eq!(seasonal_naive(&y, 6, 2), None);
        assert_eq!(seasonal_naive(&y, 0, 2), None);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(SeasonalNaive::new(0).fit(&[1.0, 2.0], None).is_err());
        assert!(SeasonalNaive::new(3).fit(&[1.0, 2.0, 3.0], None).is_err());
        assert!(SeasonalNaive::new(1).fit(&[1.0, f64::NAN], None).is_err());
        let f = SeasonalNaive::new(1).fit(&[1.0, 2.0], None).unwrap();
        assert!(f.predict(2, 1.5, None).is_err());
    }
}
