//! SARIMAX specification: builder, validation rules and parameter layout.

use serde::{Deserialize, Serialize};

pub use super::search::Search;

pub use super::layout::Layout;
use crate::analysis::{Error, ParamGuard, Result};

/// Largest accepted non-seasonal or seasonal AR/MA order.
pub const MAX_ORDER: i64 = 24;
/// Largest accepted differencing order (regular or seasonal).
pub const MAX_DIFF: i64 = 2;
/// Largest accepted seasonal period.
pub const MAX_PERIOD: i64 = 400;

/// Deterministic trend, entered in the state intercept of the ARMA part (statsmodels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Trend {
    /// No trend.
    #[default]
    N,
    /// Constant ("intercept").
    C,
    /// Linear time trend ("drift"), time counted from 1.
    T,
    /// Constant and linear time trend.
    Ct,
}

impl Trend {
    /// Parse statsmodels' code: `"n"`, `"c"`, `"t"` or `"ct"`.
    pub fn parse(code: &str) -> Result<Trend> {
        match code {
            "n" => Ok(Trend::N),
            "c" => Ok(Trend::C),
            "t" => Ok(Trend::T),
            "ct" => Ok(Trend::Ct),
            other => Err(Error::Params(format!(
                "trend must be one of n, c, t, ct, got {other:?}"
            ))),
        }
    }

    /// statsmodels' code for this trend.
    pub fn code(self) -> &'static str {
        match self {
            Trend::N => "n",
            Trend::C => "c",
            Trend::T => "t",
            Trend::Ct => "ct",
        }
    }

    /// Number of trend parameters.
    pub fn k(self) -> usize {
        match self {
            Trend::N => 0,
            Trend::C | Trend::T => 1,
            Trend::Ct => 2,
        }
    }

    /// Trend regressors at 0-based time `t` (time trend counts from 1).
    pub(crate) fn data(self, t: usize) -> [f64; 2] {
        let tt = (t + 1) as f64;
        match self {
            Trend::N => [0.0, 0.0],
            Trend::C => [1.0, 0.0],
            Trend::T => [tt, 0.0],
            Trend::Ct => [1.0, tt],
        }
    }

    /// Trend contribution `data(t) · params` at time `t`.
    pub(crate) fn value(self, params: &[f64], t: usize) -> f64 {
        let d = self.data(t);
        params.iter().zip(d).map(|(p, x)| p * x).sum()
    }
}

/// A SARIMAX rule that a specification breaks, with the value that broke it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SarimaxParamsError {
    /// Every order, differencing and the period are non-negative.
    #[error("order {term} must be >= 0, got {value}")]
    Negative {
        /// Which term: `p`, `d`, `q`, `P`, `D`, `Q` or `s`.
        term: &'static str,
        /// The value given.
        value: i64,
    },
    /// AR and MA orders (seasonal or not) are at most [`MAX_ORDER`].
    #[error("order {term} must be <= {MAX_ORDER}, got {value}")]
    Order {
        /// Which term: `p`, `q`, `P` or `Q`.
        term: &'static str,
        /// The value given.
        value: i64,
    },
    /// Differencing orders are at most [`MAX_DIFF`].
    #[error("order {term} must be <= {MAX_DIFF}, got {value}")]
    Differencing {
        /// Which term: `d` or `D`.
        term: &'static str,
        /// The value given.
        value: i64,
    },
    /// The seasonal period is at most [`MAX_PERIOD`].
    #[error("order s must be <= {MAX_PERIOD}, got {0}")]
    Period(i64),
    /// Seasonal terms need a period of at least 2.
    #[error("seasonal terms need a seasonal period s >= 2, got s={0}")]
    SeasonalPeriod(i64),
    /// The AR order stays below the period when there are seasonal AR terms.
    #[error("AR order p={p} overlaps the seasonal AR lags of period s={s}")]
    ArOverlap {
        /// The AR order.
        p: i64,
        /// The period.
        s: i64,
    },
    /// The MA order stays below the period when there are seasonal MA terms.
    #[error("MA order q={q} overlaps the seasonal MA lags of period s={s}")]
    MaOverlap {
        /// The MA order.
        q: i64,
        /// The period.
        s: i64,
    },
    /// The optimizer runs at least one iteration.
    #[error("max_iter must be >= 1, got {0}")]
    MaxIter(u64),
}

/// Unchecked SARIMAX(p,d,q)(P,D,Q,s) specification (builder); [`ParamGuard::check`] gives
/// [`SarimaxValidParams`].
///
/// Orders are given as signed numbers (as a JSON case may hold them) and kept as given; the
/// specification they describe is kept beside them and handed out only once the orders pass
/// every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct SarimaxParams {
    order: [i64; 3],
    seasonal: [i64; 4],
    spec: SarimaxValidParams,
}

/// Entry point mirroring other model builders: `Sarimax::params(order)`.
#[derive(Debug, Clone, Copy)]
pub struct Sarimax;

impl Sarimax {
    /// Start a specification with non-seasonal order `[p, d, q]`.
    pub fn params(order: [i64; 3]) -> SarimaxParams {
        SarimaxParams::new(order)
    }
}

