//! The one list of analyses the worker runs in one go. Each line names the analysis, its spec
//! (in [`super::specs`]) and its result (in [`super::results`]); from it come the
//! [`AnalysisSpec`] the page sends, the [`AnalysisResult`] it gets back and the dispatch to
//! the analysis's pipeline (the [`Pipeline`] its spec implements in
//! [`crate::worker::pipelines`]). A new analysis is one line here.

use serde::{Deserialize, Serialize};

use super::results::{AllocationResult, ForecastResult, HotspotResult, TemporalResult};
use super::specs::{AllocationSpec, ForecastSpec, HotspotSpec, TemporalSpec};
use crate::worker::pipelines::{Input, Pipeline};
use crate::worker::Error;

/// Declares the analyses: the spec and result enums and the dispatch from one to the other.
macro_rules! analyses {
    ($( $(#[doc = $doc:literal])* $name:ident($spec:ty => $result:ty), )+) => {
        /// What to compute: one variant per analysis.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum AnalysisSpec {
            $( $(#[doc = $doc])* $name($spec), )+
        }

        /// A computed analysis: one variant per analysis.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum AnalysisResult {
            $( $(#[doc = $doc])* $name(Box<$result>), )+
        }

        impl AnalysisSpec {
            /// Run the analysis's pipeline over `input`.
            ///
            /// # Errors
            /// The pipeline's error (no data in the window, bad settings, too short a series).
            pub fn run(&self, input: &Input<'_>) -> Result<AnalysisResult, Error> {
                match self {
                    $( AnalysisSpec::$name(spec) => {
                        Ok(AnalysisResult::$name(Box::new(spec.run(input)?)))
                    } )+
                }
            }
        }

        $(
            impl From<$result> for AnalysisResult {
                fn from(r: $result) -> Self {
                    AnalysisResult::$name(Box::new(r))
                }
            }
        )+
    };
}

analyses! {
    /// Series, profiles and diagnostics.
    Temporal(TemporalSpec => TemporalResult),
    /// Monthly SARIMAX forecast with backtests.
    Forecast(ForecastSpec => ForecastResult),
    /// KDE, DBSCAN, Gi*, Moran's I and the point-layer correlation.
    Hotspots(HotspotSpec => HotspotResult),
    /// Precinct forecasts and the counts behind the risk score and staffing patterns.
    Allocation(AllocationSpec => AllocationResult),
}
