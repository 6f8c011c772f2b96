//! Pure numerics: time series, spatial statistics, models and metrics. No web imports.

pub mod error;
pub mod spatial;
pub mod ts;

pub use error::{Error, Result};
