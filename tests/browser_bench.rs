//! In-browser benchmarks: the same stages as the native benches (`benches/*.rs`), compiled to
//! WebAssembly and timed with `performance.now()` in headless Chromium. They run in a dedicated
//! Web Worker, where the page runs its heavy work too (and where a long computation cannot
//! stall the page the test runner reads).
//!
//! Every test is `#[ignore]`d so ordinary test runs skip them; `scripts/bench` runs them with
//! `cargo test --release --target wasm32-unknown-unknown --test browser_bench --
//! --include-ignored --nocapture` and reads one line per stage:
//! `BENCH {"name":..,"runs_ms":[..],"median_ms":..,...}`.
#![cfg(target_arch = "wasm32")]

use std::hint::black_box;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "../benches/inputs/mod.rs"]
mod inputs;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Timed repetitions per stage; the median is reported.
const RUNS: usize = 5;

/// `performance.now()` of the worker (or of the window, if run on a page).
fn now() -> f64 {
    let global = js_sys::global();
    let perf = match global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        Some(w) => w.performance(),
        None => global
            .dyn_ref::<web_sys::Window>()
            .and_then(|w| w.performance()),
    };
    perf.map_or(f64::NAN, |p| p.now())
}

/// Give the event loop a turn, so the test runner can read the page between runs.
async fn pause() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        0.5 * (s[n / 2 - 1] + s[n / 2])
    }
}

/// Time `f` `RUNS` times (after `warmup` untimed runs); the result is dropped outside the timer.
async fn measure<T>(name: &str, warmup: usize, extra: serde_json::Value, mut f: impl FnMut() -> T) {
    measure_split(name, (warmup, RUNS), extra, || (), |()| f()).await;
}

/// Time `f` `runs.1` times (after `runs.0` untimed runs), each time on a fresh `setup()`,
/// which is not timed; the result is dropped outside the timer.
async fn measure_split<S, T>(
    name: &str,
    runs: (usize, usize),
    extra: serde_json::Value,
    mut setup: impl FnMut() -> S,
    mut f: impl FnMut(S) -> T,
) {
    for _ in 0..runs.0 {
        black_box(f(setup()));
        pause().await;
    }
    let mut times = Vec::with_capacity(runs.1);
    for _ in 0..runs.1 {
        let s = setup();
        let t0 = now();
        let out = black_box(f(s));
        times.push(now() - t0);
        drop(out);
        pause().await;
    }
    let line = serde_json::json!({
        "name": name,
        "runs_ms": times,
        "median_ms": median(&times),
        "extra": extra,
    });
    console_log!("BENCH {line}");
}

#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_pipeline() {
    for n in [10_000, 100_000] {
        let rows = inputs::raw_rows(n);
        pause().await;
        let out = inputs::stage_pipeline(&rows);
        let extra = serde_json::json!({ "rows": n, "kept": out.quality.kept });
        measure(
            &format!("pipeline/clean_feature_aggregate/{n}"),
            1,
            extra,
            || inputs::stage_pipeline(&rows),
        )
        .await;
    }
}

#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_dbscan() {
    let all = inputs::points(100_000);
    for n in [10_000, 100_000] {
        pause().await;
        let pts = &all[..n];
        let r = inputs::stage_dbscan(pts);
        let extra =
            serde_json::json!({ "points": n, "clusters": r.n_clusters, "sites": r.n_sites });
        measure(&format!("dbscan/fit/{n}"), 1, extra, || {
            inputs::stage_dbscan(pts)
        })
        .await;
    }
}

#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_kde() {
    let all = inputs::points(100_000);
    for n in [10_000, 100_000] {
        pause().await;
        let pts = &all[..n];
        let axes = inputs::kde_axes(pts, inputs::KDE_NODES);
        let extra = serde_json::json!({ "points": n, "nodes": axes.nx * axes.ny });
        measure(&format!("kde/grid256/{n}"), 1, extra, || {
            inputs::stage_kde(pts, &axes)
        })
        .await;
    }
}

#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_gi_star() {
    let pts = inputs::points(100_000);
    for side in [50, inputs::GI_SIDE] {
        pause().await;
        let input = inputs::gi_input(&pts, side);
        let cells = side * side;
        let extra = serde_json::json!({ "cells": cells });
        measure(&format!("gi_star/cells/{cells}"), 1, extra, || {
            inputs::stage_gi_star(&input, 0)
        })
        .await;
    }
    let input = inputs::gi_input(&pts, inputs::GI_SIDE);
    let cells = inputs::GI_SIDE * inputs::GI_SIDE;
    let extra = serde_json::json!({ "cells": cells, "permutations": 999 });
    measure(
        &format!("gi_star/cells_999_permutations/{cells}"),
        1,
        extra,
        || inputs::stage_gi_star(&input, 999),
    )
    .await;
}

#[cfg(feature = "lstm")]
#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_lstm() {
    let y = inputs::weekly_series(inputs::LSTM_WEEKS);
    let params = inputs::lstm_params();
    pause().await;
    let fitted = inputs::stage_lstm(&y, &params);
    let s = fitted.summary();
    let extra = serde_json::json!({
        "weeks": y.len(), "epochs": s.epochs_run, "best_epoch": s.best_epoch,
        "series_sum": y.iter().sum::<f64>(),
    });
    measure(
        &format!("lstm/train_early_stop/{}", y.len()),
        0,
        extra,
        || inputs::stage_lstm(&y, &params),
    )
    .await;
}

#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_sarimax() {
    let y = inputs::monthly_series(inputs::SARIMAX_MONTHS);
    let n = y.len();
    let spec = inputs::sarimax_spec();
    pause().await;
    let (m, _) = inputs::stage_sarimax(&spec, &y);
    let extra = serde_json::json!({
        "months": n, "llf": m.llf, "converged": m.converged,
        "evaluations": m.evaluations, "series_sum": y.iter().sum::<f64>(),
    });
    measure(&format!("sarimax/fit_forecast/{n}"), 1, extra, || {
        inputs::stage_sarimax(&spec, &y)
    })
    .await;
    let (sel, _) = inputs::stage_sarimax_auto(&y);
    let extra = serde_json::json!({
        "months": n, "model": sel.spec.label(0), "candidates": sel.candidates.len(),
        "series_sum": y.iter().sum::<f64>(),
    });
    measure(&format!("sarimax/auto_order/{n}"), 0, extra, || {
        inputs::stage_sarimax_auto(&y)
    })
    .await;
}

#[wasm_bindgen_test]
#[ignore = "benchmark; run by scripts/bench"]
async fn bench_allocation() {
    let mut e = inputs::demo_engine();
    let variants = [
        ("precinct_fits", Default::default(), RUNS),
        ("precinct_fits_auto", inputs::allocation_auto(), 3),
    ];
    for (name, spec, runs) in variants {
        pause().await;
        let j = inputs::allocation_start(&mut e, &spec);
        let planned = j.planned();
        let fitted = inputs::stage_allocation_fits(j);
        let extra = serde_json::json!({ "precincts": planned, "models": fitted });
        measure_split(
            &format!("allocation/{name}/{planned}"),
            (0, runs),
            extra,
            || inputs::allocation_start(&mut e, &spec),
            inputs::stage_allocation_fits,
        )
        .await;
    }
}
