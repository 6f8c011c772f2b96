//! The forecast analysis: monthly counts (complete months only), a SARIMAX model chosen by
//! rolling-origin backtests of an AIC shortlist or given by the page, a forecast with 95% bands, rolling-origin backtests against the
//! seasonal-naive baseline, and residual diagnostics.

use crate::analysis::ts::backtest::{backtest, Backtest, BacktestSpec};
use crate::analysis::ts::baseline::SeasonalNaive;
use crate::analysis::ts::diagnostics::{acf, ljung_box};
use crate::analysis::ts::sarimax::{FittedSarimax, SarimaxValidParams};
pub use crate::analysis::ts::select::regressors::label_with;
use crate::analysis::ts::select::regressors::{choose_regressors, RegressorEstimate};
use crate::analysis::ts::select::{auto_sarima, Candidate, Differencing, SelectOptions};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::analysis::ParamGuard;
use crate::data::aggregate::{series, Resolution};
use crate::data::calendar::month_counts;

use super::Input;
use crate::worker::messages::{monthly_order, ForecastResult, ForecastSpec, MONTHLY_PERIOD};
use crate::worker::Error;

fn spec_of(order: [u8; 6]) -> Result<SarimaxValidParams, Error> {
    Ok(monthly_order(order)
        .check()
        .map_err(crate::analysis::Error::from)?)
}

/// Fewest complete months a monthly model is fitted on (three seasonal cycles).
pub const MIN_MONTHS: usize = 3 * MONTHLY_PERIOD;

/// A fitted monthly model and how its order was chosen.
#[derive(Debug, Clone)]
pub struct MonthlyModel {
    /// The specification fitted.
    pub spec: SarimaxValidParams,
    /// The fit.
    pub fitted: FittedSarimax,
    /// Candidates tried (automatic selection only).
    pub candidates: Vec<Candidate>,
    /// How the differencing was chosen (automatic selection only).
    pub differencing: Option<Differencing>,
    /// Why the model was chosen (automatic selection only).
    pub reason: String,
    /// Whether the order was chosen automatically.
    pub auto: bool,
    /// The chosen model's backtest from the selection, with the plan it ran on.
    pub backtest: Option<(BacktestSpec, Backtest)>,
}

/// Check that `n` complete months are enough for a monthly model.
pub fn check_months(n: usize) -> Result<(), Error> {
    if n < MIN_MONTHS {
        return Err(Error::Analysis(crate::analysis::Error::Data(format!(
            "the window holds {n} complete months; a monthly forecast needs at least {MIN_MONTHS}"
        ))));
    }
    Ok(())
}

/// Fit a fixed order `[p, d, q, P, D, Q]` (period 12) to monthly counts `y`, or select one with
/// `search` when `order` is None.
pub fn fit_monthly(
    y: &[f64],
    order: Option<[u8; 6]>,
    search: &SelectOptions,
) -> Result<MonthlyModel, Error> {
    Ok(match order {
        Some(order) => {
            let spec = spec_of(order)?;
            let fitted = spec.fit(y, None)?;
            MonthlyModel {
                spec,
                fitted,
                candidates: Vec::new(),
                differencing: None,
                reason: String::new(),
                auto: false,
                backtest: None,
            }
        }
        None => {
            let sel = auto_sarima(y, search)?;
            MonthlyModel {
                spec: sel.spec,
                fitted: sel.fitted,
                candidates: sel.candidates,
                differencing: Some(sel.differencing),
                reason: sel.reason,
                auto: true,
                backtest: sel.backtest,
            }
        }
    })
}

/// The first days of the `horizon` months after the month starting on `last_start`.
pub fn months_after(last_start: i32, horizon: usize) -> Vec<i32> {
    let mut out = Vec::with_capacity(horizon);
    let mut s = last_start;
    for _ in 0..horizon {
        s = Resolution::Monthly.next_start(s);
        out.push(s);
    }
    out
}

/// Model and seasonal-naive backtests of one monthly series.
#[derive(Debug, Clone, Default)]
pub struct BacktestPair {
    /// The model's backtest.
    pub model: Option<Backtest>,
    /// The seasonal-naive baseline on the same origins.
    pub baseline: Option<Backtest>,
    /// Why they are missing, if they are.
    pub note: Option<String>,
}

