//! Hold-out evaluation of the LSTM next to a seasonal-naive baseline.

use serde::{Deserialize, Serialize};

use super::data::{check_finite, check_len};
use super::fitted::TrainingSummary;
use super::params::LstmValidParams;
use super::trainer::Trainer;
use crate::analysis::ts::metrics::{self, Metrics};
use crate::analysis::ts::FittedForecaster;
use crate::analysis::{Error, Result};

/// Season length of the seasonal-naive baseline, in weeks.
pub const SEASON: usize = 52;

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
    /// Slot for a weekly SARIMAX score on the same weeks; left `None` here, to be filled
    /// by callers that also fit SARIMAX.
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

/// Train on `y[..n - test_len]` and score on the last `test_len` weeks (no timing).
pub fn evaluate(y: &[f64], params: &LstmValidParams, test_len: usize) -> Result<LstmEvaluation> {
    evaluate_with_clock(y, params, test_len, None)
}

/// As [`evaluate`], timing the training with `clock` (milliseconds from any origin, e.g.
/// `performance.now()` in a browser or an `Instant`-based closure natively).
pub fn evaluate_with_clock(
    y: &[f64],
    params: &LstmValidParams,
    test_len: usize,
    clock: Option<&dyn Fn() -> f64>,
) -> Result<LstmEvaluation> {
    check_finite(y)?;
    if test_len == 0 {
        return Err(Error::Params(
            "test_len must be at least 1 week (got 0)".into(),
        ));
    }
    check_len(y, params, test_len)?;
    let split = y.len() - test_len;
    let (train, actual) = (&y[..split], &y[split..]);
    let start = clock.map(|c| c());
    let fitted = Trainer::new(train, params)?.run()?;
    let training_ms = match (clock, start) {
        (Some(c), Some(s)) => Some(c() - s),
        _ => None,
    };
    let fc = fitted.predict(test_len, 0.95, None)?;
    let last = train[split - 1];
    let lstm = metrics::all(last, actual, &fc.mean)?;
    let ctx_start = split - params.context();
    let one_step = fitted.one_step_ahead(&y[ctx_start..])?;
    let lstm_one_step = metrics::all(last, actual, &one_step)?;
    let seasonal_naive = if split >= SEASON {
        let naive = seasonal_naive(train, test_len);
        Some(metrics::all(last, actual, &naive)?)
    } else {
        None
    };
    Ok(LstmEvaluation {
        model: params.label(),
        test_len,
        actual: actual.to_vec(),
        forecast: fc.mean,
        lstm,
        lstm_one_step,
        seasonal_naive,
        sarimax: None,
        num_params: fitted.num_params(),
        size_bytes: fitted.size_bytes(),
        training: fitted.summary(),
        training_ms,
    })
}

/// Seasonal-naive forecast of `horizon` weeks after `train` (needs `train.len() >= 52`):
/// week `h` repeats the value one season before it, cycling for horizons past a season.
pub fn seasonal_naive(train: &[f64], horizon: usize) -> Vec<f64> {
    let n = train.len();
    (0..horizon)
        .map(|h| train[n - SEASON + h % SEASON])
        .collect()
}
