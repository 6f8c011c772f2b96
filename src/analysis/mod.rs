//! Pure numerics: time series, spatial statistics, models and metrics. No web imports.

pub mod error;
pub mod risk;
pub mod spatial;
pub mod staffing;
pub mod ts;

pub use error::{Error, Result};