/// The rolling-origin plan of a monthly series of `len` months: up to `origins` origins every
/// 3 months, each forecasting `horizon` months, keeping at least [`MIN_MONTHS`] of training
/// data at the first one (fewer origins when the history is short).
pub fn monthly_backtest_spec(len: usize, origins: usize, horizon: usize) -> BacktestSpec {
    let step = 3;
    let room = len.saturating_sub(MIN_MONTHS + horizon);
    let origins = origins.min(room / step + 1).max(1);
    BacktestSpec {
        step,
        min_train: MIN_MONTHS,
        ..BacktestSpec::new(horizon, origins)
    }
}

/// Rolling-origin backtests of `spec` and of the seasonal-naive baseline on `y`, on the
/// origins of [`monthly_backtest_spec`].
pub fn backtest_pair(
    spec: &SarimaxValidParams,
    y: &[f64],
    origins: usize,
    horizon: usize,
) -> BacktestPair {
    pair_with(spec, None, y, origins, horizon)
}

/// [`backtest_pair`] of a fitted monthly model: its backtest from the selection is reused
/// when it ran on the same plan (the same fits would be repeated).
pub fn model_backtest_pair(
    model: &MonthlyModel,
    y: &[f64],
    origins: usize,
    horizon: usize,
) -> BacktestPair {
    pair_with(&model.spec, model.backtest.as_ref(), y, origins, horizon)
}

fn pair_with(
    spec: &SarimaxValidParams,
    known: Option<&(BacktestSpec, Backtest)>,
    y: &[f64],
    origins: usize,
    horizon: usize,
) -> BacktestPair {
    let bt = monthly_backtest_spec(y.len(), origins, horizon);
    let known = known
        .filter(|(plan, _)| *plan == bt)
        .map(|(_, b)| Ok(b.clone()));
    match (
        known.unwrap_or_else(|| backtest(spec, y, None, &bt)),
        backtest(&SeasonalNaive::new(MONTHLY_PERIOD), y, None, &bt),
    ) {
        (Ok(a), Ok(b)) => BacktestPair {
            model: Some(a),
            baseline: Some(b),
            note: None,
        },
        (Err(e), _) | (_, Err(e)) => BacktestPair {
            note: Some(e.to_string()),
            ..BacktestPair::default()
        },
    }
}

/// Names of the monthly calendar regressors, in column order.
pub const CALENDAR_REGRESSORS: [&str; 3] = ["days in month", "weekend days", "holidays"];

/// Calendar regressor columns (see [`CALENDAR_REGRESSORS`]) of the months starting on `starts`.
pub fn calendar_columns(starts: &[i32]) -> Vec<Vec<f64>> {
    let counts: Vec<_> = starts.iter().map(|s| month_counts(*s)).collect();
    vec![
        counts.iter().map(|c| f64::from(c.days)).collect(),
        counts.iter().map(|c| f64::from(c.weekend_days)).collect(),
        counts.iter().map(|c| f64::from(c.holidays)).collect(),
    ]
}

/// A monthly model refitted with the calendar regressors that earned their place.
#[derive(Debug, Clone)]
pub struct CalendarFit {
    /// The fit with the kept regressors.
    pub fitted: FittedSarimax,
    /// Its backtest on the same origins as the model without them.
    pub backtest: Option<Backtest>,
    /// Their values over the forecast months, one column per kept regressor.
    pub future: Vec<Vec<f64>>,
    /// Their estimates.
    pub estimates: Vec<RegressorEstimate>,
}

/// Try the calendar regressors with the order of `model` on `y` (months starting on `starts`,
/// forecasting the months starting on `forecast_starts`), judged against the model's backtest
/// `base` on the origins of [`monthly_backtest_spec`]. Returns the refit when they are kept,
/// and the reason either way.
pub fn calendar_regressors(
    model: &MonthlyModel,
    starts: &[i32],
    forecast_starts: &[i32],
    y: &[f64],
    base: Option<&Backtest>,
    bt: &BacktestSpec,
) -> Result<(Option<CalendarFit>, String), Error> {
    let names: Vec<String> = CALENDAR_REGRESSORS.iter().map(|s| s.to_string()).collect();
    let choice = choose_regressors(
        &model.spec,
        y,
        &model.fitted,
        base.map(|b| b.average.rmse),
        &names,
        &calendar_columns(starts),
        bt,
    )?;
    let future_all = calendar_columns(forecast_starts);
    let fit = choice.fitted.map(|fitted| CalendarFit {
        fitted,
        backtest: choice.measured,
        future: choice.kept.iter().map(|&j| future_all[j].clone()).collect(),
        estimates: choice.estimates,
    });
    Ok((fit, choice.reason))
}

