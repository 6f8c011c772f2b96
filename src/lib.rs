//! crimecast: Detroit reported crime incidents — data cleaning, temporal and spatial
//! analysis and forecasting that run natively and in the browser (WebAssembly).
#![warn(missing_docs)]

pub mod analysis;
pub mod cli;
pub mod data;
