//! Backtests of any [`Forecaster`](crate::analysis::ts::Forecaster), scored with
//! [`metrics::all`](crate::analysis::ts::metrics::all): rolling origins over a series, and one
//! hold-out split with the models compared side by side.

pub mod holdout;
pub mod rolling;

/// One hold-out split, each model's score on it, and the weekly baselines.
pub use holdout::{Holdout, HoldoutExog, HoldoutScore};
/// Rolling-origin backtests: settings, per-origin scores and their average.
pub use rolling::{backtest, Backtest, BacktestSpec, OriginScore};
