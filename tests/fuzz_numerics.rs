//! Properties of the numerics' compute on any finite input of bounded size: SARIMAX fits stop
//! within a stated number of optimizer iterations and likelihood evaluations (counted by the
//! fit itself), and the KDE, DBSCAN and Gi* finish with results of the stated sizes (their
//! cost is fixed by the input's size, see SECURITY.md), whatever the values: extreme, repeated,
//! collinear, constant.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::analysis::spatial::dbscan::{Dbscan, NOISE};
use crimecast::analysis::spatial::gi_star::{gi_star, GiStarOptions};
use crimecast::analysis::spatial::kde::{Bandwidth, FastKdeOptions, GaussianKde, GridAxes};
use crimecast::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crimecast::analysis::spatial::Point;
use crimecast::analysis::ts::sarimax::{fit, Sarimax, SarimaxValidParams, Trend};
use crimecast::analysis::ParamGuard;
use fuzz_common::cases;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Optimizer runs a fit may make: the first, and at most two restarts (see `sarimax::fit`).
const RUNS: u64 = 3;
/// Likelihood evaluations a fit may use per optimizer iteration, per parameter plus one (a
/// forward-difference gradient costs one per parameter plus one; the line search a few of
/// those), plus the same again for each run's start.
const EVALUATIONS_PER_STEP: u64 = 40;

/// Cases per property: one in 20 of the fuzz budget (a fit costs milliseconds), at least 16.
fn config() -> Config {
    Config {
        cases: (cases() / 20).max(16),
        ..fuzz_common::config()
    }
}

/// The most likelihood evaluations a fit of `spec` with `k` parameters may use.
fn evaluation_budget(spec: &SarimaxValidParams, k: usize) -> u64 {
    RUNS * (spec.max_iter + 1) * (k as u64 + 1) * EVALUATIONS_PER_STEP
}

/// A finite value: ordinary, a count, or an extreme.
fn value() -> BoxedStrategy<f64> {
    prop_oneof![
        6 => -100.0f64..100.0,
        2 => (0u32..50).prop_map(f64::from),
        1 => prop::sample::select(vec![0.0, -0.0, 1e-300, 1e12, -1e12, 1e150, f64::MAX / 4.0]),
    ]
    .boxed()
}

/// A series of 1–150 finite values: noise, a walk, a seasonal wave, a constant with a blip,
/// or values alternating between extremes.
fn series() -> BoxedStrategy<Vec<f64>> {
    let n = 1usize..150;
    prop_oneof![
        3 => prop::collection::vec(value(), n.clone()),
        2 => (prop::collection::vec(-1.0f64..1.0, n.clone())).prop_map(|steps| {
            steps.iter().scan(0.0, |level, s| { *level += s; Some(*level) }).collect()
        }),
        2 => (n.clone(), 2usize..13, 0.0f64..1e4).prop_map(|(n, s, a)| {
            (0..n).map(|t| a * (t as f64 * std::f64::consts::TAU / s as f64).sin() + (t % 7) as f64).collect()
        }),
        1 => (n.clone(), value()).prop_map(|(n, v)| {
            (0..n).map(|t| if t == n / 2 { v } else { 1.0 }).collect()
        }),
        1 => (n, value()).prop_map(|(n, v)| {
            (0..n).map(|t| if t % 2 == 0 { v } else { -v }).collect()
        }),
    ]
    .boxed()
}

/// A SARIMAX specification as the page may fit: small orders, period 4, 7 or 12, any cap.
fn spec() -> BoxedStrategy<SarimaxValidParams> {
    (
        (0i64..=2, 0i64..=1, 0i64..=2),
        prop::option::of((
            0i64..=1,
            0i64..=1,
            0i64..=1,
            prop::sample::select(vec![4i64, 7, 12]),
        )),
        any::<bool>(),
        prop::sample::select(vec![1u64, 2, 10, 50, 200]),
    )
        .prop_filter_map("a valid order", |((p, d, q), seasonal, trend, max_iter)| {
            let mut b = Sarimax::params([p, d, q]).max_iter(max_iter);
            if let Some((sp, sd, sq, s)) = seasonal {
                b = b.seasonal(sp, sd, sq, s);
            }
            if trend {
                b = b.trend(Trend::C);
            }
            b.check().ok()
        })
        .boxed()
}

