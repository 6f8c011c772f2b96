//! What the worker sends back for each analysis (a file each): plain data for the page's
//! charts and tables. The list of analyses is in [`super::analyses`].

mod allocation;
mod basis;
mod forecast;
mod hierarchy;
mod hotspots;
mod lstm;
mod temporal;

pub use allocation::{AllocationResult, AreaCounts, PrecinctModel, Skipped, Timing, PRECINCTS};
pub use basis::{thousands, Basis, CountUnit};
pub use forecast::ForecastResult;
pub use hierarchy::{horizon_sums, HierarchyForecast};
pub use hotspots::{
    Cluster, ClusterLayer, GiLayer, HotspotCounts, HotspotKind, HotspotResult, HotspotRow,
    KdeLayer, LayerSummary, MoranSummary, NearestDistances, OpticsCluster, OpticsLayer, Place,
    PointLayerCorrelation, SampledPoints,
};
pub use lstm::{EpochPoint, LstmResult, ModelScore, ScoreKind, StopReason};
pub use temporal::{Diagnostics, TemporalResult, YearLine};
