//! MacKinnon's response-surface approximations for the Dickey–Fuller τ distribution with a
//! constant and one variable (N = 1).
//!
//! Coefficients transcribed from the published tables: MacKinnon, J.G. (1994) "Approximate
//! asymptotic distribution functions for unit-root and cointegration tests", JBES 12, and
//! MacKinnon, J.G. (2010) "Critical values for cointegration tests", Queen's Economics
//! Department Working Paper 1227 (Table 2, τ_c, N = 1).

use statrs::distribution::{ContinuousCDF, Normal};

/// Above this statistic the p-value is 1.
const TAU_MAX: f64 = 2.74;
/// Below this statistic the p-value is 0.
const TAU_MIN: f64 = -18.83;
/// Switch point between the small-p and large-p polynomials.
const TAU_STAR: f64 = -1.61;
/// Small-p polynomial in τ (ascending powers).
const SMALL_P: [f64; 3] = [2.1659, 1.4412, 3.8269e-2];
/// Large-p polynomial in τ (ascending powers).
const LARGE_P: [f64; 4] = [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2];
/// Critical values at 1%, 5%, 10%: polynomials in 1/nobs (ascending powers).
const CRIT_2010: [[f64; 4]; 3] = [
    [-3.43035, -6.5393, -16.786, -79.433],
    [-2.86154, -2.8903, -4.234, -40.040],
    [-2.56677, -1.5384, -2.809, 0.0],
];

fn poly(coef: &[f64], x: f64) -> f64 {
    coef.iter().rev().fold(0.0, |acc, c| acc * x + c)
}

/// Approximate p-value of an ADF τ statistic (regression with constant).
pub(crate) fn pvalue(tau: f64) -> f64 {
    if tau > TAU_MAX {
        return 1.0;
    }
    if tau < TAU_MIN {
        return 0.0;
    }
    let z = if tau <= TAU_STAR {
        poly(&SMALL_P, tau)
    } else {
        poly(&LARGE_P, tau)
    };
    match Normal::new(0.0, 1.0) {
        Ok(n) => n.cdf(z),
        Err(_) => f64::NAN,
    }
}

/// Finite-sample critical values (1%, 5%, 10%) for `nobs` observations.
pub(crate) fn critical_values(nobs: usize) -> [f64; 3] {
    let x = 1.0 / nobs as f64;
    [
        poly(&CRIT_2010[0], x),
        poly(&CRIT_2010[1], x),
        poly(&CRIT_2010[2], x),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asymptotic_five_percent_point() {
        let c = critical_values(usize::MAX);
        assert!((c[1] + 2.86154).abs() < 1e-9);
        assert_eq!(pvalue(-30.0), 0.0);
        assert_eq!(pvalue(3.0), 1.0);
        // roughly 5% at the asymptotic 5% critical value
        assert!((pvalue(-2.86154) - 0.05).abs() < 0.005);
    }
}
