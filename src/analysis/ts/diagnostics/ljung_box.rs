//! Ljung–Box portmanteau test for autocorrelation.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::acf::acf;
use crate::analysis::{Error, Result};

/// Ljung–Box statistic and its χ² p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LjungBox {
    /// Q = n(n+2) Σ_{k=1}^{lag} ρ̂_k² / (n−k).
    pub stat: f64,
    /// Upper-tail probability of χ² with `lag` degrees of freedom.
    pub pvalue: f64,
}

impl LjungBox {
    /// Significance level of [`is_autocorrelated`](Self::is_autocorrelated).
    pub const LEVEL: f64 = 0.05;

    /// Whether the test rejects "no autocorrelation" at the 5 % level.
    pub fn is_autocorrelated(&self) -> bool {
        self.pvalue < Self::LEVEL
    }
}

/// Ljung–Box test over lags `1..=lag` using the biased sample autocorrelation.
///
/// # Errors
/// As [`acf`] (`1 ≤ lag < n`).
pub fn ljung_box(y: &[f64], lag: usize) -> Result<LjungBox> {
    let r = acf(y, lag)?;
    let n = y.len() as f64;
    let s: f64 = (1..=lag).map(|k| r[k] * r[k] / (n - k as f64)).sum();
    let stat = n * (n + 2.0) * s;
    let chi = ChiSquared::new(lag as f64)
        .map_err(|e| Error::Params(format!("χ² with {lag} degrees of freedom: {e}")))?;
    Ok(LjungBox {
        stat,
        pvalue: chi.sf(stat),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongly_trending_series_is_autocorrelated() {
        let y: Vec<f64> = (0..50).map(|i| i as f64).collect();
        let lb = ljung_box(&y, 5).unwrap();
        assert!(lb.pvalue < 1e-6);
        assert!(lb.is_autocorrelated());
    }

    #[test]
    fn lag_must_be_positive() {
        assert!(ljung_box(&[1.0, 2.0, 3.0, 1.0], 0).is_err());
    }
}
