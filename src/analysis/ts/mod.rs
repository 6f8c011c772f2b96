//! Time-series numerics: decomposition, diagnostics, SARIMAX, LSTM, metrics.

pub mod forecaster;
pub mod metrics;

pub use forecaster::{FittedForecaster, Forecast, Forecaster};
