//! The hotspot analysis: kernel density (KDE), DBSCAN clusters, Getis-Ord Gi* hot and cold
//! spots with FDR-corrected confidence bins, global Moran's I, a ranked hotspot table, and the
//! correlation of incident counts with a point layer (liquor stores) per Gi* cell.
//!
//! Every statistic uses all rows that pass the filter (incidents or offense rows, per the
//! filter's unit) and have coordinates inside Detroit's extent, projected to metres with
//! [`LocalTm::detroit`]; only the points sent back for drawing are sampled.
//!
//! The Gi* grid covers Detroit's extent. Its study area is the cells whose centre lies inside
//! crimecast's approximate city outline, plus any other cell holding an incident, so that
//! empty cells over the river and the suburbs do not make every city cell look "hot".

mod collect;
mod point_layer;
mod table;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::analysis::spatial::dbscan;
use crate::analysis::spatial::gi_star::{gi_star, GiStarOptions};
use crate::analysis::spatial::grid::{BBox, Grid};
use crate::analysis::spatial::kde::{Bandwidth, FastKdeOptions, GaussianKde, GridAxes};
use crate::analysis::spatial::moran::{morans_i, MoranOptions};
use crate::analysis::spatial::projection::LocalTm;
use crate::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crate::analysis::ParamGuard;
use crate::data::point_layer::demo_liquor_stores;

use super::Input;
use crate::worker::Error;

pub use collect::city_area_m2;
pub use table::{HotspotKind, HotspotRow, Place};

/// Seed of the synthetic liquor-store layer.
pub const DEMO_LAYER_SEED: u64 = 2016;
/// Permutations used for the correlation p-values.
pub const CORRELATION_PERMUTATIONS: usize = 999;
/// Most clusters sent back (largest first).
pub const MAX_CLUSTERS: usize = 400;

/// Which point layer to correlate with the incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LayerChoice {
    /// No layer.
    None,
    /// crimecast's synthetic liquor-store layer.
    #[default]
    Demo,
    /// The layer the user uploaded (the demo layer when none is loaded).
    Uploaded,
}

/// Gi* cell sizes the page offers, metres.
pub const CELL_SIZES_M: [u32; 7] = [100, 250, 500, 750, 1000, 1500, 2000];
/// Default Gi* cell size, metres.
pub const DEFAULT_CELL_M: u32 = 500;
/// DBSCAN radii the page accepts, metres (inclusive); the default is
/// [`dbscan::DEFAULT_EPS_M`].
pub const RADIUS_RANGE_M: (u32, u32) = (25, 2000);
/// DBSCAN minimum points the page accepts (inclusive); none chooses them automatically.
pub const MIN_POINTS_RANGE: (u32, u32) = (2, 1_000_000);
/// Most permutations the page asks for (Gi* and Moran's I).
pub const MAX_PERMUTATIONS: u32 = 999;
/// Manual KDE bandwidth factors the page accepts (inclusive).
pub const BANDWIDTH_FACTOR_RANGE: (f64, f64) = (0.01, 2.0);
/// KDE nodes along the longer side of the extent (inclusive).
pub const KDE_GRID_RANGE: (usize, usize) = (16, 1024);

/// What the hotspot page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotspotSpec {
    /// Gi* cell side, metres (default [`DEFAULT_CELL_M`]; one of [`CELL_SIZES_M`]).
    pub cell_m: f64,
    /// Gi* and Moran's I neighbours (default queen).
    pub contiguity: Contiguity,
    /// Permutations for Gi* and Moran's I pseudo p-values (default 0 = none; at most
    /// [`MAX_PERMUTATIONS`]).
    pub permutations: usize,
    /// Seed of every permutation generator.
    pub seed: u64,
    /// DBSCAN radius, metres (default [`dbscan::DEFAULT_EPS_M`]; within [`RADIUS_RANGE_M`]).
    pub eps_m: f64,
    /// DBSCAN minimum points within `eps` for a core point, itself included (within
    /// [`MIN_POINTS_RANGE`]). `None` (the default) chooses it automatically: twice the number
    /// of points expected within `eps` of a point if all the points were spread evenly over
    /// the city's area, and at least 5. A cluster is then a place at least twice as dense as
    /// the city-wide average.
    pub min_samples: Option<usize>,
    /// KDE bandwidth rule (default Scott; a factor within [`BANDWIDTH_FACTOR_RANGE`]).
    pub bandwidth: Bandwidth,
    /// KDE nodes along the longer side of the extent (default 256; within
    /// [`KDE_GRID_RANGE`]).
    pub kde_grid: usize,
    /// Most points sent back for drawing, evenly sampled (default 20,000).
    pub max_points: usize,
    /// Point layer to correlate.
    pub layer: LayerChoice,
}

