//! What the forecast analysis sends back: the fitted monthly model, its forecast, backtests
//! and residual diagnostics.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::backtest::Backtest;
use crate::analysis::ts::calibration::Calibration;
use crate::analysis::ts::diagnostics::LjungBox;
use crate::analysis::ts::select::regressors::RegressorEstimate;
use crate::analysis::ts::select::{Candidate, Differencing};

/// The forecast page's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastResult {
    /// First day of each month of history used.
    pub starts: Vec<i32>,
    /// Monthly counts used for fitting.
    pub history: Vec<f64>,
    /// Where the monthly counts come from, in words, when not from every row.
    #[serde(default)]
    pub basis: Option<String>,
    /// Partial first / last months left out of the fit.
    pub dropped_partial: (bool, bool),
    /// Model label, e.g. `SARIMA(1,1,1)(1,1,1,12)` or
    /// `SARIMA(1,1,1)(0,1,1,12) + weekend days, holidays` when calendar regressors are kept.
    pub model: String,
    /// Whether the order was chosen automatically.
    pub auto: bool,
    /// How the differencing was chosen (automatic selection only).
    pub differencing: Option<Differencing>,
    /// Why the model was chosen (automatic selection only), starting "chosen by".
    #[serde(default)]
    pub reason: String,
    /// Parameter names and values (kept regressors by name).
    pub params: Vec<(String, f64)>,
    /// Calendar regressors kept (automatic selection only): coefficient and standard error.
    #[serde(default)]
    pub regressors: Vec<RegressorEstimate>,
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
    /// Coverage of the model's 80 % and 95 % bands over every backtest origin, RMSE as % of
    /// the mean, conformal bands, and the last origin's forecast over its actual months.
    #[serde(default)]
    pub calibration: Option<Calibration>,
    /// Ljung–Box test of the standardised residuals at lag 12 (after the burn-in).
    pub ljung_box: Option<LjungBox>,
    /// Autocorrelation of the standardised residuals, lags 0..=24.
    pub residual_acf: Vec<f64>,
    /// ±bound for the residual ACF (1.96/√n).
    pub residual_bound: f64,
}
