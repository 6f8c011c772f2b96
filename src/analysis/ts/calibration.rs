//! Calibration of forecast bands, measured on held-out values: how many of them fell inside the
//! model's 80 % and 95 % bands, and split-conformal bands built from the backtest errors.
//!
//! Split conformal (Vovk et al. 2005; Lei et al. 2018, "Distribution-free predictive inference
//! for regression"): with `n` calibration scores, the band of level `1 − α` uses the
//! `⌈(n + 1)(1 − α)⌉`-th smallest score, which covers a new exchangeable value with probability
//! at least `1 − α`; when that rank exceeds `n` there is no finite band at that level. Backtest
//! errors of overlapping origins are not exactly exchangeable, so the guarantee is approximate.
//!
//! Two ways of scoring the errors, chosen per level by [`Conformal::fit`]:
//! - [`ConformalMethod::ByHorizon`]: the absolute errors at each horizon `h` form their own
//!   calibration set; the band is `mean ± q_h`. Used when every horizon has enough origins.
//! - [`ConformalMethod::Scaled`]: each error is divided by the model's own half-width on its
//!   side (upper for errors above the forecast, lower below), every horizon pooled; the band is
//!   the model's band stretched by the quantile `q` of these ratios. Used when the origins are
//!   too few for a per-horizon quantile (a 95 % band needs 19 per horizon).

use serde::{Deserialize, Serialize};

use crate::analysis::ts::metrics;
use crate::analysis::{Error, Result};

/// The band levels measured: 80 % and 95 %.
pub const LEVELS: [f64; 2] = [0.8, 0.95];

/// A forecast band at one coverage level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Nominal coverage, e.g. 0.95.
    pub level: f64,
    /// Lower bound, one per step.
    pub lower: Vec<f64>,
    /// Upper bound, one per step.
    pub upper: Vec<f64>,
}

/// Held-out values with the forecast made for them from the values before: one backtest
/// origin, or one hold-out split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// Index in the series of the first held-out value (the training length).
    pub origin: usize,
    /// The held-out values.
    pub actual: Vec<f64>,
    /// The point forecast of each.
    pub mean: Vec<f64>,
    /// The model's bands (one per level of [`LEVELS`] the model gave).
    pub bands: Vec<Band>,
}

impl HeldOut {
    /// The model's band at `level`, if it gave one.
    pub fn band(&self, level: f64) -> Option<&Band> {
        self.bands.iter().find(|b| (b.level - level).abs() < 1e-9)
    }
}

/// How many held-out values fell inside a band (bounds included).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Nominal coverage of the band, e.g. 0.95.
    pub level: f64,
    /// Held-out values inside the band.
    pub inside: usize,
    /// Held-out values counted.
    pub total: usize,
}

impl Coverage {
    /// Share of the held-out values inside the band, in [0, 1] (0 when none were counted).
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.inside as f64 / self.total as f64
        }
    }

    /// Whether fewer values fell inside than the nominal level asks.
    pub fn below_nominal(&self) -> bool {
        self.total > 0 && self.fraction() < self.level
    }

    /// Add the counts of `other` (same level) to these.
    fn add(&mut self, other: Coverage) {
        self.inside += other.inside;
        self.total += other.total;
    }
}

/// Count the `actual` values inside `[lower, upper]` (bounds included) as coverage of `level`.
///
/// # Errors
/// [`Error::Data`] when the lengths differ or a value is not finite.
pub fn coverage(level: f64, actual: &[f64], lower: &[f64], upper: &[f64]) -> Result<Coverage> {
    if lower.len() != actual.len() || upper.len() != actual.len() {
        return Err(Error::Data(format!(
            "{} actual values but bands of {} and {}",
            actual.len(),
            lower.len(),
            upper.len()
        )));
    }
    if actual
        .iter()
        .chain(lower)
        .chain(upper)
        .any(|v| !v.is_finite())
    {
        return Err(Error::Data("band or actual value not finite".into()));
    }
    let inside = (0..actual.len())
        .filter(|&i| lower[i] <= actual[i] && actual[i] <= upper[i])
        .count();
    Ok(Coverage {
        level,
        inside,
        total: actual.len(),
    })
}

/// The split-conformal quantile of `scores` at `level`: the `k`-th smallest score with
/// `k = ⌈(n + 1) · level⌉`; `None` when `k > n` (too few scores for that level), a score is
/// NaN, or `level` is not in (0, 1).
pub fn conformal_quantile(scores: &[f64], level: f64) -> Option<f64> {
    if !(level > 0.0 && level < 1.0) || scores.iter().any(|s| s.is_nan()) {
        return None;
    }
    let n = scores.len();
    // The small tolerance keeps e.g. (19 + 1) · 0.95 = 19.000000000000004 at rank 19.
    let k = (((n + 1) as f64) * level - 1e-9).ceil() as usize;
    if k == 0 || k > n {
        return None;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(sorted[k - 1]).filter(|q| q.is_finite())
}

/// How a conformal band scores the backtest errors (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConformalMethod {
    /// Absolute errors, one calibration set per horizon.
    ByHorizon,
    /// Errors over the model's half-width, every horizon pooled.
    Scaled,
}

/// A split-conformal band fitted on backtest errors at one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conformal {
    /// Nominal coverage, e.g. 0.95.
    pub level: f64,
    /// How the errors were scored.
    pub method: ConformalMethod,
    /// By horizon: the half-width at each horizon (counts); scaled: one stretch factor of the
    /// model's band.
    pub widths: Vec<f64>,
    /// Errors behind each quantile (per horizon: the fewest over the horizons).
    pub scores: usize,
}

