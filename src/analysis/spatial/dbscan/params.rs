//! Checked DBSCAN parameters, in the builder style of `linfa-clustering`.

use super::super::points::Point;
use super::DbscanResult;
use crate::analysis::{Error, Result};

/// Entry point: `Dbscan::params(min_samples).eps(250.0).check()?.fit(&points)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dbscan;

impl Dbscan {
    /// Unchecked parameters with `min_samples` (points within `eps`, the point itself included,
    /// needed for a core point) and the default `eps` of 250 m.
    pub fn params(min_samples: usize) -> DbscanParams {
        DbscanParams {
            min_samples,
            eps: DbscanParams::DEFAULT_EPS,
        }
    }
}

/// DBSCAN parameters before validation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DbscanParams {
    min_samples: usize,
    eps: f64,
}

impl DbscanParams {
    /// Default neighbourhood radius (metres).
    pub const DEFAULT_EPS: f64 = 250.0;

    /// Set the neighbourhood radius `eps` in metres (inclusive: `distance ≤ eps`).
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Set `min_samples` (≥ 1; the point itself counts).
    pub fn min_samples(mut self, min_samples: usize) -> Self {
        self.min_samples = min_samples;
        self
    }

    /// Validate: [`Error::Params`] when `eps` is not a positive finite number of metres or
    /// `min_samples` is 0.
    pub fn check(&self) -> Result<DbscanValidParams> {
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(Error::Params(format!(
                "DBSCAN eps = {} must be a positive finite distance in metres",
                self.eps
            )));
        }
        if self.min_samples == 0 {
            return Err(Error::Params(
                "DBSCAN min_samples = 0 must be at least 1 (the point itself counts)".into(),
            ));
        }
        Ok(DbscanValidParams {
            min_samples: self.min_samples,
            eps: self.eps,
        })
    }
}

/// Validated DBSCAN parameters; run with [`DbscanValidParams::fit`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DbscanValidParams {
    min_samples: usize,
    eps: f64,
}

impl DbscanValidParams {
    /// Neighbourhood radius in metres.
    pub fn eps(&self) -> f64 {
        self.eps
    }

    /// Minimum neighbourhood size (itself included) of a core point.
    pub fn min_samples(&self) -> usize {
        self.min_samples
    }

    /// Cluster `points` (metres). An empty input gives an empty result with 0 clusters;
    /// a NaN or infinite coordinate is an [`Error::Data`].
    pub fn fit(&self, points: &[Point]) -> Result<DbscanResult> {
        super::algorithm::run(points, self.eps, self.min_samples)
    }
}
