//! DBSCAN density clustering with scikit-learn's exact semantics.
//!
//! # Definition
//!
//! M. Ester, H.-P. Kriegel, J. Sander, X. Xu, *A density-based algorithm for discovering
//! clusters in large spatial databases with noise*, KDD 1996. With Euclidean distance in
//! metres, a point is **core** when at least `min_samples` points (itself included, duplicates
//! counted) lie within distance `eps` (inclusive: `d ≤ eps`). Core points within `eps` of each
//! other belong to the same cluster; a non-core point within `eps` of a core point is a
//! **border** point of that cluster; the rest are **noise** (label −1).
//!
//! # Numbering (as `sklearn.cluster.DBSCAN`)
//!
//! scikit-learn scans points in index order and starts a new cluster at every core point not
//! yet labelled, expanding it depth-first. Hence cluster `k` is the cluster whose lowest-index
//! core point is the `k`-th smallest such index, and a border point reachable from several
//! clusters takes the lowest-numbered one. This implementation reproduces both rules exactly,
//! so labels equal scikit-learn's, not just up to renumbering.
//!
//! # Method
//!
//! Identical coordinates are first collapsed into weighted sites (incident data at
//! intersection grain repeat locations heavily, e.g. ~800 k incidents on far fewer sites).
//! Sites are hashed into square buckets of side `eps`, so every neighbour of a site lies in
//! the 3×3 block of buckets around it. One pass sums neighbour weights (core test), a second
//! joins neighbouring core sites with a union–find structure, a third gives each non-core site
//! the lowest cluster label among its core neighbours. Memory is `O(n)`; time is
//! `O(n log n + Σ neighbours over distinct sites)`.

mod algorithm;
mod params;
mod summary;

#[cfg(test)]
mod cross_check;

pub use params::{Dbscan, DbscanParams, DbscanParamsError, DbscanValidParams, DEFAULT_EPS_M};
pub use summary::{
    summarize_clusters, summarize_clusters_with_categories, CategoryCount, ClusterSummary,
};

/// Label given to noise points.
pub const NOISE: i32 = -1;

/// DBSCAN output, parallel to the input points.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DbscanResult {
    /// Cluster label per point: `0..n_clusters`, or −1 ([`NOISE`]).
    pub labels: Vec<i32>,
    /// Whether each point is a core point.
    pub is_core: Vec<bool>,
    /// Number of clusters.
    pub n_clusters: usize,
    /// Number of noise points.
    pub n_noise: usize,
    /// Number of distinct coordinates the points collapsed to.
    pub n_sites: usize,
}

#[cfg(test)]
mod tests;
