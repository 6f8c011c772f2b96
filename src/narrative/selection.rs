//! How automatic SARIMA selection chose its differencing, in words.

use super::p_text;
use crate::analysis::ts::select::{
    AdfEvidence, Differencing, SeasonalEvidence, SEASONAL_STRENGTH_THRESHOLD,
};

/// The evidence for `D` and `d`, e.g. "seasonal strength 0.87 > 0.64: D = 1; ADF p < 0.001:
/// stationary, d = 0" (no seasonal part without a seasonal period).
pub fn differencing(c: &Differencing) -> String {
    let t = SEASONAL_STRENGTH_THRESHOLD;
    let seasonal = match c.seasonal {
        SeasonalEvidence::NoSeason => None,
        SeasonalEvidence::FewCycles { period } => {
            Some(format!("fewer than 3 cycles of {period}: D = 0"))
        }
        SeasonalEvidence::Strength(fs) if fs > t => {
            Some(format!("seasonal strength {fs:.2} > {t}: D = {}", c.sd))
        }
        SeasonalEvidence::Strength(fs) => {
            Some(format!("seasonal strength {fs:.2} <= {t}: D = {}", c.sd))
        }
        SeasonalEvidence::Undefined => Some(format!("seasonal strength undefined: D = {}", c.sd)),
    };
    let adf = match &c.adf {
        AdfEvidence::Stationary(p) => format!("ADF {}: stationary, d = {}", p_text(*p), c.d),
        AdfEvidence::UnitRoot(p) => {
            format!("ADF {}: unit root not rejected, d = {}", p_text(*p), c.d)
        }
        AdfEvidence::Unavailable(e) => format!("ADF not available ({e}): d = {}", c.d),
    };
    seasonal
        .into_iter()
        .chain([adf])
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::select::choose_differencing;

    fn choice(seasonal: SeasonalEvidence, adf: AdfEvidence, d: usize, sd: usize) -> Differencing {
        Differencing {
            d,
            sd,
            seasonal,
            adf,
        }
    }

    #[test]
    fn each_rule_in_words() {
        assert_eq!(
            differencing(&choice(
                SeasonalEvidence::Strength(0.8712),
                AdfEvidence::Stationary(0.0004),
                0,
                1
            )),
            "seasonal strength 0.87 > 0.64: D = 1; ADF p < 0.001: stationary, d = 0"
        );
        assert_eq!(
            differencing(&choice(
                SeasonalEvidence::Strength(0.09),
                AdfEvidence::UnitRoot(0.4731),
                1,
                0
            )),
            "seasonal strength 0.09 <= 0.64: D = 0; ADF p = 0.473: unit root not rejected, d = 1"
        );
        assert_eq!(
            differencing(&choice(
                SeasonalEvidence::FewCycles { period: 12 },
                AdfEvidence::Stationary(0.001),
                0,
                0
            )),
            "fewer than 3 cycles of 12: D = 0; ADF p = 0.001: stationary, d = 0"
        );
        assert_eq!(
            differencing(&choice(
                SeasonalEvidence::NoSeason,
                AdfEvidence::UnitRoot(0.959),
                1,
                0
            )),
            "ADF p = 0.959: unit root not rejected, d = 1"
        );
        assert_eq!(
            differencing(&choice(
                SeasonalEvidence::Undefined,
                AdfEvidence::Unavailable("too short".into()),
                0,
                0
            )),
            "seasonal strength undefined: D = 0; ADF not available (too short): d = 0"
        );
    }

    #[test]
    fn a_short_seasonal_series_says_so() {
        let y: Vec<f64> = (0..30)
            .map(|i| f64::from(i % 12) + f64::from(i) * 0.1)
            .collect();
        let c = choose_differencing(&y, 12);
        assert_eq!(c.seasonal, SeasonalEvidence::FewCycles { period: 12 });
        assert!(differencing(&c).starts_with("fewer than 3 cycles of 12: D = 0; ADF "));
    }
}
