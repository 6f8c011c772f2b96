//! Times a SARIMAX(1,1,1)(1,1,1,12) fit + 12-step forecast on 111 synthetic monthly values.
//! Run with `cargo run --release --example sarimax_timing` (`PORTABLE=1` times the filter's
//! portable build where an AVX-512 build would run; `SEARCH=statsmodels` times statsmodels'
//! search instead of the default scale-free one).

use crimecast::analysis::ts::sarimax::{fit, kalman, SarimaxParams, Search};
use crimecast::analysis::ParamGuard;

fn main() {
    kalman::force_portable(std::env::var_os("PORTABLE").is_some());
    let mut s = 42u64;
    let mut noise = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    };
    let mut level = 5000.0;
    let from_file: Option<Vec<f64>> = std::env::var("SERIES").ok().map(|p| {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    });
    let y: Vec<f64> = from_file.unwrap_or_else(|| {
        (0..111)
            .map(|t| {
                level += 40.0 * noise();
                level
                    + 600.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin()
                    + 150.0 * noise()
            })
            .collect()
    });
    let search = match std::env::var("SEARCH").as_deref() {
        Ok("statsmodels") => Search::Statsmodels,
        _ => Search::ScaleFree,
    };
    let spec = match SarimaxParams::new([1, 1, 1])
        .seasonal(1, 1, 1, 12)
        .search(search)
        .check()
    {
        Ok(s) => s,
        Err(e) => return eprintln!("{e}"),
    };
    let reps: u32 = std::env::var("REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let t0 = std::time::Instant::now();
    for _ in 0..reps {
        match fit(&spec, &y, &[]).and_then(|m| m.forecast(12, None).map(|f| (m, f))) {
            Ok((m, f)) => {
                if reps == 1 {
                    println!("{:?} {:?}", m.params, f.mean);
                }
            }
            Err(e) => return eprintln!("{e}"),
        }
    }
    let m = fit(&spec, &y, &[]).ok();
    println!(
        "{search:?} fit + forecast: {:?} per run; llf {:?} iterations {:?} evaluations {:?} converged {:?}",
        t0.elapsed() / reps,
        m.as_ref().map(|m| m.llf),
        m.as_ref().map(|m| m.iterations),
        m.as_ref().map(|m| m.evaluations),
        m.as_ref().map(|m| m.converged)
    );
}
