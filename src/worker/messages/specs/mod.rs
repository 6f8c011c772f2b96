//! What the page asks the worker to compute: one spec per analysis (a file each), with the
//! settings it accepts. The hotspot and LSTM settings have ranges of their own and are checked
//! with [`crate::analysis::ParamGuard`]. The list of analyses is in
//! [`super::analyses`].

mod allocation;
mod forecast;
mod hotspots;
mod lstm;
mod temporal;

pub use allocation::{AllocationSpec, PRECINCT_CANDIDATES};
pub use forecast::{monthly_order, ForecastSpec, MAX_ORDER_TERM, MONTHLY_PERIOD, SEED_ORDER};
pub use hotspots::{
    HotspotSpec, HotspotSpecError, LayerChoice, BANDWIDTH_FACTOR_RANGE, CELL_SIZES_M,
    DEFAULT_CELL_M, DEFAULT_OPTICS_EPS_M, KDE_GRID_RANGE, MAX_PERMUTATIONS, MIN_POINTS_RANGE,
    OPTICS_MAX_POINTS, RADIUS_RANGE_M, RANDOM_PLACES,
};
pub use lstm::{
    LstmSettings, LstmSettingsError, EPOCHS_RANGE, LAG_RANGE, MAX_SEED, PATIENCE_RANGE, TEST_RANGE,
    UNITS_RANGE, WINDOW_RANGE,
};
pub use temporal::TemporalSpec;
