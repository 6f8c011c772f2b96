//! What the allocation analysis sends back: each precinct's model, forecast and backtest, and
//! the counts behind the risk score and the staffing patterns.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::calibration::Calibration;
use crate::analysis::ts::metrics::Metrics;

/// The 11 precincts an allocation result covers.
pub const PRECINCTS: [u8; 11] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/// One precinct's model and forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecinctModel {
    /// Precinct number.
    pub precinct: u8,
    /// Model label, e.g. `SARIMA(1,1,1)(1,1,1,12)`.
    pub model: String,
    /// Candidates tried (0 for a fixed order).
    pub candidates: usize,
    /// Akaike information criterion.
    pub aic: f64,
    /// Whether the optimizer reported convergence.
    pub converged: bool,
    /// Complete months fitted.
    pub months: usize,
    /// First day of each forecast month.
    pub forecast_starts: Vec<i32>,
    /// Forecast mean.
    pub mean: Vec<f64>,
    /// Lower 95% bound.
    pub lower: Vec<f64>,
    /// Upper 95% bound.
    pub upper: Vec<f64>,
    /// Average backtest metrics of the model (None until backtested, or when impossible).
    pub backtest: Option<Metrics>,
    /// Average backtest metrics of seasonal naive on the same origins.
    pub baseline: Option<Metrics>,
    /// Backtest origins used.
    pub origins: usize,
    /// Why the backtest is missing, if it is.
    pub backtest_note: Option<String>,
    /// Band coverage, RMSE as % of the mean and conformal bands over the backtest origins
    /// (None until backtested, or when impossible).
    #[serde(default)]
    pub calibration: Option<Calibration>,
}

impl PrecinctModel {
    /// The next-`horizon`-month forecast total (negative months count as 0).
    pub fn total(&self) -> f64 {
        self.mean.iter().map(|m| m.max(0.0)).sum()
    }
}

/// A precinct that was not modelled, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    /// Precinct number.
    pub precinct: u8,
    /// The reason, in words.
    pub reason: String,
}

/// Wall-clock time of the job's phases, measured by the browser runtime (0 natively).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Timing {
    /// Aggregating the rows, ms.
    pub counts_ms: f64,
    /// Fitting and forecasting every precinct, ms.
    pub fit_ms: f64,
    /// Backtesting every precinct, ms.
    pub backtest_ms: f64,
}

/// The allocation page's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationResult {
    /// Citywide counts first, then each precinct in the filter.
    pub areas: Vec<AreaCounts>,
    /// Partial first / last months left out of the series.
    pub dropped_partial: (bool, bool),
    /// Models, in precinct order.
    pub models: Vec<PrecinctModel>,
    /// Precincts not modelled.
    pub skipped: Vec<Skipped>,
    /// Whether orders were chosen by AIC.
    pub auto: bool,
    /// Whether every backtest has run (false in the result sent right after the fits).
    pub backtests_done: bool,
    /// Phase timings.
    pub timing: Timing,
    /// Where the monthly counts come from, in words, when not from every row.
    #[serde(default)]
    pub basis: Option<String>,
    /// Precinct and offense-category forecasts reconciled with their totals (filled once
    /// every precinct is fitted).
    #[serde(default)]
    pub hierarchies: Vec<super::HierarchyForecast>,
}

impl AllocationResult {
    /// The counts of precinct `p` (0 = citywide).
    pub fn area(&self, p: u8) -> Option<&AreaCounts> {
        self.areas.iter().find(|a| a.precinct == p)
    }
}

/// One area's counts: citywide (`precinct` 0) or one precinct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaCounts {
    /// Precinct number, 0 for citywide (every filtered row, unknown precincts included).
    pub precinct: u8,
    /// First day of each complete month.
    pub starts: Vec<i32>,
    /// Count in each complete month.
    pub values: Vec<f64>,
    /// Counts by weekday (0 = Monday) × local hour, index `weekday * 24 + hour`, over the
    /// whole window (partial months included).
    pub week: Vec<u64>,
    /// The part of `week` timed exactly 00:00 or 12:00, often a default time rather than
    /// the time of the incident.
    pub week_default_time: Vec<u64>,
    /// Rows in the window.
    pub total: u64,
}
