//! Square cell grids over a bounding box in metres, with per-cell point counts.
//!
//! Cells are numbered row-major: `id = row * cols + col`, with row 0 along the southern
//! edge (`y_min`) and column 0 along the western edge (`x_min`). A cell is the half-open square
//! `[x_min + col·s, x_min + (col+1)·s) × [y_min + row·s, y_min + (row+1)·s)` for cell size `s`;
//! points exactly on the grid's eastern or northern boundary belong to the last column / row.

use super::points::{check_finite, check_finite_values, Point};
use crate::analysis::{Error, Result};

/// Largest number of cells a grid may have (guards memory, also in the browser).
pub const MAX_CELLS: usize = 50_000_000;

/// An axis-aligned bounding box in metres.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BBox {
    /// Western edge (metres).
    pub x_min: f64,
    /// Southern edge (metres).
    pub y_min: f64,
    /// Eastern edge (metres).
    pub x_max: f64,
    /// Northern edge (metres).
    pub y_max: f64,
}

impl BBox {
    /// A box from its edges (metres); [`Error::Params`] unless finite with `min <= max`.
    pub fn new(x_min: f64, y_min: f64, x_max: f64, y_max: f64) -> Result<Self> {
        for (name, v) in [
            ("x_min", x_min),
            ("y_min", y_min),
            ("x_max", x_max),
            ("y_max", y_max),
        ] {
            if !v.is_finite() {
                return Err(Error::Params(format!("bbox {name} = {v} is not finite")));
            }
        }
        if x_min > x_max {
            return Err(Error::Params(format!(
                "bbox x_min = {x_min} exceeds x_max = {x_max}"
            )));
        }
        if y_min > y_max {
            return Err(Error::Params(format!(
                "bbox y_min = {y_min} exceeds y_max = {y_max}"
            )));
        }
        Ok(BBox {
            x_min,
            y_min,
            x_max,
            y_max,
        })
    }

    /// The smallest box holding all `points`; [`Error::Data`] if empty or not finite.
    pub fn from_points(points: &[Point]) -> Result<Self> {
        if points.is_empty() {
            return Err(Error::Data("cannot bound an empty point set".into()));
        }
        check_finite(points)?;
        let mut b = BBox {
            x_min: f64::INFINITY,
            y_min: f64::INFINITY,
            x_max: f64::NEG_INFINITY,
            y_max: f64::NEG_INFINITY,
        };
        for p in points {
            b.x_min = b.x_min.min(p[0]);
            b.x_max = b.x_max.max(p[0]);
            b.y_min = b.y_min.min(p[1]);
            b.y_max = b.y_max.max(p[1]);
        }
        Ok(b)
    }

    /// Width in metres.
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }

    /// Height in metres.
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }
}

/// A square-cell grid: origin (south-west corner), cell size and shape.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Grid {
    x_min: f64,
    y_min: f64,
    cell_size: f64,
    rows: usize,
    cols: usize,
}

/// Per-cell totals from [`Grid::count`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CellCounts {
    /// Count (or summed weight) per cell, row-major by cell id.
    pub counts: Vec<f64>,
    /// Number of points that fell outside the grid and were not counted.
    pub outside: usize,
}

impl Grid {
    /// The grid of `cell_size`-metre squares, anchored at the box's south-west corner, with
    /// just enough rows and columns to cover `bbox` (at least one of each).
    ///
    /// [`Error::Params`] when `cell_size` is not a positive finite number or the grid would
    /// exceed [`MAX_CELLS`] cells.
    pub fn new(bbox: BBox, cell_size: f64) -> Result<Self> {
        check_cell_size(cell_size)?;
        let cols = ((bbox.width() / cell_size).ceil() as usize).max(1);
        let rows = ((bbox.height() / cell_size).ceil() as usize).max(1);
        Self::from_origin(bbox.x_min, bbox.y_min, cell_size, rows, cols)
    }

    /// A grid with south-west corner (`x_min`, `y_min`) metres, `cell_size` metres, and
    /// `rows` × `cols` cells. [`Error::Params`] for a bad value of any argument.
    pub fn from_origin(
        x_min: f64,
        y_min: f64,
        cell_size: f64,
        rows: usize,
        cols: usize,
    ) -> Result<Self> {
        check_cell_size(cell_size)?;
        if !(x_min.is_finite() && y_min.is_finite()) {
            return Err(Error::Params(format!(
                "grid origin ({x_min}, {y_min}) is not finite"
            )));
        }
        if rows == 0 {
            return Err(Error::Params("grid rows = 0; need at least 1".into()));
        }
        if cols == 0 {
            return Err(Error::Params("grid cols = 0; need at least 1".into()));
        }
        match rows.checked_mul(cols) {
            Some(n) if n <= MAX_CELLS => {}
            _ => {
                return Err(Error::Params(format!(
                    "grid of {rows} x {cols} cells exceeds the limit of {MAX_CELLS} cells; use a larger cell_size"
                )))
            }
        }
        Ok(Grid {
            x_min,
            y_min,
            cell_size,
            rows,
            cols,
        })
    }

    /// Number of rows (south to north).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (west to east).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Number of cells, `rows * cols`.
    pub fn n_cells(&self) -> usize {
        self.rows * self.cols
    }

    /// Cell side in metres.
    pub fn cell_size(&self) -> f64 {
        self.cell_size
    }

    /// The area the grid covers (metres).
    pub fn bbox(&self) -> BBox {
        BBox {
            x_min: self.x_min,
            y_min: self.y_min,
            x_max: self.x_min + self.cols as f64 * self.cell_size,
            y_max: self.y_min + self.rows as f64 * self.cell_size,
        }
    }

