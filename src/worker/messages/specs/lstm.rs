//! What the LSTM page asks for, with the range of every setting it accepts (written once
//! here; the URL layer and the page's form check values against them through
//! [`ParamGuard::check_ref`], the worker through [`ParamGuard::check`]). These are the page's
//! limits; the network's own limits (for model files from elsewhere) are those of
//! [`LstmParams`](crate::analysis::ts::lstm::LstmParams).

use serde::{Deserialize, Serialize};

use crate::analysis::ParamGuard;
use crate::worker::lstm::{MIN_TRAIN_WINDOWS, VALIDATION_WEEKS};

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

#[cfg(test)]
mod tests {
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
    fn one_or_two_layers() {
        assert_eq!(
            with(|s| s.units = vec![]),
            Err(LstmSettingsError::Layers(vec![]))
        );
        assert_eq!(
            with(|s| s.units = vec![8, 8, 8]),
            Err(LstmSettingsError::Layers(vec![8, 8, 8]))
        );
    }

    #[test]
    fn units_per_layer_must_be_in_range() {
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
    fn epochs_must_be_in_range() {
        assert_eq!(
            with(|s| s.epochs = 2001),
            Err(LstmSettingsError::Epochs(2001))
        );
        assert_eq!(with(|s| s.epochs = 0), Err(LstmSettingsError::Epochs(0)));
    }

    #[test]
    fn patience_must_be_in_range() {
        assert_eq!(
            with(|s| s.patience = 0),
            Err(LstmSettingsError::Patience(0))
        );
    }

    #[test]
    fn seasonal_lag_must_be_in_range() {
        assert_eq!(
            with(|s| s.seasonal_lag = 105),
            Err(LstmSettingsError::SeasonalLag(105))
        );
        assert!(with(|s| s.seasonal_lag = 0).is_ok());
    }

    #[test]
    fn test_weeks_must_be_in_range() {
        assert_eq!(
            with(|s| s.test_weeks = 3),
            Err(LstmSettingsError::TestWeeks(3))
        );
        assert_eq!(
            LstmSettingsError::check_test_weeks(105),
            Err(LstmSettingsError::TestWeeks(105))
        );
        assert_eq!(LstmSettingsError::check_test_weeks(4), Ok(()));
    }

    #[test]
    fn seed_must_fit_in_32_bits() {
        assert_eq!(
            with(|s| s.seed = MAX_SEED + 1),
            Err(LstmSettingsError::Seed(MAX_SEED + 1))
        );
        assert!(with(|s| s.seed = MAX_SEED).is_ok());
    }
}
