//! DBSCAN against a literal transcription of scikit-learn's scan order and the reference.

use super::*;
use crate::analysis::spatial::points::{points_from_xy, Point};
use crate::analysis::{Error, ParamGuard};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// O(n²) DBSCAN following scikit-learn's loop: index-order scan, depth-first expansion.
fn naive(points: &[Point], eps: f64, min_samples: usize) -> (Vec<i32>, Vec<bool>) {
    let n = points.len();
    let nb: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| {
                    let dx = points[i][0] - points[j][0];
                    let dy = points[i][1] - points[j][1];
                    dx * dx + dy * dy <= eps * eps
                })
                .collect()
        })
        .collect();
    let core: Vec<bool> = nb.iter().map(|v| v.len() >= min_samples).collect();
    let mut labels = vec![-1; n];
    let mut next = 0;
    for s in 0..n {
        if labels[s] != -1 || !core[s] {
            continue;
        }
        let mut stack = vec![s];
        while let Some(i) = stack.pop() {
            if labels[i] != -1 {
                continue;
            }
            labels[i] = next;
            if core[i] {
                stack.extend(nb[i].iter().copied().filter(|&j| labels[j] == -1));
            }
        }
        next += 1;
    }
    (labels, core)
}

fn random_points(n: usize, seed: u64) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            // Snap to a 10 m lattice to create duplicates and exact-eps distances.
            let x: f64 = rng.gen_range(0.0..40.0);
            let y: f64 = rng.gen_range(0.0..40.0);
            [(x.round()) * 10.0, (y.round()) * 10.0]
        })
        .collect()
}

#[test]
fn matches_literal_sklearn_loop() {
    for seed in 0..20 {
        let pts = random_points(300, seed);
        for (eps, ms) in [(10.0, 2), (15.0, 4), (20.0, 6), (30.0, 12), (10.0, 1)] {
            let got = Dbscan::params(ms)
                .eps(eps)
                .check()
                .unwrap()
                .fit(&pts)
                .unwrap();
            let (labels, core) = naive(&pts, eps, ms);
            assert_eq!(got.is_core, core, "seed {seed} eps {eps} ms {ms}");
            assert_eq!(got.labels, labels, "seed {seed} eps {eps} ms {ms}");
            let k = labels.iter().copied().max().unwrap_or(-1) + 1;
            assert_eq!(got.n_clusters as i32, k);
        }
    }
}

#[test]
fn matches_literal_loop_on_clustered_continuous_points() {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut pts: Vec<Point> = (0..1500)
        .map(|i| {
            let (cx, cy, r) = [(0.0, 0.0, 30.0), (100.0, 40.0, 60.0), (50.0, 200.0, 150.0)][i % 3];
            [cx + rng.gen_range(-r..r), cy + rng.gen_range(-r..r)]
        })
        .collect();
    for i in 0..200 {
        pts.push(pts[i * 3]); // duplicates
    }
    for (eps, ms) in [(4.0, 3), (8.0, 5), (12.0, 15), (40.0, 30)] {
        let got = Dbscan::params(ms)
            .eps(eps)
            .check()
            .unwrap()
            .fit(&pts)
            .unwrap();
        let (labels, core) = naive(&pts, eps, ms);
        assert_eq!(got.is_core, core, "eps {eps} ms {ms}");
        assert_eq!(got.labels, labels, "eps {eps} ms {ms}");
    }
}

#[test]
fn reference_case_exact() {
    let v: serde_json::Value = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/reference/dbscan.json"
    ))
    .unwrap();
    for c in v["cases"].as_array().unwrap() {
        let f = |k: &str| -> Vec<f64> { serde_json::from_value(c[k].clone()).unwrap() };
        let pts = points_from_xy(&f("x"), &f("y")).unwrap();
        let eps = c["eps"].as_f64().unwrap();
        let ms = c["min_samples"].as_u64().unwrap() as usize;
        let want_labels: Vec<i32> = serde_json::from_value(c["labels"].clone()).unwrap();
        let want_core: Vec<bool> = serde_json::from_value(c["is_core"].clone()).unwrap();
        let got = Dbscan::params(ms)
            .eps(eps)
            .check()
            .unwrap()
            .fit(&pts)
            .unwrap();
        assert_eq!(got.is_core, want_core);
        assert_eq!(got.labels, want_labels);
    }
}

