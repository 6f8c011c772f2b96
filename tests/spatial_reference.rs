//! Spatial numerics against the scipy / scikit-learn / esda reference vectors, through the
//! library and through the CLI (Moran's I through the library), plus property tests.

mod common;

use std::collections::HashMap;

use common::{assert_all_close, fixture_cases};
use crimecast::analysis::spatial::dbscan::Dbscan;
use crimecast::analysis::spatial::gi_star::{gi_star, GiStarOptions};
use crimecast::analysis::spatial::kde::{Bandwidth, GaussianKde, GridAxes};
use crimecast::analysis::spatial::moran::{morans_i, MoranOptions};
use crimecast::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crimecast::analysis::spatial::{points_from_xy, Point};
use crimecast::analysis::ParamGuard;
use crimecast::cli;
use proptest::prelude::*;
use serde_json::Value;

const KDE_TOL: f64 = 1e-9;
const GI_TOL: f64 = 1e-9;

fn cases(file: &str) -> Vec<Value> {
    fixture_cases(&format!("reference/{file}"))
}

fn floats(v: &Value, key: &str) -> Vec<f64> {
    serde_json::from_value(v[key].clone()).unwrap_or_else(|e| panic!("field {key}: {e}"))
}

fn cli_json(kind: &str, case: &Value) -> Value {
    let args = vec!["reference".to_string(), kind.to_string()];
    let out = cli::run(&args, &case.to_string()).unwrap_or_else(|e| panic!("cli {kind}: {e}"));
    serde_json::from_str(&out).expect("cli output is JSON")
}

/// Labels equal up to renumbering of clusters and up to border points reachable from
/// several clusters; `is_core` equal exactly.
fn assert_dbscan_equivalent(
    pts: &[Point],
    eps: f64,
    labels: &[i32],
    core: &[bool],
    want_labels: &[i32],
    want_core: &[bool],
) {
    assert_eq!(core, want_core, "is_core differs");
    let mut map: HashMap<i32, i32> = HashMap::new();
    let mut back: HashMap<i32, i32> = HashMap::new();
    for i in (0..pts.len()).filter(|&i| core[i]) {
        let (a, b) = (labels[i], want_labels[i]);
        assert!(a >= 0 && b >= 0, "core point {i} labelled noise");
        assert_eq!(*map.entry(a).or_insert(b), b, "cluster {a} split");
        assert_eq!(*back.entry(b).or_insert(a), a, "cluster {b} merged");
    }
    for i in (0..pts.len()).filter(|&i| !core[i]) {
        // The clusters with a core point within eps of i.
        let reach: Vec<i32> = (0..pts.len())
            .filter(|&j| {
                core[j] && {
                    let dx = pts[i][0] - pts[j][0];
                    let dy = pts[i][1] - pts[j][1];
                    dx * dx + dy * dy <= eps * eps
                }
            })
            .map(|j| labels[j])
            .collect();
        if reach.is_empty() {
            assert_eq!((labels[i], want_labels[i]), (-1, -1), "noise point {i}");
        } else {
            assert!(
                reach.contains(&labels[i]),
                "border point {i} in a foreign cluster"
            );
            let mapped = back.get(&want_labels[i]).copied().unwrap_or(-2);
            assert!(
                reach.contains(&mapped),
                "reference border point {i} unreachable"
            );
        }
    }
}

