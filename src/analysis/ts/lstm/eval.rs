//! Hold-out evaluation of the LSTM next to the weekly baselines of
//! [`holdout`](crate::analysis::ts::backtest::holdout) (seasonal naive and, when asked,
//! weekly SARIMAX), on the same training weeks.

use serde::{Deserialize, Serialize};

use super::data::{check_finite, check_len};
use super::fitted::{FittedLstm, TrainingSummary};
use super::params::LstmValidParams;
use super::trainer::Trainer;
use crate::analysis::ts::backtest::{Holdout, HoldoutScore};
use crate::analysis::ts::metrics::Metrics;
use crate::analysis::{Error, Result};

pub use crate::analysis::ts::backtest::holdout::SEASON;

/// Accuracy on the final `test_len` weeks of a series, with the model trained on the weeks
/// before them (its own validation split taken from those).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LstmEvaluation {
    /// Model label, e.g. `LSTM(50,32) window 12`.
    pub model: String,
    /// Number of held-out weeks.
    pub test_len: usize,
    /// Actual values of the held-out weeks.
    pub actual: Vec<f64>,
    /// Recursive multi-step LSTM forecast of the held-out weeks.
    pub forecast: Vec<f64>,
    /// Metrics of the recursive forecast.
    pub lstm: Metrics,
    /// Metrics of one-step-ahead LSTM predictions (each from the actual previous weeks).
    pub lstm_one_step: Metrics,
    /// Seasonal naive (the value 52 weeks earlier) on the same weeks; `None` when the
    /// training part is shorter than one season.
    pub seasonal_naive: Option<Metrics>,
    /// Weekly SARIMAX on the same weeks when [`EvalOptions::sarimax`] asks for it and it could
    /// be fitted; `None` otherwise.
    pub sarimax: Option<Metrics>,
    /// Trainable parameters.
    pub num_params: usize,
    /// Weight size in bytes (f32).
    pub size_bytes: usize,
    /// How training ended.
    pub training: TrainingSummary,
    /// Training wall time in milliseconds, when a clock was supplied.
    pub training_ms: Option<f64>,
}

/// What [`evaluate_with`] times and compares besides the LSTM and seasonal naive.
#[derive(Clone, Copy, Default)]
pub struct EvalOptions<'a> {
    /// Clock timing the training, in milliseconds from any origin (e.g. `performance.now()`
    /// in a browser or an `Instant`-based closure natively).
    pub clock: Option<&'a dyn Fn() -> f64>,
    /// Also fit weekly SARIMAX on the training weeks and score it.
    pub sarimax: bool,
}

/// Train on `y[..n - test_len]` and score on the last `test_len` weeks (no timing, no
/// SARIMAX).
pub fn evaluate(y: &[f64], params: &LstmValidParams, test_len: usize) -> Result<LstmEvaluation> {
    evaluate_with(y, params, test_len, EvalOptions::default())
}

/// As [`evaluate`], timing the training with `clock` (milliseconds from any origin).
pub fn evaluate_with_clock(
    y: &[f64],
    params: &LstmValidParams,
    test_len: usize,
    clock: Option<&dyn Fn() -> f64>,
) -> Result<LstmEvaluation> {
    evaluate_with(
        y,
        params,
        test_len,
        EvalOptions {
            clock,
            sarimax: false,
        },
    )
}

/// Train on `y[..n - test_len]`, then score the LSTM (see [`holdout_rows`]), seasonal naive
/// and, with `opts.sarimax`, weekly SARIMAX on the last `test_len` weeks.
pub fn evaluate_with(
    y: &[f64],
    params: &LstmValidParams,
    test_len: usize,
    opts: EvalOptions<'_>,
) -> Result<LstmEvaluation> {
    check_finite(y)?;
    let holdout = Holdout::split(y, test_len)?;
    check_len(y, params, test_len)?;
    let start = opts.clock.map(|c| c());
    let fitted = Trainer::new(holdout.train(), params)?.run()?;
    let training_ms = match (opts.clock, start) {
        (Some(c), Some(s)) => Some(c() - s),
        _ => None,
    };
    let [lstm, one_step] = holdout_rows(&fitted, &holdout)?;
    let sarimax = if opts.sarimax {
        holdout.sarimax(None).metrics
    } else {
        None
    };
    Ok(LstmEvaluation {
        model: params.label(),
        test_len,
        actual: holdout.actual().to_vec(),
        lstm_one_step: required(one_step)?,
        forecast: lstm.forecast.clone(),
        lstm: required(lstm)?,
        seasonal_naive: holdout.seasonal_naive().metrics,
        sarimax,
        num_params: fitted.num_params(),
        size_bytes: fitted.size_bytes(),
        training: fitted.summary(),
        training_ms,
    })
}

/// The fitted LSTM's two rows on `holdout`, named after its label: the recursive forecast of
/// every held-out week from the end of the training part, then the one-step-ahead prediction
/// of each held-out week from the actual weeks before it.
///
/// # Errors
/// When the training part is shorter than the model's context or the network cannot
/// forecast; a forecast that cannot be scored gives a row with the reason instead.
pub fn holdout_rows(fitted: &FittedLstm, holdout: &Holdout<'_>) -> Result<[HoldoutScore; 2]> {
    let label = fitted.params().label();
    let test = holdout.actual().len();
    let recursive = fitted.point_forecast(holdout.train(), test)?;
    let context = holdout.with_context(fitted.params().context())?;
    let one_step = fitted.one_step_ahead(&context)?;
    Ok([
        holdout.score(format!("{label}, {test} weeks ahead"), recursive),
        holdout.score(format!("{label}, one week ahead"), one_step),
    ])
}

/// The metrics of a row that must have them.
fn required(row: HoldoutScore) -> Result<Metrics> {
    row.metrics.ok_or_else(|| {
        Error::Data(format!(
            "{}: {}",
            row.model,
            row.note.unwrap_or_else(|| "not scored".into())
        ))
    })
}
