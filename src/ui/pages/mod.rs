//! The app's pages.

pub mod allocation;
pub mod forecast;
pub mod glossary;
pub mod hotspots;
pub mod lstm;
pub mod overview;
pub mod runs;
pub mod temporal;
pub mod temporal_diagnostics;
