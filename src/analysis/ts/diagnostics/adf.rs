//! Augmented Dickey–Fuller unit-root test with a constant and AIC lag selection
//! (statsmodels `adfuller(x, regression="c", autolag="AIC")`).
//!
//! # Algorithm
//! `Δy_t = α + γ y_{t−1} + Σ_{i=1}^{k} β_i Δy_{t−i} + ε_t`. The maximum lag is
//! `min(⌈12 (n/100)^{1/4}⌉, n/2 − 2)`; each k in `0..=maxlag` is fitted on the common sample of
//! the maximum lag and the smallest AIC wins (ties to the smaller k). The chosen k is refitted on
//! its own full sample; the statistic is the t-value of γ. The p-value follows MacKinnon (1994),
//! the critical values MacKinnon (2010) for the refit's number of observations.

use serde::{Deserialize, Serialize};

use super::mackinnon;
use crate::analysis::ts::linalg::{check_finite, is_constant, Ols};
use crate::analysis::{Error, Result};

/// Critical values of the τ statistic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AdfCrit {
    /// 1% critical value.
    #[serde(rename = "1%")]
    pub one: f64,
    /// 5% critical value.
    #[serde(rename = "5%")]
    pub five: f64,
    /// 10% critical value.
    #[serde(rename = "10%")]
    pub ten: f64,
}

/// Result of the augmented Dickey–Fuller test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Adf {
    /// τ statistic (t-value of the lagged level).
    pub stat: f64,
    /// MacKinnon approximate p-value of the unit-root null.
    pub pvalue: f64,
    /// Number of lagged differences chosen by AIC.
    pub usedlag: usize,
    /// Observations in the final regression.
    pub nobs: usize,
    /// Critical values for `nobs`.
    pub crit: AdfCrit,
}

impl Adf {
    /// Lowest conventional level, in percent (1, 5 or 10), at which the unit root is rejected;
    /// None when it is not rejected at 10 %.
    pub fn rejected_at(&self) -> Option<u8> {
        if self.stat < self.crit.one {
            Some(1)
        } else if self.stat < self.crit.five {
            Some(5)
        } else if self.stat < self.crit.ten {
            Some(10)
        } else {
            None
        }
    }

    /// True when the unit root is rejected at 5%.
    pub fn is_stationary_5pct(&self) -> bool {
        self.stat < self.crit.five
    }
}

/// Regression rows for `lags` lagged differences over the last `nobs` differences:
/// `[1, y_{t−1}, Δy_{t−1}, …, Δy_{t−lags}]`.
fn design(y: &[f64], dy: &[f64], lags: usize, nobs: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let start = dy.len() - nobs;
    let rows = (start..dy.len())
        .map(|t| {
            let mut r = Vec::with_capacity(lags + 2);
            r.push(1.0);
            r.push(y[t]);
            r.extend((1..=lags).map(|i| dy[t - i]));
            r
        })
        .collect();
    (rows, dy[start..].to_vec())
}

fn aic(fit: &Ols, nobs: usize) -> f64 {
    let n = nobs as f64;
    let llf = -n / 2.0 * ((2.0 * std::f64::consts::PI).ln() + (fit.ssr / n).ln() + 1.0);
    -2.0 * llf + 2.0 * fit.rank as f64
}

/// Augmented Dickey–Fuller test (constant, AIC lag choice).
///
/// # Errors
/// `Data` if `y` has fewer than 6 values, is not finite or is constant; `Fit` if a regression
/// has no residual degrees of freedom.
pub fn adfuller(y: &[f64]) -> Result<Adf> {
    let n = y.len();
    if n < 6 {
        return Err(Error::Data(format!(
            "ADF test needs at least 6 observations, got {n}"
        )));
    }
    check_finite(y, "series")?;
    if is_constant(y) {
        return Err(Error::Data(format!(
            "ADF test is undefined for a constant series (every value is {})",
            y[0]
        )));
    }
    let schwert = (12.0 * (n as f64 / 100.0).powf(0.25)).ceil() as usize;
    let maxlag = schwert.min(n / 2 - 2);
    let dy: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
    let common = dy.len() - maxlag;
    let mut best: Option<(f64, usize)> = None;
    for lags in 0..=maxlag {
        let (rows, target) = design(y, &dy, lags, common);
        let fit = Ols::fit(&rows, &target)?;
        let a = aic(&fit, common);
        if best.is_none_or(|(b, _)| a < b) {
            best = Some((a, lags));
        }
    }
    let usedlag = best.map_or(0, |(_, l)| l);
    let nobs = dy.len() - usedlag;
    let (rows, target) = design(y, &dy, usedlag, nobs);
    let fit = Ols::fit(&rows, &target)?;
    let df = nobs as f64 - fit.rank as f64;
    if df <= 0.0 || fit.ssr <= 0.0 {
        return Err(Error::Fit(format!(
            "ADF regression with {usedlag} lags has no residual variation ({nobs} observations)"
        )));
    }
    let se = (fit.ssr / df * fit.xtx_inv_diag[1]).sqrt();
    let stat = fit.params[1] / se;
    if !stat.is_finite() {
        return Err(Error::Fit(format!("ADF statistic is not finite ({stat})")));
    }
    let c = mackinnon::critical_values(nobs);
    Ok(Adf {
        stat,
        pvalue: mackinnon::pvalue(stat),
        usedlag,
        nobs,
        crit: AdfCrit {
            one: c[0],
            five: c[1],
            ten: c[2],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_walk_is_not_rejected_and_noise_is() {
        // deterministic pseudo-noise
        let mut noise = crate::analysis::ts::test_noise(1);
        let e: Vec<f64> = (0..200).map(|_| noise()).collect();
        let walk: Vec<f64> = e
            .iter()
            .scan(0.0, |acc, v| {
                *acc += v + 0.3;
                Some(*acc)
            })
            .collect();
        let a = adfuller(&e).unwrap();
        assert!(a.is_stationary_5pct(), "{a:?}");
        assert!(matches!(a.rejected_at(), Some(1 | 5)), "{a:?}");
        let b = adfuller(&walk).unwrap();
        assert!(!b.is_stationary_5pct(), "{b:?}");
        assert_eq!(b.rejected_at(), None, "{b:?}");
    }

    #[test]
    fn short_constant_and_nan_are_errors() {
        assert!(adfuller(&[1.0, 2.0, 3.0]).is_err());
        assert!(adfuller(&[4.0; 20]).is_err());
        let mut y: Vec<f64> = (0..20).map(|i| i as f64).collect();
        y[4] = f64::NAN;
        assert!(adfuller(&y).is_err());
    }
}
