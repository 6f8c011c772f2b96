//! The R-tree queries against brute force, the random points against the area they fill,
//! and the quantiles against hand-checked values.

use super::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn cloud(n: usize, seed: u64, side: f64, snap: bool) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let p = [rng.gen_range(0.0..side), rng.gen_range(0.0..side)];
            if snap {
                [(p[0] / 50.0).round() * 50.0, (p[1] / 50.0).round() * 50.0]
            } else {
                p
            }
        })
        .collect()
}

fn brute_nearest(layer: &[Point], t: Point) -> f64 {
    layer
        .iter()
        .map(|p| distance(*p, t))
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn nearest_distances_match_brute_force() {
    for seed in 0..10 {
        // Snapped layers have duplicates and exact ties.
        let layer = cloud(300, seed, 5_000.0, seed % 2 == 0);
        let targets = cloud(1_000, seed + 100, 6_000.0, seed % 3 == 0);
        let index = PointIndex::new(&layer).unwrap();
        assert_eq!(index.len(), 300);
        let got = index.nearest_distances(&targets);
        assert_eq!(got.len(), targets.len());
        for (t, d) in targets.iter().zip(&got) {
            let want = brute_nearest(&layer, *t);
            assert!((d - want).abs() < 1e-9, "seed {seed}: {d} vs {want}");
        }
    }
}

#[test]
fn nearest_names_a_point_at_that_distance() {
    let layer = cloud(200, 7, 1_000.0, false);
    let index = PointIndex::new(&layer).unwrap();
    for t in cloud(100, 8, 1_000.0, false) {
        let (i, d) = index.nearest(t).unwrap();
        assert!((distance(layer[i], t) - d).abs() < 1e-12);
        assert!((d - brute_nearest(&layer, t)).abs() < 1e-12);
    }
}

#[test]
fn within_matches_brute_force_inclusive_and_ordered() {
    let layer = cloud(500, 3, 2_000.0, true);
    let index = PointIndex::new(&layer).unwrap();
    for t in cloud(50, 4, 2_000.0, true) {
        for r in [0.0, 50.0, 120.0] {
            let got = index.within(t, r);
            let mut want: Vec<(f64, usize)> = layer
                .iter()
                .enumerate()
                .map(|(i, p)| (distance(*p, t), i))
                .filter(|(d, _)| *d <= r)
                .collect();
            want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let want: Vec<usize> = want.into_iter().map(|(_, i)| i).collect();
            assert_eq!(got, want, "r = {r}");
        }
    }
    assert!(index.within([0.0, 0.0], -1.0).is_empty());
    assert!(index.within([0.0, 0.0], f64::NAN).is_empty());
}

#[test]
fn empty_and_invalid_inputs() {
    let empty = PointIndex::new(&[]).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.nearest([1.0, 1.0]), None);
    assert!(empty.nearest_distances(&[[0.0, 0.0]]).is_empty());
    assert!(matches!(
        PointIndex::new(&[[0.0, f64::NAN]]),
        Err(Error::Data(_))
    ));
}

#[test]
fn boxes_near_a_point() {
    let boxes = [
        ([0.0, 0.0], [10.0, 10.0]),
        ([5.0, 5.0], [20.0, 20.0]),
        ([100.0, 100.0], [110.0, 120.0]),
        ([f64::NAN, 0.0], [1.0, 1.0]),
    ];
    let index = BoxIndex::new(&boxes);
    assert_eq!(index.near([7.0, 7.0], 0.0), vec![0, 1]);
    assert_eq!(index.near([15.0, 15.0], 0.0), vec![1]);
    assert_eq!(index.near([50.0, 50.0], 0.0), Vec::<usize>::new());
    // 5 m from the third box's corner (95, 95) along x: found with a 5 m margin only.
    assert_eq!(index.near([95.0, 100.0], 4.9), Vec::<usize>::new());
    assert_eq!(index.near([95.0, 100.0], 5.0), vec![2]);
    // Against brute force on random boxes.
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let boxes: Vec<(Point, Point)> = (0..300)
        .map(|_| {
            let a = [rng.gen_range(0.0..1000.0), rng.gen_range(0.0..1000.0)];
            let b = [
                a[0] + rng.gen_range(0.0..80.0),
                a[1] + rng.gen_range(0.0..80.0),
            ];
            (a, b)
        })
        .collect();
    let index = BoxIndex::new(&boxes);
    for p in cloud(200, 12, 1000.0, false) {
        let want: Vec<usize> = (0..boxes.len())
            .filter(|&i| {
                let (a, b) = boxes[i];
                p[0] >= a[0] - 3.0 && p[0] <= b[0] + 3.0 && p[1] >= a[1] - 3.0 && p[1] <= b[1] + 3.0
            })
            .collect();
        assert_eq!(index.near(p, 3.0), want);
    }
}

