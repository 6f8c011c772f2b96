//! Checked reconciliation parameters: the method and the band level.

use serde::{Deserialize, Serialize};

use crate::analysis::ParamGuard;

/// How base forecasts are made coherent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ReconcileMethod {
    /// Keep the bottom series' forecasts and add them up (`G = [0 | I]`).
    BottomUp,
    /// Orthogonal projection onto the coherent subspace (`W = I`).
    Ols,
    /// Minimum trace with the Schäfer–Strimmer shrinkage of the one-step residual covariance
    /// toward its diagonal (`fabletools::min_trace(method = "mint_shrink")`).
    #[default]
    MintShrink,
}

impl ReconcileMethod {
    /// Every method, the default first.
    pub const ALL: [ReconcileMethod; 3] = [
        ReconcileMethod::MintShrink,
        ReconcileMethod::Ols,
        ReconcileMethod::BottomUp,
    ];

    /// Short key used in URLs and run records: `mint`, `ols`, `bu`.
    pub fn key(self) -> &'static str {
        match self {
            ReconcileMethod::BottomUp => "bu",
            ReconcileMethod::Ols => "ols",
            ReconcileMethod::MintShrink => "mint",
        }
    }

    /// The method for a key written by [`ReconcileMethod::key`].
    pub fn from_key(key: &str) -> Option<ReconcileMethod> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Name shown on the page.
    pub fn label(self) -> &'static str {
        match self {
            ReconcileMethod::BottomUp => "bottom-up",
            ReconcileMethod::Ols => "OLS",
            ReconcileMethod::MintShrink => "MinT (shrink)",
        }
    }
}

/// Entry point: `Reconciliation::params(method).level(0.95).check()?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconciliation;

impl Reconciliation {
    /// Unchecked parameters for `method` with 95 % bands.
    pub fn params(method: ReconcileMethod) -> ReconcileParams {
        ReconcileParams(ReconcileValidParams {
            method,
            level: 0.95,
        })
    }
}

/// A reconciliation rule that the parameters break, with the value that broke it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReconcileParamsError {
    /// The band level must lie strictly between 0 and 1.
    #[error("reconciliation band level = {0} must lie strictly between 0 and 1")]
    Level(f64),
}

/// Reconciliation parameters before validation; [`ParamGuard::check`] gives
/// [`ReconcileValidParams`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReconcileParams(ReconcileValidParams);

impl ReconcileParams {
    /// Set the coverage of the reconciled bands (e.g. 0.95); it must match the base bands'.
    pub fn level(mut self, level: f64) -> Self {
        self.0.level = level;
        self
    }
}

impl ParamGuard for ReconcileParams {
    type Checked = ReconcileValidParams;
    type Error = ReconcileParamsError;

    /// Rule: the level lies in (0, 1).
    fn check_ref(&self) -> Result<&ReconcileValidParams, ReconcileParamsError> {
        let l = self.0.level;
        if !(l > 0.0 && l < 1.0) {
            return Err(ReconcileParamsError::Level(l));
        }
        Ok(&self.0)
    }

    fn check(self) -> Result<ReconcileValidParams, ReconcileParamsError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// Validated reconciliation parameters; run with [`super::reconcile`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReconcileValidParams {
    method: ReconcileMethod,
    level: f64,
}

impl ReconcileValidParams {
    /// The method.
    pub fn method(&self) -> ReconcileMethod {
        self.method
    }

    /// Coverage of the bands, in (0, 1).
    pub fn level(&self) -> f64 {
        self.level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_must_lie_in_the_open_unit_interval() {
        for bad in [0.0, 1.0, -0.5, f64::NAN, 2.0] {
            let p = Reconciliation::params(ReconcileMethod::Ols).level(bad);
            assert!(matches!(p.check_ref(), Err(ReconcileParamsError::Level(_))));
        }
        let ok = Reconciliation::params(ReconcileMethod::Ols).level(0.8);
        assert_eq!(ok.check().map(|p| p.level()), Ok(0.8));
    }

    #[test]
    fn keys_round_trip_and_mint_is_the_default() {
        for m in ReconcileMethod::ALL {
            assert_eq!(ReconcileMethod::from_key(m.key()), Some(m));
        }
        assert_eq!(ReconcileMethod::default(), ReconcileMethod::MintShrink);
        assert_eq!(ReconcileMethod::from_key("wls"), None);
    }

    #[test]
    fn params_are_send_and_sync() {
        fn is<T: Send + Sync>() {}
        is::<ReconcileValidParams>();
    }
}
