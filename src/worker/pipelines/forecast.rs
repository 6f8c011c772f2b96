//! The forecast analysis: monthly counts (complete months only), a SARIMAX model chosen by
//! rolling-origin backtests of an AIC shortlist or given by the page, a forecast with 95% bands, rolling-origin backtests against the
//! seasonal-naive baseline, and residual diagnostics.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::backtest::{backtest, Backtest, BacktestSpec};
use crate::analysis::ts::baseline::SeasonalNaive;
use crate::analysis::ts::diagnostics::{acf, ljung_box, LjungBox};
use crate::analysis::ts::sarimax::{FittedSarimax, SarimaxParams, SarimaxValidParams};
use crate::analysis::ts::select::{auto_sarima, Candidate, SelectOptions};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::data::aggregate::{series, Resolution};

use super::Input;
use crate::worker::Error;

/// Seasonal period of monthly data.
pub const PERIOD: usize = 12;

/// What the forecast page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastSpec {
    /// A fixed order `[p, d, q, P, D, Q]` (seasonal period 12), or `None` for automatic
    /// selection (rolling-origin backtests of an AIC shortlist).
    pub order: Option<[u8; 6]>,
    /// Months ahead.
    pub horizon: usize,
    /// Backtest origins (expanding window, one every 3 months, each forecasting
    /// `backtest_horizon` months; fewer when the history is short).
    pub origins: usize,
    /// Months forecast at each backtest origin.
    pub backtest_horizon: usize,
}

impl Default for ForecastSpec {
    fn default() -> Self {
        ForecastSpec {
            order: None,
            horizon: 12,
            origins: 4,
            backtest_horizon: 12,
        }
    }
}

/// The forecast page's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastResult {
    /// First day of each month of history used.
    pub starts: Vec<i32>,
    /// Monthly counts used for fitting.
    pub history: Vec<f64>,
    /// Partial first / last months left out of the fit.
    pub dropped_partial: (bool, bool),
    /// Model label, e.g. `SARIMA(1,1,1)(1,1,1,12)`.
    pub model: String,
    /// Whether the order was chosen automatically.
    pub auto: bool,
    /// How the differencing was chosen (automatic selection only).
    pub differencing: String,
    /// Why the model was chosen (automatic selection only), starting "chosen by AIC".
    #[serde(default)]
    pub reason: String,
    /// Parameter names and values.
    pub params: Vec<(String, f64)>,
    /// Log-likelihood, AIC, BIC.
    pub llf: f64,
    /// Akaike information criterion.
    pub aic: f64,
    /// Bayesian information criterion.
    pub bic: f64,
    /// Whether the optimizer reported convergence.
    pub converged: bool,
    /// Candidate models tried (automatic selection).
    pub candidates: Vec<Candidate>,
    /// First day of each forecast month.
    pub forecast_starts: Vec<i32>,
    /// Forecast mean.
    pub mean: Vec<f64>,
    /// Lower 95% bound.
    pub lower: Vec<f64>,
    /// Upper 95% bound.
    pub upper: Vec<f64>,
    /// Backtest of the model (None when the history is too short).
    pub backtest: Option<Backtest>,
    /// Backtest of the seasonal-naive baseline on the same origins.
    pub baseline: Option<Backtest>,
    /// Why backtests are missing, if they are.
    pub backtest_note: Option<String>,
    /// Ljung–Box test of the standardised residuals at lag 12 (after the burn-in).
    pub ljung_box: Option<LjungBox>,
    /// Autocorrelation of the standardised residuals, lags 0..=24.
    pub residual_acf: Vec<f64>,
    /// ±bound for the residual ACF (1.96/√n).
    pub residual_bound: f64,
}

fn spec_of(order: [u8; 6]) -> Result<SarimaxValidParams, Error> {
    let o = order.map(i64::from);
    Ok(SarimaxParams::new([o[0], o[1], o[2]])
        .seasonal(o[3], o[4], o[5], PERIOD as i64)
        .check()?)
}

/// Fewest complete months a monthly model is fitted on (three seasonal cycles).
pub const MIN_MONTHS: usize = 3 * PERIOD;

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
    pub differencing: String,
    /// Why the model was chosen (automatic selection only).
    pub reason: String,
    /// Whether the order was chosen automatically.
    pub auto: bool,
}

/// Check that `n` complete months are enough for a monthly model.
pub fn check_months(n: usize) -> Result<(), Error> {
    if n < MIN_MONTHS {
        return Err(Error::Analysis(crate::analysis::Error::Data(format!(
            "the window holds {n} complete months; a monthly forecast needs at least {MIN_MONTHS}. Widen the date range."
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
                differencing: String::new(),
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
                differencing: sel.differencing,
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
        backtest(&SeasonalNaive::new(PERIOD), y, None, &bt),
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
    check_months(y.len())?;
    let MonthlyModel {
        spec: model_spec,
        fitted,
        candidates,
        differencing,
        reason,
        auto,
    } = fit_monthly(y, spec.order, &SelectOptions::new(PERIOD).backtested())?;
    let fc = fitted.predict(spec.horizon, 0.95, None)?;
    let forecast_starts = months_after(starts.last().copied().unwrap_or(first), spec.horizon);
    let pair = backtest_pair(&model_spec, y, spec.origins, spec.backtest_horizon);
    let (backtest_result, baseline, backtest_note) = (pair.model, pair.baseline, pair.note);
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
        dropped_partial: (monthly.partial_first, monthly.partial_last),
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
        ljung_box: ljung,
        residual_bound: if resid.is_empty() {
            0.0
        } else {
            1.96 / (resid.len() as f64).sqrt()
        },
        residual_acf,
    })
}
