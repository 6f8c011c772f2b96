//! Verdicts of the time-series tests: the augmented Dickey–Fuller unit-root test and the
//! Ljung–Box autocorrelation test.

use crate::analysis::ts::diagnostics::{Adf, LjungBox};

/// The ADF result in plain words, with the level at which the unit root is rejected.
pub fn adf_reading(a: &Adf) -> String {
    match a.rejected_at() {
        Some(l) => format!("stationary at {l}% (unit root rejected)"),
        None => {
            "non-stationary: a unit root cannot be rejected at 10%; consider differencing".into()
        }
    }
}

/// [`adf_reading`] with the p-value.
pub fn adf_verdict(a: &Adf) -> String {
    match a.rejected_at() {
        Some(l) => format!(
            "stationary at {l}% (unit root rejected, p = {:.3})",
            a.pvalue
        ),
        None => format!(
            "non-stationary: a unit root cannot be rejected at 10% (p = {:.3}); consider differencing",
            a.pvalue
        ),
    }
}

/// The Ljung–Box result in plain words at the 5 % level.
pub fn ljung_box_reading(lb: &LjungBox) -> &'static str {
    if lb.is_autocorrelated() {
        "autocorrelated: the series is not white noise"
    } else {
        "no significant autocorrelation: consistent with white noise"
    }
}

/// [`ljung_box_reading`] with the p-value.
pub fn ljung_box_verdict(lb: &LjungBox) -> String {
    format!("{} (p = {:.3e})", ljung_box_reading(lb), lb.pvalue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::diagnostics::{adfuller, ljung_box, AdfCrit};

    fn adf(stat: f64, pvalue: f64) -> Adf {
        Adf {
            stat,
            pvalue,
            usedlag: 2,
            nobs: 100,
            crit: AdfCrit {
                one: -3.5,
                five: -2.9,
                ten: -2.6,
            },
        }
    }

    #[test]
    fn adf_verdicts_name_the_level() {
        assert_eq!(
            adf_verdict(&adf(-4.0, 0.0012)),
            "stationary at 1% (unit root rejected, p = 0.001)"
        );
        assert_eq!(
            adf_reading(&adf(-3.0, 0.04)),
            "stationary at 5% (unit root rejected)"
        );
        assert_eq!(
            adf_reading(&adf(-2.7, 0.08)),
            "stationary at 10% (unit root rejected)"
        );
        assert_eq!(
            adf_verdict(&adf(-1.0, 0.7654)),
            "non-stationary: a unit root cannot be rejected at 10% (p = 0.765); consider differencing"
        );
    }

    #[test]
    fn adf_reading_of_noise_and_a_random_walk() {
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
        assert!(adf_verdict(&a).starts_with("stationary"));
        assert!(adf_reading(&a).starts_with("stationary at") && !adf_reading(&a).contains("p ="));
        let b = adfuller(&walk).unwrap();
        assert!(adf_verdict(&b).starts_with("non-stationary"));
        assert!(adf_reading(&b).starts_with("non-stationary") && !adf_reading(&b).contains("p ="));
    }

    #[test]
    fn ljung_box_verdicts() {
        let y: Vec<f64> = (0..50).map(|i| i as f64).collect();
        let lb = ljung_box(&y, 5).unwrap();
        assert!(ljung_box_verdict(&lb).starts_with(ljung_box_reading(&lb)));
        assert_eq!(
            ljung_box_reading(&lb),
            "autocorrelated: the series is not white noise"
        );
        let white = LjungBox {
            stat: 3.1,
            pvalue: 0.3092,
        };
        assert_eq!(
            ljung_box_verdict(&white),
            "no significant autocorrelation: consistent with white noise (p = 3.092e-1)"
        );
    }
}
