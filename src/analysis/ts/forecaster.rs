//! The two-stage model contract shared by every forecaster (SARIMAX, LSTM, seasonal naive).

use serde::{Deserialize, Serialize};

use crate::analysis::Result;

/// A point forecast with an optional symmetric-level interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// Point forecasts, one per step ahead.
    pub mean: Vec<f64>,
    /// Lower bound of the interval at `level`, one per step.
    pub lower: Vec<f64>,
    /// Upper bound of the interval at `level`, one per step.
    pub upper: Vec<f64>,
    /// Interval coverage, e.g. 0.95.
    pub level: f64,
}

/// An unfitted model specification: fitting yields a [`FittedForecaster`].
pub trait Forecaster {
    /// The fitted model type.
    type Fitted: FittedForecaster;
    /// Fit on the series `y` (with optional exogenous columns, one `Vec` per regressor).
    fn fit(&self, y: &[f64], exog: Option<&[Vec<f64>]>) -> Result<Self::Fitted>;
}

/// A fitted model that can forecast.
pub trait FittedForecaster {
    /// Forecast `horizon` steps ahead with an interval of coverage `level` (e.g. 0.95).
    /// `exog_future` holds one `Vec` of length `horizon` per regressor used when fitting.
    fn predict(
        &self,
        horizon: usize,
        level: f64,
        exog_future: Option<&[Vec<f64>]>,
    ) -> Result<Forecast>;
}
