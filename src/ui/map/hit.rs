//! What lies under the pointer, found on R-trees built once per analysis: the drawn incident
//! points (up to 20,000), the DBSCAN cluster outlines (by their bounding boxes, then the hull
//! itself) and the comparison layer's points.

use crate::analysis::spatial::nearest::{in_ring, BoxIndex, PointIndex};
use crate::analysis::spatial::points::Point;
use crate::worker::messages::{Cluster, HotspotResult};

/// The hit-test indexes of one analysis.
pub struct HitIndex {
    points: Option<PointIndex>,
    clusters: BoxIndex,
    layer: Option<PointIndex>,
}

fn hull_points(c: &Cluster) -> Vec<Point> {
    c.hull
        .iter()
        .map(|p| [f64::from(p[0]), f64::from(p[1])])
        .collect()
}

impl HitIndex {
    /// Index the drawn points, the clusters and the layer of `r`.
    pub fn new(r: &HotspotResult) -> HitIndex {
        let drawn: Vec<Point> = r
            .points
            .x
            .iter()
            .zip(&r.points.y)
            .map(|(x, y)| [f64::from(*x), f64::from(*y)])
            .collect();
        let layer: Vec<Point> = r
            .layer_points
            .iter()
            .map(|p| [f64::from(p[0]), f64::from(p[1])])
            .collect();
        let boxes: Vec<(Point, Point)> = r
            .clusters
            .clusters
            .iter()
            .map(|c| {
                let h = hull_points(c);
                if h.len() < 3 {
                    // Degenerate hulls are drawn as a circle of the radius round the centre.
                    let e = r.clusters.eps_m;
                    let m = c.centroid;
                    return ([m[0] - e, m[1] - e], [m[0] + e, m[1] + e]);
                }
                let mut lo = [f64::INFINITY; 2];
                let mut hi = [f64::NEG_INFINITY; 2];
                for p in &h {
                    for k in 0..2 {
                        lo[k] = lo[k].min(p[k]);
                        hi[k] = hi[k].max(p[k]);
                    }
                }
                (lo, hi)
            })
            .collect();
        HitIndex {
            points: PointIndex::new(&drawn).ok(),
            clusters: BoxIndex::new(&boxes),
            layer: PointIndex::new(&layer).ok(),
        }
    }

    /// Drawn points within `radius` metres of `p`: how many, and the distance to the nearest.
    pub fn points_near(&self, p: Point, radius: f64) -> Option<(usize, f64)> {
        let index = self.points.as_ref()?;
        let n = index.within_unordered(p, radius).count();
        let nearest = index.nearest(p)?.1;
        (n > 0).then_some((n, nearest))
    }

    /// The first cluster (by rank) whose outline holds `p`, or whose centre is within `near`
    /// metres when its outline is degenerate.
    pub fn cluster_at<'a>(&self, r: &'a HotspotResult, p: Point, near: f64) -> Option<&'a Cluster> {
        self.clusters
            .near(p, near)
            .into_iter()
            .filter_map(|i| r.clusters.clusters.get(i))
            .find(|c| {
                let h = hull_points(c);
                if h.len() >= 3 {
                    in_ring(&h, p)
                } else {
                    (c.centroid[0] - p[0]).hypot(c.centroid[1] - p[1]) <= near
                }
            })
    }

    /// Whether a layer point lies within `radius` metres of `p`.
    pub fn layer_near(&self, p: Point, radius: f64) -> bool {
        self.layer
            .as_ref()
            .and_then(|l| l.nearest(p))
            .is_some_and(|(_, d)| d <= radius)
    }
}
