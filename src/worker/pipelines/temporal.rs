//! The temporal-patterns analysis: the count series at a chosen resolution, hour / weekday /
//! month-of-year profiles and a year-over-year overlay of monthly counts.

use crate::analysis::ts::decompose::{seasonal_decompose, DecomposeKind};
use crate::analysis::ts::diagnostics::{acf, adfuller, pacf_yw_adjusted};
use crate::data::aggregate::{series, Resolution};
use crate::data::calendar::weekday_of;
use crate::data::time::date_of;
use chrono::Datelike;

use super::Input;
use crate::worker::messages::{Diagnostics, TemporalResult, TemporalSpec, YearLine};
use crate::worker::Error;

/// Lags shown in the ACF/PACF charts.
pub const MAX_LAGS: usize = 36;

fn diagnose(starts: &[i32], y: &[f64], period: usize, kind: DecomposeKind) -> Diagnostics {
    let n = y.len();
    let nlags = MAX_LAGS.min(n.saturating_sub(1) / 2);
    let decomposition = seasonal_decompose(y, period, kind).map_err(|e| e.to_string());
    let (acf_v, pacf_v) = if nlags >= 1 {
        (
            acf(y, nlags).unwrap_or_default(),
            pacf_yw_adjusted(y, nlags).unwrap_or_default(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Diagnostics {
        starts: starts.to_vec(),
        decomposition,
        period,
        acf: acf_v,
        pacf: pacf_v,
        bound: if n > 0 { 1.96 / (n as f64).sqrt() } else { 0.0 },
        adf: adfuller(y).map_err(|e| e.to_string()),
    }
}

/// Compute the temporal patterns.
pub fn run(input: &Input<'_>, spec: &TemporalSpec) -> Result<TemporalResult, Error> {
    let (first, last) = input.window;
    if first > last {
        return Err(Error::NoData);
    }
    let store = input.store;
    let mut by_hour = vec![0u64; 24];
    let mut by_weekday = vec![0u64; 7];
    for i in 0..store.len() {
        let d = store.day[i];
        if d >= first && d <= last && input.filter.matches_attrs(store, i) {
            by_hour[usize::from(store.minute[i] / 60).min(23)] += 1;
            by_weekday[usize::from(weekday_of(d))] += 1;
        }
    }
    let monthly = series(store, input.filter, Resolution::Monthly, first, last);
    let (starts, values) = monthly.complete();
    let mut sums = [0.0f64; 12];
    let mut counts = [0u32; 12];
    let mut years: Vec<YearLine> = Vec::new();
    for (&s, &v) in starts.iter().zip(values) {
        let d = date_of(s);
        let m = d.month0() as usize;
        sums[m] += v;
        counts[m] += 1;
        match years.last_mut() {
            Some(y) if y.year == d.year() => y.months[m] = Some(v),
            _ => {
                let mut months = vec![None; 12];
                months[m] = Some(v);
                years.push(YearLine {
                    year: d.year(),
                    months,
                });
            }
        }
    }
    let by_month = (0..12)
        .map(|m| (counts[m] > 0).then(|| sums[m] / f64::from(counts[m])))
        .collect();
    let series = if spec.resolution == Resolution::Monthly {
        monthly
    } else {
        series(store, input.filter, spec.resolution, first, last)
    };
    let (cs, cy) = series.complete();
    let diagnostics = diagnose(cs, cy, spec.resolution.season(), spec.decompose);
    Ok(TemporalResult {
        window: (first, last),
        series,
        by_hour,
        by_weekday,
        by_month,
        years,
        diagnostics,
    })
}

impl super::Pipeline for TemporalSpec {
    type Output = TemporalResult;

    fn run(&self, input: &Input<'_>) -> Result<TemporalResult, Error> {
        run(input, self)
    }
}
