//! Results in words for readers: p-values, test verdicts, how a model's differencing was chosen,
//! the risk formula, the busiest hours, the LSTM comparison and the calibration of forecast
//! bands. The numerics in [`crate::analysis`] and the worker return numbers only; the page and
//! the native CLI turn them into sentences here, so both print the same text. No web imports.

pub mod calibration;
pub mod diagnostics;
pub mod lstm;
pub mod p_value;
pub mod provenance;
pub mod risk;
pub mod selection;
pub mod staffing;

pub use p_value::p_text;
