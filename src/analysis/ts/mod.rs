//! Time-series numerics: decomposition, diagnostics, SARIMAX, LSTM, metrics.

pub mod forecaster;
#[cfg(feature = "lstm")]
pub mod lstm;
pub mod metrics;

pub use forecaster::{FittedForecaster, Forecast, Forecaster};