    /// Cell id of (`row`, `col`), or `None` outside the grid.
    pub fn id(&self, row: usize, col: usize) -> Option<usize> {
        (row < self.rows && col < self.cols).then_some(row * self.cols + col)
    }

    /// (row, col) of cell `id`, or `None` outside the grid.
    pub fn row_col(&self, id: usize) -> Option<(usize, usize)> {
        (id < self.n_cells()).then_some((id / self.cols, id % self.cols))
    }

    /// (row, col) of the cell holding point `p` (metres), or `None` when outside or not finite.
    pub fn cell_of(&self, p: Point) -> Option<(usize, usize)> {
        let fx = (p[0] - self.x_min) / self.cell_size;
        let fy = (p[1] - self.y_min) / self.cell_size;
        let col = axis_index(fx, self.cols)?;
        let row = axis_index(fy, self.rows)?;
        Some((row, col))
    }

    /// Cell id of the cell holding `p`, or `None` when outside.
    pub fn id_of(&self, p: Point) -> Option<usize> {
        self.cell_of(p).map(|(r, c)| r * self.cols + c)
    }

    /// Centre (metres) of cell `id`, or `None` outside the grid.
    pub fn centroid(&self, id: usize) -> Option<Point> {
        let (r, c) = self.row_col(id)?;
        Some([
            self.x_min + (c as f64 + 0.5) * self.cell_size,
            self.y_min + (r as f64 + 0.5) * self.cell_size,
        ])
    }

    /// Centres of all cells, in id order.
    pub fn centroids(&self) -> Vec<Point> {
        (0..self.n_cells())
            .map(|id| {
                let (r, c) = (id / self.cols, id % self.cols);
                [
                    self.x_min + (c as f64 + 0.5) * self.cell_size,
                    self.y_min + (r as f64 + 0.5) * self.cell_size,
                ]
            })
            .collect()
    }

    /// Count `points` per cell; with `weights` (parallel to `points`) sum the weights instead.
    ///
    /// Points outside the grid are skipped and reported in [`CellCounts::outside`].
    /// [`Error::Data`] for non-finite coordinates or weights, or a weights length mismatch.
    pub fn count(&self, points: &[Point], weights: Option<&[f64]>) -> Result<CellCounts> {
        check_finite(points)?;
        if let Some(w) = weights {
            if w.len() != points.len() {
                return Err(Error::Data(format!(
                    "{} weights for {} points",
                    w.len(),
                    points.len()
                )));
            }
            check_finite_values(w, "weights")?;
        }
        let mut counts = vec![0.0; self.n_cells()];
        let mut outside = 0;
        for (i, p) in points.iter().enumerate() {
            match self.id_of(*p) {
                Some(id) => counts[id] += weights.map_or(1.0, |w| w[i]),
                None => outside += 1,
            }
        }
        Ok(CellCounts { counts, outside })
    }
}

/// Index along one axis for fractional position `f` (in cells) on an axis of `n` cells.
fn axis_index(f: f64, n: usize) -> Option<usize> {
    if !(f >= 0.0 && f <= n as f64) {
        return None;
    }
    Some((f.floor() as usize).min(n - 1))
}

fn check_cell_size(cell_size: f64) -> Result<()> {
    if cell_size.is_finite() && cell_size > 0.0 {
        Ok(())
    } else {
        Err(Error::Params(format!(
            "cell_size = {cell_size} must be a positive number of metres"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_centroids() {
        let g = Grid::new(BBox::new(0.0, 0.0, 1000.0, 450.0).unwrap(), 100.0).unwrap();
        assert_eq!((g.rows(), g.cols()), (5, 10));
        for id in 0..g.n_cells() {
            let (r, c) = g.row_col(id).unwrap();
            assert_eq!(g.id(r, c), Some(id));
            let ctr = g.centroid(id).unwrap();
            assert_eq!(g.id_of(ctr), Some(id));
        }
        assert_eq!(g.centroid(11), Some([150.0, 150.0]));
        assert_eq!(g.id(5, 0), None);
        assert_eq!(g.row_col(50), None);
    }

    #[test]
    fn counts_with_edges_and_weights() {
        let g = Grid::from_origin(0.0, 0.0, 10.0, 2, 2).unwrap();
        let pts = [
            [0.0, 0.0],
            [10.0, 0.0],
            [20.0, 20.0],
            [25.0, 5.0],
            [5.0, 15.0],
        ];
        let c = g.count(&pts, None).unwrap();
        assert_eq!(c.counts, vec![1.0, 1.0, 1.0, 1.0]);
        assert_eq!(c.outside, 1);
        let w = [1.0, 2.0, 3.0, 4.0, 5.0];
        let c = g.count(&pts, Some(&w)).unwrap();
        assert_eq!(c.counts, vec![1.0, 2.0, 5.0, 3.0]);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(matches!(
            Grid::from_origin(0.0, 0.0, 0.0, 1, 1),
            Err(Error::Params(_))
        ));
        assert!(matches!(
            Grid::from_origin(0.0, 0.0, 1e-9, 100_000, 100_000),
            Err(Error::Params(_))
        ));
        assert!(matches!(BBox::from_points(&[]), Err(Error::Data(_))));
        let g = Grid::from_origin(0.0, 0.0, 1.0, 1, 1).unwrap();
        assert!(matches!(
            g.count(&[[f64::NAN, 0.0]], None),
            Err(Error::Data(_))
        ));
        // all points identical: a one-cell grid
        let b = BBox::from_points(&[[3.0, 4.0], [3.0, 4.0]]).unwrap();
        let g = Grid::new(b, 50.0).unwrap();
        assert_eq!(g.n_cells(), 1);
        assert_eq!(g.count(&[[3.0, 4.0]], None).unwrap().counts, vec![1.0]);
    }
}
