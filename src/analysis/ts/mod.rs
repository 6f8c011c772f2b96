//! Time-series numerics: decomposition, diagnostics, SARIMAX, LSTM, baselines, selection,
//! backtests and metrics.

pub mod backtest;
pub mod baseline;
pub mod calibration;
pub mod decompose;
pub mod diagnostics;
pub mod exog;
pub mod forecaster;
pub(crate) mod linalg;
#[cfg(feature = "lstm")]
pub mod lstm;
pub mod metrics;
pub mod reconcile;

pub mod sarimax;
pub mod select;

pub use decompose::{seasonal_decompose, DecomposeKind, Decomposition};
pub use forecaster::{FittedForecaster, Forecast, Forecaster};

/// Deterministic uniform noise in `[-0.5, 0.5)` for tests (a 64-bit LCG seeded with `seed`).
#[cfg(test)]
pub(crate) fn test_noise(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    }
}
