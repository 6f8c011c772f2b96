//! SARIMAX(p,d,q)(P,D,Q,s) with trend and regressors, following statsmodels' state-space
//! conventions (exact Kalman-filter likelihood, approximate diffuse differencing states,
//! stationary ARMA initialisation, MLE on transformed parameters).

mod covariance;
pub mod fit;
pub mod forecast;
pub mod kalman;
mod layout;
mod lbfgsb;
mod line_search;
mod objective;
pub mod params;
mod plan;
pub mod scale;
mod search;
pub mod start;
pub mod statespace;
pub mod stderr;
pub mod transforms;

pub use fit::{evaluate, fit, fit_with_diffuse, llf_at_params, FittedSarimax};
pub use params::{Sarimax, SarimaxParams, SarimaxParamsError, SarimaxValidParams, Search, Trend};
