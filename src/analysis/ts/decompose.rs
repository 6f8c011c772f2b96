//! Classical seasonal decomposition by moving averages (as statsmodels `seasonal_decompose`).
//!
//! # Algorithm
//! 1. Trend: centred moving average of length `period`; for an even period the 2×`period`
//!    average (weights ½, 1, …, 1, ½ over `period + 1` points, divided by `period`). The first
//!    and last `period / 2` values have no trend (`None`).
//! 2. Detrend: `y − trend` (additive) or `y / trend` (multiplicative).
//! 3. Seasonal: mean of the detrended values at each position of the cycle, then centred to
//!    sum 0 (additive) or to mean 1 (multiplicative), repeated over the series.
//! 4. Residual: what remains, `None` where the trend is missing.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::linalg::check_finite;
use crate::analysis::{Error, Result};

/// How the components combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecomposeKind {
    /// `y = trend + seasonal + resid`.
    Additive,
    /// `y = trend × seasonal × resid` (needs strictly positive data).
    Multiplicative,
}

/// The three components, each as long as the input series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decomposition {
    /// Centred moving average; `None` at both ends where the window does not fit.
    pub trend: Vec<Option<f64>>,
    /// Repeating seasonal pattern.
    pub seasonal: Vec<f64>,
    /// Remainder; `None` where the trend is missing.
    pub resid: Vec<Option<f64>>,
}

/// Moving-average weights of the trend filter for `period`.
fn trend_weights(period: usize) -> Vec<f64> {
    let p = period as f64;
    if period.is_multiple_of(2) {
        let mut w = vec![1.0 / p; period + 1];
        w[0] = 0.5 / p;
        w[period] = 0.5 / p;
        w
    } else {
        vec![1.0 / p; period]
    }
}

/// Decompose `y` with a seasonal cycle of `period` observations.
///
/// # Errors
/// `Params` if `period < 2`; `Data` if `y` has fewer than two full cycles, is not finite,
/// or (multiplicative) contains a value ≤ 0.
///
/// # Examples
/// ```
/// use crimecast::analysis::ts::decompose::{seasonal_decompose, DecomposeKind};
/// let y: Vec<f64> = (0..24).map(|i| (i % 4) as f64 + 0.1 * i as f64).collect();
/// let d = seasonal_decompose(&y, 4, DecomposeKind::Additive).unwrap();
/// assert_eq!(d.trend[0], None);
/// assert!(d.seasonal[..4].iter().sum::<f64>().abs() < 1e-12);
/// ```
pub fn seasonal_decompose(y: &[f64], period: usize, kind: DecomposeKind) -> Result<Decomposition> {
    if period < 2 {
        return Err(Error::Params(format!(
            "decomposition period must be at least 2, got {period}"
        )));
    }
    if y.len() < period.saturating_mul(2) {
        return Err(Error::Data(format!(
            "decomposition needs two full cycles ({} observations for period {period}), got {}",
            period.saturating_mul(2),
            y.len()
        )));
    }
    check_finite(y, "series")?;
    if kind == DecomposeKind::Multiplicative {
        if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| **v <= 0.0) {
            return Err(Error::Data(format!(
                "multiplicative decomposition needs values > 0, got {v} at index {i}"
            )));
        }
    }
    let n = y.len();
    let w = trend_weights(period);
    let half = w.len() / 2;
    let mut trend = vec![None; n];
    for (t, slot) in trend.iter_mut().enumerate().take(n - half).skip(half) {
        let s: f64 = w
            .iter()
            .enumerate()
            .map(|(j, wj)| wj * y[t + j - half])
            .sum();
        *slot = Some(s);
    }
    let detrended: Vec<Option<f64>> = y
        .iter()
        .zip(&trend)
        .map(|(v, tr)| {
            tr.map(|tr| match kind {
                DecomposeKind::Additive => v - tr,
                DecomposeKind::Multiplicative => v / tr,
            })
        })
        .collect();
    let mut averages = Vec::with_capacity(period);
    for pos in 0..period {
        let vals: Vec<f64> = detrended
            .iter()
            .skip(pos)
            .step_by(period)
            .flatten()
            .copied()
            .collect();
        if vals.is_empty() {
            return Err(Error::Data(format!(
                "no detrended value at cycle position {pos}"
            )));
        }
        averages.push(vals.iter().sum::<f64>() / vals.len() as f64);
    }
    let centre = averages.iter().sum::<f64>() / period as f64;
    for a in &mut averages {
        match kind {
            DecomposeKind::Additive => *a -= centre,
            DecomposeKind::Multiplicative => *a /= centre,
        }
    }
    let seasonal: Vec<f64> = (0..n).map(|t| averages[t % period]).collect();
    let resid = y
        .iter()
        .zip(&trend)
        .zip(&seasonal)
        .map(|((v, tr), s)| {
            tr.map(|tr| match kind {
                DecomposeKind::Additive => v - tr - s,
                DecomposeKind::Multiplicative => v / (tr * s),
            })
        })
        .collect();
    Ok(Decomposition {
        trend,
        seasonal,
        resid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_period_uses_plain_average() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let d = seasonal_decompose(&y, 3, DecomposeKind::Additive).unwrap();
        assert_eq!(d.trend[0], None);
        assert_eq!(d.trend[1], Some(2.0));
        assert_eq!(d.trend[5], None);
    }

    #[test]
    fn period_below_two_is_rejected() {
        assert!(matches!(
            seasonal_decompose(&[1.0; 10], 1, DecomposeKind::Additive),
            Err(Error::Params(_))
        ));
    }

    #[test]
    fn too_short_nan_and_nonpositive_are_rejected() {
        assert!(seasonal_decompose(&[1.0; 7], 4, DecomposeKind::Additive).is_err());
        let mut y = vec![1.0; 12];
        y[3] = f64::NAN;
        assert!(seasonal_decompose(&y, 4, DecomposeKind::Additive).is_err());
        let mut y = vec![1.0; 12];
        y[3] = 0.0;
        assert!(seasonal_decompose(&y, 4, DecomposeKind::Multiplicative).is_err());
    }

    #[test]
    fn constant_series_has_flat_components() {
        let d = seasonal_decompose(&[5.0; 12], 4, DecomposeKind::Multiplicative).unwrap();
        assert!(d.seasonal.iter().all(|s| (s - 1.0).abs() < 1e-12));
        assert_eq!(d.trend[2], Some(5.0));
    }
}