/// Fit, forecast and backtest.
pub fn run(input: &Input<'_>, spec: &ForecastSpec) -> Result<ForecastResult, Error> {
    let (first, last) = input.window;
    if first > last {
        return Err(Error::NoData);
    }
    let monthly = series(input.store, input.filter, Resolution::Monthly, first, last);
    let (starts, y) = monthly.complete();
    run_series(
        starts,
        y,
        (monthly.partial_first, monthly.partial_last),
        first,
        spec,
    )
}

/// Fit, forecast and backtest complete monthly counts `y` (months starting on `starts`);
/// `dropped_partial` says whether partial first / last months were left out, `first` is the
/// window's first day.
pub fn run_series(
    starts: &[i32],
    y: &[f64],
    dropped_partial: (bool, bool),
    first: i32,
    spec: &ForecastSpec,
) -> Result<ForecastResult, Error> {
    check_months(y.len())?;
    let model = fit_monthly(
        y,
        spec.order,
        &SelectOptions::new(MONTHLY_PERIOD).backtested(),
    )?;
    let forecast_starts = months_after(starts.last().copied().unwrap_or(first), spec.horizon);
    let pair = model_backtest_pair(&model, y, spec.origins, spec.backtest_horizon);
    let (mut backtest_result, baseline, mut backtest_note) = (pair.model, pair.baseline, pair.note);
    let mut reason = if model.auto {
        model.reason.clone()
    } else {
        "(order as set)".to_string()
    };
    let mut calendar = None;
    if spec.calendar && starts.len() == y.len() {
        let bt = monthly_backtest_spec(y.len(), spec.origins, spec.backtest_horizon);
        let (fit, why) = calendar_regressors(
            &model,
            starts,
            &forecast_starts,
            y,
            backtest_result.as_ref(),
            &bt,
        )?;
        reason = format!("{reason}; {why}");
        calendar = fit;
    }
    let MonthlyModel {
        spec: model_spec,
        fitted,
        candidates,
        differencing,
        auto,
        ..
    } = model;
    let (fitted, future, regressors) = match calendar {
        Some(c) => {
            backtest_result = c.backtest.or(backtest_result);
            (c.fitted, Some(c.future), c.estimates)
        }
        None => (fitted, None, Vec::new()),
    };
    let fc = fitted.predict(spec.horizon, 0.95, future.as_deref())?;
    let calibration = match backtest_result.as_ref().map(Backtest::calibration) {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            backtest_note.get_or_insert_with(|| format!("calibration not measured: {e}"));
            None
        }
        None => None,
    };
    let burn = fitted
        .loglikelihood_burn
        .min(fitted.standardized_residuals.len());
    let resid: Vec<f64> = fitted.standardized_residuals[burn..]
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let lags = 24.min(resid.len().saturating_sub(2) / 2);
    let residual_acf = if lags > 0 {
        acf(&resid, lags).unwrap_or_default()
    } else {
        Vec::new()
    };
    let ljung = if resid.len() > 13 {
        ljung_box(&resid, 12).ok()
    } else {
        None
    };
    Ok(ForecastResult {
        starts: starts.to_vec(),
        history: y.to_vec(),
        basis: None,
        dropped_partial,
        model: label_with(&model_spec.label(0), &regressors),
        auto,
        differencing,
        reason,
        params: fitted
            .param_names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let start = fitted.spec.layout(regressors.len()).exog_start();
                i.checked_sub(start)
                    .and_then(|j| regressors.get(j))
                    .map_or_else(|| n.clone(), |r| r.name.clone())
            })
            .zip(fitted.params.iter().copied())
            .collect(),
        regressors,
        llf: fitted.llf,
        aic: fitted.aic,
        bic: fitted.bic,
        converged: fitted.converged,
        candidates,
        forecast_starts,
        mean: fc.mean,
        lower: fc.lower,
        upper: fc.upper,
        backtest: backtest_result,
        baseline,
        backtest_note,
        calibration,
        ljung_box: ljung,
        residual_bound: if resid.is_empty() {
            0.0
        } else {
            1.96 / (resid.len() as f64).sqrt()
        },
        residual_acf,
    })
}

impl super::Pipeline for ForecastSpec {
    type Output = ForecastResult;

    fn run(&self, input: &Input<'_>) -> Result<ForecastResult, Error> {
        run(input, self)
    }
}

#[cfg(test)]
#[path = "forecast_tests.rs"]
mod tests;
