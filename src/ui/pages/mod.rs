//! The app's pages.

pub mod allocation;
pub mod forecast;
pub mod hotspots;
pub mod overview;
pub mod temporal;
pub mod temporal_diagnostics;