impl Default for HotspotSpec {
    fn default() -> Self {
        HotspotSpec {
            cell_m: f64::from(DEFAULT_CELL_M),
            contiguity: Contiguity::Queen,
            permutations: 0,
            seed: 2016,
            eps_m: dbscan::DEFAULT_EPS_M,
            min_samples: None,
            bandwidth: Bandwidth::Scott,
            kde_grid: 256,
            max_points: 20_000,
            layer: LayerChoice::Demo,
        }
    }
}

/// A hotspot setting outside what the page accepts, with the value given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HotspotSpecError {
    /// The Gi* cell size is one of [`CELL_SIZES_M`].
    #[error("the Gi* cell size {0} m is not one of {CELL_SIZES_M:?} m")]
    CellSize(f64),
    /// The DBSCAN radius is within [`RADIUS_RANGE_M`].
    #[error("the DBSCAN radius must be {lo}–{hi} m (got {0})", lo = RADIUS_RANGE_M.0, hi = RADIUS_RANGE_M.1)]
    Radius(f64),
    /// The DBSCAN minimum points are within [`MIN_POINTS_RANGE`].
    #[error("the DBSCAN minimum points must be {lo}–{hi} (got {0})", lo = MIN_POINTS_RANGE.0, hi = MIN_POINTS_RANGE.1)]
    MinPoints(usize),
    /// At most [`MAX_PERMUTATIONS`] permutations.
    #[error("at most {MAX_PERMUTATIONS} permutations (got {0})")]
    Permutations(usize),
    /// A manual bandwidth factor is within [`BANDWIDTH_FACTOR_RANGE`].
    #[error("the bandwidth factor must be {lo}–{hi} (got {0})", lo = BANDWIDTH_FACTOR_RANGE.0, hi = BANDWIDTH_FACTOR_RANGE.1)]
    BandwidthFactor(f64),
    /// The KDE lattice has [`KDE_GRID_RANGE`] nodes along its longer side.
    #[error("the KDE grid must have {lo}–{hi} nodes (got {0})", lo = KDE_GRID_RANGE.0, hi = KDE_GRID_RANGE.1)]
    KdeGrid(usize),
}

fn within<T: PartialOrd>(v: T, (lo, hi): (T, T)) -> bool {
    lo <= v && v <= hi
}

impl ParamGuard for HotspotSpec {
    type Checked = HotspotSpec;
    type Error = HotspotSpecError;

    /// Rules: every setting within the range documented on its field.
    fn check_ref(&self) -> Result<&HotspotSpec, HotspotSpecError> {
        use HotspotSpecError as E;
        if !CELL_SIZES_M.iter().any(|&c| f64::from(c) == self.cell_m) {
            return Err(E::CellSize(self.cell_m));
        }
        let (lo, hi) = RADIUS_RANGE_M;
        if !within(self.eps_m, (f64::from(lo), f64::from(hi))) {
            return Err(E::Radius(self.eps_m));
        }
        if let Some(m) = self.min_samples {
            let (lo, hi) = MIN_POINTS_RANGE;
            if !within(m, (lo as usize, hi as usize)) {
                return Err(E::MinPoints(m));
            }
        }
        if self.permutations > MAX_PERMUTATIONS as usize {
            return Err(E::Permutations(self.permutations));
        }
        if let Bandwidth::Factor(f) = self.bandwidth {
            if !within(f, BANDWIDTH_FACTOR_RANGE) {
                return Err(E::BandwidthFactor(f));
            }
        }
        if !within(self.kde_grid, KDE_GRID_RANGE) {
            return Err(E::KdeGrid(self.kde_grid));
        }
        Ok(self)
    }

