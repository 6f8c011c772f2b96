//! Binary spatial weights as sparse neighbour lists.
//!
//! * Lattice contiguity for the cells of a `rows × cols` grid (ids row-major, as
//!   [`super::grid::Grid`]): **rook** (cells sharing an edge, up to 4 neighbours) or **queen**
//!   (sharing an edge or a corner, up to 8).
//! * Fixed distance band over arbitrary points (cell or polygon centroids, metres):
//!   `j` neighbours `i` when `0 < |i − j|` as units and `distance ≤ threshold`.
//!
//! All weights are binary (1 for a neighbour), exclude the unit itself, and are stored in
//! compressed sparse rows with each row sorted. Row-standardisation and the Gi* self-weight are
//! applied by the statistics that need them ([`super::moran`], [`super::gi_star`]).
//! Reference: L. Anselin, *Spatial Econometrics: Methods and Models* (1988), ch. 3.

use std::collections::HashMap;
use std::str::FromStr;

use super::points::{check_finite, Point};
use crate::analysis::{Error, Result};

/// Which lattice cells count as neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Contiguity {
    /// Shared edge (N, S, E, W).
    Rook,
    /// Shared edge or corner (the 8 surrounding cells).
    Queen,
}

impl FromStr for Contiguity {
    type Err = Error;

    /// Parse `"rook"` or `"queen"` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "rook" => Ok(Contiguity::Rook),
            "queen" => Ok(Contiguity::Queen),
            other => Err(Error::Params(format!(
                "contiguity = {other:?} must be \"rook\" or \"queen\""
            ))),
        }
    }
}

/// Binary spatial weights in compressed sparse rows: row `i` lists `i`'s neighbours.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpatialWeights {
    offsets: Vec<usize>,
    indices: Vec<usize>,
}

impl SpatialWeights {
    /// Contiguity weights for a `rows × cols` lattice with row-major ids `row * cols + col`.
    ///
    /// [`Error::Params`] when `rows` or `cols` is 0.
    pub fn lattice(rows: usize, cols: usize, contiguity: Contiguity) -> Result<Self> {
        if rows == 0 || cols == 0 {
            return Err(Error::Params(format!(
                "lattice of {rows} x {cols} cells: rows and cols must be at least 1"
            )));
        }
        let offsets_rc: &[(isize, isize)] = match contiguity {
            Contiguity::Rook => &[(-1, 0), (0, -1), (0, 1), (1, 0)],
            Contiguity::Queen => &[
                (-1, -1),
                (-1, 0),
                (-1, 1),
                (0, -1),
                (0, 1),
                (1, -1),
                (1, 0),
                (1, 1),
            ],
        };
        let n = rows * cols;
        let mut offsets = Vec::with_capacity(n + 1);
        let mut indices = Vec::with_capacity(n * offsets_rc.len());
        for r in 0..rows {
            for c in 0..cols {
                offsets.push(indices.len());
                // `offsets_rc` is in row-major order, so each row comes out sorted.
                for &(dr, dc) in offsets_rc {
                    let rr = r as isize + dr;
                    let cc = c as isize + dc;
                    if rr >= 0 && cc >= 0 && (rr as usize) < rows && (cc as usize) < cols {
                        indices.push(rr as usize * cols + cc as usize);
                    }
                }
            }
        }
        offsets.push(indices.len());
        Ok(SpatialWeights { offsets, indices })
    }

