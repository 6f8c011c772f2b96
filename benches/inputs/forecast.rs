//! Forecasting inputs and timed stages: SARIMAX on the monthly demo series and the allocation
//! analysis's precinct fits (part of [`super`]).

use crimecast::analysis::ts::forecaster::Forecast;
use crimecast::analysis::ts::sarimax::{fit, FittedSarimax, SarimaxParams, SarimaxValidParams};
use crimecast::analysis::ts::select::{auto_sarima, SelectOptions, Selection};
use crimecast::analysis::ParamGuard;
use crimecast::data::aggregate::Resolution;
use crimecast::data::clean::CleanRules;
use crimecast::data::filter::Filter;
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::AllocationSpec;
use crimecast::worker::pipelines::allocation::{AllocationJob, Phase};

/// Monthly points SARIMAX is fitted on.
pub const SARIMAX_MONTHS: usize = 111;
/// Seasonal period of the monthly models.
pub const SEASON: usize = 12;
/// Months forecast after each fit.
pub const HORIZON: usize = 12;

/// The last `months` complete months of demo incidents (distinct reports), as the page's
/// monthly series computes them.
pub fn monthly_series(months: usize) -> Vec<f64> {
    super::complete_series(Resolution::Monthly, 31 * (months as i32 + 2), months)
}

/// SARIMAX(1,1,1)(1,1,1,12), no trend: the benchmarked fixed order.
pub fn sarimax_spec() -> SarimaxValidParams {
    SarimaxParams::new([1, 1, 1])
        .seasonal(1, 1, 1, SEASON as i64)
        .check()
        .expect("SARIMAX(1,1,1)(1,1,1,12)")
}

/// Timed stage: fit `spec` to `y` and forecast [`HORIZON`] months with 95% bands.
pub fn stage_sarimax(spec: &SarimaxValidParams, y: &[f64]) -> (FittedSarimax, Forecast) {
    let m = fit(spec, y, &[]).expect("SARIMAX fit on the demo monthly series");
    let f = m.forecast(HORIZON, None).expect("SARIMAX forecast");
    (m, f)
}

/// Timed stage: the automatic order search with the defaults `crimecast forecast` and the
/// forecast page use (period 12: p,q ≤ 2, P,Q ≤ 1, at most 16 fits), then the chosen model's
/// [`HORIZON`]-month forecast with 95% bands.
pub fn stage_sarimax_auto(y: &[f64]) -> (Selection, Forecast) {
    let sel = auto_sarima(y, &SelectOptions::new(SEASON)).expect("automatic SARIMA search");
    let f = sel
        .fitted
        .forecast(HORIZON, None)
        .expect("SARIMAX forecast");
    (sel, f)
}

/// An engine holding the whole demo dataset (seed [`super::SEED`], default cleaning), as the
/// page's worker has it after an offline load.
pub fn demo_engine() -> Engine {
    let mut e = Engine::new();
    e.demo_begin(1, super::SEED, CleanRules::default());
    while !matches!(e.demo_step(1, 12), Ok(s) if s.finished) {}
    e
}

/// The allocation settings with the automatic order search instead of the fixed seed order.
pub fn allocation_auto() -> AllocationSpec {
    AllocationSpec {
        order: None,
        ..AllocationSpec::default()
    }
}

/// The allocation job over all rows (monthly counts per precinct; not timed); its
/// `planned()` is the number of precincts to fit.
pub fn allocation_start(e: &mut Engine, spec: &AllocationSpec) -> AllocationJob {
    e.allocation(&Filter::default(), spec)
        .expect("allocation on the demo data")
}

/// Timed stage: step the allocation job until every precinct is fitted and forecast (the
/// page's worker shows the forecasts then, before the backtests), then drop the job.
/// Returns the number of fitted models.
pub fn stage_allocation_fits(mut j: AllocationJob) -> usize {
    while let Some(phase) = j.step() {
        if let Phase::Fitting { done, total } = phase {
            if done == total {
                break;
            }
        }
    }
    j.result().models.len()
}
