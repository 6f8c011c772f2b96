//! `crimecast reference gi-star|dbscan|kde`: run one reference case read from stdin through
//! the spatial numerics and print the computed fields under the reference's names.

use serde::Deserialize;

use super::Error;
use crate::analysis::spatial::dbscan::Dbscan;
use crate::analysis::spatial::gi_star::{gi_star as compute_gi_star, GiStarOptions};
use crate::analysis::spatial::kde::{Bandwidth, FastKdeOptions, GaussianKde, GridAxes, KdeSurface};
use crate::analysis::spatial::points_from_xy;
use crate::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crate::analysis::ParamGuard;

/// A `gi_star.json` case: lattice shape, contiguity and counts (row-major).
#[derive(Debug, Deserialize)]
struct GiStarCase {
    rows: usize,
    cols: usize,
    contiguity: String,
    counts: Vec<f64>,
    #[serde(default)]
    permutations: usize,
    #[serde(default)]
    seed: u64,
    #[serde(default = "yes")]
    fdr: bool,
}

fn yes() -> bool {
    true
}

/// A `dbscan.json` case.
#[derive(Debug, Deserialize)]
struct DbscanCase {
    x: Vec<f64>,
    y: Vec<f64>,
    eps: f64,
    min_samples: usize,
}

/// A `kde.json` case; `bandwidth_factor` absent means Scott's rule. `method` is `"exact"`
/// (default) or `"fast"` (binned FFT; needs evenly spaced grids).
#[derive(Debug, Deserialize)]
struct KdeCase {
    x: Vec<f64>,
    y: Vec<f64>,
    grid_x: Vec<f64>,
    grid_y: Vec<f64>,
    bandwidth_factor: Option<f64>,
    weights: Option<Vec<f64>>,
    method: Option<String>,
}

/// Gi* (`esda.G_Local(star=True, transform='B')`): prints `z`, `p_norm_one_sided`,
/// `p_norm_two_sided`, `g`, `bins`, … as JSON.
pub(super) fn gi_star(stdin: &str) -> Result<String, Error> {
    let case: GiStarCase = serde_json::from_str(stdin)?;
    let contiguity: Contiguity = case.contiguity.parse()?;
    let w = SpatialWeights::lattice(case.rows, case.cols, contiguity)?;
    let opts = GiStarOptions {
        permutations: case.permutations,
        seed: case.seed,
        fdr: case.fdr,
    };
    let r = compute_gi_star(&case.counts, &w, &opts)?;
    Ok(serde_json::to_string(&r)?)
}

/// DBSCAN (`sklearn.cluster.DBSCAN`): prints `labels`, `is_core`, `n_clusters`, … as JSON.
pub(super) fn dbscan(stdin: &str) -> Result<String, Error> {
    let case: DbscanCase = serde_json::from_str(stdin)?;
    let pts = points_from_xy(&case.x, &case.y)?;
    let r = Dbscan::params(case.min_samples)
        .eps(case.eps)
        .check()
        .map_err(crate::analysis::Error::from)?
        .fit(&pts)?;
    Ok(serde_json::to_string(&r)?)
}

/// Gaussian KDE (`scipy.stats.gaussian_kde`): prints `density` (row-major over `grid_y` then
/// `grid_x`) and `bandwidth_factor` as JSON.
pub(super) fn kde(stdin: &str) -> Result<String, Error> {
    let case: KdeCase = serde_json::from_str(stdin)?;
    let pts = points_from_xy(&case.x, &case.y)?;
    let bw = case
        .bandwidth_factor
        .map_or(Bandwidth::Scott, Bandwidth::Factor);
    let k = GaussianKde::fit(&pts, case.weights.as_deref(), bw)?;
    let surface = match case.method.as_deref().unwrap_or("exact") {
        "exact" => KdeSurface {
            density: k.evaluate_on(&case.grid_x, &case.grid_y)?,
            grid_x: case.grid_x,
            grid_y: case.grid_y,
            bandwidth_factor: k.factor(),
            kernel_covariance: k.kernel_covariance(),
            ignored_points: 0,
        },
        "fast" => {
            let axes = GridAxes::from_coords(&case.grid_x, &case.grid_y)?;
            k.evaluate_fast(&axes, &FastKdeOptions::default())?
        }
        other => {
            return Err(Error::Usage(format!(
                "kde method {other:?} must be \"exact\" or \"fast\""
            )))
        }
    };
    Ok(serde_json::to_string(&surface)?)
}
