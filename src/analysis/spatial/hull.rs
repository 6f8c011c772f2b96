//! Convex hulls of planar point sets.
//!
//! A. M. Andrew, *Another efficient algorithm for convex hulls in two dimensions*, Information
//! Processing Letters 9 (1979) 216–219 ("monotone chain"): sort by (x, y), build the lower and
//! upper chains with a cross-product turn test. `O(n log n)`.

use super::points::Point;

/// z-component of `(a − o) × (b − o)`: positive for a counter-clockwise turn o→a→b.
fn cross(o: Point, a: Point, b: Point) -> f64 {
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
}

/// Convex hull of `points` (metres), counter-clockwise, starting at the lowest-x (then
/// lowest-y) vertex, without repeating the first vertex and without collinear vertices.
///
/// Non-finite points are ignored. Degenerate inputs are handled: no points → empty; all
/// points identical → that one point; all collinear → the two extreme points.
pub fn convex_hull(points: &[Point]) -> Vec<Point> {
    let mut p: Vec<Point> = points
        .iter()
        .filter(|q| q[0].is_finite() && q[1].is_finite())
        .map(|q| [q[0] + 0.0, q[1] + 0.0])
        .collect();
    p.sort_unstable_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let mut hull: Vec<Point> = Vec::with_capacity(2 * p.len());
    for &q in &p {
        while hull.len() >= 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0 {
            hull.pop();
        }
        hull.push(q);
    }
    let lower_len = hull.len() + 1;
    for &q in p.iter().rev().skip(1) {
        while hull.len() >= lower_len && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0
        {
            hull.pop();
        }
        hull.push(q);
    }
    hull.pop();
    hull
}

/// Area (m²) of a simple polygon given by its vertices in order (shoelace formula); positive
/// for counter-clockwise order.
pub fn polygon_area(vertices: &[Point]) -> f64 {
    let n = vertices.len();
    if n < 3 {
        return 0.0;
    }
    let mut s = 0.0;
    for i in 0..n {
        let a = vertices[i];
        let b = vertices[(i + 1) % n];
        s += a[0] * b[1] - b[0] * a[1];
    }
    0.5 * s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_with_interior_and_edge_points() {
        let pts = [
            [0.0, 0.0],
            [2.0, 0.0],
            [1.0, 0.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [1.0, 1.0],
            [0.0, 1.0],
            [2.0, 2.0],
        ];
        let h = convex_hull(&pts);
        assert_eq!(h, vec![[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]]);
        assert_eq!(polygon_area(&h), 4.0);
    }

    #[test]
    fn degenerate_sets() {
        assert!(convex_hull(&[]).is_empty());
        assert_eq!(convex_hull(&[[1.0, 1.0]; 5]), vec![[1.0, 1.0]]);
        let line = [[0.0, 0.0], [1.0, 1.0], [3.0, 3.0], [2.0, 2.0]];
        assert_eq!(convex_hull(&line), vec![[0.0, 0.0], [3.0, 3.0]]);
        assert_eq!(
            convex_hull(&[[f64::NAN, 0.0], [0.0, 0.0]]),
            vec![[0.0, 0.0]]
        );
    }
}
