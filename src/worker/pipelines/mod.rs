//! Analyses the worker runs over the filtered rows: one module per page, each turning its
//! spec ([`crate::worker::messages::specs`]) into its result
//! ([`crate::worker::messages::results`]).

pub mod allocation;
pub mod forecast;
pub mod hotspots;
pub mod temporal;

use crate::data::filter::Compiled;
use crate::data::point_layer::PointLayer;
use crate::data::store::Store;

use super::messages::{AnalysisResult, AnalysisSpec};
use super::Error;

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
