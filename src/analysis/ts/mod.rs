//! Time-series numerics: decomposition, diagnostics, SARIMAX, LSTM, baselines, selection,
//! backtests and metrics.

pub mod backtest;
pub mod baseline;
pub mod decompose;
pub mod diagnostics;
pub mod forecaster;
pub(crate) mod linalg;
#[cfg(feature = "lstm")]
pub mod lstm;
pub mod metrics;

pub mod sarimax;
pub mod select;

pub use decompose::{seasonal_decompose, DecomposeKind, Decomposition};
pub use forecaster::{FittedForecaster, Forecast, Forecaster};
