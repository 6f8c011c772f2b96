//! The app's pages.

pub mod overview;
pub mod temporal;
