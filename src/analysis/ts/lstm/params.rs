//! Hyper-parameters of the LSTM forecaster, checked before any computation runs.

use serde::{Deserialize, Serialize};

use crate::analysis::ParamGuard;

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
/// [`ParamGuard::check`]; this only keeps a hostile list from growing without bound).
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

/// An LSTM rule that the hyper-parameters break, with the value that broke it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LstmParamsError {
    /// The window is 1 to [`MAX_WINDOW`] weeks.
    #[error("window must be between 1 and {MAX_WINDOW} weeks (got {0})")]
    Window(usize),
    /// One or two layers.
    #[error("units must list one or two layer sizes (got {0:?})")]
    Layers(Vec<usize>),
    /// Each layer has 1 to [`MAX_UNITS`] units.
    #[error("each layer needs between 1 and {MAX_UNITS} units (got {0})")]
    Units(usize),
    /// 1 to [`MAX_EPOCHS`] epochs.
    #[error("epochs must be between 1 and {MAX_EPOCHS} (got {0})")]
    Epochs(usize),
    /// A patience of at least one epoch.
    #[error("patience must be at least 1 epoch (got {0})")]
    Patience(usize),
    /// Mini-batches of 1 to [`MAX_BATCH`].
    #[error("batch must be between 1 and {MAX_BATCH} (got {0})")]
    Batch(usize),
    /// A learning rate in (0, 1].
    #[error("learning_rate must be in (0, 1] (got {0})")]
    LearningRate(f64),
    /// At least one validation week.
    #[error("validation must hold out at least 1 week (got {0})")]
    Validation(usize),
    /// [`MIN_BOOTSTRAP`] to [`MAX_BOOTSTRAP`] bootstrap paths.
    #[error("bootstrap must be between {MIN_BOOTSTRAP} and {MAX_BOOTSTRAP} paths (got {0})")]
    Bootstrap(usize),
    /// A seasonal lag of at most [`MAX_WINDOW`] weeks.
    #[error("seasonal_lag must be at most {MAX_WINDOW} weeks (got {0})")]
    SeasonalLag(usize),
}

/// Unchecked LSTM hyper-parameters; [`ParamGuard::check`] gives [`LstmValidParams`].
///
/// Defaults: window 12 weeks, layers of 50 then 32 units, 200 epochs, patience 20,
/// batch 16, Adam learning rate 1e-3, seed 1, 52 validation weeks, min-max scaling,
/// 200 bootstrap paths for the forecast band, no seasonal-lag input.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LstmParams(LstmValidParams);

impl Default for LstmValidParams {
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

impl From<LstmValidParams> for LstmParams {
    /// Checked parameters as a builder again (e.g. to write them to a model file).
    fn from(valid: LstmValidParams) -> Self {
        LstmParams(valid)
    }
}

impl LstmParams {
    /// The default parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of past weeks fed to the network to predict the next week.
    pub fn window(mut self, weeks: usize) -> Self {
        self.0.window = weeks;
        self
    }

    /// Units of each stacked LSTM layer (one or two layers), e.g. `&[50, 32]`.
    pub fn units(mut self, units: &[usize]) -> Self {
        self.0.units = units.to_vec();
        self
    }

    /// Maximum number of passes over the training windows.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.0.epochs = epochs;
        self
    }

    /// Epochs without a validation-loss improvement before training stops.
    pub fn patience(mut self, epochs: usize) -> Self {
        self.0.patience = epochs;
        self
    }

    /// Mini-batch size.
    pub fn batch(mut self, size: usize) -> Self {
        self.0.batch = size;
        self
    }

    /// Adam step size.
    pub fn learning_rate(mut self, lr: f64) -> Self {
        self.0.learning_rate = lr;
        self
    }

