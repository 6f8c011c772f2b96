//! Forecast accuracy metrics.
//!
//! Conventions:
//! - MAPE and sMAPE are in percent; steps where the denominator is zero are skipped
//!   (if every step is skipped the result is `None`).
//! - R² = 1 − SS_res / SS_tot around the mean of the actual values (`None` when SS_tot = 0).
//! - Directional accuracy: for step t, the forecast change is `forecast[t] − previous actual`
//!   and the actual change is `actual[t] − previous actual`, where "previous actual" is the
//!   actual value one step earlier (for t = 0, the last observed value before the forecast
//!   origin, `last_observed`). A step counts as a hit when both changes have the same sign
//!   (zero counts as its own sign). The result is the share of hits in percent.

use serde::{Deserialize, Serialize};

use crate::analysis::{Error, Result};

/// Every accuracy metric for one forecast against its actual values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// Mean absolute percentage error, percent (None if every actual is 0).
    pub mape: Option<f64>,
    /// Symmetric MAPE, percent (None if every |actual|+|forecast| is 0).
    pub smape: Option<f64>,
    /// Coefficient of determination (None for a constant actual series).
    pub r2: Option<f64>,
    /// Directional accuracy, percent of steps whose change has the right sign.
    pub directional: f64,
}

fn check(actual: &[f64], forecast: &[f64]) -> Result<()> {
    if actual.is_empty() {
        return Err(Error::Data("no values to score".into()));
    }
    if actual.len() != forecast.len() {
        return Err(Error::Data(format!(
            "actual has {} values but forecast has {}",
            actual.len(),
            forecast.len()
        )));
    }
    if actual.iter().chain(forecast).any(|v| !v.is_finite()) {
        return Err(Error::Data(
            "values must be finite (found NaN or infinity)".into(),
        ));
    }
    Ok(())
}

/// Root mean squared error.
pub fn rmse(actual: &[f64], forecast: &[f64]) -> Result<f64> {
    check(actual, forecast)?;
    let s: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).powi(2))
        .sum();
    Ok((s / actual.len() as f64).sqrt())
}

/// Mean absolute error.
pub fn mae(actual: &[f64], forecast: &[f64]) -> Result<f64> {
    check(actual, forecast)?;
    let s: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).abs())
        .sum();
    Ok(s / actual.len() as f64)
}

/// Mean absolute percentage error in percent; zero actuals are skipped.
pub fn mape(actual: &[f64], forecast: &[f64]) -> Result<Option<f64>> {
    check(actual, forecast)?;
    let terms: Vec<f64> = actual
        .iter()
        .zip(forecast)
        .filter(|(a, _)| **a != 0.0)
        .map(|(a, f)| ((a - f) / a).abs())
        .collect();
    Ok(mean_pct(&terms))
}

/// Symmetric MAPE in percent: mean of 2|a−f| / (|a|+|f|); zero denominators are skipped.
pub fn smape(actual: &[f64], forecast: &[f64]) -> Result<Option<f64>> {
    check(actual, forecast)?;
    let terms: Vec<f64> = actual
        .iter()
        .zip(forecast)
        .filter(|(a, f)| a.abs() + f.abs() > 0.0)
        .map(|(a, f)| 2.0 * (a - f).abs() / (a.abs() + f.abs()))
        .collect();
    Ok(mean_pct(&terms))
}

fn mean_pct(terms: &[f64]) -> Option<f64> {
    if terms.is_empty() {
        None
    } else {
        Some(100.0 * terms.iter().sum::<f64>() / terms.len() as f64)
    }
}

/// Coefficient of determination; `None` when the actual values are constant.
pub fn r2(actual: &[f64], forecast: &[f64]) -> Result<Option<f64>> {
    check(actual, forecast)?;
    let mean = actual.iter().sum::<f64>() / actual.len() as f64;
    let ss_tot: f64 = actual.iter().map(|a| (a - mean).powi(2)).sum();
    if ss_tot == 0.0 {
        return Ok(None);
    }
    let ss_res: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).powi(2))
        .sum();
    Ok(Some(1.0 - ss_res / ss_tot))
}

