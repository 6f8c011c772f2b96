//! OPTICS ordering (linfa-clustering's `Optics`) and the clusters it gives at a chosen
//! radius.
//!
//! # Definition
//!
//! M. Ankerst, M. M. Breunig, H.-P. Kriegel, J. Sander, *OPTICS: ordering points to identify
//! the clustering structure*, SIGMOD 1999. With Euclidean distance in metres, the **core
//! distance** of a point is the distance to its `min_points`-th nearest point (itself
//! included, duplicates counted) when that lies within the generating distance `max_eps`,
//! else undefined. Points are visited in an order that always goes next to the unvisited
//! point of smallest **reachability** (the larger of a visited core point's core distance and
//! the distance to it). Plotted in that order, reachabilities form valleys: each valley is a
//! cluster, and its depth is its density, so one plot shows clusters of every density at
//! once, where DBSCAN sees only those denser than its one radius.
//!
//! # Clusters at a radius
//!
//! [`OpticsResult::extract`] cuts the plot at a radius `eps ≤ max_eps` (the paper's
//! *ExtractDBSCAN-Clustering*): walking the order, a point whose reachability exceeds `eps`
//! starts a new cluster when its own core distance is at most `eps`, and is noise otherwise;
//! any other point joins the current cluster. The core points and their clusters are exactly
//! DBSCAN's with the same radius and minimum; a border point within `eps` of two clusters may
//! join either (DBSCAN gives it the lower-numbered one), and a border point visited before its
//! cluster's first core point is counted as noise.

use linfa::traits::Transformer;
use linfa::ParamGuard as _;
use ndarray::Array2;

use super::dbscan::NOISE;
use super::nearest::{distance, PointIndex};
use super::points::{check_finite, Point};
use crate::analysis::{Error, ParamGuard, Result};

/// Entry point: `Optics::params(min_points).max_eps(800.0).check()?.fit(&points)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Optics;

/// Default generating distance, metres.
pub const DEFAULT_MAX_EPS_M: f64 = 1000.0;

impl Optics {
    /// Unchecked parameters with `min_points` (itself included) and the default generating
    /// distance [`DEFAULT_MAX_EPS_M`].
    pub fn params(min_points: usize) -> OpticsParams {
        OpticsParams(OpticsValidParams {
            min_points,
            max_eps: DEFAULT_MAX_EPS_M,
        })
    }
}

/// An OPTICS rule that the parameters break, with the value that broke it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpticsParamsError {
    /// The generating distance must be a positive finite distance.
    #[error("OPTICS max_eps = {0} must be a positive finite distance in metres")]
    MaxEps(f64),
    /// `min_points` must be at least 2.
    #[error("OPTICS min_points = {0} must be at least 2 (the point itself counts)")]
    MinPoints(usize),
}

/// OPTICS parameters before validation; [`ParamGuard::check`] gives [`OpticsValidParams`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpticsParams(OpticsValidParams);

impl OpticsParams {
    /// Set the generating distance `max_eps`, metres (inclusive).
    pub fn max_eps(mut self, max_eps: f64) -> Self {
        self.0.max_eps = max_eps;
        self
    }
}

impl ParamGuard for OpticsParams {
    type Checked = OpticsValidParams;
    type Error = OpticsParamsError;

    /// Rules: `max_eps` is a positive finite number of metres; `min_points` is at least 2.
    fn check_ref(&self) -> std::result::Result<&OpticsValidParams, OpticsParamsError> {
        let p = &self.0;
        if !(p.max_eps.is_finite() && p.max_eps > 0.0) {
            return Err(OpticsParamsError::MaxEps(p.max_eps));
        }
        if p.min_points < 2 {
            return Err(OpticsParamsError::MinPoints(p.min_points));
        }
        Ok(p)
    }

    fn check(self) -> std::result::Result<OpticsValidParams, OpticsParamsError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// Validated OPTICS parameters; run with [`OpticsValidParams::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpticsValidParams {
    min_points: usize,
    max_eps: f64,
}

/// The OPTICS ordering of a set of points.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OpticsResult {
    /// Input index of each point, in visiting order.
    pub order: Vec<usize>,
    /// Reachability of each point in `order`, metres (None: first of its component, or not
    /// within `max_eps` of any core point).
    pub reachability: Vec<Option<f64>>,
    /// Core distance of each point in `order`, metres (None: not a core point at `max_eps`).
    pub core_distance: Vec<Option<f64>>,
    /// Generating distance used, metres.
    pub max_eps: f64,
}

impl OpticsValidParams {
    /// Minimum neighbourhood size (itself included) of a core point.
    pub fn min_points(&self) -> usize {
        self.min_points
    }

