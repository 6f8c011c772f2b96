//! Starting values as statsmodels computes them: OLS for the regression coefficients on the
//! differenced data, then conditional sum of squares (Hannan–Rissanen style: a long AR fit gives
//! residuals that stand in for the innovations) for trend + non-seasonal ARMA and, separately,
//! for the seasonal ARMA. Non-stationary or non-invertible starts are replaced by zeros.

use super::params::{Layout, SarimaxValidParams, Trend};
use super::transforms::{is_invertible, is_stationary};
use crate::analysis::ts::linalg::{variance, Ols};
use crate::analysis::Result;

/// Apply `D` seasonal differences of period `s`, then `d` regular differences.
pub fn difference(y: &[f64], d: usize, sd: usize, s: usize) -> Vec<f64> {
    let mut x = y.to_vec();
    for _ in 0..sd {
        if x.len() <= s {
            return vec![];
        }
        x = (s..x.len()).map(|t| x[t] - x[t - s]).collect();
    }
    for _ in 0..d {
        if x.len() <= 1 {
            return vec![];
        }
        x = x.windows(2).map(|w| w[1] - w[0]).collect();
    }
    x
}

/// Output of one conditional-sum-of-squares regression.
struct Css {
    trend: Vec<f64>,
    ar: Vec<f64>,
    ma: Vec<f64>,
    variance: Option<f64>,
}

/// CSS estimate of an ARMA whose AR lags are `ar_lags` and MA lags `ma_lags` (each the list of
/// lags carrying a parameter, increasing), with `trend` regressors.
fn css(y: &[f64], ar_lags: &[usize], ma_lags: &[usize], trend: Trend) -> Result<Css> {
    let k_ar = ar_lags.last().copied().unwrap_or(0);
    let k_ma = ma_lags.last().copied().unwrap_or(0);
    let k_trend = trend.k();
    let (n_ar, n_ma) = (ar_lags.len(), ma_lags.len());
    if k_ar + k_ma + k_trend == 0 {
        return Ok(Css {
            trend: vec![],
            ar: vec![],
            ma: vec![],
            variance: None,
        });
    }
    let m = y.len();
    let k = 2 * k_ma;
    let r = (k + k_ma).max(k_ar);
    let fallback = || {
        let mean = if m > 0 {
            y.iter().sum::<f64>() / m as f64
        } else {
            0.0
        };
        let mut res = vec![0.0; 2 * n_ma];
        if m == 0 {
            res = vec![1.0; 2 * n_ma + 1];
        } else {
            res.extend(y.iter().map(|v| v - mean));
        }
        (vec![0.0; k_trend + n_ar + n_ma], res)
    };
    // Conditions under which the lag matrices cannot be built (too few observations).
    let too_short = (k_ma > 0 && (k >= m || k_ma >= m - k)) || (k_ar > 0 && k_ar >= m);
    let (params, resid) = if too_short {
        fallback()
    } else {
        let mut long_resid = vec![];
        if k_ma > 0 {
            let rows: Vec<Vec<f64>> = (k..m)
                .map(|t| (1..=k).map(|j| y[t - j]).collect())
                .collect();
            long_resid = Ols::fit(&rows, &y[k..])?.resid;
        }
        if r >= m {
            (vec![0.0; k_trend + n_ar + n_ma], vec![])
        } else {
            let rows: Vec<Vec<f64>> = (r..m)
                .map(|t| {
                    let mut row = Vec::with_capacity(k_trend + n_ar + n_ma);
                    let td = trend.data(t - r);
                    row.extend_from_slice(&td[..k_trend]);
                    row.extend(ar_lags.iter().map(|&l| y[t - l]));
                    // long_resid[i] belongs to time i + k
                    row.extend(ma_lags.iter().map(|&l| long_resid[t - l - k]));
                    row
                })
                .collect();
            let fit = Ols::fit(&rows, &y[r..])?;
            (fit.params, fit.resid)
        }
    };
    let variance = if resid.len() > n_ma.max(1) {
        let tail = &resid[n_ma..];
        Some(tail.iter().map(|v| v * v).sum::<f64>() / tail.len() as f64)
    } else {
        Some(variance(y))
    };
    Ok(Css {
        trend: params[..k_trend].to_vec(),
        ar: params[k_trend..k_trend + n_ar].to_vec(),
        ma: params[k_trend + n_ar..].to_vec(),
        variance,
    })
}

