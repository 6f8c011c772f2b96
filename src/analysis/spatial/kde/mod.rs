//! Two-dimensional Gaussian kernel density estimation, defined exactly as
//! `scipy.stats.gaussian_kde`.
//!
//! # Definition
//!
//! For points `x_i` with weights `w_i` (normalised to sum 1; `1/n` when unweighted) the
//! estimate is
//!
//! ```text
//! f(x) = Σ_i w_i · exp(−½ (x − x_i)ᵀ H⁻¹ (x − x_i)) / (2π √det H),     H = h² · C
//! ```
//!
//! where `C` is the unbiased weighted data covariance (`numpy.cov(..., aweights=w)`, i.e.
//! divisor `n − 1` when unweighted) and `h` the bandwidth factor: Scott's rule
//! `n_eff^(−1/(d+4))`, Silverman's rule `(n_eff (d+2)/4)^(−1/(d+4))` (identical to Scott's in
//! two dimensions), or a given number. `n_eff = 1/Σ w_i²` (= n when unweighted). The density
//! is in 1/m² when coordinates are metres and integrates to 1 over the plane.
//! References: D. W. Scott, *Multivariate Density Estimation* (1992); B. W. Silverman,
//! *Density Estimation for Statistics and Data Analysis* (1986).
//!
//! # Evaluation
//!
//! * [`GaussianKde::evaluate_on`] sums every kernel at every node (exact, `O(n · cells)`);
//!   it matches scipy to ~1e-13 relative.
//! * [`GaussianKde::evaluate_fast`] / [`kde_grid_fast`] bin the points linearly onto a grid
//!   (M. C. Jones & H. W. Lotwick, *Applied Statistics* 33 (1984) 120–122) and convolve the
//!   bins with the sampled kernel by FFT (B. W. Silverman, *Applied Statistics* 31 (1982)
//!   93–99), `O(n + L log L)` for `L` padded cells. See [`fast`] for the error figures.

mod estimator;
mod exact;
pub mod fast;
mod params;

pub use estimator::GaussianKde;
pub use fast::{kde_grid_fast, FastKdeOptions};
pub use params::{Bandwidth, KdeParamsError};

use crate::analysis::{Error, Result};

/// A regular lattice of evaluation nodes: `x_j = x0 + j·dx` (j < nx), `y_k = y0 + k·dy` (k < ny).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GridAxes {
    /// First x node (metres).
    pub x0: f64,
    /// Spacing between x nodes (metres, > 0).
    pub dx: f64,
    /// Number of x nodes.
    pub nx: usize,
    /// First y node (metres).
    pub y0: f64,
    /// Spacing between y nodes (metres, > 0).
    pub dy: f64,
    /// Number of y nodes.
    pub ny: usize,
}

impl GridAxes {
    /// A checked lattice; [`Error::Params`] for non-finite origins, non-positive spacings or
    /// zero node counts.
    pub fn new(x0: f64, dx: f64, nx: usize, y0: f64, dy: f64, ny: usize) -> Result<Self> {
        if !(x0.is_finite() && y0.is_finite()) {
            return Err(Error::Params(format!(
                "grid origin ({x0}, {y0}) is not finite"
            )));
        }
        if !(dx.is_finite() && dx > 0.0) {
            return Err(Error::Params(format!("grid dx = {dx} must be positive")));
        }
        if !(dy.is_finite() && dy > 0.0) {
            return Err(Error::Params(format!("grid dy = {dy} must be positive")));
        }
        if nx == 0 {
            return Err(Error::Params("grid nx = 0; need at least 1 node".into()));
        }
        if ny == 0 {
            return Err(Error::Params("grid ny = 0; need at least 1 node".into()));
        }
        Ok(GridAxes {
            x0,
            dx,
            nx,
            y0,
            dy,
            ny,
        })
    }

    /// The lattice through explicit node coordinates, which must be increasing and evenly
    /// spaced (to 1e-6 of the spacing); [`Error::Params`] otherwise. A single node gets
    /// spacing 1 m.
    pub fn from_coords(grid_x: &[f64], grid_y: &[f64]) -> Result<Self> {
        let (x0, dx) = uniform_axis(grid_x, "grid_x")?;
        let (y0, dy) = uniform_axis(grid_y, "grid_y")?;
        Self::new(x0, dx, grid_x.len(), y0, dy, grid_y.len())
    }

    /// Nodes at the centroids of a [`super::grid::Grid`]'s cells (so the density's index
    /// matches the grid's cell id).
    pub fn from_grid(grid: &super::grid::Grid) -> Self {
        let s = grid.cell_size();
        let b = grid.bbox();
        GridAxes {
            x0: b.x_min + 0.5 * s,
            dx: s,
            nx: grid.cols(),
            y0: b.y_min + 0.5 * s,
            dy: s,
            ny: grid.rows(),
        }
    }

    /// x node coordinates.
    pub fn xs(&self) -> Vec<f64> {
        (0..self.nx).map(|j| self.x0 + j as f64 * self.dx).collect()
    }

    /// y node coordinates.
    pub fn ys(&self) -> Vec<f64> {
        (0..self.ny).map(|k| self.y0 + k as f64 * self.dy).collect()
    }
}

fn uniform_axis(v: &[f64], name: &str) -> Result<(f64, f64)> {
    if v.is_empty() {
        return Err(Error::Params(format!("{name} is empty")));
    }
    if let Some(i) = v.iter().position(|a| !a.is_finite()) {
        return Err(Error::Params(format!(
            "{name}[{i}] = {} is not finite",
            v[i]
        )));
    }
    if v.len() == 1 {
        return Ok((v[0], 1.0));
    }
    let d = (v[v.len() - 1] - v[0]) / (v.len() - 1) as f64;
    if d <= 0.0 {
        return Err(Error::Params(format!("{name} must be increasing")));
    }
    for (j, a) in v.iter().enumerate() {
        let expect = v[0] + j as f64 * d;
        if (a - expect).abs() > 1e-6 * d {
            return Err(Error::Params(format!(
                "{name}[{j}] = {a} breaks the even spacing {d} (expected {expect})"
            )));
        }
    }
    Ok((v[0], d))
}

/// A density surface on a lattice, ready to draw or send to a UI.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KdeSurface {
    /// x node coordinates (metres).
    pub grid_x: Vec<f64>,
    /// y node coordinates (metres).
    pub grid_y: Vec<f64>,
    /// Density (1/m²) row-major over `grid_y` then `grid_x`: `density[k * nx + j]` is at
    /// (`grid_x[j]`, `grid_y[k]`).
    pub density: Vec<f64>,
    /// The bandwidth factor `h` used.
    pub bandwidth_factor: f64,
    /// Kernel covariance `h² · C` (m²), row-major 2×2.
    pub kernel_covariance: [[f64; 2]; 2],
    /// Points that did not contribute: always 0 for exact evaluation; for the fast path the
    /// points lying beyond the padded binning lattice (see [`fast`]).
    pub ignored_points: usize,
}

#[cfg(test)]
mod tests;
