//! DBSCAN (eps 250 m, min_samples 10) on projected demo incidents, 10k and 100k points.
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
    g.finish();
}

criterion_group!(benches, dbscan);
criterion_main!(benches);
