//! The allocation analysis's precinct fits + forecasts on the whole demo dataset, with the
//! default fixed order and with the automatic order search. Only the fitting phase is timed,
//! as the page's worker reports it (counts before, backtests after are not). Run by
//! `scripts/bench` (or `cargo bench --bench allocation`).

use std::time::{Duration, Instant};

use crimecast::worker::messages::AllocationSpec;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

#[path = "inputs/mod.rs"]
mod inputs;

fn allocation(c: &mut Criterion) {
    let mut g = inputs::group(
        c,
        "allocation",
        10,
        Duration::from_millis(500),
        Duration::from_secs(5),
    );
    let mut e = inputs::demo_engine();
    let variants = [
        ("precinct_fits", AllocationSpec::default()),
        ("precinct_fits_auto", inputs::allocation_auto()),
    ];
    for (name, spec) in variants {
        let j = inputs::allocation_start(&mut e, &spec);
        let planned = j.planned();
        let fitted = inputs::stage_allocation_fits(j);
        inputs::info(
            &format!("allocation/{name}/{planned}"),
            serde_json::json!({ "precincts": planned, "models": fitted }),
        );
        g.bench_function(BenchmarkId::new(name, planned), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let j = inputs::allocation_start(&mut e, &spec);
                    let t0 = Instant::now();
                    std::hint::black_box(inputs::stage_allocation_fits(j));
                    spent += t0.elapsed();
                }
                spent
            })
        });
    }
    g.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
