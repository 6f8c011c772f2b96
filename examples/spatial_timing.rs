//! Wall-clock timings of the spatial numerics on synthetic city-sized inputs.
//!
//! Run with `cargo run --release --example spatial_timing`.

use std::time::Instant;

use crimecast::analysis::spatial::correlation::{correlate, count_by_cell};
use crimecast::analysis::spatial::dbscan::Dbscan;
use crimecast::analysis::spatial::gi_star::{gi_star, GiStarOptions};
use crimecast::analysis::spatial::grid::{BBox, Grid};
use crimecast::analysis::spatial::kde::{kde_grid_fast, Bandwidth, GaussianKde, GridAxes};
use crimecast::analysis::spatial::moran::{morans_i, MoranOptions};
use crimecast::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crimecast::analysis::spatial::Point;
use crimecast::analysis::ParamGuard;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Incidents snapped to a street lattice (intersection grain: heavy duplicates), clustered.
fn city(n: usize, seed: u64, snap: bool) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let hot = [
        (-6000.0, 2000.0),
        (3000.0, -4000.0),
        (8000.0, 5000.0),
        (0.0, 0.0),
    ];
    (0..n)
        .map(|i| {
            let (x, y) = if i % 3 == 0 {
                (
                    rng.gen_range(-15000.0..15000.0),
                    rng.gen_range(-11000.0..11000.0),
                )
            } else {
                let (cx, cy) = hot[i % hot.len()];
                let r: f64 = rng.gen::<f64>().powi(2) * 2500.0;
                let a: f64 = rng.gen_range(0.0..std::f64::consts::TAU);
                (cx + r * a.cos(), cy + r * a.sin())
            };
            if snap {
                // Snap to a 90 m street lattice like intersection-grain geocoding.
                [(x / 90.0).round() * 90.0, (y / 90.0).round() * 90.0]
            } else {
                [x, y]
            }
        })
        .collect()
}

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("{label:<48} {:>9.1} ms", t.elapsed().as_secs_f64() * 1e3);
    out
}

fn main() {
    let pts = city(100_000, 1, false);
    let axes = GridAxes::new(
        -15000.0,
        30000.0 / 255.0,
        256,
        -11000.0,
        22000.0 / 255.0,
        256,
    )
    .expect("grid");
    let s = time("kde_grid_fast 100k points, 256x256", || {
        kde_grid_fast(&pts, &axes, Bandwidth::Scott).expect("kde")
    });
    println!("  (ignored points: {})", s.ignored_points);
    // Accuracy of the fast path at this size, on every 4th node of each axis.
    let k = GaussianKde::fit(&pts, None, Bandwidth::Scott).expect("fit");
    let xs: Vec<f64> = axes.xs().into_iter().step_by(4).collect();
    let ys: Vec<f64> = axes.ys().into_iter().step_by(4).collect();
    let exact = time("  exact KDE on 64x64 of those nodes", || {
        k.evaluate_on(&xs, &ys).expect("exact")
    });
    let max = exact.iter().cloned().fold(0.0, f64::max);
    let mut rel = 0.0_f64;
    for (r, y) in (0..256).step_by(4).enumerate() {
        for (c, x) in (0..256).step_by(4).enumerate() {
            let e = exact[r * xs.len() + c];
            if e >= 1e-6 * max {
                rel = rel.max((s.density[y * 256 + x] - e).abs() / e);
            }
        }
    }
    println!("  fast vs exact: max relative error {rel:.2e} (nodes above 1e-6 of max)");

    for (n, snap) in [
        (100_000, false),
        (100_000, true),
        (800_000, true),
        (800_000, false),
    ] {
        let pts = city(n, 2, snap);
        let params = Dbscan::params(10).eps(250.0).check().expect("params");
        let label = format!("dbscan {}k points (snapped: {snap}), eps 250 m", n / 1000);
        let r = time(&label, || params.fit(&pts).expect("dbscan"));
        println!(
            "  ({} sites, {} clusters, {} noise)",
            r.n_sites, r.n_clusters, r.n_noise
        );
    }

    let pts = city(800_000, 3, true);
    let grid = Grid::new(
        BBox::new(-15000.0, -11000.0, 15000.0, 11000.0).expect("bbox"),
        150.0,
    )
    .expect("grid");
    let counts = time("count 800k points on a 200x147 grid (150 m)", || {
        grid.count(&pts, None).expect("count")
    });
    let w = SpatialWeights::lattice(grid.rows(), grid.cols(), Contiguity::Queen).expect("w");
    time("gi_star 29 400 cells, queen, no permutations", || {
        gi_star(&counts.counts, &w, &GiStarOptions::default()).expect("gi")
    });
    let opts = GiStarOptions {
        permutations: 999,
        seed: 1,
        fdr: true,
    };
    time("gi_star 29 400 cells, queen, 999 permutations", || {
        gi_star(&counts.counts, &w, &opts).expect("gi")
    });
    let mo = MoranOptions {
        permutations: 999,
        seed: 1,
    };
    time("morans_i 29 400 cells, queen, 999 permutations", || {
        morans_i(&counts.counts, &w, &mo).expect("moran")
    });
    let other = city(200_000, 4, true);
    let pair = count_by_cell(&grid, &pts, &other).expect("pair");
    time("correlate 29 400 cells, 999 permutations", || {
        correlate(&pair.a, &pair.b, 999, 1).expect("corr")
    });
}