    /// Seed of every random choice (initial weights, shuffling, bootstrap).
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }

    /// Final weeks of the fitted series held out for early stopping and residuals.
    pub fn validation(mut self, weeks: usize) -> Self {
        self.0.validation = weeks;
        self
    }

    /// Scaling fitted on the training part.
    pub fn scaling(mut self, scaling: Scaling) -> Self {
        self.0.scaling = scaling;
        self
    }

    /// Number of simulated paths behind the forecast band.
    pub fn bootstrap(mut self, paths: usize) -> Self {
        self.0.bootstrap = paths;
        self
    }

    /// Also feed the value `lag` weeks before each window week as a second input
    /// (e.g. 52 for a yearly season; 0, the default, turns it off). Each prediction then
    /// needs `window + lag` weeks of history.
    pub fn seasonal_lag(mut self, lag: usize) -> Self {
        self.0.seasonal_lag = lag;
        self
    }
}

impl ParamGuard for LstmParams {
    type Checked = LstmValidParams;
    type Error = LstmParamsError;

    /// Every rule, in the order of the fields; the first broken rule is reported with the
    /// offending value.
    fn check_ref(&self) -> Result<&LstmValidParams, LstmParamsError> {
        use LstmParamsError as E;
        let p = &self.0;
        if p.window == 0 || p.window > MAX_WINDOW {
            return Err(E::Window(p.window));
        }
        if p.units.is_empty() || p.units.len() > 2 {
            return Err(E::Layers(p.units.clone()));
        }
        if let Some(&u) = p.units.iter().find(|&&u| u == 0 || u > MAX_UNITS) {
            return Err(E::Units(u));
        }
        if p.epochs == 0 || p.epochs > MAX_EPOCHS {
            return Err(E::Epochs(p.epochs));
        }
        if p.patience == 0 {
            return Err(E::Patience(p.patience));
        }
        if p.batch == 0 || p.batch > MAX_BATCH {
            return Err(E::Batch(p.batch));
        }
        let lr = p.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr <= 1.0) {
            return Err(E::LearningRate(lr));
        }
        if p.validation == 0 {
            return Err(E::Validation(p.validation));
        }
        if p.bootstrap < MIN_BOOTSTRAP || p.bootstrap > MAX_BOOTSTRAP {
            return Err(E::Bootstrap(p.bootstrap));
        }
        if p.seasonal_lag > MAX_WINDOW {
            return Err(E::SeasonalLag(p.seasonal_lag));
        }
        Ok(p)
    }

    fn check(self) -> Result<LstmValidParams, LstmParamsError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// LSTM hyper-parameters that passed their check (see [`LstmParams`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LstmValidParams {
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

impl LstmValidParams {
    /// Input window in weeks.
    pub fn window(&self) -> usize {
        self.window
    }
    /// Units of each LSTM layer.
    pub fn units(&self) -> &[usize] {
        &self.units
    }
    /// Maximum number of epochs.
    pub fn epochs(&self) -> usize {
        self.epochs
    }
    /// Early-stopping patience in epochs.
    pub fn patience(&self) -> usize {
        self.patience
    }
    /// Mini-batch size.
    pub fn batch(&self) -> usize {
        self.batch
    }
    /// Adam learning rate.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }
    /// Random seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Validation weeks at the end of the fitted series.
    pub fn validation(&self) -> usize {
        self.validation
    }
    /// Scaling kind.
    pub fn scaling(&self) -> Scaling {
        self.scaling
    }
    /// Bootstrap paths for the forecast band.
    pub fn bootstrap(&self) -> usize {
        self.bootstrap
    }
    /// Seasonal lag of the second input (0 when off).
    pub fn seasonal_lag(&self) -> usize {
        self.seasonal_lag
    }
    /// Weeks of history behind one prediction: `window + seasonal_lag`.
    pub fn context(&self) -> usize {
        self.window + self.seasonal_lag
    }
    /// Input features per time step (1, or 2 with a seasonal lag).
    pub fn n_inputs(&self) -> usize {
        if self.seasonal_lag > 0 {
            2
        } else {
            1
        }
    }
    /// A short model label, e.g. `LSTM(50,32) window 12`.
    pub fn label(&self) -> String {
        let units: Vec<String> = self.units.iter().map(ToString::to_string).collect();
        let mut label = format!("LSTM({}) window {}", units.join(","), self.window);
        if self.seasonal_lag > 0 {
            label.push_str(&format!(" + lag {}", self.seasonal_lag));
        }
        label
    }
}
