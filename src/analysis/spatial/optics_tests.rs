//! OPTICS against its definition computed by brute force, and its clusters at a radius
//! against crimecast's DBSCAN.

use super::*;
use crate::analysis::spatial::dbscan::Dbscan;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn d(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Two blobs of different density, some duplicates, and scattered noise.
fn blobs(seed: u64) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pts = Vec::new();
    for _ in 0..120 {
        pts.push([rng.gen_range(0.0..200.0), rng.gen_range(0.0..200.0)]);
    }
    for _ in 0..60 {
        pts.push([
            2_000.0 + rng.gen_range(0.0..800.0),
            rng.gen_range(0.0..800.0),
        ]);
    }
    for _ in 0..30 {
        // Snapped to 25 m so that some points repeat.
        let p: [f64; 2] = [rng.gen_range(0.0..4_000.0), rng.gen_range(0.0..4_000.0)];
        pts.push([(p[0] / 25.0).round() * 25.0, (p[1] / 25.0).round() * 25.0]);
    }
    for k in 0..10 {
        pts.push(pts[k * 7]);
    }
    pts
}

/// Core distance by brute force: the `m`-th smallest distance (itself included).
fn core(points: &[Point], i: usize, m: usize, max_eps: f64) -> Option<f64> {
    let mut ds: Vec<f64> = points.iter().map(|p| d(*p, points[i])).collect();
    ds.sort_by(f64::total_cmp);
    ds.get(m - 1).copied().filter(|c| *c <= max_eps)
}

#[test]
fn ordering_follows_the_definition() {
    for seed in 0..6 {
        let pts = blobs(seed);
        let (m, max_eps) = (5, 300.0);
        let r = Optics::params(m)
            .max_eps(max_eps)
            .check()
            .unwrap()
            .fit(&pts)
            .unwrap();
        // A permutation of the input.
        let mut seen = r.order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..pts.len()).collect::<Vec<_>>());
        for (k, &i) in r.order.iter().enumerate() {
            let want = core(&pts, i, m, max_eps);
            match (r.core_distance[k], want) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "core {a} vs {b}"),
                (a, b) => assert_eq!(a, b, "point {i}"),
            }
            // Reachability: the smallest max(core(q), d(q, p)) over core points q visited
            // before p, when within max_eps.
            let want = reach_from(&pts, &r, k, i, max_eps);
            match (r.reachability[k], want) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "reach {a} vs {b}"),
                (a, b) => assert_eq!(a, b, "point {i} at {k}"),
            }
        }
        // OPTICS visits next a point of smallest reachability among those not yet visited
        // (any point when none is reachable).
        for k in 1..r.order.len() {
            let best = r.order[k..]
                .iter()
                .filter_map(|&j| reach_from(&pts, &r, k, j, max_eps))
                .min_by(f64::total_cmp);
            match (r.reachability[k], best) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "step {k}: {a} vs {b}"),
                (a, b) => assert_eq!(a, b, "step {k}"),
            }
        }
    }
}

/// Reachability of point `i` from the core points among the first `k` of the ordering.
fn reach_from(pts: &[Point], r: &OpticsResult, k: usize, i: usize, max_eps: f64) -> Option<f64> {
    r.order[..k]
        .iter()
        .zip(&r.core_distance[..k])
        .filter_map(|(&q, c)| c.map(|c| c.max(d(pts[q], pts[i]))))
        .filter(|v| *v <= max_eps)
        .min_by(f64::total_cmp)
}

#[test]
fn dense_blob_has_the_deeper_valley() {
    let pts = blobs(1);
    let r = Optics::params(5)
        .max_eps(500.0)
        .check()
        .unwrap()
        .fit(&pts)
        .unwrap();
    let mean_reach = |range: std::ops::Range<usize>| {
        let v: Vec<f64> = r
            .order
            .iter()
            .zip(&r.reachability)
            .filter(|(i, _)| range.contains(i))
            .filter_map(|(_, x)| *x)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    // 120 points on 200 m × 200 m against 60 on 800 m × 800 m: 32 times as dense.
    assert!(mean_reach(0..120) * 3.0 < mean_reach(120..180));
}

/// Cluster ids of `labels` restricted to `keep`, renumbered in order of first appearance.
fn canonical(labels: &[i32], keep: &[bool]) -> Vec<i32> {
    let mut map = std::collections::HashMap::new();
    labels
        .iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(&l, _)| {
            if l < 0 {
                l
            } else {
                let n = map.len() as i32;
                *map.entry(l).or_insert(n)
            }
        })
        .collect()
}

#[test]
fn clusters_at_a_radius_are_dbscan_clusters() {
    for seed in 0..6 {
        let pts = blobs(seed);
        let m = 5;
        let r = Optics::params(m)
            .max_eps(400.0)
            .check()
            .unwrap()
            .fit(&pts)
            .unwrap();
        for eps in [60.0, 150.0, 400.0] {
            let labels = r.extract(eps);
            let db = Dbscan::params(m)
                .eps(eps)
                .check()
                .unwrap()
                .fit(&pts)
                .unwrap();
            // Same core points, grouped the same way.
            let core_at: Vec<bool> = (0..pts.len())
                .map(|i| core(&pts, i, m, eps).is_some())
                .collect();
            assert_eq!(core_at, db.is_core);
            assert_eq!(
                canonical(&labels, &core_at),
                canonical(&db.labels, &core_at)
            );
            // A border point is noise or in a cluster of one of its core neighbours.
            for i in (0..pts.len()).filter(|&i| !core_at[i]) {
                if labels[i] == NOISE {
                    continue;
                }
                let ok = (0..pts.len())
                    .any(|j| core_at[j] && d(pts[i], pts[j]) <= eps && labels[j] == labels[i]);
                assert!(ok, "border point {i} at eps {eps}");
                assert_ne!(db.labels[i], NOISE);
            }
        }
    }
}

#[test]
fn empty_input_and_parameter_rules() {
    let p = Optics::params(3).check().unwrap();
    assert_eq!(p.max_eps(), DEFAULT_MAX_EPS_M);
    let r = p.fit(&[]).unwrap();
    assert!(r.order.is_empty() && r.extract(100.0).is_empty());
    assert_eq!(
        Optics::params(1).check_ref().unwrap_err(),
        OpticsParamsError::MinPoints(1)
    );
    assert_eq!(
        Optics::params(3).max_eps(0.0).check().unwrap_err(),
        OpticsParamsError::MaxEps(0.0)
    );
    assert!(matches!(
        Optics::params(3).max_eps(f64::NAN).check(),
        Err(OpticsParamsError::MaxEps(v)) if v.is_nan()
    ));
    assert!(matches!(
        p.fit(&[[0.0, f64::INFINITY]]),
        Err(Error::Data(_))
    ));
}

#[test]
fn single_location_is_one_cluster() {
    // Forty incidents geocoded to one point and two lone points.
    let mut pts = vec![[100.0, 100.0]; 40];
    pts.push([5_000.0, 0.0]);
    pts.push([0.0, 5_000.0]);
    let r = Optics::params(5)
        .max_eps(300.0)
        .check()
        .unwrap()
        .fit(&pts)
        .unwrap();
    let labels = r.extract(200.0);
    assert!(labels[..40].iter().all(|&l| l == 0));
    assert_eq!(&labels[40..], &[NOISE, NOISE]);
}
