//! crimecast's DBSCAN against linfa-clustering's `Dbscan` on projected incident locations.
//!
//! Both define a core point the same way (at least `min_samples` points within `eps`,
//! inclusive, itself and duplicates counted), so the core points and the way they group must
//! be identical; the labels may be numbered differently. A border point (not core, within
//! `eps` of a core point) reachable from two clusters is a choice each algorithm makes its own
//! way (crimecast, like scikit-learn, takes the lowest-numbered cluster; linfa the first
//! cluster whose expansion reaches it): the test accepts any cluster of one of its core
//! neighbours, and requires both to agree on which points are noise.

use std::collections::HashMap;

use linfa::traits::Transformer;
use linfa::ParamGuard as _;
use ndarray::Array2;

use super::{Dbscan, NOISE};
use crate::analysis::spatial::points::Point;
use crate::analysis::spatial::projection::LocalTm;
use crate::analysis::ParamGuard;
use crate::data::demo::{Demo, DemoConfig};

/// Located demo incidents of the first `days` days, projected to metres.
fn demo_points(days: i32) -> Vec<Point> {
    let demo = Demo::new(DemoConfig::default());
    let first = demo.config().first_day;
    let tm = LocalTm::detroit();
    let mut out = Vec::new();
    demo.generate(first, first + days - 1, &mut |r| {
        if let (Some(lon), Some(lat)) = (r.longitude, r.latitude) {
            if let Ok(p) = tm.forward(lon, lat) {
                out.push(p);
            }
        }
    });
    out
}

fn linfa_labels(points: &[Point], eps: f64, min_samples: usize) -> Vec<i32> {
    let flat: Vec<f64> = points.iter().flat_map(|p| [p[0], p[1]]).collect();
    let data = Array2::from_shape_vec((points.len(), 2), flat).unwrap();
    linfa_clustering::Dbscan::params(min_samples)
        .tolerance(eps)
        .check()
        .unwrap()
        .transform(&data)
        .iter()
        .map(|l| l.map_or(NOISE, |c| c as i32))
        .collect()
}

fn within(a: Point, b: Point, eps: f64) -> bool {
    let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
    dx * dx + dy * dy <= eps * eps
}

fn check(points: &[Point], eps: f64, min_samples: usize) -> usize {
    let ours = Dbscan::params(min_samples)
        .eps(eps)
        .check()
        .unwrap()
        .fit(points)
        .unwrap();
    let theirs = linfa_labels(points, eps, min_samples);
    // Core points: clusters correspond one to one.
    let mut to_theirs: HashMap<i32, i32> = HashMap::new();
    let mut to_ours: HashMap<i32, i32> = HashMap::new();
    for i in (0..points.len()).filter(|&i| ours.is_core[i]) {
        let (a, b) = (ours.labels[i], theirs[i]);
        assert!(a != NOISE && b != NOISE, "core point {i} is noise");
        assert_eq!(*to_theirs.entry(a).or_insert(b), b, "cluster {a} split");
        assert_eq!(*to_ours.entry(b).or_insert(a), a, "linfa cluster {b} split");
    }
    assert_eq!(to_theirs.len(), ours.n_clusters);
    for i in (0..points.len()).filter(|&i| !ours.is_core[i]) {
        // The clusters of the core points within eps, in crimecast's numbering.
        let mut reach: Vec<i32> = (0..points.len())
            .filter(|&j| ours.is_core[j] && within(points[i], points[j], eps))
            .map(|j| ours.labels[j])
            .collect();
        reach.sort_unstable();
        reach.dedup();
        if reach.is_empty() {
            assert_eq!((ours.labels[i], theirs[i]), (NOISE, NOISE), "point {i}");
            continue;
        }
        assert_eq!(
            ours.labels[i], reach[0],
            "crimecast takes the lowest cluster"
        );
        let theirs_in_ours = to_ours.get(&theirs[i]).copied();
        assert!(
            theirs_in_ours.is_some_and(|c| reach.contains(&c)),
            "border point {i}: linfa put it in {}, reachable clusters {reach:?}",
            theirs[i]
        );
    }
    ours.n_clusters
}

#[test]
fn same_clusters_as_linfa_on_projected_demo_incidents() {
    let pts = demo_points(60);
    assert!(pts.len() > 2_000, "{} points", pts.len());
    let mut clusters = 0;
    for (eps, min_samples) in [(100.0, 4), (200.0, 8), (400.0, 15), (800.0, 40)] {
        clusters += check(&pts[..2_500], eps, min_samples);
    }
    assert!(clusters > 0);
}

#[test]
fn same_clusters_as_linfa_with_exact_radius_ties() {
    // A 10 m lattice: many pairs exactly eps apart, and duplicates.
    let pts: Vec<Point> = (0..600)
        .map(|k| {
            let v = (k * 7919 % 997) as f64;
            [(v % 31.0) * 10.0, ((v * 3.0) % 29.0) * 10.0]
        })
        .collect();
    for (eps, m) in [(10.0, 3), (20.0, 6), (30.0, 12)] {
        check(&pts, eps, m);
    }
}