/// A checked order as a count (negative orders never get this far).
fn count(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

impl SarimaxParams {
    /// Non-seasonal order `[p, d, q]`; no seasonal part, no trend, at most 200 optimizer
    /// iterations, the [scale-free](Search::ScaleFree) search.
    pub fn new(order: [i64; 3]) -> Self {
        let [p, d, q] = order.map(count);
        SarimaxParams {
            order,
            seasonal: [0, 0, 0, 0],
            spec: SarimaxValidParams {
                p,
                d,
                q,
                sp: 0,
                sd: 0,
                sq: 0,
                s: 0,
                trend: Trend::N,
                max_iter: 200,
                search: Search::ScaleFree,
            },
        }
    }

    /// Seasonal order `(P, D, Q)` with period `s` (a period without seasonal terms is no
    /// seasonal part).
    pub fn seasonal(mut self, p: i64, d: i64, q: i64, s: i64) -> Self {
        self.seasonal = [p, d, q, s];
        self.spec.sp = count(p);
        self.spec.sd = count(d);
        self.spec.sq = count(q);
        self.spec.s = if p + d + q > 0 { count(s) } else { 0 };
        self
    }

    /// Deterministic trend.
    pub fn trend(mut self, trend: Trend) -> Self {
        self.spec.trend = trend;
        self
    }

    /// Optimizer iteration cap.
    pub fn max_iter(mut self, iters: u64) -> Self {
        self.spec.max_iter = iters;
        self
    }

    /// How the likelihood is maximised.
    pub fn search(mut self, search: Search) -> Self {
        self.spec.search = search;
        self
    }
}

impl ParamGuard for SarimaxParams {
    type Checked = SarimaxValidParams;
    type Error = SarimaxParamsError;

    /// Rules: orders non-negative and bounded, seasonal terms only with `s ≥ 2`, no lag in
    /// both the seasonal and non-seasonal polynomials, at least one optimizer iteration.
    fn check_ref(&self) -> std::result::Result<&SarimaxValidParams, SarimaxParamsError> {
        use SarimaxParamsError as E;
        let [p, d, q] = self.order;
        let [sp, sd, sq, s] = self.seasonal;
        let orders = [("p", p), ("q", q), ("P", sp), ("Q", sq)];
        let diffs = [("d", d), ("D", sd)];
        for (term, value) in orders.into_iter().chain(diffs).chain([("s", s)]) {
            if value < 0 {
                return Err(E::Negative { term, value });
            }
        }
        if let Some((term, value)) = orders.into_iter().find(|(_, v)| *v > MAX_ORDER) {
            return Err(E::Order { term, value });
        }
        if let Some((term, value)) = diffs.into_iter().find(|(_, v)| *v > MAX_DIFF) {
            return Err(E::Differencing { term, value });
        }
        if s > MAX_PERIOD {
            return Err(E::Period(s));
        }
        if sp + sd + sq > 0 && s < 2 {
            return Err(E::SeasonalPeriod(s));
        }
        if sp > 0 && p >= s {
            return Err(E::ArOverlap { p, s });
        }
        if sq > 0 && q >= s {
            return Err(E::MaOverlap { q, s });
        }
        if self.spec.max_iter == 0 {
            return Err(E::MaxIter(self.spec.max_iter));
        }
        Ok(&self.spec)
    }

    fn check(self) -> std::result::Result<SarimaxValidParams, SarimaxParamsError> {
        self.check_ref()?;
        Ok(self.spec)
    }
}

/// A validated SARIMAX specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SarimaxValidParams {
    /// Non-seasonal AR order.
    pub p: usize,
    /// Non-seasonal differencing.
    pub d: usize,
    /// Non-seasonal MA order.
    pub q: usize,
    /// Seasonal AR order.
    pub sp: usize,
    /// Seasonal differencing.
    pub sd: usize,
    /// Seasonal MA order.
    pub sq: usize,
    /// Seasonal period (0 when there is no seasonal part).
    pub s: usize,
    /// Deterministic trend.
    pub trend: Trend,
    /// Optimizer iteration cap.
    pub max_iter: u64,
    /// How the likelihood is maximised.
    #[serde(default)]
    pub search: Search,
}

impl SarimaxValidParams {
    /// Number of differencing states (`d + s·D`), all approximately diffuse.
    pub fn k_states_diff(&self) -> usize {
        self.d + self.s * self.sd
    }

    /// Size of the ARMA block: `max(p + s·P, q + s·Q + 1)`.
    pub fn k_order(&self) -> usize {
        (self.p + self.s * self.sp).max(self.q + self.s * self.sq + 1)
    }

    /// Total number of states.
    pub fn k_states(&self) -> usize {
        self.k_states_diff() + self.k_order()
    }

    /// Parameter layout for `k_exog` regressors.
    pub fn layout(&self, k_exog: usize) -> Layout {
        Layout {
            k_trend: self.trend.k(),
            k_exog,
            p: self.p,
            q: self.q,
            sp: self.sp,
            sq: self.sq,
        }
    }

    /// Model label, e.g. `SARIMA(1,1,1)(1,1,1,12)` or `ARIMA(2,0,1) + intercept`.
    pub fn label(&self, k_exog: usize) -> String {
        let base = if self.s > 0 {
            format!(
                "SARIMA({},{},{})({},{},{},{})",
                self.p, self.d, self.q, self.sp, self.sd, self.sq, self.s
            )
        } else {
            format!("ARIMA({},{},{})", self.p, self.d, self.q)
        };
        let trend = match self.trend {
            Trend::N => "",
            Trend::C => " + intercept",
            Trend::T => " + drift",
            Trend::Ct => " + intercept + drift",
        };
        let exog = if k_exog > 0 {
            format!(" + {k_exog} regressor(s)")
        } else {
            String::new()
        };
        format!("{base}{trend}{exog}")
    }
}

#[cfg(test)]
#[path = "params_tests.rs"]
mod tests;