#[test]
fn kde_reference_cases() {
    for case in cases("kde.json") {
        let pts = points_from_xy(&floats(&case, "x"), &floats(&case, "y")).unwrap();
        let (gx, gy) = (floats(&case, "grid_x"), floats(&case, "grid_y"));
        let want = floats(&case, "density");
        let want_h = case["bandwidth_factor"].as_f64().unwrap();
        // Scott's rule from the data (the reference's default).
        let k = GaussianKde::fit(&pts, None, Bandwidth::Scott).unwrap();
        assert_all_close(&[k.factor()], &[want_h], KDE_TOL, "KDE factor");
        assert_all_close(
            &k.evaluate_on(&gx, &gy).unwrap(),
            &want,
            KDE_TOL,
            "KDE density",
        );
        // Through the CLI, with and without the factor given.
        let out = cli_json("kde", &case);
        assert_all_close(&floats(&out, "density"), &want, KDE_TOL, "CLI KDE density");
        assert_all_close(
            &[out["bandwidth_factor"].as_f64().unwrap()],
            &[want_h],
            KDE_TOL,
            "CLI KDE factor",
        );
        let mut no_factor = case.clone();
        no_factor
            .as_object_mut()
            .unwrap()
            .remove("bandwidth_factor");
        let out = cli_json("kde", &no_factor);
        assert_all_close(&floats(&out, "density"), &want, KDE_TOL, "CLI KDE, Scott");
        // The binned FFT path within its documented error.
        let mut fast = case.clone();
        fast["method"] = Value::from("fast");
        let out = cli_json("kde", &fast);
        assert_all_close(&floats(&out, "density"), &want, 4e-3, "CLI fast KDE");
    }
}

#[test]
fn dbscan_reference_cases() {
    for case in cases("dbscan.json") {
        let pts = points_from_xy(&floats(&case, "x"), &floats(&case, "y")).unwrap();
        let eps = case["eps"].as_f64().unwrap();
        let ms = case["min_samples"].as_u64().unwrap() as usize;
        let want_labels: Vec<i32> = serde_json::from_value(case["labels"].clone()).unwrap();
        let want_core: Vec<bool> = serde_json::from_value(case["is_core"].clone()).unwrap();
        let r = Dbscan::params(ms)
            .eps(eps)
            .check()
            .unwrap()
            .fit(&pts)
            .unwrap();
        assert_dbscan_equivalent(&pts, eps, &r.labels, &r.is_core, &want_labels, &want_core);
        let out = cli_json("dbscan", &case);
        let labels: Vec<i32> = serde_json::from_value(out["labels"].clone()).unwrap();
        let core: Vec<bool> = serde_json::from_value(out["is_core"].clone()).unwrap();
        assert_dbscan_equivalent(&pts, eps, &labels, &core, &want_labels, &want_core);
        // Same numbering rule as scikit-learn: identical labels.
        assert_eq!(labels, want_labels);
    }
}

#[test]
fn gi_star_reference_cases() {
    for case in cases("gi_star.json") {
        let rows = case["rows"].as_u64().unwrap() as usize;
        let cols = case["cols"].as_u64().unwrap() as usize;
        let contiguity: Contiguity = case["contiguity"].as_str().unwrap().parse().unwrap();
        let counts = floats(&case, "counts");
        let w = SpatialWeights::lattice(rows, cols, contiguity).unwrap();
        let r = gi_star(&counts, &w, &GiStarOptions::default()).unwrap();
        let z: Vec<f64> = r.z.iter().map(|v| v.expect("defined z")).collect();
        let p: Vec<f64> = r
            .p_norm_one_sided
            .iter()
            .map(|v| v.expect("defined p"))
            .collect();
        assert_all_close(&z, &floats(&case, "z"), GI_TOL, "Gi* z");
        assert_all_close(&p, &floats(&case, "p_norm_one_sided"), GI_TOL, "Gi* p");
        let out = cli_json("gi-star", &case);
        assert_all_close(&floats(&out, "z"), &floats(&case, "z"), GI_TOL, "CLI Gi* z");
        assert_all_close(
            &floats(&out, "p_norm_one_sided"),
            &floats(&case, "p_norm_one_sided"),
            GI_TOL,
            "CLI Gi* p",
        );
        let bins: Vec<i8> = serde_json::from_value(out["bins"].clone()).unwrap();
        assert_eq!(bins.len(), rows * cols);
    }
}

