//! Train the LSTM on a synthetic weekly crime-count series and compare it with the
//! seasonal-naive baseline on the last 52 weeks.
//!
//! `cargo run --release --example lstm_weekly [weeks] [seed] [window] [seasonal_lag]`

use std::time::Instant;

use crimecast::analysis::ts::lstm::{evaluate_with_clock, LstmParams};
use crimecast::analysis::ParamGuard;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// ≈1500 incidents a week, ±15 % yearly seasonality, a slow decline and ≈5 % noise.
fn weekly_series(weeks: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..weeks)
        .map(|t| {
            let t = t as f64;
            let level = 1500.0 * (1.0 - 0.15 * t / weeks as f64);
            let season = 1.0 + 0.15 * (std::f64::consts::TAU * t / 52.18).sin();
            let u1: f64 = rng.gen_range(f64::MIN_POSITIVE..1.0);
            let u2: f64 = rng.gen();
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            (level * season * (1.0 + 0.05 * z)).round()
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let weeks = args.first().map_or(Ok(470), |s| s.parse())?;
    let seed = args.get(1).map_or(Ok(7), |s| s.parse())?;
    let y = weekly_series(weeks, seed);
    let window = args.get(2).map_or(Ok(12), |s| s.parse())?;
    let lag = args.get(3).map_or(Ok(0), |s| s.parse())?;
    let params = LstmParams::new().window(window).seasonal_lag(lag).check()?;
    let origin = Instant::now();
    let clock = move || origin.elapsed().as_secs_f64() * 1e3;
    let ev = evaluate_with_clock(&y, &params, 52, Some(&clock))?;
    let pct = |m: Option<f64>| m.map_or("n/a".to_string(), |v| format!("{v:.2}%"));
    println!("{} on {weeks} weeks (seed {seed})", ev.model);
    println!(
        "training: {:.0} ms, {} epochs, best epoch {}, val loss {:.5}",
        ev.training_ms.unwrap_or(f64::NAN),
        ev.training.epochs_run,
        ev.training.best_epoch,
        ev.training.val_loss
    );
    println!("params: {} ({} bytes)", ev.num_params, ev.size_bytes);
    println!("test MAPE, recursive 52 weeks: {}", pct(ev.lstm.mape));
    println!(
        "test MAPE, one step ahead:     {}",
        pct(ev.lstm_one_step.mape)
    );
    if let Some(naive) = &ev.seasonal_naive {
        println!("test MAPE, seasonal naive:     {}", pct(naive.mape));
    }
    Ok(())
}
