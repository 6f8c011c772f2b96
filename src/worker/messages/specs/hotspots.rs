//! What the hotspot page asks for, with the range of every setting it accepts (written once
//! here; the URL layer and the page's form check values against them through
//! [`ParamGuard::check_ref`], the worker through [`ParamGuard::check`]).

use serde::{Deserialize, Serialize};

use crate::analysis::spatial::dbscan;
use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::spatial::weights::Contiguity;
use crate::analysis::ParamGuard;

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
/// Default OPTICS extraction radius, metres (within [`RADIUS_RANGE_M`]).
pub const DEFAULT_OPTICS_EPS_M: f64 = 400.0;
/// Most points OPTICS orders (an even sample of the points used).
pub const OPTICS_MAX_POINTS: usize = 4_000;
/// Random places spread evenly over the city for the nearest-layer distances.
pub const RANDOM_PLACES: usize = 10_000;
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
    /// Radius at which the OPTICS ordering is cut into clusters, metres (default
    /// [`DEFAULT_OPTICS_EPS_M`]; within [`RADIUS_RANGE_M`]). Its minimum points are chosen as
    /// DBSCAN's automatic minimum, for the points OPTICS orders.
    pub optics_eps_m: f64,
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
            optics_eps_m: DEFAULT_OPTICS_EPS_M,
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
    /// The OPTICS radius is within [`RADIUS_RANGE_M`].
    #[error("the OPTICS radius must be {lo}–{hi} m (got {0})", lo = RADIUS_RANGE_M.0, hi = RADIUS_RANGE_M.1)]
    OpticsRadius(f64),
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
        if !within(self.optics_eps_m, (f64::from(lo), f64::from(hi))) {
            return Err(E::OpticsRadius(self.optics_eps_m));
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

#[cfg(test)]
mod tests {
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
    fn optics_radius_must_be_in_range() {
        assert_eq!(
            with(|s| s.optics_eps_m = 20.0),
            Err(HotspotSpecError::OpticsRadius(20.0))
        );
        assert_eq!(
            with(|s| s.optics_eps_m = 2500.0),
            Err(HotspotSpecError::OpticsRadius(2500.0))
        );
        assert!(
            with(|s| s.optics_eps_m = 25.0).is_ok() && with(|s| s.optics_eps_m = 2000.0).is_ok()
        );
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
    fn permutations_must_not_exceed_the_page_limit() {
        assert_eq!(
            with(|s| s.permutations = 1000),
            Err(HotspotSpecError::Permutations(1000))
        );
        assert!(with(|s| s.permutations = 999).is_ok());
    }

    #[test]
    fn bandwidth_factor_must_be_in_range() {
        assert_eq!(
            with(|s| s.bandwidth = Bandwidth::Factor(2.5)),
            Err(HotspotSpecError::BandwidthFactor(2.5))
        );
        assert_eq!(
            with(|s| s.bandwidth = Bandwidth::Factor(0.0)),
            Err(HotspotSpecError::BandwidthFactor(0.0))
        );
        assert!(with(|s| s.bandwidth = Bandwidth::Factor(0.01)).is_ok());
    }

    #[test]
    fn kde_grid_must_be_in_range() {
        assert_eq!(with(|s| s.kde_grid = 4), Err(HotspotSpecError::KdeGrid(4)));
        assert_eq!(
            with(|s| s.kde_grid = 1025),
            Err(HotspotSpecError::KdeGrid(1025))
        );
        assert!(HotspotSpec::default().check_ref().is_ok());
    }
}
