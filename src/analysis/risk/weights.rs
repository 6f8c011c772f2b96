//! The two weights of the Composite Risk Score: their rules (finite, non-negative, not both
//! zero) and their normalisation to a sum of 1.

use serde::{Deserialize, Serialize};

use crate::analysis::ParamGuard;

/// The two weights of the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Weight of the scaled 12-month forecast.
    pub forecast: f64,
    /// Weight of the scaled momentum.
    pub momentum: f64,
}

/// The default weights, 0.6 and 0.4.
pub const DEFAULT_WEIGHTS: Weights = Weights {
    forecast: 0.6,
    momentum: 0.4,
};

impl Default for Weights {
    fn default() -> Self {
        DEFAULT_WEIGHTS
    }
}

/// Weights that passed their check and were normalised ([`Weights::normalise`]): they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CheckedWeights {
    /// The weights used (summing to 1).
    pub weights: Weights,
    /// Whether the weights given had to be normalised.
    pub normalised: bool,
}

/// A number with at most 4 decimals and no trailing zeros, as messages about weights print it.
pub(crate) fn short(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// One of the two weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Weight {
    /// The forecast weight.
    Forecast,
    /// The momentum weight.
    Momentum,
}

impl Weight {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Weight::Forecast => "forecast",
            Weight::Momentum => "momentum",
        }
    }
}

/// A rule the weights break, with the value that broke it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeightsError {
    /// Each weight is a finite number.
    #[error("the {} weight must be a number (got {value})", .which.name())]
    NotFinite {
        /// Which weight.
        which: Weight,
        /// The value given.
        value: f64,
    },
    /// No weight is negative.
    #[error("the {} weight must not be negative (got {})", .which.name(), short(*.value))]
    Negative {
        /// Which weight.
        which: Weight,
        /// The value given.
        value: f64,
    },
    /// At least one weight is above zero.
    #[error("at least one weight must be above zero (got a sum of {})", short(*.0))]
    Zero(f64),
}

impl WeightsError {
    /// The weight at fault (None when it is their sum).
    pub fn weight(&self) -> Option<Weight> {
        match self {
            WeightsError::NotFinite { which, .. } | WeightsError::Negative { which, .. } => {
                Some(*which)
            }
            WeightsError::Zero(_) => None,
        }
    }
}

impl ParamGuard for Weights {
    type Checked = Weights;
    type Error = WeightsError;

    /// Rules: both weights finite and non-negative, not both zero.
    fn check_ref(&self) -> std::result::Result<&Weights, WeightsError> {
        for (which, value) in [
            (Weight::Forecast, self.forecast),
            (Weight::Momentum, self.momentum),
        ] {
            if !value.is_finite() {
                return Err(WeightsError::NotFinite { which, value });
            }
            if value < 0.0 {
                return Err(WeightsError::Negative { which, value });
            }
        }
        let sum = self.forecast + self.momentum;
        if sum <= 0.0 {
            return Err(WeightsError::Zero(sum));
        }
        Ok(self)
    }

    fn check(self) -> std::result::Result<Weights, WeightsError> {
        self.check_ref()?;
        Ok(self)
    }
}

impl Weights {
    /// Check, then divide by the sum so the weights used sum to 1.
    ///
    /// # Errors
    /// The rule the weights break (see [`ParamGuard::check`]).
    pub fn normalise(self) -> std::result::Result<CheckedWeights, WeightsError> {
        let w = self.check()?;
        let sum = w.forecast + w.momentum;
        let normalised = (sum - 1.0).abs() > 1e-9;
        Ok(CheckedWeights {
            weights: Weights {
                forecast: w.forecast / sum,
                momentum: w.momentum / sum,
            },
            normalised,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(forecast: f64, momentum: f64) -> Weights {
        Weights { forecast, momentum }
    }

    #[test]
    fn weights_must_not_be_negative() {
        assert_eq!(
            w(-0.1, 1.1).check_ref(),
            Err(WeightsError::Negative {
                which: Weight::Forecast,
                value: -0.1
            })
        );
        let e = w(0.5, -2.0).check().unwrap_err();
        assert_eq!(e.weight(), Some(Weight::Momentum));
        assert!(
            e.to_string().contains("must not be negative (got -2)"),
            "{e}"
        );
    }

    #[test]
    fn weights_must_be_finite() {
        assert!(matches!(
            w(0.5, f64::INFINITY).check(),
            Err(WeightsError::NotFinite { which: Weight::Momentum, value }) if value.is_infinite()
        ));
        assert!(matches!(
            w(f64::NAN, 0.5).check_ref(),
            Err(WeightsError::NotFinite { which: Weight::Forecast, value }) if value.is_nan()
        ));
    }

    #[test]
    fn weights_must_not_both_be_zero() {
        let zero = w(0.0, 0.0).check().unwrap_err();
        assert_eq!(
            (zero.clone(), zero.weight()),
            (WeightsError::Zero(0.0), None)
        );
        assert_eq!(w(0.0, 2.0).check(), Ok(w(0.0, 2.0)));
    }
}
