//! Where each parameter group sits in the flat SARIMAX parameter vector, and its statsmodels
//! names.

use super::params::Trend;

/// Positions of each parameter group in the flat parameter vector
/// (trend, exog, ar, ma, seasonal ar, seasonal ma, sigma2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Trend parameters.
    pub k_trend: usize,
    /// Regression coefficients.
    pub k_exog: usize,
    /// AR coefficients.
    pub p: usize,
    /// MA coefficients.
    pub q: usize,
    /// Seasonal AR coefficients.
    pub sp: usize,
    /// Seasonal MA coefficients.
    pub sq: usize,
}

impl Layout {
    /// Start of the exog block.
    pub fn exog_start(&self) -> usize {
        self.k_trend
    }
    /// Start of the AR block.
    pub fn ar_start(&self) -> usize {
        self.k_trend + self.k_exog
    }
    /// Start of the MA block.
    pub fn ma_start(&self) -> usize {
        self.ar_start() + self.p
    }
    /// Start of the seasonal AR block.
    pub fn sar_start(&self) -> usize {
        self.ma_start() + self.q
    }
    /// Start of the seasonal MA block.
    pub fn sma_start(&self) -> usize {
        self.sar_start() + self.sp
    }
    /// Index of sigma2 (the last parameter).
    pub fn sigma2(&self) -> usize {
        self.sma_start() + self.sq
    }
    /// Total number of parameters.
    pub fn len(&self) -> usize {
        self.sigma2() + 1
    }
    /// Always false: sigma2 is always present.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// statsmodels parameter names for period `s` and trend `trend`.
    pub fn names(&self, trend: Trend, s: usize) -> Vec<String> {
        let mut out: Vec<String> = match trend {
            Trend::N => vec![],
            Trend::C => vec!["intercept".into()],
            Trend::T => vec!["drift".into()],
            Trend::Ct => vec!["intercept".into(), "drift".into()],
        };
        out.extend((1..=self.k_exog).map(|i| format!("x{i}")));
        out.extend((1..=self.p).map(|i| format!("ar.L{i}")));
        out.extend((1..=self.q).map(|i| format!("ma.L{i}")));
        out.extend((1..=self.sp).map(|i| format!("ar.S.L{}", i * s)));
        out.extend((1..=self.sq).map(|i| format!("ma.S.L{}", i * s)));
        out.push("sigma2".into());
        out
    }
}
