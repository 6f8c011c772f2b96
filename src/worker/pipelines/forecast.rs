//! The forecast analysis: monthly counts (complete months only), a SARIMAX model chosen by
//! rolling-origin backtests of an AIC shortlist or given by the page, a forecast with 95% bands, rolling-origin backtests against the
//! seasonal-naive baseline, and residual diagnostics.

use crate::analysis::ts::backtest::{backtest, Backtest, BacktestSpec};
use crate::analysis::ts::baseline::SeasonalNaive;
use crate::analysis::ts::diagnostics::{acf, ljung_box};
use crate::analysis::ts::sarimax::{FittedSarimax, SarimaxValidParams};
use crate::analysis::ts::select::{auto_sarima, Candidate, Differencing, SelectOptions};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::analysis::ParamGuard;
use crate::data::aggregate::{series, Resolution};

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

/// Rolling-origin backtests of `spec` and of the seasonal-naive baseline on `y`: up to
/// `origins` origins every 3 months, each forecasting `horizon` months, keeping at least
/// [`MIN_MONTHS`] of training data at the first one (fewer origins when the history is short).
pub fn backtest_pair(
    spec: &SarimaxValidParams,
    y: &[f64],
    origins: usize,
    horizon: usize,
) -> BacktestPair {
    let step = 3;
    let room = y.len().saturating_sub(MIN_MONTHS + horizon);
    let origins = origins.min(room / step + 1).max(1);
    let bt = BacktestSpec {
        step,
        min_train: MIN_MONTHS,
        ..BacktestSpec::new(horizon, origins)
    };
    match (
        backtest(spec, y, None, &bt),
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
    let MonthlyModel {
        spec: model_spec,
        fitted,
        candidates,
        differencing,
        reason,
        auto,
    } = fit_monthly(
        y,
        spec.order,
        &SelectOptions::new(MONTHLY_PERIOD).backtested(),
    )?;
    let fc = fitted.predict(spec.horizon, 0.95, None)?;
    let forecast_starts = months_after(starts.last().copied().unwrap_or(first), spec.horizon);
    let pair = backtest_pair(&model_spec, y, spec.origins, spec.backtest_horizon);
    let (backtest_result, baseline, mut backtest_note) = (pair.model, pair.baseline, pair.note);
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
        model: model_spec.label(0),
        auto,
        differencing,
        reason,
        params: fitted
            .param_names
            .iter()
            .cloned()
            .zip(fitted.params.iter().copied())
            .collect(),
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
