//! Times the phases of the forecast page's default path (automatic selection judged on
//! backtests, the chosen model's backtest, calendar regressors, the whole run) on ten years of
//! synthetic monthly incident counts. Run with `cargo run --release --example forecast_timing`.

use std::time::Instant;

use crimecast::analysis::ts::select::SelectOptions;
use crimecast::data::time::parse_day;
use crimecast::worker::messages::{ForecastSpec, MONTHLY_PERIOD};
use crimecast::worker::pipelines::forecast::{
    calendar_regressors, fit_monthly, model_backtest_pair, monthly_backtest_spec, months_after,
    run_series,
};

fn main() {
    let mut s = 7u64;
    let mut noise = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    };
    let n = 118;
    let y: Vec<f64> = (0..n)
        .map(|t| {
            let season = 700.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin();
            (6200.0 - 4.0 * t as f64 + season + 300.0 * noise()).round()
        })
        .collect();
    let mut starts = vec![parse_day("2017-01-01").unwrap_or_default()];
    for _ in 1..n {
        let last = *starts.last().unwrap_or(&0);
        starts.push(months_after(last, 1)[0]);
    }
    let spec = ForecastSpec::default();
    let t = Instant::now();
    let model = fit_monthly(&y, None, &SelectOptions::new(MONTHLY_PERIOD).backtested());
    let select_ms = t.elapsed().as_secs_f64() * 1e3;
    let Ok(model) = model else {
        eprintln!("selection failed");
        return;
    };
    let t = Instant::now();
    let pair = model_backtest_pair(&model, &y, spec.origins, spec.backtest_horizon);
    let pair_ms = t.elapsed().as_secs_f64() * 1e3;
    let bt = monthly_backtest_spec(y.len(), spec.origins, spec.backtest_horizon);
    let future = months_after(*starts.last().unwrap_or(&0), spec.horizon);
    let t = Instant::now();
    let reg = calendar_regressors(&model, &starts, &future, &y, pair.model.as_ref(), &bt);
    let reg_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let run = run_series(&starts, &y, (false, false), starts[0], &spec);
    let run_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "selection {select_ms:.0} ms; chosen model's backtest {pair_ms:.0} ms; regressors {reg_ms:.0} ms ({}); whole run {run_ms:.0} ms ({})",
        reg.map(|r| r.1).unwrap_or_else(|e| e.to_string()),
        run.map(|r| r.model).unwrap_or_else(|e| e.to_string())
    );
}
