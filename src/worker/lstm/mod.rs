//! The LSTM page's work in the worker: train the compact LSTM on the weekly counts of the
//! filtered reported incidents one epoch at a time (so progress is reported and a stop request
//! is heard), then score it on held-out test weeks next to weekly SARIMAX and the seasonal
//! naive baseline, and forecast the next 52 weeks with an approximate bootstrap band.
//!
//! The settings and results travel in [`crate::worker::messages`]; the training itself lives
//! in [`job`] and [`compare`] (which need the `lstm` feature).

#[cfg(feature = "lstm")]
pub mod compare;
#[cfg(feature = "lstm")]
pub mod job;
#[cfg(all(test, feature = "lstm"))]
mod tests;

/// Weeks forecast after the last complete week.
pub const HORIZON: usize = 52;
/// Coverage of the forecast band.
pub const LEVEL: f64 = 0.95;
/// Weeks at the end of the training part held out for early stopping.
pub const VALIDATION_WEEKS: usize = 52;
/// Fewest training windows a fit accepts (as the LSTM module requires).
pub const MIN_TRAIN_WINDOWS: usize = 8;
/// Season of the seasonal-naive baseline and of weekly SARIMAX, in weeks.
pub const SEASON: usize = 52;
/// Largest model file the page reads, in bytes (the model reader's own limit).
pub const MAX_MODEL_BYTES: usize = 64 << 20;
/// The reference figures of the original project's weekly LSTM (real Detroit data, its own
/// test weeks): MAPE in percent and RMSE in incidents a week.
pub const REFERENCE: (f64, f64) = (7.02, 149.2);

/// Weekly counts of the filtered rows (complete ISO weeks only).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeeklySeries {
    /// First day (Monday) of each week.
    pub starts: Vec<i32>,
    /// Count in each week.
    pub values: Vec<f64>,
    /// Partial first / last weeks that were left out.
    pub dropped_partial: (bool, bool),
}
