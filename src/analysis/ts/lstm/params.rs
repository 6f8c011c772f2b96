//! Hyper-parameters of the LSTM forecaster, checked before any computation runs.

use serde::{Deserialize, Serialize};

use crate::analysis::{Error, Result};

/// Largest accepted input window, in weeks (ten years).
pub const MAX_WINDOW: usize = 520;
/// Largest accepted number of units in one LSTM layer.
pub const MAX_UNITS: usize = 512;
/// Largest accepted number of epochs.
pub const MAX_EPOCHS: usize = 100_000;
/// Largest accepted mini-batch size.
pub const MAX_BATCH: usize = 4096;
/// Largest accepted number of bootstrap paths for the forecast band.
pub const MAX_BOOTSTRAP: usize = 10_000;
/// Smallest accepted number of bootstrap paths for the forecast band.
pub const MIN_BOOTSTRAP: usize = 20;
/// Fewest training windows a fit accepts.
pub const MIN_TRAIN_WINDOWS: usize = 8;

/// Most layer sizes read from a document (more than two is refused by
/// [`LstmParams::check`]; this only keeps a hostile list from growing without bound).
const MAX_UNITS_LISTED: usize = 16;

fn unit_list<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<usize>, D::Error> {
    super::io::bounded_seq(d, MAX_UNITS_LISTED)
}

/// How the series is scaled before training (fitted on the training part only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scaling {
    /// Map the training minimum to 0 and the training maximum to 1.
    MinMax,
    /// Subtract the training mean and divide by the training standard deviation.
    Standard,
}

/// Unchecked LSTM hyper-parameters; call [`LstmParams::check`] to validate them.
///
/// Defaults: window 12 weeks, layers of 50 then 32 units, 200 epochs, patience 20,
/// batch 16, Adam learning rate 1e-3, seed 1, 52 validation weeks, min-max scaling,
/// 200 bootstrap paths for the forecast band, no seasonal-lag input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LstmParams {
    window: usize,
    #[serde(deserialize_with = "unit_list")]
    units: Vec<usize>,
    epochs: usize,
    patience: usize,
    batch: usize,
    learning_rate: f64,
    seed: u64,
    validation: usize,
    scaling: Scaling,
    bootstrap: usize,
    #[serde(default)]
    seasonal_lag: usize,
}

impl Default for LstmParams {
    fn default() -> Self {
        Self {
            window: 12,
            units: vec![50, 32],
            epochs: 200,
            patience: 20,
            batch: 16,
            learning_rate: 1e-3,
            seed: 1,
            validation: 52,
            scaling: Scaling::MinMax,
            bootstrap: 200,
            seasonal_lag: 0,
        }
    }
}

impl LstmParams {
    /// The default parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of past weeks fed to the network to predict the next week.
    pub fn window(mut self, weeks: usize) -> Self {
        self.window = weeks;
        self
    }

    /// Units of each stacked LSTM layer (one or two layers), e.g. `&[50, 32]`.
    pub fn units(mut self, units: &[usize]) -> Self {
        self.units = units.to_vec();
        self
    }

    /// Maximum number of passes over the training windows.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Epochs without a validation-loss improvement before training stops.
    pub fn patience(mut self, epochs: usize) -> Self {
        self.patience = epochs;
        self
    }

    /// Mini-batch size.
    pub fn batch(mut self, size: usize) -> Self {
        self.batch = size;
        self
    }

    /// Adam step size.
    pub fn learning_rate(mut self, lr: f64) -> Self {
        self.learning_rate = lr;
        self
    }

    /// Seed of every random choice (initial weights, shuffling, bootstrap).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Final weeks of the fitted series held out for early stopping and residuals.
    pub fn validation(mut self, weeks: usize) -> Self {
        self.validation = weeks;
        self
    }

    /// Scaling fitted on the training part.
    pub fn scaling(mut self, scaling: Scaling) -> Self {
        self.scaling = scaling;
        self
    }

    /// Number of simulated paths behind the forecast band.
    pub fn bootstrap(mut self, paths: usize) -> Self {
        self.bootstrap = paths;
        self
    }

    /// Also feed the value `lag` weeks before each window week as a second input
    /// (e.g. 52 for a yearly season; 0, the default, turns it off). Each prediction then
    /// needs `window + lag` weeks of history.
    pub fn seasonal_lag(mut self, lag: usize) -> Self {
        self.seasonal_lag = lag;
        self
    }

