//! Spatial statistics: projection, grids, KDE, DBSCAN, spatial weights, Getis-Ord Gi*,
//! Moran's I, cell-count correlation and false-discovery-rate control.
//!
//! Everything here works on planar coordinates in metres (see [`projection`] to get them
//! from longitude/latitude) and is pure Rust, so it runs natively and in WebAssembly.
//! Result structs derive `serde::Serialize` / `Deserialize` so they can cross a Web Worker
//! boundary as JSON.

pub mod correlation;
pub mod dbscan;
pub mod fdr;
pub mod gi_star;
pub mod grid;
pub mod hull;
pub mod kde;
pub mod moran;
pub mod nearest;
pub mod optics;
mod perm;
pub mod points;
pub mod projection;
pub mod weights;

pub use perm::MAX_PERMUTATIONS;
pub use points::{points_from_xy, Point};
