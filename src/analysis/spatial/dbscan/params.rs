//! Checked DBSCAN parameters, in the builder style of `linfa-clustering`.

use super::super::points::Point;
use super::DbscanResult;
use crate::analysis::{ParamGuard, Result};

/// Default neighbourhood radius, metres (the hotspot page's default).
pub const DEFAULT_EPS_M: f64 = 200.0;

/// Entry point: `Dbscan::params(min_samples).eps(250.0).check()?.fit(&points)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dbscan;

impl Dbscan {
    /// Unchecked parameters with `min_samples` (points within `eps`, the point itself included,
    /// needed for a core point) and the default `eps` of [`DEFAULT_EPS_M`].
    pub fn params(min_samples: usize) -> DbscanParams {
        DbscanParams(DbscanValidParams {
            min_samples,
            eps: DEFAULT_EPS_M,
        })
    }
}

/// A DBSCAN rule that the parameters break, with the value that broke it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DbscanParamsError {
    /// `eps` must be a positive finite distance.
    #[error("DBSCAN eps = {0} must be a positive finite distance in metres")]
    Eps(f64),
    /// `min_samples` must be at least 1.
    #[error("DBSCAN min_samples = {0} must be at least 1 (the point itself counts)")]
    MinSamples(usize),
}

/// DBSCAN parameters before validation; [`ParamGuard::check`] gives [`DbscanValidParams`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DbscanParams(DbscanValidParams);

impl DbscanParams {
    /// Set the neighbourhood radius `eps` in metres (inclusive: `distance ≤ eps`).
    pub fn eps(mut self, eps: f64) -> Self {
        self.0.eps = eps;
        self
    }

    /// Set `min_samples` (≥ 1; the point itself counts).
    pub fn min_samples(mut self, min_samples: usize) -> Self {
        self.0.min_samples = min_samples;
        self
    }
}

impl ParamGuard for DbscanParams {
    type Checked = DbscanValidParams;
    type Error = DbscanParamsError;

    /// Rules: `eps` is a positive finite number of metres; `min_samples` is at least 1.
    fn check_ref(&self) -> std::result::Result<&DbscanValidParams, DbscanParamsError> {
        let p = &self.0;
        if !(p.eps.is_finite() && p.eps > 0.0) {
            return Err(DbscanParamsError::Eps(p.eps));
        }
        if p.min_samples == 0 {
            return Err(DbscanParamsError::MinSamples(p.min_samples));
        }
        Ok(p)
    }

    fn check(self) -> std::result::Result<DbscanValidParams, DbscanParamsError> {
        self.check_ref()?;
        Ok(self.0)
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
    /// a NaN or infinite coordinate is an [`crate::analysis::Error::Data`].
    pub fn fit(&self, points: &[Point]) -> Result<DbscanResult> {
        super::algorithm::run(points, self.eps, self.min_samples)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eps_must_be_positive_and_finite() {
        for bad in [0.0, -1.0, f64::INFINITY] {
            let e = Dbscan::params(3).eps(bad).check().unwrap_err();
            assert_eq!(e, DbscanParamsError::Eps(bad));
        }
        let nan = Dbscan::params(3).eps(f64::NAN).check_ref().unwrap_err();
        assert!(matches!(nan, DbscanParamsError::Eps(v) if v.is_nan()));
        assert_eq!(Dbscan::params(3).eps(1e-9).check().unwrap().eps(), 1e-9);
    }

    #[test]
    fn min_samples_must_be_at_least_one() {
        let e = Dbscan::params(0).check_ref().unwrap_err();
        assert_eq!(e, DbscanParamsError::MinSamples(0));
        assert_eq!(Dbscan::params(1).check().unwrap().min_samples(), 1);
    }

    #[test]
    fn check_ref_and_check_agree() {
        let p = Dbscan::params(4).eps(150.0);
        assert_eq!(p.check_ref().copied(), p.check());
        assert_eq!(Dbscan::params(4).check().unwrap().eps(), DEFAULT_EPS_M);
    }
}
