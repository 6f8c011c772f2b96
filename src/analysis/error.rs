//! The analysis layer's error type.

/// Errors raised by the numerical layer, named for the phase that failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Parameters rejected before any computation ran.
    #[error("invalid parameter: {0}")]
    Params(String),
    /// The input data cannot be analysed (too short, constant, NaN, empty...).
    #[error("invalid data: {0}")]
    Data(String),
    /// Model fitting failed (e.g. the optimizer did not converge).
    #[error("fit failed: {0}")]
    Fit(String),
    /// Forecasting failed.
    #[error("forecast failed: {0}")]
    Forecast(String),
}

/// Result alias for the analysis layer.
pub type Result<T> = std::result::Result<T, Error>;
