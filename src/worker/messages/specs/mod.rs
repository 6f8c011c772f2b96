//! What the page asks the worker to compute: one spec per analysis, each with the settings
//! it accepts. The hotspot and LSTM settings have ranges of their own and are checked with
//! [`crate::analysis::ParamGuard`].

mod hotspots;
mod lstm;

use serde::{Deserialize, Serialize};

use crate::analysis::ts::decompose::DecomposeKind;
use crate::analysis::ts::sarimax::SarimaxParams;
use crate::data::aggregate::Resolution;

pub use hotspots::{
    HotspotSpec, HotspotSpecError, LayerChoice, BANDWIDTH_FACTOR_RANGE, CELL_SIZES_M,
    DEFAULT_CELL_M, KDE_GRID_RANGE, MAX_PERMUTATIONS, MIN_POINTS_RANGE, RADIUS_RANGE_M,
};
pub use lstm::{
    LstmSettings, LstmSettingsError, EPOCHS_RANGE, LAG_RANGE, MAX_SEED, PATIENCE_RANGE, TEST_RANGE,
    UNITS_RANGE, WINDOW_RANGE,
};

/// What to compute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnalysisSpec {
    /// Series, profiles and diagnostics.
    Temporal(TemporalSpec),
    /// Monthly SARIMAX forecast with backtests.
    Forecast(ForecastSpec),
    /// KDE, DBSCAN, Gi*, Moran's I and the point-layer correlation.
    Hotspots(HotspotSpec),
    /// Precinct forecasts and the counts behind the risk score and staffing patterns.
    Allocation(AllocationSpec),
}

/// What the temporal page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemporalSpec {
    /// Series resolution.
    pub resolution: Resolution,
    /// Additive or multiplicative decomposition.
    pub decompose: DecomposeKind,
}

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
    /// selection by AIC.
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

/// The seed's order, (1,1,1)(1,1,1,12): the default.
pub const SEED_ORDER: [u8; 6] = [1, 1, 1, 1, 1, 1];

/// Candidate models fitted per precinct by the automatic search: the five starting models
/// (the seed's among them) and up to three neighbours of the best. Half the single-series
/// search's 16, so that 11 searches take seconds rather than tens of seconds in a browser; on
/// the demo data the chosen models' backtest errors stay within 1 % of the full search's.
pub const PRECINCT_CANDIDATES: usize = 8;

/// What the allocation page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationSpec {
    /// A fixed order `[p, d, q, P, D, Q]` for every precinct, or None to choose one per
    /// precinct by AIC.
    pub order: Option<[u8; 6]>,
    /// Months ahead.
    pub horizon: usize,
    /// Backtest origins per precinct (one every 3 months; fewer when the history is short).
    pub origins: usize,
    /// Months forecast at each backtest origin.
    pub backtest_horizon: usize,
    /// Most candidate models fitted per precinct by the automatic search.
    pub max_candidates: usize,
}

impl Default for AllocationSpec {
    fn default() -> Self {
        AllocationSpec {
            order: Some(SEED_ORDER),
            horizon: 12,
            origins: 2,
            backtest_horizon: 12,
            max_candidates: PRECINCT_CANDIDATES,
        }
    }
}
