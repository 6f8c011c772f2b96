//! Wall-clock timings of the spatial numerics on synthetic city-sized inputs.
//!
//! Run with `cargo run --release --example spatial_timing`.

use std::time::Instant;

use crimecast::analysis::spatial::dbscan::Dbscan;
use crimecast::analysis::spatial::kde::{kde_grid_fast, Bandwidth, GridAxes};
use crimecast::analysis::spatial::Point;
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
}
