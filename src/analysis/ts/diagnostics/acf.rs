//! Sample autocorrelation and partial autocorrelation functions.

use crate::analysis::ts::linalg::{check_finite, is_constant, Ols};
use crate::analysis::{Error, Result};

fn check_series(y: &[f64], nlags: usize, max_lag: usize, what: &str) -> Result<()> {
    if y.len() < 3 {
        return Err(Error::Data(format!(
            "{what} needs at least 3 observations, got {}",
            y.len()
        )));
    }
    check_finite(y, "series")?;
    if is_constant(y) {
        return Err(Error::Data(format!(
            "{what} is undefined for a constant series (every value is {})",
            y[0]
        )));
    }
    if nlags == 0 || nlags > max_lag {
        return Err(Error::Params(format!(
            "{what} lags must be between 1 and {max_lag} for {} observations, got {nlags}",
            y.len()
        )));
    }
    Ok(())
}

/// Autocovariances of the demeaned series for lags `0..=nlags`; `adjusted` divides lag k by
/// `n − k` instead of `n`.
fn autocov(y: &[f64], nlags: usize, adjusted: bool) -> Vec<f64> {
    let n = y.len();
    let mean = y.iter().sum::<f64>() / n as f64;
    let x: Vec<f64> = y.iter().map(|v| v - mean).collect();
    (0..=nlags)
        .map(|k| {
            let s: f64 = x[..n - k].iter().zip(&x[k..]).map(|(a, b)| a * b).sum();
            let denom = if adjusted { n - k } else { n };
            s / denom as f64
        })
        .collect()
}

/// Biased sample autocorrelation (autocovariances divided by `n`) for lags `0..=nlags`.
///
/// # Errors
/// `Data` for fewer than 3 points, non-finite or constant data; `Params` unless
/// `1 ≤ nlags < n`.
pub fn acf(y: &[f64], nlags: usize) -> Result<Vec<f64>> {
    check_series(y, nlags, y.len().saturating_sub(1), "autocorrelation")?;
    let g = autocov(y, nlags, false);
    Ok(g.iter().map(|v| v / g[0]).collect())
}

/// Partial autocorrelation by Yule–Walker with adjusted (`n − k`) autocovariances, lags
/// `0..=nlags` (statsmodels `pacf(method="ywadjusted")`).
///
/// # Errors
/// As [`acf`], with `nlags ≤ n / 2`; `Fit` if the Yule–Walker system is singular.
pub fn pacf_yw_adjusted(y: &[f64], nlags: usize) -> Result<Vec<f64>> {
    check_series(y, nlags, y.len() / 2, "partial autocorrelation")?;
    let r = autocov(y, nlags, true);
    // Levinson–Durbin recursion on the Toeplitz system of each order.
    let mut out = vec![1.0];
    let mut phi: Vec<f64> = Vec::with_capacity(nlags);
    let mut err = r[0];
    for k in 1..=nlags {
        let acc: f64 = (1..k).map(|j| phi[j - 1] * r[k - j]).sum();
        if err.abs() < 1e-300 || !err.is_finite() {
            return Err(Error::Fit(format!(
                "Yule–Walker system is singular at lag {k}"
            )));
        }
        let kappa = (r[k] - acc) / err;
        let prev = phi.clone();
        for j in 1..k {
            phi[j - 1] = prev[j - 1] - kappa * prev[k - j - 1];
        }
        phi.push(kappa);
        err *= 1.0 - kappa * kappa;
        out.push(kappa);
    }
    Ok(out)
}

/// Partial autocorrelation by OLS (statsmodels `pacf(method="ols")`): for each lag k, the last
/// coefficient of the regression of `y_t` on a constant and `y_{t−1}, …, y_{t−k}` over
/// `t = k, …, n−1`.
///
/// # Errors
/// As [`pacf_yw_adjusted`].
pub fn pacf_ols(y: &[f64], nlags: usize) -> Result<Vec<f64>> {
    check_series(y, nlags, y.len() / 2, "partial autocorrelation")?;
    let mut out = vec![1.0];
    for k in 1..=nlags {
        let rows: Vec<Vec<f64>> = (k..y.len())
            .map(|t| {
                let mut r = Vec::with_capacity(k + 1);
                r.push(1.0);
                r.extend((1..=k).map(|j| y[t - j]));
                r
            })
            .collect();
        let fit = Ols::fit(&rows, &y[k..])?;
        out.push(fit.params[k]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acf_of_alternating_series() {
        let y = [1.0, -1.0, 1.0, -1.0];
        let r = acf(&y, 1).unwrap();
        assert_eq!(r[0], 1.0);
        assert!((r[1] + 0.75).abs() < 1e-12);
    }

    #[test]
    fn pacf_lag_one_equals_adjusted_acf_ratio() {
        let y = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 5.0, 8.0];
        let p = pacf_yw_adjusted(&y, 2).unwrap();
        let g = autocov(&y, 1, true);
        assert!((p[1] - g[1] / g[0]).abs() < 1e-12);
        assert_eq!(pacf_ols(&y, 2).unwrap().len(), 3);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(acf(&[1.0, 1.0, 1.0, 1.0], 2).is_err());
        assert!(acf(&[1.0, f64::NAN, 2.0, 3.0], 2).is_err());
        assert!(acf(&[1.0, 2.0], 1).is_err());
        assert!(matches!(acf(&[1.0, 2.0, 4.0], 3), Err(Error::Params(_))));
        assert!(pacf_ols(&[1.0, 2.0, 4.0, 3.0], 3).is_err());
    }
}
