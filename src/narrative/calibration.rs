//! Band calibration in words: RMSE as a share of the mean, how many held-out values fell inside
//! the 95 % and 80 % bands, and which conformal band is offered where a band covered too few.

use crate::analysis::ts::calibration::{Calibration, ConformalMethod, Coverage};

/// "RMSE = 5.1 % of the mean", or `None` when the mean is 0.
pub fn rmse_text(c: &Calibration) -> Option<String> {
    c.rmse_pct_mean
        .map(|p| format!("RMSE = {p:.1} % of the mean"))
}

/// "11 of 12 months inside the 95 % band" (`unit` is the plural, e.g. "months").
pub fn coverage_text(c: &Coverage, unit: &str) -> String {
    format!(
        "{} of {} {unit} inside the {:.0} % band",
        c.inside,
        c.total,
        100.0 * c.level
    )
}

/// The whole calibration sentence: RMSE, then the 95 % and 80 % coverage, e.g. "RMSE = 5.1 %
/// of the mean; 11 of 12 months inside the 95 % band, 8 of 12 inside the 80 % band."
pub fn sentence(c: &Calibration, unit: &str) -> String {
    let mut parts: Vec<String> = rmse_text(c).into_iter().collect();
    let mut bands: Vec<&Coverage> = c.coverage.iter().collect();
    bands.sort_by(|a, b| b.level.total_cmp(&a.level));
    parts.extend(bands.iter().map(|b| coverage_text(b, unit)));
    format!("{}.", parts.join("; "))
}

/// The label of the conformal band at `level`: "conformal 95 % band, from backtest errors".
pub fn conformal_label(level: f64) -> String {
    format!(
        "conformal {:.0} % band, from backtest errors",
        100.0 * level
    )
}

/// The label of the model's band at `level`: "model 95 % band".
pub fn model_label(level: f64) -> String {
    format!("model {:.0} % band", 100.0 * level)
}

/// For each level whose band covered fewer values than nominal: what the conformal band is,
/// or why there is none. Empty when every band covered at least its nominal share.
pub fn conformal_notes(c: &Calibration, unit: &str) -> Vec<String> {
    c.coverage
        .iter()
        .filter(|cov| cov.below_nominal())
        .map(|cov| {
            let pct = 100.0 * cov.level;
            let head = format!(
                "The model's {pct:.0} % band held {:.0} % of the held-out {unit}, below nominal",
                100.0 * cov.fraction()
            );
            match c.conformal_at(cov.level) {
                Some(k) => match k.method {
                    ConformalMethod::ByHorizon => format!(
                        "{head}: for the {}, the band is the forecast ± the {pct:.0} % quantile \
                         of the backtest's absolute errors at each horizon ({} errors per \
                         horizon).",
                        conformal_label(cov.level),
                        k.scores
                    ),
                    ConformalMethod::Scaled => format!(
                        "{head}: for the {}, the model's band is widened {:.2} times (the {pct:.0} % \
                         quantile of {} backtest errors over the band's half-width; too few \
                         origins for a quantile per horizon).",
                        conformal_label(cov.level),
                        k.widths.first().copied().unwrap_or(f64::NAN),
                        k.scores
                    ),
                },
                None => format!(
                    "{head}; {} backtest errors are too few for a conformal {pct:.0} % band.",
                    cov.total
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::calibration::{Band, HeldOut};

    fn cal() -> Calibration {
        // Errors 0.5, 3, 1.5, 0; half-widths 1 (80 %) and 2 (95 %).
        let case = |origin, actual: [f64; 2], m: f64| HeldOut {
            origin,
            actual: actual.to_vec(),
            mean: vec![m; 2],
            bands: vec![
                Band {
                    level: 0.8,
                    lower: vec![m - 1.0; 2],
                    upper: vec![m + 1.0; 2],
                },
                Band {
                    level: 0.95,
                    lower: vec![m - 2.0; 2],
                    upper: vec![m + 2.0; 2],
                },
            ],
        };
        Calibration::measure(&[case(10, [10.5, 13.0], 10.0), case(12, [21.5, 20.0], 20.0)]).unwrap()
    }

    #[test]
    fn sentence_gives_rmse_and_both_coverages() {
        let c = cal();
        // RMSE √(11.5 / 4) = 1.696 over the mean 16.25: 10.4 %.
        assert_eq!(
            sentence(&c, "months"),
            "RMSE = 10.4 % of the mean; 3 of 4 months inside the 95 % band; \
             2 of 4 months inside the 80 % band."
        );
    }

    #[test]
    fn notes_name_the_conformal_band_only_below_nominal() {
        let notes = conformal_notes(&cal(), "months");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("The model's 80 % band held 50 % of the held-out months"));
        assert!(notes[0].contains("conformal 80 % band, from backtest errors"));
        assert!(notes[0].contains("widened 3.00 times"));
        assert!(notes[1].contains("too few for a conformal 95 % band"));
        assert_eq!(model_label(0.95), "model 95 % band");
    }
}
