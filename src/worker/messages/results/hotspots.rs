//! What the hotspot analysis sends back: the density surface, DBSCAN clusters, Gi* cells,
//! Moran's I, the ranked table and the point-layer comparison.

use serde::{Deserialize, Serialize};

use crate::analysis::spatial::grid::BBox;
use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::spatial::weights::Contiguity;

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
    /// The largest clusters (at most
    /// [`MAX_CLUSTERS`](crate::worker::pipelines::hotspots::MAX_CLUSTERS)), largest first.
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

/// One cluster OPTICS finds at the extraction radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpticsCluster {
    /// Rank by size, 1 = largest.
    pub rank: usize,
    /// Points of the ordered sample in it.
    pub size: usize,
    /// Distinct locations among them.
    pub sites: usize,
    /// Mean position, metres.
    pub centroid: [f64; 2],
    /// Where it is (nearest of crimecast's approximate neighbourhood anchor points).
    pub place: String,
}

/// The OPTICS ordering of an even sample of the points, and its clusters at one radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpticsLayer {
    /// Points ordered (an even sample of the points used).
    pub sample: usize,
    /// Points used in all.
    pub used: u64,
    /// Minimum points of a core point (DBSCAN's automatic rule for the sample).
    pub min_points: usize,
    /// Generating distance, metres: reachabilities above it are undefined.
    pub max_eps_m: f64,
    /// Extraction radius, metres.
    pub eps_m: f64,
    /// Reachability of each point in visiting order, metres (None: undefined).
    pub reachability: Vec<Option<f32>>,
    /// Cluster of each point in visiting order at `eps_m` (−1: noise).
    pub labels: Vec<i32>,
    /// Clusters found at `eps_m`.
    pub n_clusters: usize,
    /// Of those, clusters that are a single location.
    pub single_site: usize,
    /// Points of the sample left as noise.
    pub noise: usize,
    /// The largest clusters (at most 20), largest first.
    pub clusters: Vec<OpticsCluster>,
}

/// Distances from incidents, and from random places in the city, to the nearest point of the
/// comparison layer (metres, projected plane).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestDistances {
    /// The layer's name.
    pub layer: String,
    /// Whether the layer is crimecast's synthetic one.
    pub synthetic: bool,
    /// Incidents measured (every point used).
    pub incidents: usize,
    /// Random places measured.
    pub random: usize,
    /// Seed of the random places.
    pub seed: u64,
    /// Percentiles 0, 1, …, 100 of the incidents' distances, metres.
    pub incident_percentiles: Vec<f64>,
    /// Percentiles 0, 1, …, 100 of the random places' distances, metres.
    pub random_percentiles: Vec<f64>,
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
    /// The map's extent, projected metres
    /// ([`LocalTm::detroit`](crate::analysis::spatial::projection::LocalTm::detroit)).
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
    /// Distances to the nearest layer point (None without a layer or points).
    pub distances: Option<NearestDistances>,
    /// OPTICS (None with fewer than 2 points).
    pub optics: Option<OpticsLayer>,
    /// Why a part could not be computed, in words.
    pub notes: Vec<String>,
}

/// A place name for a hotspot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Neighborhood name.
    pub name: String,
    /// True when taken from the rows' own neighborhood field (the most frequent one); false
    /// when it is the nearest of crimecast's approximate neighborhood anchor points.
    pub from_data: bool,
}

/// Kind of a hotspot table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HotspotKind {
    /// A Gi* cell significantly above its surroundings.
    HotCell,
    /// A Gi* cell significantly below.
    ColdCell,
    /// A DBSCAN cluster.
    Cluster,
}

/// One row of the hotspot table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotspotRow {
    /// Kind.
    pub kind: HotspotKind,
    /// Rank within its kind, 1 first.
    pub rank: usize,
    /// Cell id or cluster rank.
    pub id: usize,
    /// Points in the cell or cluster.
    pub count: u64,
    /// Gi* z-score (cells only).
    pub z: Option<f64>,
    /// Confidence level in percent after FDR control (90, 95, 99; 0 for clusters).
    pub confidence: u8,
    /// Centre, projected metres.
    pub xy: [f64; 2],
    /// Centre longitude.
    pub lon: f64,
    /// Centre latitude.
    pub lat: f64,
    /// Where it is.
    pub place: Place,
    /// The most frequent categories (up to 3).
    pub top: Vec<(String, u64)>,
}