impl Conformal {
    /// Fit the band of `level` on the errors of `cases`: by horizon when every horizon has
    /// enough errors, else scaled by the model's band at `level`; `None` when neither has
    /// enough errors.
    pub fn fit(cases: &[HeldOut], level: f64) -> Option<Conformal> {
        let horizons = cases.iter().map(|c| c.actual.len()).max().unwrap_or(0);
        let mut widths = Vec::with_capacity(horizons);
        let mut fewest = usize::MAX;
        for h in 0..horizons {
            let errors: Vec<f64> = cases
                .iter()
                .filter(|c| h < c.actual.len() && h < c.mean.len())
                .map(|c| (c.actual[h] - c.mean[h]).abs())
                .collect();
            fewest = fewest.min(errors.len());
            match conformal_quantile(&errors, level) {
                Some(q) => widths.push(q),
                None => break,
            }
        }
        if horizons > 0 && widths.len() == horizons {
            return Some(Conformal {
                level,
                method: ConformalMethod::ByHorizon,
                widths,
                scores: fewest,
            });
        }
        let mut ratios = Vec::new();
        for c in cases {
            let Some(b) = c.band(level) else { continue };
            for (i, (&a, &m)) in c.actual.iter().zip(&c.mean).enumerate() {
                let (Some(&lo), Some(&hi)) = (b.lower.get(i), b.upper.get(i)) else {
                    continue;
                };
                let (err, side) = if a >= m {
                    (a - m, hi - m)
                } else {
                    (m - a, m - lo)
                };
                ratios.push(match (err > 0.0, side > 0.0) {
                    (false, _) => 0.0,
                    (true, true) => err / side,
                    (true, false) => f64::INFINITY,
                });
            }
        }
        let q = conformal_quantile(&ratios, level)?;
        Some(Conformal {
            level,
            method: ConformalMethod::Scaled,
            widths: vec![q],
            scores: ratios.len(),
        })
    }

    /// The conformal band around `mean`, whose model band at this level is `model` (used by
    /// the scaled method); `None` when the forecast is longer than the horizons fitted or the
    /// model band is missing or of another length.
    pub fn band(&self, mean: &[f64], model: Option<&Band>) -> Option<Band> {
        let (lower, upper) = match self.method {
            ConformalMethod::ByHorizon => {
                let w = self.widths.get(..mean.len())?;
                (
                    mean.iter().zip(w).map(|(m, w)| m - w).collect(),
                    mean.iter().zip(w).map(|(m, w)| m + w).collect(),
                )
            }
            ConformalMethod::Scaled => {
                let (b, s) = (model?, *self.widths.first()?);
                if b.lower.len() != mean.len() || b.upper.len() != mean.len() {
                    return None;
                }
                (
                    mean.iter()
                        .zip(&b.lower)
                        .map(|(m, l)| m - s * (m - l))
                        .collect(),
                    mean.iter()
                        .zip(&b.upper)
                        .map(|(m, u)| m + s * (u - m))
                        .collect(),
                )
            }
        };
        Some(Band {
            level: self.level,
            lower,
            upper,
        })
    }
}

/// Calibration measured on held-out values: coverage of the model's bands, RMSE as a share of
/// the mean, conformal bands, and the latest held-out stretch to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Coverage of the model's band at each level of [`LEVELS`] it gave, over every held-out
    /// value of every case.
    pub coverage: Vec<Coverage>,
    /// RMSE over every held-out value, in percent of their mean (`None` when the mean is 0).
    pub rmse_pct_mean: Option<f64>,
    /// Conformal bands fitted on the errors, one per level where there are enough.
    pub conformal: Vec<Conformal>,
    /// The latest case (the last origin, or the hold-out split).
    pub latest: HeldOut,
    /// The conformal bands drawn over [`Calibration::latest`].
    pub latest_conformal: Vec<Band>,
}

impl Calibration {
    /// Measure the calibration over `cases` (earliest first).
    ///
    /// # Errors
    /// [`Error::Data`] for no cases, no held-out values, or bands and values of mismatched
    /// lengths or not finite.
    pub fn measure(cases: &[HeldOut]) -> Result<Calibration> {
        let latest = cases
            .last()
            .ok_or_else(|| Error::Data("no held-out values to measure".into()))?;
        let mut coverage: Vec<Coverage> = Vec::new();
        for level in LEVELS {
            let mut total = Coverage {
                level,
                inside: 0,
                total: 0,
            };
            let mut given = false;
            for c in cases {
                if let Some(b) = c.band(level) {
                    total.add(self::coverage(level, &c.actual, &b.lower, &b.upper)?);
                    given = true;
                }
            }
            if given {
                coverage.push(total);
            }
        }
        let actual: Vec<f64> = cases.iter().flat_map(|c| c.actual.clone()).collect();
        let mean: Vec<f64> = cases.iter().flat_map(|c| c.mean.clone()).collect();
        let rmse_pct_mean = metrics::rmse_pct_of_mean(&actual, &mean)?;
        let conformal: Vec<Conformal> = LEVELS
            .iter()
            .filter_map(|&l| Conformal::fit(cases, l))
            .collect();
        let latest_conformal = conformal
            .iter()
            .filter_map(|c| c.band(&latest.mean, latest.band(c.level)))
            .collect();
        Ok(Calibration {
            coverage,
            rmse_pct_mean,
            conformal,
            latest: latest.clone(),
            latest_conformal,
        })
    }

    /// Coverage of the model's band at `level`.
    pub fn coverage_at(&self, level: f64) -> Option<&Coverage> {
        self.coverage
            .iter()
            .find(|c| (c.level - level).abs() < 1e-9)
    }

    /// The conformal band at `level`, if one could be fitted.
    pub fn conformal_at(&self, level: f64) -> Option<&Conformal> {
        self.conformal
            .iter()
            .find(|c| (c.level - level).abs() < 1e-9)
    }
}

#[cfg(test)]
mod tests;