/// Constrained starting parameters for `y` (length `nobs`) and regressors `exog`.
pub fn start_params(
    spec: &SarimaxValidParams,
    layout: &Layout,
    y: &[f64],
    exog: &[Vec<f64>],
) -> Result<Vec<f64>> {
    let (d, sd, s) = (spec.d, spec.sd, spec.s);
    let mut endog = difference(y, d, sd, s);
    let mut beta = vec![];
    if !exog.is_empty() {
        let cols: Vec<Vec<f64>> = exog.iter().map(|c| difference(c, d, sd, s)).collect();
        let rows: Vec<Vec<f64>> = (0..endog.len())
            .map(|t| cols.iter().map(|c| c[t]).collect())
            .collect();
        let fit = Ols::fit(&rows, &endog)?;
        for (t, e) in endog.iter_mut().enumerate() {
            *e -= rows[t]
                .iter()
                .zip(&fit.params)
                .map(|(x, b)| x * b)
                .sum::<f64>();
        }
        beta = fit.params;
    }
    let ar_lags: Vec<usize> = (1..=spec.p).collect();
    let ma_lags: Vec<usize> = (1..=spec.q).collect();
    let ns = css(&endog, &ar_lags, &ma_lags, spec.trend)?;
    let mut ar = ns.ar;
    if !is_stationary(&ar) {
        ar.iter_mut().for_each(|v| *v = 0.0);
    }
    let mut ma = ns.ma;
    if !is_invertible(&ma) {
        ma.iter_mut().for_each(|v| *v = 0.0);
    }
    let sar_lags: Vec<usize> = (1..=spec.sp).map(|i| i * s).collect();
    let sma_lags: Vec<usize> = (1..=spec.sq).map(|i| i * s).collect();
    let seas = css(&endog, &sar_lags, &sma_lags, Trend::N)?;
    let mut sar = seas.ar;
    if !is_stationary(&sar) {
        sar.iter_mut().for_each(|v| *v = 0.0);
    }
    let mut sma = seas.ma;
    if !is_invertible(&sma) {
        sma.iter_mut().for_each(|v| *v = 0.0);
    }
    let var = match (ns.variance, seas.variance) {
        (Some(v), _) => v,
        (None, Some(v)) => v,
        (None, None) => {
            let ss: f64 = endog.iter().map(|v| v * v).sum();
            if exog.is_empty() {
                ss / y.len().max(1) as f64
            } else {
                ss
            }
        }
    };
    let var = if var.is_finite() { var.max(1e-10) } else { 1.0 };
    let mut out = Vec::with_capacity(layout.len());
    out.extend(ns.trend);
    out.extend(beta);
    out.extend(ar);
    out.extend(ma);
    out.extend(sar);
    out.extend(sma);
    out.push(var);
    debug_assert_eq!(out.len(), layout.len());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ParamGuard;

    #[test]
    fn differencing_orders() {
        let y = [1.0, 4.0, 9.0, 16.0, 25.0];
        assert_eq!(difference(&y, 1, 0, 0), vec![3.0, 5.0, 7.0, 9.0]);
        assert_eq!(difference(&y, 2, 0, 0), vec![2.0, 2.0, 2.0]);
        assert_eq!(difference(&y, 0, 1, 2), vec![8.0, 12.0, 16.0]);
        assert!(difference(&y, 0, 1, 5).is_empty());
    }

    #[test]
    fn ar1_start_is_close_to_truth() {
        let mut y = vec![0.0];
        let mut noise = crate::analysis::ts::test_noise(7);
        for _ in 0..300 {
            let e = noise();
            let last = *y.last().unwrap_or(&0.0);
            y.push(0.7 * last + e);
        }
        let spec = super::super::params::SarimaxParams::new([1, 0, 0])
            .check()
            .unwrap();
        let layout = spec.layout(0);
        let p = start_params(&spec, &layout, &y, &[]).unwrap();
        assert!((p[0] - 0.7).abs() < 0.1, "{p:?}");
    }
}
