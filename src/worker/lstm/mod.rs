//! The LSTM page's work in the worker: train the compact LSTM on the weekly counts of the
//! filtered reported incidents one epoch at a time (so progress is reported and a stop request
//! is heard), then score it on held-out test weeks next to weekly SARIMAX and the seasonal
//! naive baseline, and forecast the next 52 weeks with an approximate bootstrap band.
//!
//! The types here are plain data (they travel in messages and compile without the `lstm`
//! feature); the training itself lives in [`job`] and [`compare`].

#[cfg(feature = "lstm")]
pub mod compare;
#[cfg(feature = "lstm")]
pub mod job;
pub mod narrative;
#[cfg(all(test, feature = "lstm"))]
mod tests;

use serde::{Deserialize, Serialize};

use crate::analysis::ts::metrics::Metrics;
use crate::analysis::ParamGuard;

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
/// Allowed input windows, weeks (inclusive).
pub const WINDOW_RANGE: (usize, usize) = (1, 52);
/// Allowed units per LSTM layer (inclusive).
pub const UNITS_RANGE: (usize, usize) = (1, 128);
/// Allowed epoch budgets (inclusive).
pub const EPOCHS_RANGE: (usize, usize) = (1, 2000);
/// Allowed early-stopping patience, epochs (inclusive).
pub const PATIENCE_RANGE: (usize, usize) = (1, 500);
/// Allowed seasonal lags of the second input, weeks (inclusive; 0 turns it off).
pub const LAG_RANGE: (usize, usize) = (0, 104);
/// Allowed test periods, weeks (inclusive).
pub const TEST_RANGE: (usize, usize) = (4, 104);
/// Largest seed accepted.
pub const MAX_SEED: u64 = u32::MAX as u64;
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

/// What the page asks the LSTM to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LstmSettings {
    /// Past weeks fed to the network for each prediction.
    pub window: usize,
    /// Units of each stacked LSTM layer (one or two layers).
    pub units: Vec<usize>,
    /// Epoch budget.
    pub epochs: usize,
    /// Epochs without a validation improvement before training stops.
    pub patience: usize,
    /// Seed of the initial weights, the shuffling and the bootstrap.
    pub seed: u64,
    /// Also feed the value this many weeks earlier (52: last year's same week; 0: off).
    pub seasonal_lag: usize,
    /// Final weeks held out to score the models.
    pub test_weeks: usize,
}

impl Default for LstmSettings {
    fn default() -> Self {
        LstmSettings {
            window: 12,
            units: vec![50, 32],
            epochs: 200,
            patience: 20,
            seed: 1,
            seasonal_lag: 52,
            test_weeks: 52,
        }
    }
}

/// A page setting of the LSTM outside its allowed range, with the value given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LstmSettingsError {
    /// The window is within [`WINDOW_RANGE`].
    #[error("window must be between {lo} and {hi} weeks (got {0})", lo = WINDOW_RANGE.0, hi = WINDOW_RANGE.1)]
    Window(usize),
    /// One or two layers.
    #[error("units must be one or two layer sizes (got {0:?})")]
    Layers(Vec<usize>),
    /// Each layer's units are within [`UNITS_RANGE`].
    #[error("units per layer must be between {lo} and {hi} (got {0})", lo = UNITS_RANGE.0, hi = UNITS_RANGE.1)]
    Units(usize),
    /// The epoch budget is within [`EPOCHS_RANGE`].
    #[error("epochs must be between {lo} and {hi} (got {0})", lo = EPOCHS_RANGE.0, hi = EPOCHS_RANGE.1)]
    Epochs(usize),
    /// The patience is within [`PATIENCE_RANGE`].
    #[error("patience must be between {lo} and {hi} epochs (got {0})", lo = PATIENCE_RANGE.0, hi = PATIENCE_RANGE.1)]
    Patience(usize),
    /// The seasonal lag is within [`LAG_RANGE`].
    #[error("seasonal lag must be between {lo} and {hi} weeks (got {0})", lo = LAG_RANGE.0, hi = LAG_RANGE.1)]
    SeasonalLag(usize),
    /// The test weeks are within [`TEST_RANGE`].
    #[error("test weeks must be between {lo} and {hi} (got {0})", lo = TEST_RANGE.0, hi = TEST_RANGE.1)]
    TestWeeks(usize),
    /// The seed is at most [`MAX_SEED`].
    #[error("seed must be at most {MAX_SEED} (got {0})")]
    Seed(u64),
}

fn within(v: usize, (lo, hi): (usize, usize)) -> bool {
    (lo..=hi).contains(&v)
}

