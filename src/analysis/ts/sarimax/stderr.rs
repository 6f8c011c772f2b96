//! Standard errors of a fitted model's parameters from the observed information: the inverse
//! of the numerical Hessian of the negative log-likelihood at the estimate (statsmodels'
//! `cov_type="approx"`).

use nalgebra::DMatrix;

use super::fit::{llf_at_params, FittedSarimax};
use crate::analysis::{Error, Result};

/// Standard errors of `fitted.params` (same order), fitted on `y` with regressors `exog`.
///
/// Central differences with steps `ε^¼·max(|θ|, 0.1)`; the Hessian of `−llf` is inverted by
/// Cholesky.
///
/// # Errors
/// `Fit` when a step leaves the admissible region, or the information matrix is not positive
/// definite (a parameter the data do not identify); the errors of [`llf_at_params`].
pub fn standard_errors(fitted: &FittedSarimax, y: &[f64], exog: &[Vec<f64>]) -> Result<Vec<f64>> {
    let theta = &fitted.params;
    let k = theta.len();
    let step: Vec<f64> = theta
        .iter()
        .map(|t| f64::EPSILON.powf(0.25) * t.abs().max(0.1))
        .collect();
    let llf = |shift: &[(usize, f64)]| -> Result<f64> {
        let mut p = theta.clone();
        for &(i, s) in shift {
            p[i] += s;
        }
        let v = llf_at_params(&fitted.spec, y, exog, &p)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(Error::Fit(
                "the log-likelihood is not finite near the estimate".into(),
            ))
        }
    };
    let centre = llf(&[])?;
    let mut info = DMatrix::<f64>::zeros(k, k);
    for i in 0..k {
        let hi = step[i];
        let plus = llf(&[(i, hi)])?;
        let minus = llf(&[(i, -hi)])?;
        info[(i, i)] = -(plus - 2.0 * centre + minus) / (hi * hi);
        for j in 0..i {
            let hj = step[j];
            let pp = llf(&[(i, hi), (j, hj)])?;
            let pm = llf(&[(i, hi), (j, -hj)])?;
            let mp = llf(&[(i, -hi), (j, hj)])?;
            let mm = llf(&[(i, -hi), (j, -hj)])?;
            let v = -(pp - pm - mp + mm) / (4.0 * hi * hj);
            info[(i, j)] = v;
            info[(j, i)] = v;
        }
    }
    let chol = info
        .cholesky()
        .ok_or_else(|| Error::Fit("the information matrix is not positive definite".into()))?;
    let cov = chol.inverse();
    Ok((0..k).map(|i| cov[(i, i)].max(0.0).sqrt()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::sarimax::{fit, SarimaxParams, Trend};
    use crate::analysis::ParamGuard;

    #[test]
    fn regression_errors_match_least_squares() {
        // White-noise errors: the regression coefficient's standard error is the OLS one,
        // sqrt(sigma2 / Σ(x − x̄)²) with the ML sigma2.
        let mut noise = crate::analysis::ts::test_noise(5);
        let x: Vec<f64> = (0..120).map(|t| ((t * 7) % 11) as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| 10.0 + 3.0 * v + noise()).collect();
        let spec = SarimaxParams::new([0, 0, 0])
            .trend(Trend::C)
            .check()
            .unwrap();
        let m = fit(&spec, &y, std::slice::from_ref(&x)).unwrap();
        let se = standard_errors(&m, &y, std::slice::from_ref(&x)).unwrap();
        assert_eq!(m.param_names, ["intercept", "x1", "sigma2"]);
        let mean = x.iter().sum::<f64>() / x.len() as f64;
        let sxx: f64 = x.iter().map(|v| (v - mean).powi(2)).sum();
        let want = (m.params[2] / sxx).sqrt();
        assert!((se[1] - want).abs() < 0.02 * want, "{} vs {want}", se[1]);
        // sigma2's standard error under normality: sigma2·sqrt(2/n).
        let want_s2 = m.params[2] * (2.0 / y.len() as f64).sqrt();
        assert!(
            (se[2] - want_s2).abs() < 0.05 * want_s2,
            "{} vs {want_s2}",
            se[2]
        );
    }
}