/// 0–400 points in metres: scattered, clustered on a few sites, on one line, or extreme.
fn points() -> BoxedStrategy<Vec<Point>> {
    let n = 0usize..400;
    prop_oneof![
        3 => prop::collection::vec((-2e4f64..2e4, -2e4f64..2e4).prop_map(|(x, y)| [x, y]), n.clone()),
        2 => prop::collection::vec((0usize..5, -50.0f64..50.0), n.clone()).prop_map(|v| {
            v.into_iter().map(|(site, d)| [site as f64 * 1000.0 + d.round(), site as f64 * 700.0]).collect()
        }),
        1 => prop::collection::vec(-1e4f64..1e4, n.clone()).prop_map(|v| {
            v.into_iter().map(|x| [x, 2.0 * x + 1.0]).collect()
        }),
        1 => prop::collection::vec((value(), value()).prop_map(|(x, y)| [x, y]), n),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// Any finite series of up to 150 values and any small specification: the fit either
    /// refuses (too short, constant, no finite likelihood) or stops within
    /// `RUNS × max_iter` iterations and the evaluation budget.
    #[test]
    fn sarimax_fits_stop_within_their_budget(y in series(), spec in spec()) {
        if let Ok(f) = fit(&spec, &y, &[]) {
            let k = spec.layout(0).len();
            prop_assert!(f.iterations <= RUNS * spec.max_iter, "{} iterations, cap {}", f.iterations, spec.max_iter);
            let budget = evaluation_budget(&spec, k);
            prop_assert!(f.evaluations as u64 <= budget, "{} evaluations, budget {budget}", f.evaluations);
            prop_assert!(f.llf.is_finite() && f.params.iter().all(|p| p.is_finite()));
        }
    }

    /// Any finite points and lattice: the fast KDE either refuses (too few or degenerate
    /// points, a lattice over its FFT limit) or gives one finite, non-negative density per
    /// node, every point used or counted as ignored.
    #[test]
    fn kde_gives_one_density_per_node(
        pts in points(),
        (nx, ny) in (1usize..=64, 1usize..=64),
        step in prop::sample::select(vec![1.0f64, 50.0, 250.0, 1e4]),
        factor in prop::option::of(0.01f64..5.0),
    ) {
        let bandwidth = factor.map_or(Bandwidth::Scott, Bandwidth::Factor);
        let Ok(kde) = GaussianKde::fit(&pts, None, bandwidth) else { return Ok(()) };
        let grid = GridAxes::new(-2e4, step, nx, -2e4, step, ny).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Ok(s) = kde.evaluate_fast(&grid, &FastKdeOptions::default()) {
            prop_assert_eq!(s.density.len(), nx * ny);
            prop_assert!(s.density.iter().all(|d| d.is_finite() && *d >= 0.0));
            prop_assert!(s.ignored_points <= pts.len());
        }
    }

    /// Any finite points, radius and minimum: DBSCAN labels every point, clusters numbered
    /// from 0, noise counted, sites no more than points.
    #[test]
    fn dbscan_labels_every_point(
        pts in points(),
        eps in prop::sample::select(vec![1e-9f64, 1.0, 200.0, 5000.0, 1e9]),
        min_samples in 1usize..30,
    ) {
        let params = Dbscan::params(min_samples).eps(eps).check().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let r = params.fit(&pts).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(r.labels.len(), pts.len());
        prop_assert_eq!(r.is_core.len(), pts.len());
        prop_assert!(r.n_sites <= pts.len());
        prop_assert_eq!(r.n_noise, r.labels.iter().filter(|&&l| l == NOISE).count());
        prop_assert!(r.labels.iter().all(|&l| l == NOISE || (0..r.n_clusters as i32).contains(&l)));
    }

    /// Any non-negative counts on a lattice of up to 400 cells and up to 99 permutations:
    /// Gi* gives one value per cell and uses exactly the permutations asked for (none on a
    /// constant field, which has no variance to test against).
    #[test]
    fn gi_star_covers_every_cell(
        (rows, cols) in (1usize..=20, 1usize..=20),
        counts in prop::collection::vec(prop_oneof![4 => 0u32..20, 1 => 0u32..1_000_000], 400),
        queen in any::<bool>(),
        permutations in prop::sample::select(vec![0usize, 9, 99]),
        seed in any::<u64>(),
    ) {
        let n = rows * cols;
        let values: Vec<f64> = counts[..n].iter().map(|&c| f64::from(c)).collect();
        let contiguity = if queen { Contiguity::Queen } else { Contiguity::Rook };
        let w = SpatialWeights::lattice(rows, cols, contiguity).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let opts = GiStarOptions { permutations, seed, fdr: true };
        match gi_star(&values, &w, &opts) {
            Ok(r) => {
                // A constant field has no variance to compare against: no z, no permutations.
                let constant = values.iter().all(|v| *v == values[0]);
                let used = if constant { 0 } else { permutations };
                prop_assert_eq!(r.permutations, used);
                prop_assert_eq!(r.z.len(), n);
                prop_assert_eq!(r.bins.len(), n);
                prop_assert!(r.z.iter().flatten().all(|z| z.is_finite()));
                prop_assert_eq!(r.p_sim.as_ref().map(Vec::len), (used > 0).then_some(n));
            }
            Err(e) => prop_assert!(n < 2, "{e}"),
        }
    }
}

/// Values near `f64::MAX / 4` overflow the scale-free search's spread (found by the property
/// above): an error saying so, and no panic in the statsmodels-like search either.
#[test]
fn values_whose_spread_overflows_are_an_error() {
    use crimecast::analysis::ts::sarimax::Search;
    let big = 4.494_232_837_155_789e307;
    let y = [big, big, big, big, big, 0.0];
    let spec = |search| {
        Sarimax::params([0, 0, 1])
            .trend(Trend::C)
            .max_iter(1)
            .search(search)
            .check()
            .unwrap()
    };
    let err = fit(&spec(Search::ScaleFree), &y, &[]).unwrap_err();
    assert!(err.to_string().contains("too large"), "{err}");
    let r = std::panic::catch_unwind(|| fit(&spec(Search::Statsmodels), &y, &[]));
    assert!(r.is_ok(), "the statsmodels-like search panicked");
}
