//! The app's pages.

pub mod overview;