    /// Validate every rule; the first broken rule is reported with the offending value.
    pub fn check(&self) -> Result<LstmValidParams> {
        let bad = |msg: String| Err(Error::Params(msg));
        if self.window == 0 || self.window > MAX_WINDOW {
            return bad(format!(
                "window must be between 1 and {MAX_WINDOW} weeks (got {})",
                self.window
            ));
        }
        if self.units.is_empty() || self.units.len() > 2 {
            return bad(format!(
                "units must list one or two layer sizes (got {:?})",
                self.units
            ));
        }
        if let Some(u) = self.units.iter().find(|&&u| u == 0 || u > MAX_UNITS) {
            return bad(format!(
                "each layer needs between 1 and {MAX_UNITS} units (got {u} in {:?})",
                self.units
            ));
        }
        if self.epochs == 0 || self.epochs > MAX_EPOCHS {
            return bad(format!(
                "epochs must be between 1 and {MAX_EPOCHS} (got {})",
                self.epochs
            ));
        }
        if self.patience == 0 {
            return bad("patience must be at least 1 epoch (got 0)".into());
        }
        if self.batch == 0 || self.batch > MAX_BATCH {
            return bad(format!(
                "batch must be between 1 and {MAX_BATCH} (got {})",
                self.batch
            ));
        }
        let lr = self.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr <= 1.0) {
            return bad(format!("learning_rate must be in (0, 1] (got {lr})"));
        }
        if self.validation == 0 {
            return bad("validation must hold out at least 1 week (got 0)".into());
        }
        if self.bootstrap < MIN_BOOTSTRAP || self.bootstrap > MAX_BOOTSTRAP {
            return bad(format!(
                "bootstrap must be between {MIN_BOOTSTRAP} and {MAX_BOOTSTRAP} paths (got {})",
                self.bootstrap
            ));
        }
        if self.seasonal_lag > MAX_WINDOW {
            return bad(format!(
                "seasonal_lag must be at most {MAX_WINDOW} weeks (got {})",
                self.seasonal_lag
            ));
        }
        Ok(LstmValidParams(self.clone()))
    }
}

/// LSTM hyper-parameters that passed [`LstmParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct LstmValidParams(LstmParams);

impl LstmValidParams {
    /// Input window in weeks.
    pub fn window(&self) -> usize {
        self.0.window
    }
    /// Units of each LSTM layer.
    pub fn units(&self) -> &[usize] {
        &self.0.units
    }
    /// Maximum number of epochs.
    pub fn epochs(&self) -> usize {
        self.0.epochs
    }
    /// Early-stopping patience in epochs.
    pub fn patience(&self) -> usize {
        self.0.patience
    }
    /// Mini-batch size.
    pub fn batch(&self) -> usize {
        self.0.batch
    }
    /// Adam learning rate.
    pub fn learning_rate(&self) -> f64 {
        self.0.learning_rate
    }
    /// Random seed.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// Validation weeks at the end of the fitted series.
    pub fn validation(&self) -> usize {
        self.0.validation
    }
    /// Scaling kind.
    pub fn scaling(&self) -> Scaling {
        self.0.scaling
    }
    /// Bootstrap paths for the forecast band.
    pub fn bootstrap(&self) -> usize {
        self.0.bootstrap
    }
    /// Seasonal lag of the second input (0 when off).
    pub fn seasonal_lag(&self) -> usize {
        self.0.seasonal_lag
    }
    /// Weeks of history behind one prediction: `window + seasonal_lag`.
    pub fn context(&self) -> usize {
        self.0.window + self.0.seasonal_lag
    }
    /// Input features per time step (1, or 2 with a seasonal lag).
    pub fn n_inputs(&self) -> usize {
        if self.0.seasonal_lag > 0 {
            2
        } else {
            1
        }
    }
    /// The unchecked parameters these were built from.
    pub fn unchecked(&self) -> &LstmParams {
        &self.0
    }
    /// A short model label, e.g. `LSTM(50,32) window 12`.
    pub fn label(&self) -> String {
        let units: Vec<String> = self.0.units.iter().map(ToString::to_string).collect();
        let mut label = format!("LSTM({}) window {}", units.join(","), self.0.window);
        if self.0.seasonal_lag > 0 {
            label.push_str(&format!(" + lag {}", self.0.seasonal_lag));
        }
        label
    }
}
