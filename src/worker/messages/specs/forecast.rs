//! What the forecast page asks for, and the monthly model orders it offers.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::sarimax::SarimaxParams;

/// Seasonal period of the monthly models, months.
pub const MONTHLY_PERIOD: usize = 12;

/// Largest order term (p, d, q, P, D or Q) the forecast page offers.
pub const MAX_ORDER_TERM: u8 = 2;

/// The monthly SARIMA specification of an order `[p, d, q, P, D, Q]` (period
/// [`MONTHLY_PERIOD`]), before its check.
pub fn monthly_order(order: [u8; 6]) -> SarimaxParams {
    let o = order.map(i64::from);
    SarimaxParams::new([o[0], o[1], o[2]]).seasonal(o[3], o[4], o[5], MONTHLY_PERIOD as i64)
}

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
    /// Whether the calendar regressors (days, weekend days and holidays per month) are tried
    /// with the model, automatic or set by hand; they are kept only when they earn their
    /// place (lower AIC, backtest error no worse).
    #[serde(default = "yes")]
    pub calendar: bool,
}

fn yes() -> bool {
    true
}

impl Default for ForecastSpec {
    fn default() -> Self {
        ForecastSpec {
            order: None,
            horizon: 12,
            origins: 4,
            backtest_horizon: 12,
            calendar: true,
        }
    }
}

/// The seed's order, (1,1,1)(1,1,1,12): the default.
pub const SEED_ORDER: [u8; 6] = [1, 1, 1, 1, 1, 1];
