//! Exact evaluation: every kernel at every node.

use super::super::points::Point;
use super::{GaussianKde, GridAxes, KdeSurface};
use crate::analysis::{Error, Result};

impl GaussianKde {
    /// Density (1/m²) at one point `p` (metres); NaN coordinates give NaN.
    pub fn evaluate(&self, p: Point) -> f64 {
        let ic = &self.inv_cov;
        let mut s = 0.0;
        for (q, w) in self.points.iter().zip(&self.weights) {
            let dx = p[0] - q[0];
            let dy = p[1] - q[1];
            let m = ic[0][0] * dx * dx + 2.0 * ic[0][1] * dx * dy + ic[1][1] * dy * dy;
            s += w * (-0.5 * m).exp();
        }
        s * self.norm
    }

    /// Exact density at every (`grid_x[j]`, `grid_y[k]`), row-major over `grid_y` then
    /// `grid_x` (the layout of `scipy`'s `kde(np.vstack([X.ravel(), Y.ravel()]))` with
    /// `X, Y = np.meshgrid(grid_x, grid_y)`). Cost `O(n · nx · ny)`.
    ///
    /// [`Error::Params`] when a node coordinate is not finite or an axis is empty.
    pub fn evaluate_on(&self, grid_x: &[f64], grid_y: &[f64]) -> Result<Vec<f64>> {
        for (name, v) in [("grid_x", grid_x), ("grid_y", grid_y)] {
            if v.is_empty() {
                return Err(Error::Params(format!("{name} is empty")));
            }
            if let Some(i) = v.iter().position(|a| !a.is_finite()) {
                return Err(Error::Params(format!(
                    "{name}[{i}] = {} is not finite",
                    v[i]
                )));
            }
        }
        let nx = grid_x.len();
        let ic = self.inv_cov;
        let mut out = vec![0.0; nx * grid_y.len()];
        // Per data point, the x-only part of the quadratic form is shared by a whole row.
        let mut ax = vec![0.0; nx];
        let mut bx = vec![0.0; nx];
        for (q, w) in self.points.iter().zip(&self.weights) {
            for (j, gx) in grid_x.iter().enumerate() {
                let dx = gx - q[0];
                ax[j] = ic[0][0] * dx * dx;
                bx[j] = 2.0 * ic[0][1] * dx;
            }
            for (k, gy) in grid_y.iter().enumerate() {
                let dy = gy - q[1];
                let cy = ic[1][1] * dy * dy;
                let row = &mut out[k * nx..(k + 1) * nx];
                for j in 0..nx {
                    let m = ax[j] + bx[j] * dy + cy;
                    row[j] += w * (-0.5 * m).exp();
                }
            }
        }
        for v in &mut out {
            *v *= self.norm;
        }
        Ok(out)
    }

    /// Exact density on a regular lattice, packaged as a [`KdeSurface`].
    pub fn evaluate_grid(&self, axes: &GridAxes) -> Result<KdeSurface> {
        let grid_x = axes.xs();
        let grid_y = axes.ys();
        let density = self.evaluate_on(&grid_x, &grid_y)?;
        Ok(KdeSurface {
            grid_x,
            grid_y,
            density,
            bandwidth_factor: self.factor,
            kernel_covariance: self.cov,
            ignored_points: 0,
        })
    }
}
