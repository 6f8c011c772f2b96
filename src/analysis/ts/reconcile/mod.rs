//! Forecast reconciliation for a two-level hierarchy (a total over `n` bottom series):
//! bottom-up, OLS and MinT with a shrunk residual covariance, after Hyndman & Athanasopoulos,
//! *Forecasting: Principles and Practice* (3rd ed.), §11.3, and Wickramasuriya, Athanasopoulos
//! & Hyndman (2019), "Optimal forecast reconciliation for hierarchical and grouped time series
//! through trace minimization", JASA 114(526).
//!
//! Reconciled forecasts are `ỹ = S G ŷ`, coherent by construction: the reconciled total equals
//! the sum of the reconciled bottom series at every step.

pub mod algorithm;
pub mod params;

/// The summing matrix, the reconciliation itself and the shrinkage estimate.
pub use algorithm::{
    g_matrix, reconcile, shrink_covariance, summing_matrix, BaseForecasts, Reconciled, Shrunk,
};
/// The method and the checked parameters.
pub use params::{
    ReconcileMethod, ReconcileParams, ReconcileParamsError, ReconcileValidParams, Reconciliation,
};

#[cfg(test)]
mod tests;
