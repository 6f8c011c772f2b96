//! What the worker sends back for each analysis: plain data for the page's charts and tables.

mod allocation;
mod basis;
mod forecast;
mod hotspots;
mod lstm;
mod temporal;

use serde::{Deserialize, Serialize};

pub use allocation::{AllocationResult, AreaCounts, PrecinctModel, Skipped, Timing, PRECINCTS};
pub use basis::{thousands, Basis, CountUnit, Kpis};
pub use forecast::ForecastResult;
pub use hotspots::{
    Cluster, ClusterLayer, GiLayer, HotspotCounts, HotspotKind, HotspotResult, HotspotRow,
    KdeLayer, LayerSummary, MoranSummary, Place, PointLayerCorrelation, SampledPoints,
};
pub use lstm::{EpochPoint, LstmResult, ModelScore, ScoreKind, StopReason};
pub use temporal::{Diagnostics, TemporalResult, YearLine};

/// A computed analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnalysisResult {
    /// Series, profiles and diagnostics.
    Temporal(Box<TemporalResult>),
    /// Monthly SARIMAX forecast with backtests.
    Forecast(Box<ForecastResult>),
    /// KDE, DBSCAN, Gi*, Moran's I and the point-layer correlation.
    Hotspots(Box<HotspotResult>),
    /// Precinct forecasts and the counts behind the risk score and staffing patterns.
    Allocation(Box<AllocationResult>),
}