    /// Distance-band weights: `j ≠ i` is a neighbour of `i` when their distance is at most
    /// `threshold` metres (inclusive). Uses a bucket grid of side `threshold`.
    ///
    /// [`Error::Params`] for a non-positive `threshold`; [`Error::Data`] for non-finite points.
    pub fn distance_band(points: &[Point], threshold: f64) -> Result<Self> {
        if !(threshold.is_finite() && threshold > 0.0) {
            return Err(Error::Params(format!(
                "distance band threshold = {threshold} must be a positive number of metres"
            )));
        }
        check_finite(points)?;
        let key = |p: Point| {
            (
                (p[0] / threshold).floor() as i64,
                (p[1] / threshold).floor() as i64,
            )
        };
        let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, p) in points.iter().enumerate() {
            buckets.entry(key(*p)).or_default().push(i);
        }
        let t2 = threshold * threshold;
        let mut offsets = Vec::with_capacity(points.len() + 1);
        let mut indices = Vec::new();
        let mut row = Vec::new();
        for (i, p) in points.iter().enumerate() {
            offsets.push(indices.len());
            row.clear();
            let (kx, ky) = key(*p);
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let k = (kx.saturating_add(dx), ky.saturating_add(dy));
                    if (dx != 0 || dy != 0) && k == (kx, ky) {
                        continue;
                    }
                    if let Some(v) = buckets.get(&k) {
                        for &j in v {
                            let ex = p[0] - points[j][0];
                            let ey = p[1] - points[j][1];
                            if j != i && ex * ex + ey * ey <= t2 {
                                row.push(j);
                            }
                        }
                    }
                }
            }
            row.sort_unstable();
            row.dedup();
            indices.extend_from_slice(&row);
        }
        offsets.push(indices.len());
        Ok(SpatialWeights { offsets, indices })
    }

    /// Weights from explicit neighbour lists (e.g. polygon contiguity computed elsewhere).
    /// Rows are sorted and deduplicated. [`Error::Data`] for an index out of range or a unit
    /// listed as its own neighbour.
    pub fn from_neighbors(lists: &[Vec<usize>]) -> Result<Self> {
        let n = lists.len();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut indices = Vec::new();
        for (i, l) in lists.iter().enumerate() {
            offsets.push(indices.len());
            let mut row = l.clone();
            row.sort_unstable();
            row.dedup();
            if let Some(&j) = row.iter().find(|&&j| j >= n) {
                return Err(Error::Data(format!(
                    "neighbour {j} of unit {i} is out of range (n = {n})"
                )));
            }
            if row.binary_search(&i).is_ok() {
                return Err(Error::Data(format!("unit {i} lists itself as a neighbour")));
            }
            indices.extend_from_slice(&row);
        }
        offsets.push(indices.len());
        Ok(SpatialWeights { offsets, indices })
    }

    /// Number of units.
    pub fn n(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Sorted neighbours of unit `i` (empty when `i` is out of range).
    pub fn neighbors(&self, i: usize) -> &[usize] {
        if i >= self.n() {
            return &[];
        }
        &self.indices[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of neighbours of unit `i`.
    pub fn cardinality(&self, i: usize) -> usize {
        self.neighbors(i).len()
    }

    /// Whether `j` is a neighbour of `i`.
    pub fn contains(&self, i: usize, j: usize) -> bool {
        self.neighbors(i).binary_search(&j).is_ok()
    }

    /// Units without neighbours.
    pub fn islands(&self) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| self.cardinality(i) == 0)
            .collect()
    }

    /// Total number of (directed) neighbour links.
    pub fn n_links(&self) -> usize {
        self.indices.len()
    }

    /// Whether every link `i → j` has its reverse `j → i`.
    pub fn is_symmetric(&self) -> bool {
        (0..self.n()).all(|i| self.neighbors(i).iter().all(|&j| self.contains(j, i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lattice_cardinalities() {
        let w = SpatialWeights::lattice(3, 4, Contiguity::Rook).unwrap();
        assert_eq!(w.n(), 12);
        assert_eq!(w.neighbors(0), &[1, 4]);
        assert_eq!(w.neighbors(5), &[1, 4, 6, 9]);
        assert_eq!(w.n_links(), 2 * (3 * 3 + 2 * 4));
        let q = SpatialWeights::lattice(3, 4, Contiguity::Queen).unwrap();
        assert_eq!(q.neighbors(5), &[0, 1, 2, 4, 6, 8, 9, 10]);
        assert_eq!(q.cardinality(0), 3);
        assert!(w.is_symmetric() && q.is_symmetric());
        let one = SpatialWeights::lattice(1, 1, Contiguity::Queen).unwrap();
        assert_eq!(one.islands(), vec![0]);
        assert!(SpatialWeights::lattice(0, 3, Contiguity::Rook).is_err());
        assert_eq!("Queen".parse::<Contiguity>().unwrap(), Contiguity::Queen);
        assert!(matches!(
            "bishop".parse::<Contiguity>(),
            Err(Error::Params(_))
        ));
    }

    #[test]
    fn distance_band_matches_brute_force() {
        let pts: Vec<Point> = (0..200)
            .map(|i| {
                let t = i as f64;
                [(t * 37.0) % 101.0, (t * 53.0) % 89.0]
            })
            .collect();
        for thr in [5.0, 10.0, 30.0] {
            let w = SpatialWeights::distance_band(&pts, thr).unwrap();
            for i in 0..pts.len() {
                let want: Vec<usize> = (0..pts.len())
                    .filter(|&j| {
                        let dx = pts[i][0] - pts[j][0];
                        let dy = pts[i][1] - pts[j][1];
                        j != i && dx * dx + dy * dy <= thr * thr
                    })
                    .collect();
                assert_eq!(w.neighbors(i), want.as_slice());
            }
            assert!(w.is_symmetric());
        }
        // Grid centroids 100 m apart: a 100 m band is rook, a 142 m band is queen.
        let g = crate::analysis::spatial::grid::Grid::from_origin(0.0, 0.0, 100.0, 4, 5).unwrap();
        let c = g.centroids();
        assert_eq!(
            SpatialWeights::distance_band(&c, 100.0).unwrap(),
            SpatialWeights::lattice(4, 5, Contiguity::Rook).unwrap()
        );
        assert_eq!(
            SpatialWeights::distance_band(&c, 142.0).unwrap(),
            SpatialWeights::lattice(4, 5, Contiguity::Queen).unwrap()
        );
        assert!(SpatialWeights::distance_band(&c, 0.0).is_err());
    }

    #[test]
    fn explicit_lists() {
        let w = SpatialWeights::from_neighbors(&[vec![1, 1], vec![0], vec![]]).unwrap();
        assert_eq!(w.neighbors(0), &[1]);
        assert_eq!(w.islands(), vec![2]);
        assert!(SpatialWeights::from_neighbors(&[vec![0]]).is_err());
        assert!(SpatialWeights::from_neighbors(&[vec![3]]).is_err());
    }
}