    /// Generating distance, metres.
    pub fn max_eps(&self) -> f64 {
        self.max_eps
    }

    /// Order `points` (metres) with linfa-clustering's OPTICS (k-d tree neighbour search).
    /// An empty input gives an empty ordering; a NaN or infinite coordinate is an
    /// [`Error::Data`].
    pub fn fit(&self, points: &[Point]) -> Result<OpticsResult> {
        check_finite(points)?;
        let mut out = OpticsResult {
            order: Vec::with_capacity(points.len()),
            reachability: Vec::with_capacity(points.len()),
            core_distance: Vec::with_capacity(points.len()),
            max_eps: self.max_eps,
        };
        if points.is_empty() {
            return Ok(out);
        }
        let flat: Vec<f64> = points.iter().flat_map(|p| [p[0], p[1]]).collect();
        let data = Array2::from_shape_vec((points.len(), 2), flat)
            .map_err(|e| Error::Data(format!("cannot arrange the points: {e}")))?;
        let params = linfa_clustering::Optics::params(self.min_points)
            .tolerance(self.max_eps)
            .check()
            .map_err(|e| Error::Params(e.to_string()))?;
        let analysis = params.transform(data.view());
        let mut core = vec![None; points.len()];
        let mut order = Vec::with_capacity(points.len());
        for s in analysis.iter() {
            order.push(s.index());
            core[s.index()] = *s.core_distance();
        }
        if order.len() != points.len() {
            return Err(Error::Data(format!(
                "OPTICS ordered {} of {} points",
                order.len(),
                points.len()
            )));
        }
        let index = PointIndex::new(points)?;
        start_components_at_their_seed(&mut order, points, &core, &index, self.max_eps);
        out.reachability = reachability(points, &order, &core, &index, self.max_eps);
        out.core_distance = order.iter().map(|&i| core[i]).collect();
        out.order = order;
        Ok(out)
    }
}

/// Put each component's seed first in its run of the ordering.
///
/// linfa-clustering starts each component at the lowest-index point not yet ordered (its
/// seed), computes every reachability in the component from it, but lists the seed only when
/// it comes off the queue, often after the neighbours within its core distance, which tie
/// with it. Moved to the front of its run, the seed comes before the points it reached, and the
/// ordering is an OPTICS ordering again. A run starts where no core point already ordered
/// lies within `max_eps`.
fn start_components_at_their_seed(
    order: &mut Vec<usize>,
    points: &[Point],
    core: &[Option<f64>],
    index: &PointIndex,
    max_eps: f64,
) {
    let mut visited = vec![false; points.len()];
    for k in 0..order.len() {
        let i = order[k];
        let reached = index
            .within_unordered(points[i], max_eps)
            .any(|j| visited[j] && core[j].is_some());
        if !reached {
            if let Some(j) = (k..order.len()).min_by_key(|&j| order[j]) {
                let seed = order.remove(j);
                order.insert(k, seed);
            }
        }
        visited[order[k]] = true;
    }
}

/// The reachability of each point in `order` from the core points ordered before it (the
/// smallest `max(core distance, distance)` within `max_eps`).
fn reachability(
    points: &[Point],
    order: &[usize],
    core: &[Option<f64>],
    index: &PointIndex,
    max_eps: f64,
) -> Vec<Option<f64>> {
    let mut position = vec![0usize; points.len()];
    for (k, &i) in order.iter().enumerate() {
        position[i] = k;
    }
    order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let p = points[i];
            index
                .within_unordered(p, max_eps)
                .filter(|&j| position[j] < k)
                .filter_map(|j| core[j].map(|c| c.max(distance(points[j], p))))
                .filter(|r| *r <= max_eps)
                .min_by(f64::total_cmp)
        })
        .collect()
}

impl OpticsResult {
    /// Cluster label of every input point (by input index) when the ordering is cut at `eps`
    /// metres: `0..` in order of first appearance, or [`NOISE`]. A radius above `max_eps` is
    /// treated as `max_eps`.
    pub fn extract(&self, eps: f64) -> Vec<i32> {
        let eps = eps.min(self.max_eps);
        let mut labels = vec![NOISE; self.order.len()];
        let mut current = NOISE;
        let mut next = 0;
        for (k, &i) in self.order.iter().enumerate() {
            let reach = self.reachability[k].filter(|r| *r <= eps);
            if reach.is_none() {
                if self.core_distance[k].is_some_and(|c| c <= eps) {
                    current = next;
                    next += 1;
                    labels[i] = current;
                } else {
                    current = NOISE;
                }
            } else {
                labels[i] = current;
            }
        }
        labels
    }
}

#[cfg(test)]
#[path = "optics_tests.rs"]
mod tests;
