//! The current page's analysis and the point layer the hotspot page compares with.

use leptos::prelude::*;

use super::Progress;
use crate::worker::messages::{AnalysisResult, LayerChoice, LayerInfo};

/// The latest analysis the worker computed for the current page.
#[derive(Clone, Copy)]
pub struct AnalysisState {
    /// The latest analysis for the current page.
    pub result: RwSignal<Option<AnalysisResult>>,
    /// An analysis is being computed.
    pub busy: RwSignal<bool>,
    /// The last analysis error.
    pub error: RwSignal<Option<String>>,
    /// Progress of a stepped analysis (the allocation page's precinct fits).
    pub progress: RwSignal<Option<Progress>>,
}

impl AnalysisState {
    pub(super) fn new() -> Self {
        AnalysisState {
            result: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            progress: RwSignal::new(None),
        }
    }

    /// Forget the analysis in progress (it finished, failed or was abandoned).
    pub fn settle(&self) {
        self.busy.set(false);
        self.progress.set(None);
    }
}

/// The uploaded point layer (liquor stores or similar) and which layer is compared.
#[derive(Clone, Copy)]
pub struct LayerState {
    /// The uploaded point layer, once the worker has read it.
    pub info: RwSignal<Option<LayerInfo>>,
    /// A point layer is being read.
    pub busy: RwSignal<bool>,
    /// Why the last point layer could not be read.
    pub error: RwSignal<Option<String>>,
    /// Which point layer the hotspot page compares with.
    pub choice: RwSignal<LayerChoice>,
}

impl LayerState {
    pub(super) fn new() -> Self {
        LayerState {
            info: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            choice: RwSignal::new(LayerChoice::Demo),
        }
    }
}