    fn check(self) -> Result<HotspotSpec, HotspotSpecError> {
        self.check_ref()?;
        Ok(self)
    }
}

/// Rows considered and why some were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HotspotCounts {
    /// Rows passing the filter with coordinates in Detroit's extent (used everywhere).
    pub used: u64,
    /// Rows passing the filter without coordinates.
    pub no_coords: u64,
    /// Rows passing the filter with coordinates outside Detroit's extent.
    pub outside: u64,
}

/// Points for drawing (projected metres), evenly sampled from the points used.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SampledPoints {
    /// x (east) of each drawn point, metres.
    pub x: Vec<f32>,
    /// y (north) of each drawn point, metres.
    pub y: Vec<f32>,
}

/// The density surface on a square lattice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KdeLayer {
    /// x of the first node, metres.
    pub x0: f64,
    /// y of the first node, metres.
    pub y0: f64,
    /// Node spacing, metres (both axes).
    pub step: f64,
    /// Nodes along x.
    pub nx: usize,
    /// Nodes along y.
    pub ny: usize,
    /// Smoothed points per km², row-major from the south-west node (`values[k * nx + j]`).
    pub values: Vec<f32>,
    /// Largest value.
    pub max: f32,
    /// Rule used.
    pub rule: Bandwidth,
    /// Bandwidth factor h.
    pub factor: f64,
    /// Kernel standard deviation, metres (root mean of the two variances).
    pub sd_m: f64,
}

/// One DBSCAN cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Rank by size, 1 = largest.
    pub rank: usize,
    /// Points in the cluster.
    pub size: u64,
    /// Core points.
    pub n_core: u64,
    /// Mean position, metres.
    pub centroid: [f64; 2],
    /// Convex hull, metres, counter-clockwise (1 or 2 vertices when degenerate).
    pub hull: Vec<[f32; 2]>,
    /// The three most frequent categories.
    pub top: Vec<(String, u64)>,
    /// Where it is.
    pub place: Place,
}

/// DBSCAN output.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClusterLayer {
    /// Radius used, metres.
    pub eps_m: f64,
    /// Minimum points used.
    pub min_samples: usize,
    /// Whether `min_samples` was chosen automatically.
    pub auto_min_samples: bool,
    /// Number of clusters found.
    pub n_clusters: usize,
    /// The largest clusters (at most [`MAX_CLUSTERS`]), largest first.
    pub clusters: Vec<Cluster>,
    /// Points in some cluster.
    pub clustered: u64,
    /// Noise points.
    pub noise: u64,
    /// Distinct locations.
    pub sites: u64,
    /// Clusters that are a single location (many incidents geocoded to one point).
    pub single_site: usize,
}

/// Gi* over the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiLayer {
    /// West edge, metres.
    pub x0: f64,
    /// South edge, metres.
    pub y0: f64,
    /// Cell side, metres.
    pub cell: f64,
    /// Rows (south to north).
    pub rows: usize,
    /// Columns (west to east).
    pub cols: usize,
    /// Whether each cell is in the study area.
    pub study: Vec<bool>,
    /// Points per cell.
    pub counts: Vec<u32>,
    /// z-score (None outside the study area or where undefined).
    pub z: Vec<Option<f32>>,
    /// Two-sided normal p-value (None where z is).
    pub p: Vec<Option<f32>>,
    /// Confidence bins −3..=3 after Benjamini–Hochberg FDR control (0 outside the study).
    pub bins: Vec<i8>,
    /// Permutation pseudo p-values (None without permutations or outside the study).
    pub p_sim: Option<Vec<Option<f32>>>,
    /// Cells in the study area.
    pub study_cells: usize,
    /// Study cells whose z is undefined.
    pub n_undefined: usize,
    /// Neighbours used.
    pub contiguity: Contiguity,
    /// Permutations used.
    pub permutations: usize,
}

impl GiLayer {
    /// Cells per bin: index 0..=6 for bins −3..=3 (study cells only).
    pub fn bin_counts(&self) -> [usize; 7] {
        let mut c = [0usize; 7];
        for (b, s) in self.bins.iter().zip(&self.study) {
            if *s {
                c[(*b + 3).clamp(0, 6) as usize] += 1;
            }
        }
        c
    }
}

