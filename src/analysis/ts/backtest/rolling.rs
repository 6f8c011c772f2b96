//! Rolling-origin (expanding window) backtests for any [`Forecaster`].
//!
//! Origins are placed at `n − h`, `n − h − step`, …; at each origin the model is fitted on all
//! observations before it and forecasts the next `h`, scored with [`metrics::all`].

use serde::{Deserialize, Serialize};

use crate::analysis::ts::calibration::{Band, Calibration, HeldOut};
use crate::analysis::ts::exog::check_exog;
use crate::analysis::ts::forecaster::{FittedForecaster, Forecast, Forecaster};
use crate::analysis::ts::metrics::{self, Metrics};
use crate::analysis::{Error, Result};

/// Backtest settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BacktestSpec {
    /// Forecast horizon `h` at each origin.
    pub horizon: usize,
    /// Number of origins.
    pub origins: usize,
    /// Distance between consecutive origins (observations).
    pub step: usize,
    /// Interval coverage asked of the model, e.g. 0.95.
    pub level: f64,
    /// Smallest training length allowed at the earliest origin.
    pub min_train: usize,
    /// Coverage of a second, inner interval asked at each origin (e.g. 0.8), if any.
    #[serde(default)]
    pub inner_level: Option<f64>,
}

impl BacktestSpec {
    /// `origins` origins one `horizon` apart, 95% and 80% intervals, at least 2 training
    /// points.
    pub fn new(horizon: usize, origins: usize) -> Self {
        BacktestSpec {
            horizon,
            origins,
            step: horizon.max(1),
            level: 0.95,
            min_train: 2,
            inner_level: Some(0.8),
        }
    }
}

/// Scores at one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OriginScore {
    /// Training length (index of the first forecast value).
    pub origin: usize,
    /// Accuracy of the forecast.
    pub metrics: Metrics,
    /// The forecast.
    pub forecast: Forecast,
    /// The actual values forecast.
    #[serde(default)]
    pub actual: Vec<f64>,
    /// The forecast's interval at the spec's `inner_level`, if one was asked.
    #[serde(default)]
    pub inner: Option<Forecast>,
}

impl OriginScore {
    /// The origin's forecast, bands and actual values as a calibration case.
    pub fn held_out(&self) -> HeldOut {
        let band = |f: &Forecast| Band {
            level: f.level,
            lower: f.lower.clone(),
            upper: f.upper.clone(),
        };
        let mut bands: Vec<Band> = self.inner.iter().map(band).collect();
        bands.push(band(&self.forecast));
        HeldOut {
            origin: self.origin,
            actual: self.actual.clone(),
            mean: self.forecast.mean.clone(),
            bands,
        }
    }
}

/// Backtest result: per-origin scores (earliest first) and their average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// One entry per origin.
    pub per_origin: Vec<OriginScore>,
    /// Mean of each metric over the origins (optional metrics over the origins that have one).
    pub average: Metrics,
}

impl Backtest {
    /// Coverage of the bands, RMSE as a share of the mean and conformal bands over every
    /// origin (see [`Calibration::measure`]).
    ///
    /// # Errors
    /// As [`Calibration::measure`].
    pub fn calibration(&self) -> Result<Calibration> {
        let cases: Vec<HeldOut> = self.per_origin.iter().map(OriginScore::held_out).collect();
        Calibration::measure(&cases)
    }
}

fn mean_opt(v: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let xs: Vec<f64> = v.flatten().collect();
    if xs.is_empty() {
        None
    } else {
        Some(xs.iter().sum::<f64>() / xs.len() as f64)
    }
}

