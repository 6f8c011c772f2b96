//! The fitted Gaussian KDE (data, normalised weights, kernel covariance).

use super::super::points::{check_finite, check_finite_values, Point};
use super::Bandwidth;
use crate::analysis::{Error, ParamGuard, Result};

/// A fitted Gaussian KDE: the data, normalised weights and kernel covariance.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianKde {
    pub(super) points: Vec<Point>,
    /// Weights normalised to sum 1.
    pub(super) weights: Vec<f64>,
    pub(super) neff: f64,
    pub(super) factor: f64,
    pub(super) data_cov: [[f64; 2]; 2],
    pub(super) cov: [[f64; 2]; 2],
    /// Inverse of `cov`.
    pub(super) inv_cov: [[f64; 2]; 2],
    /// `1 / (2π √det cov)`.
    pub(super) norm: f64,
}

impl GaussianKde {
    /// Fit to `points` (metres) with optional non-negative `weights` (parallel to `points`;
    /// e.g. multiplicities of collapsed duplicate locations) and a bandwidth rule.
    ///
    /// Errors: [`Error::Data`] for fewer than 3 points, non-finite coordinates or weights,
    /// negative or all-zero weights, or a singular covariance (all points identical or on one
    /// line — the density would be degenerate); [`Error::KdeParams`] for a non-positive factor.
    pub fn fit(points: &[Point], weights: Option<&[f64]>, bandwidth: Bandwidth) -> Result<Self> {
        bandwidth.check_ref()?;
        if points.len() < 3 {
            return Err(Error::Data(format!(
                "KDE needs at least 3 points in 2-D, got {}",
                points.len()
            )));
        }
        check_finite(points)?;
        let w: Vec<f64> = match weights {
            None => vec![1.0 / points.len() as f64; points.len()],
            Some(w) => {
                if w.len() != points.len() {
                    return Err(Error::Data(format!(
                        "{} weights for {} points",
                        w.len(),
                        points.len()
                    )));
                }
                check_finite_values(w, "weights")?;
                if let Some(i) = w.iter().position(|&v| v < 0.0) {
                    return Err(Error::Data(format!("weights[{i}] = {} is negative", w[i])));
                }
                let s: f64 = w.iter().sum();
                if s <= 0.0 {
                    return Err(Error::Data("weights sum to zero".into()));
                }
                w.iter().map(|v| v / s).collect()
            }
        };
        let sum_w2: f64 = w.iter().map(|v| v * v).sum();
        let neff = 1.0 / sum_w2;
        let factor = match bandwidth {
            Bandwidth::Scott => neff.powf(-1.0 / 6.0),
            Bandwidth::Silverman => (neff * 4.0 / 4.0).powf(-1.0 / 6.0),
            Bandwidth::Factor(f) => f,
        };
        let data_cov = weighted_cov(points, &w, sum_w2)?;
        let cov = [
            [
                data_cov[0][0] * factor * factor,
                data_cov[0][1] * factor * factor,
            ],
            [
                data_cov[1][0] * factor * factor,
                data_cov[1][1] * factor * factor,
            ],
        ];
        let det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
        let scale = cov[0][0] * cov[1][1];
        if !(det > 1e-12 * scale && det.is_finite()) {
            return Err(Error::Data(
                "the points' covariance is singular (all points identical or collinear); \
                 a 2-D Gaussian KDE is undefined"
                    .into(),
            ));
        }
        let inv_cov = [
            [cov[1][1] / det, -cov[0][1] / det],
            [-cov[1][0] / det, cov[0][0] / det],
        ];
        let norm = 1.0 / (2.0 * std::f64::consts::PI * det.sqrt());
        Ok(GaussianKde {
            points: points.to_vec(),
            weights: w,
            neff,
            factor,
            data_cov,
            cov,
            inv_cov,
            norm,
        })
    }

    /// The bandwidth factor `h`.
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// Effective sample size `1/Σw²` (= n when unweighted).
    pub fn neff(&self) -> f64 {
        self.neff
    }

    /// Unbiased weighted data covariance `C` (m²).
    pub fn data_covariance(&self) -> [[f64; 2]; 2] {
        self.data_cov
    }

    /// Kernel covariance `h² C` (m²).
    pub fn kernel_covariance(&self) -> [[f64; 2]; 2] {
        self.cov
    }

    /// Number of data points.
    pub fn n_points(&self) -> usize {
        self.points.len()
    }
}

/// `numpy.cov(data, aweights=w)` for normalised weights `w` (divisor `1 − Σw²`).
fn weighted_cov(points: &[Point], w: &[f64], sum_w2: f64) -> Result<[[f64; 2]; 2]> {
    let mut mx = 0.0;
    let mut my = 0.0;
    for (p, wi) in points.iter().zip(w) {
        mx += wi * p[0];
        my += wi * p[1];
    }
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (p, wi) in points.iter().zip(w) {
        let dx = p[0] - mx;
        let dy = p[1] - my;
        sxx += wi * dx * dx;
        sxy += wi * dx * dy;
        syy += wi * dy * dy;
    }
    let denom = 1.0 - sum_w2;
    if denom <= 0.0 {
        return Err(Error::Data(
            "all weight sits on one point; the covariance is undefined".into(),
        ));
    }
    Ok([[sxx / denom, sxy / denom], [sxy / denom, syy / denom]])
}