impl LstmSettingsError {
    /// The rule for the test weeks alone (an imported model brings its other settings).
    ///
    /// # Errors
    /// [`LstmSettingsError::TestWeeks`] outside [`TEST_RANGE`].
    pub fn check_test_weeks(test_weeks: usize) -> Result<(), LstmSettingsError> {
        if within(test_weeks, TEST_RANGE) {
            Ok(())
        } else {
            Err(LstmSettingsError::TestWeeks(test_weeks))
        }
    }
}

impl ParamGuard for LstmSettings {
    type Checked = LstmSettings;
    type Error = LstmSettingsError;

    /// Rules: every value within its allowed range, in the order of the fields.
    fn check_ref(&self) -> Result<&LstmSettings, LstmSettingsError> {
        use LstmSettingsError as E;
        if !within(self.window, WINDOW_RANGE) {
            return Err(E::Window(self.window));
        }
        if self.units.is_empty() || self.units.len() > 2 {
            return Err(E::Layers(self.units.clone()));
        }
        if let Some(&u) = self.units.iter().find(|u| !within(**u, UNITS_RANGE)) {
            return Err(E::Units(u));
        }
        if !within(self.epochs, EPOCHS_RANGE) {
            return Err(E::Epochs(self.epochs));
        }
        if !within(self.patience, PATIENCE_RANGE) {
            return Err(E::Patience(self.patience));
        }
        if !within(self.seasonal_lag, LAG_RANGE) {
            return Err(E::SeasonalLag(self.seasonal_lag));
        }
        E::check_test_weeks(self.test_weeks)?;
        if self.seed > MAX_SEED {
            return Err(E::Seed(self.seed));
        }
        Ok(self)
    }

    fn check(self) -> Result<LstmSettings, LstmSettingsError> {
        self.check_ref()?;
        Ok(self)
    }
}

impl LstmSettings {
    /// Weeks of history behind one prediction: window plus seasonal lag.
    pub fn context(&self) -> usize {
        self.window + self.seasonal_lag
    }

    /// Fewest complete weeks training accepts with these settings.
    pub fn min_weeks(&self) -> usize {
        self.context() + MIN_TRAIN_WINDOWS + VALIDATION_WEEKS + self.test_weeks
    }

    /// Units as text, e.g. `50,32`.
    pub fn units_text(&self) -> String {
        let u: Vec<String> = self.units.iter().map(ToString::to_string).collect();
        u.join(",")
    }
}

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

#[cfg(test)]
mod settings_rules {
    use super::*;

    fn with(f: impl FnOnce(&mut LstmSettings)) -> Result<LstmSettings, LstmSettingsError> {
        let mut s = LstmSettings::default();
        f(&mut s);
        s.check()
    }

    #[test]
    fn window_must_be_in_range() {
        assert_eq!(with(|s| s.window = 0), Err(LstmSettingsError::Window(0)));
        assert_eq!(with(|s| s.window = 53), Err(LstmSettingsError::Window(53)));
        assert!(with(|s| s.window = WINDOW_RANGE.1).is_ok());
    }

    #[test]
    fn units_must_be_one_or_two_layers_in_range() {
        assert_eq!(
            with(|s| s.units = vec![]),
            Err(LstmSettingsError::Layers(vec![]))
        );
        assert_eq!(
            with(|s| s.units = vec![8, 8, 8]),
            Err(LstmSettingsError::Layers(vec![8, 8, 8]))
        );
        assert_eq!(
            with(|s| s.units = vec![16, 129]),
            Err(LstmSettingsError::Units(129))
        );
        assert_eq!(
            with(|s| s.units = vec![0]),
            Err(LstmSettingsError::Units(0))
        );
    }

    #[test]
    fn epochs_patience_and_lag_must_be_in_range() {
        assert_eq!(
            with(|s| s.epochs = 2001),
            Err(LstmSettingsError::Epochs(2001))
        );
        assert_eq!(
            with(|s| s.patience = 0),
            Err(LstmSettingsError::Patience(0))
        );
        assert_eq!(
            with(|s| s.seasonal_lag = 105),
            Err(LstmSettingsError::SeasonalLag(105))
        );
        assert!(with(|s| s.seasonal_lag = 0).is_ok());
    }

    #[test]
    fn test_weeks_and_seed_must_be_in_range() {
        assert_eq!(
            with(|s| s.test_weeks = 3),
            Err(LstmSettingsError::TestWeeks(3))
        );
        assert_eq!(
            LstmSettingsError::check_test_weeks(105),
            Err(LstmSettingsError::TestWeeks(105))
        );
        assert_eq!(LstmSettingsError::check_test_weeks(4), Ok(()));
        assert_eq!(
            with(|s| s.seed = MAX_SEED + 1),
            Err(LstmSettingsError::Seed(MAX_SEED + 1))
        );
    }
}
