//! Time-series diagnostics: autocorrelations, the Ljung–Box test and the augmented
//! Dickey–Fuller test, numerically equal to statsmodels' `acf`, `pacf`, `acorr_ljungbox` and
//! `adfuller`.

pub mod acf;
pub mod adf;
pub mod ljung_box;
mod mackinnon;

pub use acf::{acf, pacf_ols, pacf_yw_adjusted};
pub use adf::{adfuller, Adf, AdfCrit};
pub use ljung_box::{ljung_box, LjungBox};
