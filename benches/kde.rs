//! Gaussian KDE (Scott's rule, binned FFT fast path) on a 256×256 lattice from 10k and 100k
//! projected demo incidents. Run by `scripts/bench` (or `cargo bench --bench kde`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "inputs/mod.rs"]
mod inputs;

fn kde(c: &mut Criterion) {
    let mut g = inputs::group(c, "kde", 20, Duration::from_secs(1), Duration::from_secs(4));
    let all = inputs::points(100_000);
    for n in [10_000, 100_000] {
        let pts = &all[..n];
        let axes = inputs::kde_axes(pts, inputs::KDE_NODES);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("grid256", n), pts, |b, pts| {
            b.iter_with_large_drop(|| inputs::stage_kde(black_box(pts), &axes))
        });
    }
    g.finish();
}

criterion_group!(benches, kde);
criterion_main!(benches);
