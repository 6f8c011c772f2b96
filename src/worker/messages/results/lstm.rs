//! What an LSTM training run or model import sends back: the losses of each epoch, then the
//! scores on the test weeks and the forecast.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::calibration::Calibration;
use crate::analysis::ts::metrics::Metrics;
use crate::analysis::ts::select::regressors::RegressorEstimate;

use crate::worker::messages::specs::LstmSettings;

/// One epoch's losses as the page draws them (mean squared errors in scaled units).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochPoint {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss of the epoch.
    pub train_loss: f64,
    /// Validation loss after the epoch.
    pub val_loss: f64,
    /// Epoch with the lowest validation loss so far.
    pub best_epoch: usize,
    /// Lowest validation loss so far.
    pub best_val_loss: f64,
    /// The epoch budget.
    pub budget: usize,
    /// Milliseconds since training started.
    pub elapsed_ms: f64,
}

/// Why training ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    /// Patience ran out without a validation improvement.
    EarlyStop,
    /// The epoch budget was spent.
    Budget,
    /// The user pressed Stop.
    User,
    /// The model was imported, not trained here.
    Imported,
}

/// One model's score on the test weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelScore {
    /// Model name for the table, e.g. `SARIMA(1,1,1)(0,1,1,52)`.
    pub name: String,
    /// What kind of forecast it is (multi-step, one-step, reference).
    pub kind: ScoreKind,
    /// Accuracy on the test weeks (`None` when the model could not be scored).
    pub metrics: Option<Metrics>,
    /// Its forecast of the test weeks (empty when unavailable).
    pub forecast: Vec<f64>,
    /// Why it is missing, or a remark (e.g. a fallback model).
    pub note: Option<String>,
    /// Fitting time in milliseconds, where measured (SARIMAX).
    pub fit_ms: Option<f64>,
    /// Calendar regressors kept in the model, with their estimates (SARIMAX; empty when none).
    #[serde(default)]
    pub regressors: Vec<RegressorEstimate>,
}

/// The kind of a scored forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoreKind {
    /// The LSTM forecasting every test week from the end of the training part (recursive).
    Lstm,
    /// The LSTM predicting each test week from the actual previous weeks.
    LstmOneStep,
    /// Weekly SARIMAX fitted on the training part.
    Sarimax,
    /// Last year's same week.
    SeasonalNaive,
}

/// Everything the LSTM page shows once a model is trained or imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LstmResult {
    /// Model label, e.g. `LSTM(50,32) window 12 + lag 52`.
    pub model: String,
    /// The settings the model was trained with (for an import: read from the file).
    pub settings: LstmSettings,
    /// How training ended.
    pub stop: StopReason,
    /// Epochs run.
    pub epochs_run: usize,
    /// Epoch whose weights were kept (0: the initial weights).
    pub best_epoch: usize,
    /// Validation loss of the kept weights (scaled units).
    pub best_val_loss: f64,
    /// Training wall time in the worker, ms (None for an import).
    pub training_ms: Option<f64>,
    /// Trainable parameters.
    pub num_params: usize,
    /// Weight bytes (f32).
    pub size_bytes: usize,
    /// Size of the model file in bytes.
    pub file_bytes: usize,
    /// First day of each complete week of the series.
    pub starts: Vec<i32>,
    /// Weekly counts (complete weeks only).
    pub history: Vec<f64>,
    /// Partial first / last weeks left out.
    pub dropped_partial: (bool, bool),
    /// Number of test weeks (the last ones of `history`).
    pub test_weeks: usize,
    /// Scores on the test weeks: LSTM, LSTM one-step, SARIMAX, seasonal naive.
    pub scores: Vec<ModelScore>,
    /// First day of each forecast week.
    pub forecast_starts: Vec<i32>,
    /// Forecast of the weeks after the last complete week.
    pub mean: Vec<f64>,
    /// Lower bound of the approximate band.
    pub lower: Vec<f64>,
    /// Upper bound of the approximate band.
    pub upper: Vec<f64>,
    /// Band coverage.
    pub level: f64,
    /// The fitted model as a `crimecast-lstm` JSON document (for export).
    pub model_json: String,
    /// The LSTM's forecast of the test weeks with its 80 % and 95 % bootstrap bands over the
    /// actual weeks: band coverage, RMSE as % of the mean and conformal bands (None when the
    /// bands could not be computed).
    #[serde(default)]
    pub calibration: Option<Calibration>,
}

impl LstmResult {
    /// The score of one kind of model, if present.
    pub fn score(&self, kind: ScoreKind) -> Option<&ModelScore> {
        self.scores.iter().find(|s| s.kind == kind)
    }

    /// The most accurate of the multi-step forecasts (LSTM, SARIMAX, seasonal naive) by MAPE
    /// (RMSE when MAPE is undefined).
    pub fn winner(&self) -> Option<&ModelScore> {
        let key = |m: &Metrics| m.mape.unwrap_or(f64::INFINITY);
        let rmse_only = self
            .scores
            .iter()
            .filter_map(|s| s.metrics.as_ref())
            .all(|m| m.mape.is_none());
        self.scores
            .iter()
            .filter(|s| s.kind != ScoreKind::LstmOneStep)
            .filter(|s| s.metrics.is_some())
            .min_by(|a, b| {
                let (Some(ma), Some(mb)) = (&a.metrics, &b.metrics) else {
                    return std::cmp::Ordering::Equal;
                };
                if rmse_only {
                    ma.rmse.total_cmp(&mb.rmse)
                } else {
                    key(ma).total_cmp(&key(mb))
                }
            })
    }
}
