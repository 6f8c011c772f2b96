//! LSTM training (default parameters) to early stopping on the last 470 weeks of demo
//! incidents. Run by `scripts/bench` (or `cargo bench --bench lstm`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

#[path = "inputs/mod.rs"]
mod inputs;

fn lstm(c: &mut Criterion) {
    let mut g = inputs::group(
        c,
        "lstm",
        10,
        Duration::from_millis(500),
        Duration::from_secs(10),
    );
    let y = inputs::weekly_series(inputs::LSTM_WEEKS);
    let params = inputs::lstm_params();
    let fitted = inputs::stage_lstm(&y, &params);
    let s = fitted.summary();
    inputs::info(
        &format!("lstm/train_early_stop/{}", y.len()),
        serde_json::json!({
            "weeks": y.len(), "epochs": s.epochs_run, "best_epoch": s.best_epoch,
            "series_sum": y.iter().sum::<f64>(),
        }),
    );
    g.bench_with_input(BenchmarkId::new("train_early_stop", y.len()), &y, |b, y| {
        b.iter_with_large_drop(|| inputs::stage_lstm(black_box(y), &params))
    });
    g.finish();
}

criterion_group!(benches, lstm);
criterion_main!(benches);
