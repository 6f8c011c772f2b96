//! The Web Worker side: every message type, the engine that owns the loaded data and
//! answers requests (native-testable), and (in the browser) the gloo-worker runtime that
//! fetches from the API and streams files into the engine.

pub mod engine;
pub mod error;
pub mod lstm;
pub mod messages;
pub mod pipelines;
#[cfg(target_arch = "wasm32")]
pub mod runtime;

pub use error::Error;