/// Global Moran's I of the cell counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoranSummary {
    /// Moran's I.
    pub i: f64,
    /// Its expectation without autocorrelation.
    pub expected: f64,
    /// z-score under normality.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p_norm: f64,
    /// Permutation pseudo p-value.
    pub p_sim: Option<f64>,
    /// Permutations used.
    pub permutations: usize,
    /// Cells.
    pub n: usize,
}

/// The comparison layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerSummary {
    /// Its name.
    pub name: String,
    /// Generated by crimecast (not real locations).
    pub synthetic: bool,
    /// Valid points.
    pub points: usize,
    /// Points inside the Gi* study area.
    pub in_study: usize,
    /// Rows or features read.
    pub rows: usize,
    /// Rows or features skipped.
    pub skipped: usize,
    /// The uploaded layer was asked for but none is loaded, so the demo layer was used.
    pub fell_back: bool,
}

/// Incidents vs layer points per Gi* study cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointLayerCorrelation {
    /// Pearson's r.
    pub pearson: f64,
    /// Spearman's ρ.
    pub spearman: f64,
    /// Two-sided permutation p-value of r.
    pub p_pearson: f64,
    /// Two-sided permutation p-value of ρ.
    pub p_spearman: f64,
    /// Permutations used.
    pub permutations: usize,
    /// Cells compared.
    pub n_cells: usize,
    /// (layer points, incidents) of every study cell.
    pub pairs: Vec<(u32, u32)>,
}

/// Everything the hotspot page draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotspotResult {
    /// Effective window.
    pub window: (i32, i32),
    /// The map's extent, projected metres ([`LocalTm::detroit`]).
    pub extent: BBox,
    /// Rows used and left out.
    pub counts: HotspotCounts,
    /// Points to draw.
    pub points: SampledPoints,
    /// Density surface (None with fewer than 3 distinct points).
    pub kde: Option<KdeLayer>,
    /// DBSCAN.
    pub clusters: ClusterLayer,
    /// Gi* (None when the study area has fewer than 2 cells).
    pub gi: Option<GiLayer>,
    /// Moran's I (None when undefined, e.g. constant counts).
    pub moran: Option<MoranSummary>,
    /// Ranked hot cells, cold cells and clusters.
    pub table: Vec<HotspotRow>,
    /// The comparison layer.
    pub layer: Option<LayerSummary>,
    /// Its points, projected metres.
    pub layer_points: Vec<[f32; 2]>,
    /// The correlation (None when undefined).
    pub correlation: Option<PointLayerCorrelation>,
    /// Why a part could not be computed, in words.
    pub notes: Vec<String>,
}

/// Compute the hotspot analysis.
pub fn run(input: &Input<'_>, spec: &HotspotSpec) -> Result<HotspotResult, Error> {
    spec.check_ref()?;
    let (first, last) = input.window;
    if first > last {
        return Err(Error::NoData);
    }
    let proj = LocalTm::detroit();
    let pts = collect::collect(input, &proj);
    let mut notes = Vec::new();
    let extent = collect::extent(&proj, &pts.xy);
    let grid = Grid::new(extent, spec.cell_m)?;
    let extent = grid.bbox();
    let points = collect::sample(&pts.xy, spec.max_points);

    let kde = match kde_layer(&pts.xy, &extent, spec) {
        Ok(k) => Some(k),
        Err(e) => {
            notes.push(format!("No density surface: {e}"));
            None
        }
    };

    let cell_counts = grid.count(&pts.xy, None)?.counts;
    let study = collect::study_area(&grid, &proj, &cell_counts);
    let (gi, moran) = gi_and_moran(&grid, &study, &cell_counts, spec, &mut notes)?;

    let clusters = table::clusters(input.store, &pts, &proj, spec)?;
    let table = table::rank(input.store, &pts, &grid, gi.as_ref(), &clusters, &proj);

    let layer = match spec.layer {
        LayerChoice::None => None,
        LayerChoice::Demo => Some((demo_liquor_stores(DEMO_LAYER_SEED), false)),
        LayerChoice::Uploaded => Some(match input.layer {
            Some(l) => (l.clone(), false),
            None => (demo_liquor_stores(DEMO_LAYER_SEED), true),
        }),
    };
    let (layer, layer_points, correlation) = match layer {
        Some((l, fell_back)) => {
            let c = point_layer::correlate(&l, fell_back, &proj, &grid, &study, &cell_counts, spec);
            if let Some(n) = &c.note {
                notes.push(n.clone());
            }
            (Some(c.summary), c.points, c.correlation)
        }
        None => (None, Vec::new(), None),
    };

    Ok(HotspotResult {
        window: (first, last),
        extent,
        counts: pts.counts,
        points,
        kde,
        clusters,
        gi,
        moran,
        table,
        layer,
        layer_points,
        correlation,
        notes,
    })
}

