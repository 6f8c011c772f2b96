//! Shared page state, provided as context: what the worker last reported.

use leptos::prelude::*;

use crate::data::aggregate::Overview;
use crate::data::filter::Filter;
use crate::worker::messages::{
    AnalysisResult, Dataset, EpochPoint, LayerChoice, LayerInfo, LiveSummary, LstmResult,
};

use super::address_bar::UrlState;

/// A load in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Job id (for Cancel).
    pub job: u32,
    /// What is happening.
    pub stage: String,
    /// Units done.
    pub done: u64,
    /// Units in all.
    pub total: Option<u64>,
    /// Units are bytes (file upload) rather than rows/months.
    pub bytes: bool,
}

/// A failed load, with the rows it had fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Job id (for UsePartial).
    pub job: u32,
    /// What went wrong.
    pub message: String,
    /// Rows the failed load had kept.
    pub partial_rows: u64,
}

/// The LSTM page's state: the live training curves and the last result.
#[derive(Clone, Copy)]
pub struct LstmState {
    /// Epochs of the current (or last) training run, in order.
    pub epochs: RwSignal<Vec<EpochPoint>>,
    /// A training run is stepping through epochs.
    pub running: RwSignal<bool>,
    /// Stop was pressed and the worker has not answered yet.
    pub stopping: RwSignal<bool>,
    /// What the worker is doing after the epochs (scoring, reading a model file).
    pub stage: RwSignal<Option<String>>,
    /// The last trained or imported model's scores and forecast.
    pub result: RwSignal<Option<LstmResult>>,
    /// The last error.
    pub error: RwSignal<Option<String>>,
    /// The filter the shown result was computed for.
    pub filter: RwSignal<Option<Filter>>,
}

impl LstmState {
    fn new() -> Self {
        LstmState {
            epochs: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            stopping: RwSignal::new(false),
            stage: RwSignal::new(None),
            result: RwSignal::new(None),
            error: RwSignal::new(None),
            filter: RwSignal::new(None),
        }
    }

    /// Whether the worker is busy with a training run, scoring or an import.
    pub fn busy(&self) -> bool {
        self.running.get() || self.stage.get().is_some()
    }

    /// Forget a run in progress (the worker stopped or failed).
    pub fn idle(&self) {
        self.running.set(false);
        self.stopping.set(false);
        self.stage.set(None);
    }
}

/// The page's reactive state.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The active dataset.
    pub dataset: RwSignal<Option<Dataset>>,
    /// The overview for the current filter.
    pub overview: RwSignal<Option<Overview>>,
    /// The latest analysis for the current page.
    pub analysis: RwSignal<Option<AnalysisResult>>,
    /// An analysis is being computed.
    pub analysis_busy: RwSignal<bool>,
    /// The last analysis error.
    pub analysis_error: RwSignal<Option<String>>,
    /// Progress of a stepped analysis (the allocation page's precinct fits).
    pub analysis_progress: RwSignal<Option<Progress>>,
    /// Load progress.
    pub progress: RwSignal<Option<Progress>>,
    /// Recent notices (retries, fallbacks), newest last.
    pub notices: RwSignal<Vec<String>>,
    /// The last failure.
    pub failure: RwSignal<Option<Failure>>,
    /// Server-side counts of a live window.
    pub summary: RwSignal<Option<LiveSummary>>,
    /// The URL's state.
    pub url: RwSignal<UrlState>,
    /// Whether the page fell back to the demo data because live data were unreachable.
    pub fell_back: RwSignal<bool>,
    /// Bumped whenever run records change.
    pub runs_version: RwSignal<u32>,
    /// A run being re-run (its record), to compare with the new result.
    pub rerun: RwSignal<Option<crate::runs::RunRecord>>,
    /// The outcome of the last re-run, in words.
    pub rerun_outcome: RwSignal<Option<String>>,
    /// The uploaded point layer (liquor stores), once the worker has read it.
    pub layer: RwSignal<Option<LayerInfo>>,
    /// A point layer is being read.
    pub layer_busy: RwSignal<bool>,
    /// Why the last point layer could not be read.
    pub layer_error: RwSignal<Option<String>>,
    /// Which point layer the hotspot page compares with.
    pub layer_choice: RwSignal<LayerChoice>,
    /// The LSTM page's training state.
    pub lstm: LstmState,
}

impl AppState {
    /// Fresh state from the current URL.
    pub fn new(url: UrlState) -> Self {
        AppState {
            dataset: RwSignal::new(None),
            overview: RwSignal::new(None),
            analysis: RwSignal::new(None),
            analysis_busy: RwSignal::new(false),
            analysis_error: RwSignal::new(None),
            analysis_progress: RwSignal::new(None),
            progress: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            summary: RwSignal::new(None),
            url: RwSignal::new(url),
            fell_back: RwSignal::new(false),
            runs_version: RwSignal::new(0),
            rerun: RwSignal::new(None),
            rerun_outcome: RwSignal::new(None),
            layer: RwSignal::new(None),
            layer_busy: RwSignal::new(false),
            layer_error: RwSignal::new(None),
            layer_choice: RwSignal::new(LayerChoice::Demo),
            lstm: LstmState::new(),
        }
    }

    /// Add a notice (keeps the last five).
    pub fn notice(&self, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|n| {
            n.push(text);
            let extra = n.len().saturating_sub(5);
            n.drain(..extra);
        });
    }

    /// Whether the active data are synthetic.
    pub fn synthetic(&self) -> bool {
        self.dataset
            .with(|d| d.as_ref().is_some_and(|d| d.source.is_synthetic()))
    }

    /// The sentence captions add when the data are synthetic (empty otherwise).
    pub fn synthetic_note(&self) -> &'static str {
        if self.synthetic() {
            " Synthetic demo data, not real incidents."
        } else {
            ""
        }
    }
}
