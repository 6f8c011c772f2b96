//! The Web Worker side: every message type, the engine that owns the loaded data and
//! answers requests, the analysis pipelines, the stepped jobs (all native-testable), and (in
//! the browser) the gloo-worker runtime that fetches from the API, streams files into the
//! engine and drives the jobs.

pub mod engine;
pub mod error;
pub mod jobs;
pub mod lstm;
pub mod messages;
pub mod pipelines;
#[cfg(target_arch = "wasm32")]
pub mod runtime;

pub use error::Error;
