//! Times the allocation analysis on the full demo data: aggregation, the 11 precinct fits and
//! forecasts (the seed's fixed order, then the automatic search) and the backtests.
//! Run with `cargo run --release --example allocation_timing`.

use std::time::Instant;

use crimecast::data::clean::CleanRules;
use crimecast::data::filter::Filter;
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::AllocationSpec;
use crimecast::worker::pipelines::allocation::Phase;

fn time(e: &mut Engine, spec: &AllocationSpec) {
    let t0 = Instant::now();
    let mut j = match e.allocation(&Filter::default(), spec) {
        Ok(j) => j,
        Err(err) => return eprintln!("{err}"),
    };
    let planned = j.planned();
    let counts = t0.elapsed();
    let t1 = Instant::now();
    let mut fits = None;
    while let Some(phase) = j.step() {
        if let Phase::Fitting { done, total } = phase {
            if done == total {
                fits = Some(t1.elapsed());
            }
        }
    }
    let all = t1.elapsed();
    let r = j.run_to_end();
    let months = r.models.first().map_or(0, |m| m.months);
    println!(
        "{}: {planned} precincts, {months} months; counts {counts:?}, fits + forecasts {fits:?}, backtests {:?}",
        if spec.order.is_some() { "fixed (1,1,1)(1,1,1,12)" } else { "automatic" },
        fits.map(|f| all - f)
    );
}

fn main() {
    let mut e = Engine::new();
    e.demo_begin(1, 2016, CleanRules::default());
    while !matches!(e.demo_step(1, 12), Ok(s) if s.finished) {}
    time(&mut e, &AllocationSpec::default());
    time(
        &mut e,
        &AllocationSpec {
            order: None,
            ..AllocationSpec::default()
        },
    );
}
