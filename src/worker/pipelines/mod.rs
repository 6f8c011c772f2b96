//! Analyses the worker runs over the filtered rows: one module per analysis, each
//! implementing [`Pipeline`] for its spec ([`crate::worker::messages::specs`]), giving its
//! result ([`crate::worker::messages::results`]).

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

/// An analysis's pipeline: its spec computes its result over the filtered rows.
/// [`AnalysisSpec::run`](crate::worker::messages::AnalysisSpec::run) dispatches to it.
pub trait Pipeline {
    /// The result the analysis sends back.
    type Output;

    /// Compute the result over `input`.
    ///
    /// # Errors
    /// No data in the window, bad settings or too short a series.
    fn run(&self, input: &Input<'_>) -> Result<Self::Output, Error>;
}

/// Run `spec` over `input`.
///
/// # Errors
/// The pipeline's error.
pub fn run(input: &Input<'_>, spec: &AnalysisSpec) -> Result<AnalysisResult, Error> {
    spec.run(input)
}
