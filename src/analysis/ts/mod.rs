//! Time-series numerics: decomposition, diagnostics, SARIMAX, baselines, selection, backtests.

pub mod backtest;
pub mod baseline;
pub mod decompose;
pub mod diagnostics;
pub mod forecaster;
pub(crate) mod linalg;
pub mod metrics;

pub mod sarimax;
pub mod select;

pub use decompose::{seasonal_decompose, DecomposeKind, Decomposition};
pub use forecaster::{FittedForecaster, Forecast, Forecaster};
