//! Exact-vs-fast accuracy and basic properties of the KDE.

use super::*;
use crate::analysis::spatial::points::{points_from_xy, Point};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn reference_case() -> (Vec<Point>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let v: serde_json::Value = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/reference/kde.json"
    ))
    .unwrap();
    let c = &v["cases"][0];
    let f = |k: &str| -> Vec<f64> { serde_json::from_value(c[k].clone()).unwrap() };
    let pts = points_from_xy(&f("x"), &f("y")).unwrap();
    (pts, f("grid_x"), f("grid_y"), f("density"))
}

/// Clustered synthetic incidents: a few tilted Gaussian blobs over ~30 km plus background.
pub(crate) fn synthetic(n: usize, seed: u64) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let centres = [
        (-6000.0, 2000.0, 900.0, 0.5),
        (3000.0, -4000.0, 1500.0, -0.3),
        (8000.0, 5000.0, 600.0, 0.0),
    ];
    let gauss = move |rng: &mut ChaCha8Rng| -> f64 {
        let u1: f64 = rng.gen::<f64>().max(1e-300);
        let u2: f64 = rng.gen();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    (0..n)
        .map(|i| {
            if i % 5 == 0 {
                [
                    rng.gen_range(-15000.0..15000.0),
                    rng.gen_range(-12000.0..12000.0),
                ]
            } else {
                let (cx, cy, s, rho) = centres[i % 3];
                let a = gauss(&mut rng);
                let b = gauss(&mut rng);
                [
                    cx + s * a,
                    cy + s * (rho * a + (1.0 - rho * rho).sqrt() * b),
                ]
            }
        })
        .collect()
}

fn errors(fast: &[f64], exact: &[f64], floor: f64) -> (f64, f64) {
    let max = exact.iter().cloned().fold(0.0, f64::max);
    let mut rel = 0.0_f64;
    let mut abs = 0.0_f64;
    for (a, e) in fast.iter().zip(exact) {
        abs = abs.max((a - e).abs() / max);
        if *e >= floor * max {
            rel = rel.max((a - e).abs() / e);
        }
    }
    (rel, abs)
}

#[test]
fn exact_matches_reference() {
    let (pts, gx, gy, want) = reference_case();
    let k = GaussianKde::fit(&pts, None, Bandwidth::Scott).unwrap();
    assert!((k.factor() - 0.3026979231964069).abs() < 1e-12);
    let got = k.evaluate_on(&gx, &gy).unwrap();
    let (rel, _) = errors(&got, &want, 0.0);
    assert!(rel < 1e-9, "max rel error {rel}");
}

#[test]
fn fast_matches_exact_reference() {
    let (pts, gx, gy, want) = reference_case();
    let axes = GridAxes::from_coords(&gx, &gy).unwrap();
    let s = kde_grid_fast(&pts, &axes, Bandwidth::Scott).unwrap();
    let (rel, abs) = errors(&s.density, &want, 0.0);
    eprintln!("reference case: fast max rel err {rel:.3e}, max abs/max {abs:.3e}");
    assert!(rel < 3e-3, "{rel}");
    assert_eq!(s.ignored_points, 0);
}

#[test]
fn fast_matches_exact_synthetic() {
    let pts = synthetic(8_000, 7);
    let axes = GridAxes::new(-16000.0, 410.0, 80, -13000.0, 330.0, 80).unwrap();
    let k = GaussianKde::fit(&pts, None, Bandwidth::Scott).unwrap();
    let exact = k.evaluate_grid(&axes).unwrap();
    let fast = k.evaluate_fast(&axes, &FastKdeOptions::default()).unwrap();
    let (rel, abs) = errors(&fast.density, &exact.density, 1e-6);
    let (rel_all, _) = errors(&fast.density, &exact.density, 0.0);
    eprintln!(
        "synthetic 8k: fast max rel err {rel:.3e} (nodes > 1e-6 max), all nodes {rel_all:.3e}, max abs/max {abs:.3e}"
    );
    assert!(rel < 3e-3, "{rel}");
    assert!(abs < 2e-4, "{abs}");
}

#[test]
fn integrates_to_one_on_wide_grid() {
    let pts = synthetic(3000, 3);
    let k = GaussianKde::fit(&pts, None, Bandwidth::Factor(0.3)).unwrap();
    let axes = GridAxes::new(-30000.0, 250.0, 241, -25000.0, 250.0, 201).unwrap();
    let s = k.evaluate_fast(&axes, &FastKdeOptions::default()).unwrap();
    let total: f64 = s.density.iter().sum::<f64>() * 250.0 * 250.0;
    assert!((total - 1.0).abs() < 1e-3, "{total}");
}

#[test]
fn degenerate_inputs_are_errors() {
    let same = vec![[5.0, 5.0]; 10];
    assert!(matches!(
        GaussianKde::fit(&same, None, Bandwidth::Scott),
        Err(Error::Data(_))
    ));
    let line: Vec<Point> = (0..10).map(|i| [i as f64, 2.0 * i as f64]).collect();
    assert!(matches!(
        GaussianKde::fit(&line, None, Bandwidth::Scott),
        Err(Error::Data(_))
    ));
    assert!(matches!(
        GaussianKde::fit(&[], None, Bandwidth::Scott),
        Err(Error::Data(_))
    ));
    let nan = vec![[0.0, 1.0], [f64::NAN, 2.0], [3.0, 1.0]];
    assert!(matches!(
        GaussianKde::fit(&nan, None, Bandwidth::Scott),
        Err(Error::Data(_))
    ));
    let ok = vec![[0.0, 1.0], [1.0, 2.0], [3.0, 1.0]];
    assert!(matches!(
        GaussianKde::fit(&ok, None, Bandwidth::Factor(-1.0)),
        Err(Error::KdeParams(KdeParamsError::Factor(-1.0)))
    ));
    assert!(matches!(
        GridAxes::from_coords(&[0.0, 1.0, 3.0], &[0.0]),
        Err(Error::Params(_))
    ));
}

#[test]
fn weights_act_like_multiplicities() {
    let pts = vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 3.0]];
    let w = [2.0, 1.0, 1.0, 3.0];
    let k = GaussianKde::fit(&pts, Some(&w), Bandwidth::Scott).unwrap();
    // n_eff = (Σw)² / Σw² = 49 / 15; Scott's factor follows it.
    assert!((k.neff() - 49.0 / 15.0).abs() < 1e-12);
    assert!((k.factor() - (49.0_f64 / 15.0).powf(-1.0 / 6.0)).abs() < 1e-12);
    // Weighted mean (1, 10/7) and numpy.cov(aweights) divisor 1 − Σŵ² = 34/49.
    let c = k.data_covariance();
    let wn: Vec<f64> = w.iter().map(|v| v / 7.0).collect();
    let sxx: f64 = pts
        .iter()
        .zip(&wn)
        .map(|(p, w)| w * (p[0] - 1.0).powi(2))
        .sum();
    assert!((c[0][0] - sxx / (34.0 / 49.0)).abs() < 1e-12);
    // Density is a proper mixture: scaling all weights changes nothing.
    let w10: Vec<f64> = w.iter().map(|v| v * 10.0).collect();
    let k10 = GaussianKde::fit(&pts, Some(&w10), Bandwidth::Scott).unwrap();
    assert!((k.evaluate([0.5, 0.5]) - k10.evaluate([0.5, 0.5])).abs() < 1e-15);
    assert!(matches!(
        GaussianKde::fit(&pts, Some(&[1.0, -1.0, 1.0, 1.0]), Bandwidth::Scott),
        Err(Error::Data(_))
    ));
}
