//! Analyses the worker runs over the filtered rows: one module per page, each a spec (what
//! to compute, from the page's controls) and a result (plain data for the charts).

pub mod allocation;
pub mod forecast;
pub mod hotspots;
pub mod temporal;

use serde::{Deserialize, Serialize};

use crate::data::filter::Compiled;
use crate::data::point_layer::PointLayer;
use crate::data::store::Store;

use super::Error;

/// What to compute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnalysisSpec {
    /// Series, profiles and diagnostics.
    Temporal(temporal::TemporalSpec),
    /// Monthly SARIMAX forecast with backtests.
    Forecast(forecast::ForecastSpec),
    /// KDE, DBSCAN, Gi*, Moran's I and the point-layer correlation.
    Hotspots(hotspots::HotspotSpec),
    /// Precinct forecasts and the counts behind the risk score and staffing patterns.
    Allocation(allocation::AllocationSpec),
}

/// A computed analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnalysisResult {
    /// Series, profiles and diagnostics.
    Temporal(Box<temporal::TemporalResult>),
    /// Monthly SARIMAX forecast with backtests.
    Forecast(Box<forecast::ForecastResult>),
    /// KDE, DBSCAN, Gi*, Moran's I and the point-layer correlation.
    Hotspots(Box<hotspots::HotspotResult>),
    /// Precinct forecasts and the counts behind the risk score and staffing patterns.
    Allocation(Box<allocation::AllocationResult>),
}

/// The rows an analysis reads: the store, the compiled filter and the effective window
/// (filter window ∩ data range, inclusive local days).
pub struct Input<'a> {
    /// All rows.
    pub store: &'a Store,
    /// The filter.
    pub filter: &'a Compiled,
    /// Effective first and last day.
    pub window: (i32, i32),
    /// The point layer the user uploaded, if any.
    pub layer: Option<&'a PointLayer>,
}

/// Run `spec` over `input`.
pub fn run(input: &Input<'_>, spec: &AnalysisSpec) -> Result<AnalysisResult, Error> {
    match spec {
        AnalysisSpec::Temporal(s) => {
            Ok(AnalysisResult::Temporal(Box::new(temporal::run(input, s)?)))
        }
        AnalysisSpec::Forecast(s) => {
            Ok(AnalysisResult::Forecast(Box::new(forecast::run(input, s)?)))
        }
        AnalysisSpec::Hotspots(s) => {
            Ok(AnalysisResult::Hotspots(Box::new(hotspots::run(input, s)?)))
        }
        AnalysisSpec::Allocation(s) => Ok(AnalysisResult::Allocation(Box::new(allocation::run(
            input, s,
        )?))),
    }
}