/// Tolerance of Moran's analytic parts (I, E[I], the variances, z and two-sided p under
/// normality and under randomisation) against esda: relative, as `assert_all_close`.
const MORAN_TOL: f64 = 1e-10;

/// The permutation p-values of crimecast (ChaCha8) and esda (numpy's generator) cannot draw
/// the same permutations, so they are compared as two estimates of one permutation p-value `p`
/// from `P` draws each: the difference has a standard deviation of about
/// `√(2 p (1 − p) / P)`, and 4.5 of those plus 2/(P + 1) for the `+1` of both estimators is
/// allowed (with P = 9999: ±0.008 at p = 0.014, ±0.031 at p = 0.36).
fn moran_p_sim_tolerance(p: f64, permutations: usize) -> f64 {
    let perms = permutations as f64;
    4.5 * (2.0 * p * (1.0 - p) / perms).sqrt() + 2.0 / (perms + 1.0)
}

/// Every case of `reference/moran.json` (esda, see `gen_moran.py` beside it).
#[test]
fn moran_reference_cases() {
    for case in cases("moran.json") {
        let name = case["name"].as_str().unwrap();
        let neighbors: Vec<Vec<usize>> = serde_json::from_value(case["neighbors"].clone()).unwrap();
        let w = SpatialWeights::from_neighbors(&neighbors).unwrap();
        if let Some(l) = case.get("lattice") {
            // The lattice builder links the same cells as libpysal's lat2W.
            let contiguity: Contiguity = l["contiguity"].as_str().unwrap().parse().unwrap();
            let (rows, cols) = (l["rows"].as_u64().unwrap(), l["cols"].as_u64().unwrap());
            let lw = SpatialWeights::lattice(rows as usize, cols as usize, contiguity).unwrap();
            for (i, want) in neighbors.iter().enumerate() {
                let mut got = lw.neighbors(i).to_vec();
                got.sort_unstable();
                assert_eq!(&got, want, "{name}: neighbours of cell {i}");
            }
        }
        let permutations = case["permutations"].as_u64().unwrap() as usize;
        let opts = MoranOptions {
            permutations,
            seed: 7,
        };
        let r = morans_i(&floats(&case, "values"), &w, &opts).unwrap();
        let rand = |v: Option<f64>, key: &str| v.unwrap_or_else(|| panic!("{name}: no {key}"));
        for (got, key) in [
            (r.i, "I"),
            (r.expected, "EI"),
            (r.variance_norm, "VI_norm"),
            (r.z_norm, "z_norm"),
            (r.p_norm, "p_norm"),
            (rand(r.variance_rand, "VI_rand"), "VI_rand"),
            (rand(r.z_rand, "z_rand"), "z_rand"),
            (rand(r.p_rand, "p_rand"), "p_rand"),
        ] {
            let want = case[key].as_f64().unwrap();
            assert_all_close(&[got], &[want], MORAN_TOL, &format!("{name} {key}"));
        }
        assert_eq!(r.n, case["n"].as_u64().unwrap() as usize);
        let want = case["p_sim"].as_f64().unwrap();
        let got = r.p_sim.unwrap();
        let tol = moran_p_sim_tolerance(want, permutations);
        assert!(
            (got - want).abs() <= tol,
            "{name}: p_sim {got} vs esda {want} (tolerance {tol:.4})"
        );
    }
}

#[test]
fn cli_rejects_unknown_and_bad_input() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches!(
        cli::run(&args(&["reference", "nope"]), "{}"),
        Err(cli::Error::Usage(_))
    ));
    assert!(matches!(
        cli::run(&args(&["reference", "dbscan"]), "not json"),
        Err(cli::Error::Input(_))
    ));
    let bad = r#"{"x":[0,1],"y":[0,1],"eps":-1,"min_samples":2}"#;
    assert!(matches!(
        cli::run(&args(&["reference", "dbscan"]), bad),
        Err(cli::Error::Analysis(_))
    ));
    let flat = r#"{"rows":2,"cols":3,"contiguity":"rook","counts":[4,4,4,4,4,4]}"#;
    let out: Value =
        serde_json::from_str(&cli::run(&args(&["reference", "gi-star"]), flat).unwrap()).unwrap();
    assert_eq!(out["constant_field"], Value::Bool(true));
    assert!(out["z"].as_array().unwrap().iter().all(Value::is_null));
}

