//! The LSTM page's training run: live curves, its stage, and the last result.

use leptos::prelude::*;

use crate::data::filter::Filter;
use crate::worker::messages::{EpochPoint, LstmResult};

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
    pub(super) fn new() -> Self {
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