/// Run a rolling-origin backtest of `model` on `y` (with optional regressor columns).
///
/// # Errors
/// `Params` for a zero horizon/origin count/step or an earliest origin before `min_train`;
/// otherwise the first fitting or forecasting error, naming the origin.
pub fn backtest<F: Forecaster>(
    model: &F,
    y: &[f64],
    exog: Option<&[Vec<f64>]>,
    spec: &BacktestSpec,
) -> Result<Backtest> {
    let (h, k, step) = (spec.horizon, spec.origins, spec.step);
    if h == 0 || k == 0 || step == 0 {
        return Err(Error::Params(format!(
            "horizon, origins and step must be >= 1, got {h}, {k}, {step}"
        )));
    }
    let span = h + step * (k - 1);
    if y.len() < span + spec.min_train.max(1) {
        return Err(Error::Data(format!(
            "{} observations are too few for {k} origins of horizon {h} (step {step}) with at least {} training values",
            y.len(),
            spec.min_train.max(1)
        )));
    }
    if let Some(cols) = exog {
        check_exog(cols, y.len(), None, Error::Data)?;
    }
    let mut per_origin = Vec::with_capacity(k);
    for i in (0..k).rev() {
        let origin = y.len() - h - step * i;
        let train_x: Option<Vec<Vec<f64>>> =
            exog.map(|cols| cols.iter().map(|c| c[..origin].to_vec()).collect());
        let future_x: Option<Vec<Vec<f64>>> = exog.map(|cols| {
            cols.iter()
                .map(|c| c[origin..origin + h].to_vec())
                .collect()
        });
        let at = |e: Error| match e {
            Error::Params(m) => Error::Params(format!("origin {origin}: {m}")),
            Error::Data(m) => Error::Data(format!("origin {origin}: {m}")),
            Error::Fit(m) => Error::Fit(format!("origin {origin}: {m}")),
            Error::Forecast(m) => Error::Forecast(format!("origin {origin}: {m}")),
            typed => typed,
        };
        let fitted = model.fit(&y[..origin], train_x.as_deref()).map_err(at)?;
        let forecast = fitted
            .predict(h, spec.level, future_x.as_deref())
            .map_err(at)?;
        let inner = match spec.inner_level {
            Some(level) => Some(fitted.predict(h, level, future_x.as_deref()).map_err(at)?),
            None => None,
        };
        let actual = &y[origin..origin + h];
        let m = metrics::all(y[origin - 1], actual, &forecast.mean).map_err(at)?;
        per_origin.push(OriginScore {
            origin,
            metrics: m,
            forecast,
            actual: actual.to_vec(),
            inner,
        });
    }
    let n = per_origin.len() as f64;
    let avg =
        |f: &dyn Fn(&Metrics) -> f64| per_origin.iter().map(|o| f(&o.metrics)).sum::<f64>() / n;
    let average = Metrics {
        rmse: avg(&|m| m.rmse),
        mae: avg(&|m| m.mae),
        mape: mean_opt(per_origin.iter().map(|o| o.metrics.mape)),
        smape: mean_opt(per_origin.iter().map(|o| o.metrics.smape)),
        r2: mean_opt(per_origin.iter().map(|o| o.metrics.r2)),
        directional: avg(&|m| m.directional),
    };
    Ok(Backtest {
        per_origin,
        average,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::baseline::SeasonalNaive;

    #[test]
    fn seasonal_naive_is_perfect_on_a_pure_cycle() {
        let y: Vec<f64> = (0..40).map(|t| [1.0, 5.0, 3.0, 8.0][t % 4]).collect();
        let bt = backtest(&SeasonalNaive::new(4), &y, None, &BacktestSpec::new(4, 3)).unwrap();
        assert_eq!(bt.per_origin.len(), 3);
        assert_eq!(bt.per_origin[0].origin, 28);
        assert_eq!(bt.per_origin[2].origin, 36);
        assert_eq!(bt.average.rmse, 0.0);
        assert_eq!(bt.average.directional, 100.0);
        let cal = bt.calibration().unwrap();
        // 3 origins × 4 months, every one on its forecast: all inside both bands.
        for (c, level) in cal.coverage.iter().zip([0.8, 0.95]) {
            assert_eq!((c.level, c.inside, c.total), (level, 12, 12));
        }
        assert_eq!(cal.latest.origin, 36);
        assert_eq!(cal.latest.actual, bt.per_origin[2].actual);
        assert_eq!(cal.rmse_pct_mean, Some(0.0));
    }

    #[test]
    fn too_many_origins_or_zero_horizon_are_errors() {
        let y = vec![1.0; 10];
        let short = [vec![1.0; 4]];
        let spec = BacktestSpec::new(2, 1);
        assert!(backtest(&SeasonalNaive::new(1), &y, Some(&short), &spec).is_err());
        assert!(backtest(&SeasonalNaive::new(1), &y, None, &BacktestSpec::new(0, 1)).is_err());
        assert!(backtest(&SeasonalNaive::new(1), &y, None, &BacktestSpec::new(4, 3)).is_err());
    }
}