fn kde_layer(
    xy: &[[f64; 2]],
    extent: &BBox,
    spec: &HotspotSpec,
) -> Result<KdeLayer, crate::analysis::Error> {
    let long = extent.width().max(extent.height()).max(1.0);
    let step = long / (spec.kde_grid - 1) as f64;
    let nx = (extent.width() / step).floor() as usize + 1;
    let ny = (extent.height() / step).floor() as usize + 1;
    let axes = GridAxes::new(extent.x_min, step, nx, extent.y_min, step, ny)?;
    let kde = GaussianKde::fit(xy, None, spec.bandwidth)?;
    let surface = kde.evaluate_fast(&axes, &FastKdeOptions::default())?;
    let per_km2 = xy.len() as f64 * 1e6;
    let values: Vec<f32> = surface
        .density
        .iter()
        .map(|d| (d * per_km2) as f32)
        .collect();
    let max = values.iter().copied().fold(0.0f32, f32::max);
    let c = kde.kernel_covariance();
    Ok(KdeLayer {
        x0: extent.x_min,
        y0: extent.y_min,
        step,
        nx,
        ny,
        values,
        max,
        rule: spec.bandwidth,
        factor: kde.factor(),
        sd_m: ((c[0][0] + c[1][1]) / 2.0).sqrt(),
    })
}

/// Neighbour lists of the study cells (indices into the study list).
fn study_weights(
    grid: &Grid,
    study_ids: &[usize],
    contiguity: Contiguity,
) -> Result<SpatialWeights, crate::analysis::Error> {
    let full = SpatialWeights::lattice(grid.rows(), grid.cols(), contiguity)?;
    let mut index = vec![usize::MAX; grid.n_cells()];
    for (k, &id) in study_ids.iter().enumerate() {
        index[id] = k;
    }
    let lists: Vec<Vec<usize>> = study_ids
        .iter()
        .map(|&id| {
            full.neighbors(id)
                .iter()
                .map(|&j| index[j])
                .filter(|&k| k != usize::MAX)
                .collect()
        })
        .collect();
    SpatialWeights::from_neighbors(&lists)
}

