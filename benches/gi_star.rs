//! Getis-Ord Gi* (queen contiguity, FDR bins) on counts of 100k projected demo incidents over
//! 50×50 and 100×100 cell lattices, analytical p-values; and 100×100 with 999 permutations.
//! Run by `scripts/bench` (or `cargo bench --bench gi_star`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "inputs/mod.rs"]
mod inputs;

fn gi(c: &mut Criterion) {
    let mut g = inputs::group(
        c,
        "gi_star",
        20,
        Duration::from_secs(1),
        Duration::from_secs(3),
    );
    let pts = inputs::points(100_000);
    for side in [50, inputs::GI_SIDE] {
        let input = inputs::gi_input(&pts, side);
        g.throughput(Throughput::Elements((side * side) as u64));
        g.bench_with_input(
            BenchmarkId::new("cells", side * side),
            &input,
            |b, input| b.iter_with_large_drop(|| inputs::stage_gi_star(black_box(input), 0)),
        );
    }
    let input = inputs::gi_input(&pts, inputs::GI_SIDE);
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_with_input(
        BenchmarkId::new("cells_999_permutations", inputs::GI_SIDE * inputs::GI_SIDE),
        &input,
        |b, input| b.iter_with_large_drop(|| inputs::stage_gi_star(black_box(input), 999)),
    );
    g.finish();
}

criterion_group!(benches, gi);
criterion_main!(benches);
