//! The app's pages.

pub mod hotspots;
pub mod overview;
pub mod temporal;
