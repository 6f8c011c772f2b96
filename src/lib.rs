//! crimecast: Detroit reported crime incidents — data cleaning, temporal and spatial
//! analysis and forecasting that run natively and in the browser (WebAssembly).
#![warn(missing_docs)]

pub mod analysis;
pub mod cli;
pub mod data;
pub mod narrative;
pub mod runs;
#[cfg(target_arch = "wasm32")]
pub mod ui;
/// The words of the page's "How this works" panels and glossary are plain Rust: compiled
/// natively too, so `cargo test` checks them.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "ui/explain/text/mod.rs"]
mod ui_explain_text;
/// The GeoJSON and CSV builders of the spatial exports are plain Rust: compiled natively too,
/// so `cargo test` parses their output back.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "ui/geo_export.rs"]
mod ui_geo_export;
/// The page's job-id registry is plain Rust: compiled natively too, so `cargo test` runs its
/// tests.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "ui/worker/jobs.rs"]
mod ui_jobs;
pub mod url_state;
pub mod worker;
