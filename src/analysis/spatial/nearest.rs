//! Nearest-neighbour queries on an R-tree ([`rstar`]): the distance from each point to the
//! nearest point of a layer, points spread evenly at random over an area, and the map's hit
//! tests (the points near the pointer, the boxes that hold it).
//!
//! # Nearest-layer distances
//!
//! A standard measure in crime geography: for every incident, the straight-line distance
//! (metres, on the projected plane) to the nearest point of a layer such as liquor stores,
//! set against the same distances for places drawn uniformly at random over the city. If
//! incidents sit nearer the layer than random places do, their distribution lies to the left.
//! Like any co-location measure it says nothing about cause.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::points::{check_finite, Point};
use crate::analysis::{Error, Result};

type Indexed = GeomWithData<Point, usize>;

/// An R-tree over points, each remembered by its index in the input.
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<Indexed>,
}

impl PointIndex {
    /// Index `points` (metres). A NaN or infinite coordinate is an [`Error::Data`].
    pub fn new(points: &[Point]) -> Result<PointIndex> {
        check_finite(points)?;
        let items = points
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(*p, i))
            .collect();
        Ok(PointIndex {
            tree: RTree::bulk_load(items),
        })
    }

    /// Points indexed.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The indexed point nearest to `p`: its index and distance (metres); None when empty.
    /// Of several at the same distance, any one.
    pub fn nearest(&self, p: Point) -> Option<(usize, f64)> {
        self.tree
            .nearest_neighbor(&p)
            .map(|n| (n.data, distance(*n.geom(), p)))
    }

    /// Indices of the points within `radius` metres of `p` (inclusive), nearest first (ties
    /// by index).
    pub fn within(&self, p: Point, radius: f64) -> Vec<usize> {
        if radius.is_nan() || radius < 0.0 {
            return Vec::new();
        }
        let mut hits: Vec<(f64, usize)> = self
            .tree
            .locate_within_distance(p, radius * radius)
            .map(|n| (distance(*n.geom(), p), n.data))
            .collect();
        hits.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(_, i)| i).collect()
    }

    /// Indices of the points within `radius` metres of `p` (inclusive), in no set order.
    pub fn within_unordered(&self, p: Point, radius: f64) -> impl Iterator<Item = usize> + '_ {
        let r2 = if radius >= 0.0 { radius * radius } else { -1.0 };
        self.tree
            .locate_within_distance(p, r2)
            .filter(move |_| r2 >= 0.0)
            .map(|n| n.data)
    }

    /// Distance (metres) from each of `targets` to its nearest indexed point; empty when the
    /// index is.
    pub fn nearest_distances(&self, targets: &[Point]) -> Vec<f64> {
        if self.is_empty() {
            return Vec::new();
        }
        targets
            .iter()
            .filter_map(|t| self.nearest(*t).map(|(_, d)| d))
            .collect()
    }
}

/// Euclidean distance, metres.
pub fn distance(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// An R-tree over axis-aligned boxes (e.g. the bounding boxes of cluster hulls), each
/// remembered by its index in the input.
#[derive(Debug, Clone)]
pub struct BoxIndex {
    tree: RTree<GeomWithData<Rectangle<Point>, usize>>,
}

impl BoxIndex {
    /// Index boxes given as `(lower corner, upper corner)`, metres; a box with a non-finite
    /// corner is left out.
    pub fn new(boxes: &[(Point, Point)]) -> BoxIndex {
        let items = boxes
            .iter()
            .enumerate()
            .filter(|(_, (a, b))| a.iter().chain(b).all(|v| v.is_finite()))
            .map(|(i, (a, b))| GeomWithData::new(Rectangle::from_corners(*a, *b), i))
            .collect();
        BoxIndex {
            tree: RTree::bulk_load(items),
        }
    }

    /// Indices of the boxes within `margin` metres of `p` (a box holding `p` is at 0), in
    /// increasing order.
    pub fn near(&self, p: Point, margin: f64) -> Vec<usize> {
        let m = margin.max(0.0);
        let probe = AABB::from_corners([p[0] - m, p[1] - m], [p[0] + m, p[1] + m]);
        let mut out: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&probe)
            .map(|b| b.data)
            .collect();
        out.sort_unstable();
        out
    }
}

/// A polygon with holes, metres: the area random points are spread over.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Outer ring (closed or not).
    pub outer: Vec<Point>,
    /// Rings cut out of it.
    pub holes: Vec<Vec<Point>>,
}

/// Whether `p` lies inside `ring` (even–odd rule; a point on the edge may fall either way).
pub fn in_ring(ring: &[Point], p: Point) -> bool {
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

impl Area {
    /// Whether `p` is inside the outer ring and outside every hole.
    pub fn contains(&self, p: Point) -> bool {
        in_ring(&self.outer, p) && !self.holes.iter().any(|h| in_ring(h, p))
    }

    /// `n` points uniformly distributed over the area (rejection sampling in the outer ring's
    /// bounding box with a ChaCha8 generator seeded by `seed`, so the same seed gives the same
    /// points). An [`Error::Data`] when the outer ring has fewer than 3 finite vertices or no
    /// draw lands inside after many tries (an area of about zero).
    pub fn random_points(&self, n: usize, seed: u64) -> Result<Vec<Point>> {
        if self.outer.len() < 3 {
            return Err(Error::Data("the area needs at least 3 vertices".into()));
        }
        check_finite(&self.outer)?;
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in &self.outer {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        if hi[0] <= lo[0] || hi[1] <= lo[1] {
            return Err(Error::Data("the area has no extent".into()));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut out = Vec::with_capacity(n);
        let mut misses = 0usize;
        while out.len() < n {
            let p = [rng.gen_range(lo[0]..hi[0]), rng.gen_range(lo[1]..hi[1])];
            if self.contains(p) {
                out.push(p);
                misses = 0;
            } else {
                misses += 1;
                if misses > 100_000 {
                    return Err(Error::Data(
                        "no random point fell inside the area in 100,000 draws".into(),
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// The `q`-quantile (0 ≤ q ≤ 1) of ascending `sorted` values, interpolating linearly between
/// order statistics (NumPy's default, Hyndman–Fan type 7); None when empty or `q` is outside
/// [0, 1].
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = q * (sorted.len() - 1) as f64;
    let (i, f) = (h.floor() as usize, h - h.floor());
    let a = sorted[i];
    Some(match sorted.get(i + 1) {
        Some(b) if f > 0.0 => a + f * (b - a),
        _ => a,
    })
}

/// The percentiles 0, 1, …, 100 of `values` (any order, finite), metres; empty when `values`
/// is.
pub fn percentiles(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    (0..=100)
        .filter_map(|k| quantile(&v, f64::from(k) / 100.0))
        .collect()
}

#[cfg(test)]
#[path = "nearest_tests.rs"]
mod tests;
