//! Every message between the page and its Web Worker, and every payload they carry: one
//! [`Request`] enum, one [`Response`] enum, the specs that say what to compute and the results
//! that come back ([`analyses`] lists the analyses). Plain serde data with a job id for progress and cancel. Data-layer types
//! that travel inside them (filters, cleaning rules and accounts, the overview) stay in
//! [`crate::data`].

pub mod analyses;
pub mod boundaries;
pub mod live;
pub mod requests;
pub mod responses;
pub mod results;
pub mod specs;

pub use analyses::{AnalysisResult, AnalysisSpec};
pub use boundaries::OfficialBoundaries;
pub use live::{LiveStatus, MonthNote, Reconciliation};
pub use requests::{FileKind, Request};
pub use responses::{
    host_of, is_city, BaseKind, BaseOrigin, Dataset, Facets, Fingerprint, LayerInfo, LiveSummary,
    Response, Source,
};
pub use results::{horizon_sums, HierarchyForecast};
pub use results::{
    thousands, AllocationResult, AreaCounts, Basis, Cluster, ClusterLayer, CountUnit, Diagnostics,
    EpochPoint, ForecastResult, GiLayer, HotspotCounts, HotspotKind, HotspotResult, HotspotRow,
    KdeLayer, LayerSummary, LstmResult, ModelScore, MoranSummary, NearestDistances, OpticsCluster,
    OpticsLayer, Place, PointLayerCorrelation, PrecinctModel, SampledPoints, ScoreKind, Skipped,
    StopReason, TemporalResult, Timing, YearLine, PRECINCTS,
};
pub use specs::{
    monthly_order, AllocationSpec, ForecastSpec, HotspotSpec, HotspotSpecError, LayerChoice,
    LstmSettings, LstmSettingsError, TemporalSpec, BANDWIDTH_FACTOR_RANGE, CELL_SIZES_M,
    DEFAULT_CELL_M, DEFAULT_OPTICS_EPS_M, EPOCHS_RANGE, KDE_GRID_RANGE, LAG_RANGE, MAX_ORDER_TERM,
    MAX_PERMUTATIONS, MAX_SEED, MIN_POINTS_RANGE, MONTHLY_PERIOD, OPTICS_MAX_POINTS,
    PATIENCE_RANGE, PRECINCT_CANDIDATES, RADIUS_RANGE_M, RANDOM_PLACES, SEED_ORDER, TEST_RANGE,
    UNITS_RANGE, WINDOW_RANGE,
};
