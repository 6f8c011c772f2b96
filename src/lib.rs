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
pub mod url_state;
pub mod worker;
