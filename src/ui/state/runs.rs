//! Run records: when they change, and a re-run waiting to be compared with its original.

use leptos::prelude::*;

use crate::runs::RunRecord;

/// The runs page's state.
#[derive(Clone, Copy)]
pub struct RunsState {
    /// Bumped whenever run records change.
    pub version: RwSignal<u32>,
    /// A run being re-run (its record), to compare with the new result.
    pub rerun: RwSignal<Option<RunRecord>>,
    /// The outcome of the last re-run, in words.
    pub rerun_outcome: RwSignal<Option<String>>,
}

impl RunsState {
    pub(super) fn new() -> Self {
        RunsState {
            version: RwSignal::new(0),
            rerun: RwSignal::new(None),
            rerun_outcome: RwSignal::new(None),
        }
    }
}
