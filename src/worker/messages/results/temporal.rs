//! What the temporal analysis sends back: the series, profiles, year-over-year lines and the
//! diagnostics of the series.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::decompose::Decomposition;
use crate::analysis::ts::diagnostics::Adf;
use crate::data::aggregate::Series;

/// Decomposition and stationarity diagnostics of the complete periods of the series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// First day of each complete period.
    pub starts: Vec<i32>,
    /// Classical decomposition (None with a reason when the series is too short or, for the
    /// multiplicative kind, has zeros).
    pub decomposition: Result<Decomposition, String>,
    /// Seasonal period used.
    pub period: usize,
    /// Autocorrelations, lags 0..=nlags.
    pub acf: Vec<f64>,
    /// Partial autocorrelations (Yule–Walker, adjusted), lags 0..=nlags.
    pub pacf: Vec<f64>,
    /// ±1.96/√n bound.
    pub bound: f64,
    /// Augmented Dickey–Fuller test.
    pub adf: Result<Adf, String>,
}

/// One year's monthly counts for the year-over-year overlay (None for months outside the
/// window).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearLine {
    /// Calendar year.
    pub year: i32,
    /// Counts for January..December.
    pub months: Vec<Option<f64>>,
}

/// The temporal patterns of the filtered rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemporalResult {
    /// Effective window.
    pub window: (i32, i32),
    /// The series at the requested resolution.
    pub series: Series,
    /// Rows per local hour of day (24).
    pub by_hour: Vec<u64>,
    /// Rows per weekday, Monday first (7).
    pub by_weekday: Vec<u64>,
    /// Mean rows per calendar month over the complete months of the window (12; None when a
    /// month never occurs completely).
    pub by_month: Vec<Option<f64>>,
    /// Monthly counts per year.
    pub years: Vec<YearLine>,
    /// Decomposition, ACF/PACF and ADF of the series.
    pub diagnostics: Diagnostics,
}
