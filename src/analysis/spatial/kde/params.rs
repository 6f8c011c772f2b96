//! Bandwidth rules: how the kernel's bandwidth factor is chosen, and the rule a given factor
//! must follow.

use crate::analysis::ParamGuard;

/// How the bandwidth factor `h` (kernel covariance = `h²` × data covariance) is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Bandwidth {
    /// Scott's rule, `h = n_eff^(−1/6)` in two dimensions (scipy's default).
    #[default]
    Scott,
    /// Silverman's rule, `h = (n_eff · (d+2)/4)^(−1/(d+4))`; equal to Scott's rule for d = 2.
    Silverman,
    /// A given factor `h` (dimensionless, > 0).
    Factor(f64),
}

/// A KDE bandwidth rule that is broken, with the value that broke it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KdeParamsError {
    /// A given bandwidth factor must be a positive finite number.
    #[error("bandwidth factor = {0} must be a positive number")]
    Factor(f64),
}

impl ParamGuard for Bandwidth {
    type Checked = Bandwidth;
    type Error = KdeParamsError;

    /// Rule: a given factor is positive and finite (the two rules need nothing).
    fn check_ref(&self) -> Result<&Bandwidth, KdeParamsError> {
        match *self {
            Bandwidth::Factor(f) if !(f.is_finite() && f > 0.0) => Err(KdeParamsError::Factor(f)),
            _ => Ok(self),
        }
    }

    fn check(self) -> Result<Bandwidth, KdeParamsError> {
        self.check_ref()?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_must_be_positive_and_finite() {
        for bad in [0.0, -1.0, f64::INFINITY] {
            assert_eq!(
                Bandwidth::Factor(bad).check(),
                Err(KdeParamsError::Factor(bad))
            );
        }
        assert!(matches!(
            Bandwidth::Factor(f64::NAN).check_ref(),
            Err(KdeParamsError::Factor(v)) if v.is_nan()
        ));
        for ok in [
            Bandwidth::Scott,
            Bandwidth::Silverman,
            Bandwidth::Factor(0.3),
        ] {
            assert_eq!(ok.check_ref(), Ok(&ok));
        }
    }
}
