//! Criterion settings shared by the native benches.

use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode};

/// A flat-sampling benchmark group with `samples` samples, `warm_up` of warm-up and `measure`
/// of measurement (the settings every crimecast stage uses, with its own durations).
pub fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    samples: usize,
    warm_up: Duration,
    measure: Duration,
) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(samples)
        .warm_up_time(warm_up)
        .measurement_time(measure);
    g
}
