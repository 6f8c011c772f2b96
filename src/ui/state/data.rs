//! The data: the active dataset, its overview, and the load that brings new data.

use leptos::prelude::*;

use crate::data::aggregate::Overview;
use crate::worker::messages::{Dataset, LiveSummary, OfficialBoundaries};

/// The active dataset and the overview of the current filter.
#[derive(Clone, Copy)]
pub struct DataState {
    /// The active dataset.
    pub dataset: RwSignal<Option<Dataset>>,
    /// The overview for the current filter.
    pub overview: RwSignal<Option<Overview>>,
    /// The official boundaries next to the live source (None: not loaded, or not live data).
    pub boundaries: RwSignal<Option<OfficialBoundaries>>,
}

impl DataState {
    pub(super) fn new() -> Self {
        DataState {
            dataset: RwSignal::new(None),
            overview: RwSignal::new(None),
            boundaries: RwSignal::new(None),
        }
    }

    /// The first and last day of the loaded data (None before any data), untracked.
    pub fn day_range(&self) -> Option<(i32, i32)> {
        self.dataset
            .with_untracked(|d| d.as_ref().and_then(|d| d.facets.day_range))
    }

    /// What analyses depend on, tracked: the rows kept once complete; while a live load
    /// streams in, its server counts (months counted, months whose incidents are counted,
    /// incidents) and whether it is complete.
    pub fn revision(&self) -> Option<(bool, u64, usize, usize, Option<u64>)> {
        self.dataset.with(|d| {
            d.as_ref().map(|d| match (&d.live, d.complete) {
                (Some(l), false) => (
                    false,
                    0,
                    l.months_counted,
                    l.incidents_counted,
                    l.server_incidents,
                ),
                _ => (d.complete, d.quality.kept, 0, 0, None),
            })
        })
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

/// The load of new data: its progress, its failure, and the server's counts while it runs.
#[derive(Clone, Copy)]
pub struct LoadState {
    /// Load progress.
    pub progress: RwSignal<Option<Progress>>,
    /// The last failure.
    pub failure: RwSignal<Option<Failure>>,
    /// Server-side counts of a live window.
    pub summary: RwSignal<Option<LiveSummary>>,
    /// Whether the page fell back to the demo data because live data were unreachable.
    pub fell_back: RwSignal<bool>,
}

impl LoadState {
    pub(super) fn new() -> Self {
        LoadState {
            progress: RwSignal::new(None),
            failure: RwSignal::new(None),
            summary: RwSignal::new(None),
            fell_back: RwSignal::new(false),
        }
    }
}
