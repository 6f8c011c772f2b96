//! Forecasts of a hierarchy (a total over its parts) before and after reconciliation.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::reconcile::{BaseForecasts, ReconcileMethod, Reconciled};

/// One hierarchy's base and reconciled forecasts: precincts under the citywide series, or
/// offense categories under theirs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HierarchyForecast {
    /// What the parts are, e.g. "Precincts".
    pub name: String,
    /// Series names, the total first.
    pub labels: Vec<String>,
    /// First day of each forecast month.
    pub forecast_starts: Vec<i32>,
    /// Each series' own forecast with its 95 % band, total first (residuals left out).
    pub base: BaseForecasts,
    /// The reconciled forecasts, one per method (MinT first); empty when reconciliation
    /// failed (see `error`).
    pub reconciled: Vec<Reconciled>,
    /// What the total counts, when it is not plainly the citywide series.
    pub note: Option<String>,
    /// Why there is no reconciliation, if there is none.
    pub error: Option<String>,
}

impl HierarchyForecast {
    /// The forecasts reconciled with `method`, if computed.
    pub fn by(&self, method: ReconcileMethod) -> Option<&Reconciled> {
        self.reconciled.iter().find(|r| r.method == method)
    }

    /// Base forecasts summed over the horizon: (the total's own, the parts' sum).
    pub fn base_sums(&self) -> (f64, f64) {
        horizon_sums(&self.base.mean)
    }
}

/// `series` (total first) summed over the horizon: (the total, the sum of the parts).
pub fn horizon_sums(series: &[Vec<f64>]) -> (f64, f64) {
    let total = series.first().map_or(0.0, |s| s.iter().sum());
    let parts = series.iter().skip(1).flatten().sum();
    (total, parts)
}
