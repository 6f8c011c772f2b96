//! SARIMAX on the last 111 complete months of demo incidents: the fixed
//! SARIMAX(1,1,1)(1,1,1,12) fit + 12-step forecast, and the automatic order search. Run by
//! `scripts/bench` (or `cargo bench --bench sarimax`).

use std::hint::black_box;
use std::time::Duration;

use crimecast::analysis::ts::sarimax::kalman;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

#[path = "inputs/mod.rs"]
mod inputs;

fn sarimax(c: &mut Criterion) {
    let mut g = inputs::group(
        c,
        "sarimax",
        20,
        Duration::from_millis(500),
        Duration::from_secs(5),
    );
    let y = inputs::monthly_series(inputs::SARIMAX_MONTHS);
    let n = y.len();
    let spec = inputs::sarimax_spec();
    let (m, _) = inputs::stage_sarimax(&spec, &y);
    let build = kalman::filter_build();
    inputs::info(
        &format!("sarimax/fit_forecast/{n}"),
        serde_json::json!({
            "months": n, "llf": m.llf, "converged": m.converged,
            "evaluations": m.evaluations, "series_sum": y.iter().sum::<f64>(),
            "filter_build": build,
        }),
    );
    g.bench_with_input(BenchmarkId::new("fit_forecast", n), &y, |b, y| {
        b.iter_with_large_drop(|| inputs::stage_sarimax(&spec, black_box(y)))
    });
    // The same fit on the portable build, where another build ran above.
    kalman::force_portable(true);
    if kalman::filter_build() != build {
        g.bench_with_input(BenchmarkId::new("fit_forecast_portable", n), &y, |b, y| {
            b.iter_with_large_drop(|| inputs::stage_sarimax(&spec, black_box(y)))
        });
    }
    kalman::force_portable(false);
    let (sel, _) = inputs::stage_sarimax_auto(&y);
    inputs::info(
        &format!("sarimax/auto_order/{n}"),
        serde_json::json!({
            "months": n, "model": sel.spec.label(0), "candidates": sel.candidates.len(),
            "series_sum": y.iter().sum::<f64>(),
        }),
    );
    g.bench_with_input(BenchmarkId::new("auto_order", n), &y, |b, y| {
        b.iter_with_large_drop(|| inputs::stage_sarimax_auto(black_box(y)))
    });
    g.finish();
}

criterion_group!(benches, sarimax);
criterion_main!(benches);
