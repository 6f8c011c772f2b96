//! The page's side of the Web Worker.
//!
//! - [`jobs`]: the job-id registry (which request is current for each kind of job);
//! - [`bridge`]: spawning the worker, sending requests, watching it (crash reports, error
//!   events, a heartbeat) and replacing it when it dies or stops answering;
//! - [`router`]: the worker's replies, routed into the page's state;
//! - [`loads`]: the load flows (live with demo fallback, demo, file, rows of a failed load);
//! - [`files`]: uploaded files streamed in acknowledged chunks, point layers, file inputs;
//! - [`requests`]: the overview, the current page's analysis, LSTM training and imports.

pub mod bridge;
pub mod files;
pub mod jobs;
pub mod loads;
pub mod requests;
mod router;

use std::cell::RefCell;

pub use bridge::{debug_crash_worker, debug_exhaust_worker, debug_hang_worker, spawn};
pub use files::{first_file, input_files, upload_layer, CHUNK_BYTES};
pub use loads::{
    cancel, forget_cache, initial_load, load_demo, load_live, upload, use_partial, DEMO_SEED,
};
pub use requests::{
    abandon_analysis, cancel_analysis, import_lstm, request_analysis, request_overview,
    stop_training, train_lstm,
};

thread_local! {
    /// The page's one job-id registry.
    static JOBS: RefCell<jobs::JobRegistry> = const { RefCell::new(jobs::JobRegistry::new()) };
}

/// Run `f` on the job-id registry (never call back into the worker client from `f`).
fn with_jobs<R>(f: impl FnOnce(&mut jobs::JobRegistry) -> R) -> R {
    JOBS.with(|j| f(&mut j.borrow_mut()))
}