#[test]
fn params_are_checked() {
    let e = Error::from(Dbscan::params(0).eps(10.0).check().unwrap_err());
    assert!(
        matches!(&e, Error::DbscanParams(DbscanParamsError::MinSamples(0)) if e.to_string().contains("min_samples = 0"))
    );
    let e = Error::from(Dbscan::params(3).eps(-1.0).check().unwrap_err());
    assert!(
        matches!(&e, Error::DbscanParams(DbscanParamsError::Eps(_)) if e.to_string().contains("eps = -1"))
    );
    assert!(Dbscan::params(3).eps(f64::NAN).check().is_err());
    assert_eq!(Dbscan::params(3).check().unwrap().eps(), DEFAULT_EPS_M);
}

#[test]
fn edge_inputs() {
    let p = Dbscan::params(3).eps(5.0).check().unwrap();
    let r = p.fit(&[]).unwrap();
    assert_eq!((r.n_clusters, r.labels.len()), (0, 0));
    assert!(matches!(p.fit(&[[0.0, f64::NAN]]), Err(Error::Data(_))));
    // all identical: one cluster of core points (or all noise when too few)
    let same = vec![[7.0, 7.0]; 1000];
    let r = p.fit(&same).unwrap();
    assert_eq!(r.n_clusters, 1);
    assert!(r.is_core.iter().all(|&c| c) && r.labels.iter().all(|&l| l == 0));
    assert_eq!(r.n_sites, 1);
    let r = Dbscan::params(2000)
        .eps(5.0)
        .check()
        .unwrap()
        .fit(&same)
        .unwrap();
    assert_eq!((r.n_clusters, r.n_noise), (0, 1000));
    // extreme but finite coordinates neither panic nor merge distant points
    let far = [
        [1e300, 1e300],
        [-1e300, 5.0],
        [1e300, 1e300],
        [f64::MAX, -f64::MAX],
    ];
    let r = Dbscan::params(2)
        .eps(1.0)
        .check()
        .unwrap()
        .fit(&far)
        .unwrap();
    assert_eq!(r.labels, vec![0, -1, 0, -1]);
    // -0.0 and 0.0 are the same location
    let r = Dbscan::params(2)
        .eps(1e-9)
        .check()
        .unwrap()
        .fit(&[[0.0, 0.0], [-0.0, 0.0]])
        .unwrap();
    assert_eq!(r.labels, vec![0, 0]);
}

#[test]
fn summaries() {
    let pts = vec![
        [0.0, 0.0],
        [1.0, 0.0],
        [0.0, 1.0],
        [1.0, 1.0],
        [0.5, 0.5],
        [100.0, 100.0],
    ];
    let cats = ["theft", "assault", "theft", "theft", "assault", "arson"];
    let r = Dbscan::params(3)
        .eps(1.5)
        .check()
        .unwrap()
        .fit(&pts)
        .unwrap();
    assert_eq!(r.labels, vec![0, 0, 0, 0, 0, -1]);
    let s = summarize_clusters_with_categories(&pts, &r, &cats, 1).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].size, 5);
    assert_eq!(s[0].centroid, [0.5, 0.5]);
    assert_eq!(s[0].hull.len(), 4);
    assert_eq!(
        s[0].top_categories,
        vec![CategoryCount {
            category: "theft".into(),
            count: 3
        }]
    );
    assert!(summarize_clusters(&pts[..3], &r).is_err());
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"hull\""));
}