fn points_strategy(max: usize) -> impl Strategy<Value = Vec<(u8, u8)>> {
    prop::collection::vec((0u8..40, 0u8..40), 1..max)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn dbscan_invariant_under_permutation(
        raw in points_strategy(120),
        seed in any::<u64>(),
        eps_i in 1u8..6,
        ms in 1usize..8,
    ) {
        // Lattice points: duplicates and distances exactly equal to eps are common.
        let pts: Vec<Point> = raw.iter().map(|&(a, b)| [a as f64 * 5.0, b as f64 * 5.0]).collect();
        let eps = eps_i as f64 * 5.0;
        let params = Dbscan::params(ms).eps(eps).check().unwrap();
        let base = params.fit(&pts).unwrap();
        // A seeded permutation.
        let mut perm: Vec<usize> = (0..pts.len()).collect();
        let mut s = seed | 1;
        for i in (1..perm.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            perm.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let shuffled: Vec<Point> = perm.iter().map(|&i| pts[i]).collect();
        let r = params.fit(&shuffled).unwrap();
        let labels: Vec<i32> = perm.iter().enumerate().fold(vec![0; pts.len()], |mut v, (k, &i)| {
            v[i] = r.labels[k];
            v
        });
        let core: Vec<bool> = perm.iter().enumerate().fold(vec![false; pts.len()], |mut v, (k, &i)| {
            v[i] = r.is_core[k];
            v
        });
        prop_assert_eq!(r.n_clusters, base.n_clusters);
        assert_dbscan_equivalent(&pts, eps, &labels, &core, &base.labels, &base.is_core);
    }

    #[test]
    fn gi_star_constant_field_is_undefined(
        rows in 1usize..8,
        cols in 2usize..8,
        value in 0.0f64..50.0,
        queen in any::<bool>(),
    ) {
        let c = if queen { Contiguity::Queen } else { Contiguity::Rook };
        let w = SpatialWeights::lattice(rows, cols, c).unwrap();
        let r = gi_star(&vec![value; rows * cols], &w, &GiStarOptions::default()).unwrap();
        prop_assert!(r.constant_field);
        prop_assert_eq!(r.n_undefined, rows * cols);
        prop_assert!(r.z.iter().all(Option::is_none));
        prop_assert!(r.bins.iter().all(|&b| b == 0));
    }

    #[test]
    fn kde_integrates_to_one(raw in prop::collection::vec((0.0f64..1000.0, 0.0f64..1000.0), 8..40)) {
        let pts: Vec<Point> = raw.iter().map(|&(a, b)| [a, b]).collect();
        let k = match GaussianKde::fit(&pts, None, Bandwidth::Scott) {
            Ok(k) => k,
            Err(_) => return Ok(()), // degenerate (collinear) sample: documented error
        };
        let c = k.kernel_covariance();
        let det = c[0][0] * c[1][1] - c[0][1] * c[0][1];
        let minor = (0.5 * (c[0][0] + c[1][1] - ((c[0][0] - c[1][1]).powi(2) + 4.0 * c[0][1] * c[0][1]).sqrt())).sqrt();
        prop_assume!(det > 0.0 && minor > 100.0);
        let axes = GridAxes::new(-2500.0, 25.0, 241, -2500.0, 25.0, 241).unwrap();
        let d = k.evaluate_on(&axes.xs(), &axes.ys()).unwrap();
        let total: f64 = d.iter().sum::<f64>() * 25.0 * 25.0;
        prop_assert!((total - 1.0).abs() < 1e-3, "integral {}", total);
    }
}
