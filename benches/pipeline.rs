//! Clean + calendar features + aggregate on demo rows (10k and 100k rows), and each part alone
//! at 100k rows. Run by `scripts/bench` (or `cargo bench --bench pipeline`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "inputs/mod.rs"]
mod inputs;

fn pipeline(c: &mut Criterion) {
    let mut g = inputs::group(
        c,
        "pipeline",
        20,
        Duration::from_secs(1),
        Duration::from_secs(4),
    );
    for n in [10_000, 100_000] {
        let rows = inputs::raw_rows(n);
        let kept = inputs::stage_pipeline(&rows).quality.kept;
        inputs::info(
            &format!("pipeline/clean_feature_aggregate/{n}"),
            serde_json::json!({ "rows": n, "kept": kept }),
        );
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(
            BenchmarkId::new("clean_feature_aggregate", n),
            &rows,
            |b, rows| b.iter_with_large_drop(|| inputs::stage_pipeline(black_box(rows))),
        );
    }
    let rows = inputs::raw_rows(100_000);
    g.bench_function(BenchmarkId::new("clean", 100_000), |b| {
        b.iter_with_large_drop(|| inputs::clean(black_box(&rows)))
    });
    let (store, quality) = inputs::clean(&rows);
    let range = quality.day_range.expect("rows were kept");
    g.throughput(Throughput::Elements((range.1 - range.0 + 1) as u64));
    g.bench_function(BenchmarkId::new("features", 100_000), |b| {
        b.iter_with_large_drop(|| inputs::calendar_features(black_box(range)))
    });
    g.throughput(Throughput::Elements(store.len() as u64));
    g.bench_function(BenchmarkId::new("aggregate", 100_000), |b| {
        b.iter_with_large_drop(|| inputs::aggregate(black_box(&store), range))
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