fn square(x0: f64, y0: f64, s: f64) -> Vec<Point> {
    vec![[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]]
}

#[test]
fn ring_and_area_membership() {
    let area = Area {
        outer: square(0.0, 0.0, 100.0),
        holes: vec![square(40.0, 40.0, 20.0)],
    };
    assert!(area.contains([10.0, 10.0]));
    assert!(!area.contains([50.0, 50.0]));
    assert!(!area.contains([150.0, 50.0]));
    // An L-shaped (concave) ring.
    let l = vec![
        [0.0, 0.0],
        [2.0, 0.0],
        [2.0, 1.0],
        [1.0, 1.0],
        [1.0, 2.0],
        [0.0, 2.0],
    ];
    assert!(in_ring(&l, [0.5, 1.5]));
    assert!(!in_ring(&l, [1.5, 1.5]));
    assert!(!in_ring(&l[..2], [0.5, 0.0]));
}

#[test]
fn random_points_fill_the_area_evenly_and_repeat_with_the_seed() {
    let area = Area {
        outer: square(0.0, 0.0, 1000.0),
        holes: vec![square(0.0, 0.0, 500.0)],
    };
    let n = 12_000;
    let pts = area.random_points(n, 2016).unwrap();
    assert_eq!(pts.len(), n);
    assert!(pts.iter().all(|p| area.contains(*p)));
    assert_eq!(pts, area.random_points(n, 2016).unwrap());
    assert_ne!(pts, area.random_points(n, 2017).unwrap());
    // The three remaining quarters get a third each (binomial sd ≈ 0.0043).
    for (x0, y0) in [(500.0, 0.0), (0.0, 500.0), (500.0, 500.0)] {
        let share = pts
            .iter()
            .filter(|p| p[0] >= x0 && p[0] < x0 + 500.0 && p[1] >= y0 && p[1] < y0 + 500.0)
            .count() as f64
            / n as f64;
        assert!((share - 1.0 / 3.0).abs() < 0.02, "share {share}");
    }
    assert!(Area {
        outer: vec![[0.0, 0.0], [1.0, 1.0]],
        holes: vec![],
    }
    .random_points(5, 1)
    .is_err());
    let flat = Area {
        outer: vec![[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]],
        holes: vec![],
    };
    assert!(flat.random_points(5, 1).is_err());
}

#[test]
fn quantiles_interpolate_like_numpy() {
    // numpy.quantile([1, 2, 4, 8], [0, .25, .5, .9, 1]) = [1, 1.75, 3, 6.8, 8]
    let v = [1.0, 2.0, 4.0, 8.0];
    let got: Vec<f64> = [0.0, 0.25, 0.5, 0.9, 1.0]
        .iter()
        .map(|q| quantile(&v, *q).unwrap())
        .collect();
    for (g, w) in got.iter().zip([1.0, 1.75, 3.0, 6.8, 8.0]) {
        assert!((g - w).abs() < 1e-12, "{g} vs {w}");
    }
    assert_eq!(quantile(&[], 0.5), None);
    assert_eq!(quantile(&v, 1.5), None);
    let p = percentiles(&[8.0, 1.0, 4.0, 2.0, f64::NAN]);
    assert_eq!(p.len(), 101);
    assert_eq!(p[0], 1.0);
    assert_eq!(p[50], 3.0);
    assert_eq!(p[100], 8.0);
    assert!(percentiles(&[]).is_empty());
}