/// Directional accuracy in percent (see the module docs for the definition).
pub fn directional_accuracy(last_observed: f64, actual: &[f64], forecast: &[f64]) -> Result<f64> {
    check(actual, forecast)?;
    if !last_observed.is_finite() {
        return Err(Error::Data("last observed value must be finite".into()));
    }
    let mut prev = last_observed;
    let mut hits = 0usize;
    for (a, f) in actual.iter().zip(forecast) {
        if (f - prev).signum_or_zero() == (a - prev).signum_or_zero() {
            hits += 1;
        }
        prev = *a;
    }
    Ok(100.0 * hits as f64 / actual.len() as f64)
}

trait SignumOrZero {
    fn signum_or_zero(self) -> i8;
}

impl SignumOrZero for f64 {
    fn signum_or_zero(self) -> i8 {
        if self > 0.0 {
            1
        } else if self < 0.0 {
            -1
        } else {
            0
        }
    }
}

/// RMSE in percent of the mean of the actual values; `None` when that mean is 0.
pub fn rmse_pct_of_mean(actual: &[f64], forecast: &[f64]) -> Result<Option<f64>> {
    let r = rmse(actual, forecast)?;
    let mean = actual.iter().sum::<f64>() / actual.len() as f64;
    Ok((mean != 0.0).then(|| 100.0 * r / mean.abs()))
}

/// Compute every metric at once.
pub fn all(last_observed: f64, actual: &[f64], forecast: &[f64]) -> Result<Metrics> {
    Ok(Metrics {
        rmse: rmse(actual, forecast)?,
        mae: mae(actual, forecast)?,
        mape: mape(actual, forecast)?,
        smape: smape(actual, forecast)?,
        r2: r2(actual, forecast)?,
        directional: directional_accuracy(last_observed, actual, forecast)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked_values() {
        let a = [10.0, 20.0, 30.0];
        let f = [12.0, 18.0, 33.0];
        assert!((rmse(&a, &f).unwrap() - (17.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((mae(&a, &f).unwrap() - 7.0 / 3.0).abs() < 1e-12);
        let m = mape(&a, &f).unwrap().unwrap();
        assert!((m - 100.0 * (0.2 + 0.1 + 0.1) / 3.0).abs() < 1e-12);
        // mean 20, ss_tot 200, ss_res 17
        assert!((r2(&a, &f).unwrap().unwrap() - (1.0 - 17.0 / 200.0)).abs() < 1e-12);
    }

    #[test]
    fn rmse_in_percent_of_the_mean() {
        // rmse √(17/3) over a mean of 20
        let p = rmse_pct_of_mean(&[10.0, 20.0, 30.0], &[12.0, 18.0, 33.0]).unwrap();
        assert!((p.unwrap() - 5.0 * (17.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(rmse_pct_of_mean(&[1.0, -1.0], &[0.0, 0.0]).unwrap(), None);
        assert!(rmse_pct_of_mean(&[], &[]).is_err());
    }

    #[test]
    fn directional_counts_sign_matches_from_previous_actual() {
        // prev=5: actual up (10), forecast up (12) hit; prev=10: actual down (8), forecast up (11) miss
        let d = directional_accuracy(5.0, &[10.0, 8.0], &[12.0, 11.0]).unwrap();
        assert_eq!(d, 50.0);
    }

    #[test]
    fn zero_actuals_are_skipped_and_constant_r2_is_none() {
        assert_eq!(mape(&[0.0, 0.0], &[1.0, 2.0]).unwrap(), None);
        assert_eq!(r2(&[3.0, 3.0], &[1.0, 2.0]).unwrap(), None);
    }

    #[test]
    fn mismatched_or_nan_inputs_are_errors() {
        assert!(rmse(&[1.0], &[1.0, 2.0]).is_err());
        assert!(mae(&[f64::NAN], &[1.0]).is_err());
        assert!(rmse(&[], &[]).is_err());
    }
}
