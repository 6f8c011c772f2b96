//! Pure numerics: time series, spatial statistics, models and metrics. No web imports.

pub mod error;
pub mod param_guard;
pub mod risk;
pub mod spatial;
pub mod staffing;
pub mod ts;

pub use error::{Error, Result};
pub use param_guard::ParamGuard;