fn gi_and_moran(
    grid: &Grid,
    study: &[bool],
    counts: &[f64],
    spec: &HotspotSpec,
    notes: &mut Vec<String>,
) -> Result<(Option<GiLayer>, Option<MoranSummary>), Error> {
    let ids: Vec<usize> = (0..grid.n_cells()).filter(|&i| study[i]).collect();
    if ids.len() < 3 {
        notes.push("Too few cells for Gi* and Moran's I.".into());
        return Ok((None, None));
    }
    let w = study_weights(grid, &ids, spec.contiguity)?;
    let values: Vec<f64> = ids.iter().map(|&i| counts[i]).collect();
    let opts = GiStarOptions {
        permutations: spec.permutations,
        seed: spec.seed,
        fdr: true,
    };
    let g = gi_star(&values, &w, &opts)?;
    if g.constant_field {
        notes.push("Every cell has the same count, so Gi* is undefined.".into());
    }
    let n = grid.n_cells();
    let mut z = vec![None; n];
    let mut p = vec![None; n];
    let mut bins = vec![0i8; n];
    let mut p_sim = g.p_sim.as_ref().map(|_| vec![None; n]);
    for (k, &id) in ids.iter().enumerate() {
        z[id] = g.z[k].map(|v| v as f32);
        p[id] = g.p_norm_two_sided[k].map(|v| v as f32);
        bins[id] = g.bins[k];
        if let (Some(out), Some(ps)) = (p_sim.as_mut(), g.p_sim.as_ref()) {
            out[id] = Some(ps[k] as f32);
        }
    }
    let gi = GiLayer {
        x0: grid.bbox().x_min,
        y0: grid.bbox().y_min,
        cell: grid.cell_size(),
        rows: grid.rows(),
        cols: grid.cols(),
        study: study.to_vec(),
        counts: counts.iter().map(|c| *c as u32).collect(),
        z,
        p,
        bins,
        p_sim,
        study_cells: ids.len(),
        n_undefined: g.n_undefined,
        contiguity: spec.contiguity,
        permutations: g.permutations,
    };
    let m_opts = MoranOptions {
        permutations: spec.permutations,
        seed: spec.seed,
    };
    let moran = match morans_i(&values, &w, &m_opts) {
        Ok(m) => Some(MoranSummary {
            i: m.i,
            expected: m.expected,
            z: m.z_norm,
            p_norm: m.p_norm,
            p_sim: m.p_sim,
            permutations: m.permutations,
            n: m.n,
        }),
        Err(e) => {
            notes.push(format!("No Moran's I: {e}"));
            None
        }
    };
    Ok((Some(gi), moran))
}

#[cfg(test)]
mod spec_rules {
    use super::*;

    fn with(f: impl FnOnce(&mut HotspotSpec)) -> Result<HotspotSpec, HotspotSpecError> {
        let mut s = HotspotSpec::default();
        f(&mut s);
        s.check()
    }

    #[test]
    fn cell_size_must_be_offered() {
        assert_eq!(
            with(|s| s.cell_m = 300.0),
            Err(HotspotSpecError::CellSize(300.0))
        );
        for c in CELL_SIZES_M {
            assert!(with(|s| s.cell_m = f64::from(c)).is_ok());
        }
    }

    #[test]
    fn radius_must_be_in_range() {
        assert_eq!(
            with(|s| s.eps_m = 24.0),
            Err(HotspotSpecError::Radius(24.0))
        );
        assert_eq!(
            with(|s| s.eps_m = 2001.0),
            Err(HotspotSpecError::Radius(2001.0))
        );
        assert!(matches!(
            with(|s| s.eps_m = f64::NAN),
            Err(HotspotSpecError::Radius(v)) if v.is_nan()
        ));
        assert!(with(|s| s.eps_m = 25.0).is_ok() && with(|s| s.eps_m = 2000.0).is_ok());
        assert_eq!(HotspotSpec::default().eps_m, dbscan::DEFAULT_EPS_M);
    }

    #[test]
    fn min_points_must_be_in_range() {
        assert_eq!(
            with(|s| s.min_samples = Some(1)),
            Err(HotspotSpecError::MinPoints(1))
        );
        assert_eq!(
            with(|s| s.min_samples = Some(1_000_001)),
            Err(HotspotSpecError::MinPoints(1_000_001))
        );
        assert!(with(|s| s.min_samples = Some(2)).is_ok());
        assert!(with(|s| s.min_samples = None).is_ok());
    }

    #[test]
    fn permutations_factor_and_grid_must_be_in_range() {
        assert_eq!(
            with(|s| s.permutations = 1000),
            Err(HotspotSpecError::Permutations(1000))
        );
        assert_eq!(
            with(|s| s.bandwidth = Bandwidth::Factor(2.5)),
            Err(HotspotSpecError::BandwidthFactor(2.5))
        );
        assert_eq!(
            with(|s| s.bandwidth = Bandwidth::Factor(0.0)),
            Err(HotspotSpecError::BandwidthFactor(0.0))
        );
        assert!(with(|s| s.bandwidth = Bandwidth::Factor(0.01)).is_ok());
        assert_eq!(with(|s| s.kde_grid = 4), Err(HotspotSpecError::KdeGrid(4)));
        assert!(HotspotSpec::default().check_ref().is_ok());
    }
}
