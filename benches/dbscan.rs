//! DBSCAN on projected demo incidents, min_samples 10: eps 250 m on 10k and 100k points
//! (`dbscan/fit/<n>`), and a radius sweep from 50 m to 1 km on 100k points, since the cost
//! grows with the neighbours each point has: the points as loaded (`dbscan/fit_eps/<eps>`,
//! a few thousand distinct sites) and the same points spread up to 40 m so that each is its
//! own site (`dbscan/fit_eps_distinct/<eps>`).
//! Run by `scripts/bench` (or `cargo bench --bench dbscan`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "inputs/mod.rs"]
mod inputs;

fn dbscan(c: &mut Criterion) {
    let mut g = inputs::group(
        c,
        "dbscan",
        20,
        Duration::from_secs(1),
        Duration::from_secs(4),
    );
    let all = inputs::points(100_000);
    for n in [10_000, 100_000] {
        let pts = &all[..n];
        let r = inputs::stage_dbscan(pts);
        inputs::info(
            &format!("dbscan/fit/{n}"),
            serde_json::json!({ "points": n, "sites": r.n_sites, "clusters": r.n_clusters }),
        );
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("fit", n), pts, |b, pts| {
            b.iter_with_large_drop(|| inputs::stage_dbscan(black_box(pts)))
        });
    }
    let sweep = &all[..inputs::DBSCAN_SWEEP_POINTS.min(all.len())];
    let distinct = inputs::distinct_points(sweep, inputs::DBSCAN_SPREAD_M);
    g.throughput(Throughput::Elements(sweep.len() as u64));
    for (name, pts) in [("fit_eps", sweep), ("fit_eps_distinct", &distinct[..])] {
        for eps in inputs::DBSCAN_EPS_SWEEP {
            let r = inputs::stage_dbscan_eps(pts, f64::from(eps));
            inputs::info(
                &format!("dbscan/{name}/{eps}"),
                serde_json::json!({
                    "points": pts.len(),
                    "eps_m": eps,
                    "sites": r.n_sites,
                    "clusters": r.n_clusters,
                }),
            );
            g.bench_with_input(BenchmarkId::new(name, eps), pts, |b, pts| {
                b.iter_with_large_drop(|| inputs::stage_dbscan_eps(black_box(pts), f64::from(eps)))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, dbscan);
criterion_main!(benches);
