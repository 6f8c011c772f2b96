//! Shared page state, split by concern into small context structs of signal handles: the URL,
//! the data and their load, the current analysis, the point layer, the LSTM run, notices and
//! run records. [`AppState::provide`] puts each part in context and a component takes only
//! the parts it shows (`expect_context::<DataState>()`) and passes those to the worker client
//! it calls; [`AppState`] holds them all for the worker client's reply router.

mod analysis;
mod data;
mod lstm;
mod notices;
mod runs;

use leptos::prelude::*;

pub use analysis::{AnalysisState, LayerState};
pub use data::{DataState, Failure, LoadState, Progress};
pub use lstm::LstmState;
pub use notices::Notices;
pub use runs::RunsState;

use super::address_bar::UrlState;

/// The URL's state, provided as context: every page reads its settings here.
pub type UrlSignal = RwSignal<UrlState>;

/// Every part of the page's state together: what the worker client needs to route replies.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The URL's state.
    pub url: UrlSignal,
    /// The active dataset and its overview.
    pub data: DataState,
    /// A load in progress or failed.
    pub load: LoadState,
    /// The current page's analysis.
    pub analysis: AnalysisState,
    /// The uploaded point layer.
    pub layer: LayerState,
    /// The LSTM page's training run.
    pub lstm: LstmState,
    /// Recent notices.
    pub notices: Notices,
    /// Run records and re-runs.
    pub runs: RunsState,
}

impl AppState {
    /// Fresh state from the current URL.
    pub fn new(url: UrlState) -> Self {
        AppState {
            url: RwSignal::new(url),
            data: DataState::new(),
            load: LoadState::new(),
            analysis: AnalysisState::new(),
            layer: LayerState::new(),
            lstm: LstmState::new(),
            notices: Notices::new(),
            runs: RunsState::new(),
        }
    }

    /// Provide each part as its own context.
    pub fn provide(self) {
        provide_context(self.url);
        provide_context(self.data);
        provide_context(self.load);
        provide_context(self.analysis);
        provide_context(self.layer);
        provide_context(self.lstm);
        provide_context(self.notices);
        provide_context(self.runs);
    }
}
