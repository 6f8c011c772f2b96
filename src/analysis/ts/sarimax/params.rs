//! SARIMAX specification: builder, validation rules and parameter layout.

use serde::{Deserialize, Serialize};

use crate::analysis::{Error, Result};

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

/// How the maximum-likelihood search runs (see [`super::search`]): both maximise the same
/// likelihood from the same start values and may end at different optima where it has
/// several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Search {
    /// L-BFGS on rescaled coordinates: the series divided by the spread of its differenced
    /// values, the trend as the process mean, the differencing states' prior at most 1e6 times
    /// that spread², and restarts when a run stops without converging. Fitting `c·y` gives the
    /// fit of `y` with trend and regression coefficients times `c` and σ² times `c²` (see
    /// [`super::scale`]). What forecasts and model selection use.
    #[default]
    ScaleFree,
    /// As statsmodels' `fit(method='lbfgs')`: its parametrisation in the data's units, its
    /// start values, scipy's L-BFGS-B with its settings and stopping rules (forward-difference
    /// gradients of step 1e-5), the prior 1e6 of the differencing states in the data's units.
    /// Ends where statsmodels' default fit ends, also where that is short of the maximum. What
    /// `crimecast reference sarimax` uses.
    Statsmodels,
}

/// Unchecked SARIMAX(p,d,q)(P,D,Q,s) specification (builder). Call [`check`](Self::check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SarimaxParams {
    order: [i64; 3],
    seasonal: [i64; 4],
    trend: Trend,
    max_iter: u64,
    #[serde(default)]
    search: Search,
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

impl SarimaxParams {
    /// Non-seasonal order `[p, d, q]`; no seasonal part, no trend, at most 200 optimizer
    /// iterations, the [scale-free](Search::ScaleFree) search.
    pub fn new(order: [i64; 3]) -> Self {
        SarimaxParams {
            order,
            seasonal: [0, 0, 0, 0],
            trend: Trend::N,
            max_iter: 200,
            search: Search::ScaleFree,
        }
    }

    /// Seasonal order `(P, D, Q)` with period `s`.
    pub fn seasonal(mut self, p: i64, d: i64, q: i64, s: i64) -> Self {
        self.seasonal = [p, d, q, s];
        self
    }

    /// Deterministic trend.
    pub fn trend(mut self, trend: Trend) -> Self {
        self.trend = trend;
        self
    }

    /// Optimizer iteration cap.
    pub fn max_iter(mut self, iters: u64) -> Self {
        self.max_iter = iters;
        self
    }

    /// How the likelihood is maximised.
    pub fn search(mut self, search: Search) -> Self {
        self.search = search;
        self
    }

    /// Validate without consuming (e.g. to flag a form field).
    pub fn check_ref(&self) -> Result<SarimaxValidParams> {
        let [p, d, q] = self.order;
        let [sp, sd, sq, s] = self.seasonal;
        for (name, v, max) in [
            ("p", p, MAX_ORDER),
            ("d", d, MAX_DIFF),
            ("q", q, MAX_ORDER),
            ("P", sp, MAX_ORDER),
            ("D", sd, MAX_DIFF),
            ("Q", sq, MAX_ORDER),
            ("s", s, MAX_PERIOD),
        ] {
            if v < 0 {
                return Err(Error::Params(format!("order {name} must be >= 0, got {v}")));
            }
            if v > max {
                return Err(Error::Params(format!(
                    "order {name} must be <= {max}, got {v}"
                )));
            }
        }
        let seasonal_terms = sp + sd + sq > 0;
        if seasonal_terms && s < 2 {
            return Err(Error::Params(format!(
                "seasonal terms (P={sp}, D={sd}, Q={sq}) need a seasonal period s >= 2, got s={s}"
            )));
        }
        if sp > 0 && p >= s {
            return Err(Error::Params(format!(
                "AR order p={p} overlaps the seasonal AR lags of period s={s}"
            )));
        }
        if sq > 0 && q >= s {
            return Err(Error::Params(format!(
                "MA order q={q} overlaps the seasonal MA lags of period s={s}"
            )));
        }
        if self.max_iter == 0 {
            return Err(Error::Params("max_iter must be >= 1, got 0".into()));
        }
        let us = |v: i64| v as usize;
        let s_eff = if seasonal_terms { us(s) } else { 0 };
        Ok(SarimaxValidParams {
            p: us(p),
            d: us(d),
            q: us(q),
            sp: us(sp),
            sd: us(sd),
            sq: us(sq),
            s: s_eff,
            trend: self.trend,
            max_iter: self.max_iter,
            search: self.search,
        })
    }

    /// Validate: orders non-negative and bounded, seasonal terms only with `s ≥ 2`, no lag in
    /// both the seasonal and non-seasonal polynomials.
    pub fn check(self) -> Result<SarimaxValidParams> {
        self.check_ref()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_order_is_rejected() {
        let e = SarimaxParams::new([-1, 0, 0]).check().unwrap_err();
        assert!(e.to_string().contains("-1"), "{e}");
        assert!(SarimaxParams::new([1, 0, -2]).check().is_err());
        assert!(SarimaxParams::new([1, 0, 0])
            .seasonal(0, 0, -1, 12)
            .check()
            .is_err());
    }

    #[test]
    fn seasonal_terms_need_period_of_at_least_two() {
        assert!(SarimaxParams::new([1, 0, 0])
            .seasonal(1, 0, 0, 1)
            .check()
            .is_err());
        assert!(SarimaxParams::new([1, 0, 0])
            .seasonal(0, 1, 0, 0)
            .check()
            .is_err());
        // s=1 without seasonal terms is just a non-seasonal model
        let v = SarimaxParams::new([1, 0, 0])
            .seasonal(0, 0, 0, 1)
            .check()
            .unwrap();
        assert_eq!(v.s, 0);
    }

    #[test]
    fn overlapping_lags_and_large_orders_are_rejected() {
        assert!(SarimaxParams::new([12, 0, 0])
            .seasonal(1, 0, 0, 12)
            .check()
            .is_err());
        assert!(SarimaxParams::new([0, 0, 4])
            .seasonal(0, 0, 1, 4)
            .check()
            .is_err());
        assert!(SarimaxParams::new([0, 3, 0]).check().is_err());
        assert!(SarimaxParams::new([1, 0, 0]).max_iter(0).check().is_err());
    }

    #[test]
    fn names_follow_statsmodels() {
        let v = Sarimax::params([1, 1, 1])
            .seasonal(1, 1, 1, 12)
            .trend(Trend::Ct)
            .check()
            .unwrap();
        assert_eq!(
            v.layout(1).names(v.trend, v.s),
            [
                "intercept",
                "drift",
                "x1",
                "ar.L1",
                "ma.L1",
                "ar.S.L12",
                "ma.S.L12",
                "sigma2"
            ]
        );
        assert_eq!(v.k_states(), 1 + 12 + 14);
        assert_eq!(v.label(0), "SARIMA(1,1,1)(1,1,1,12) + intercept + drift");
    }

    #[test]
    fn the_search_is_scale_free_unless_chosen() {
        let v = SarimaxParams::new([1, 0, 0]).check().unwrap();
        assert_eq!(v.search, Search::ScaleFree);
        let s = SarimaxParams::new([1, 0, 0])
            .search(Search::Statsmodels)
            .check()
            .unwrap();
        assert_eq!(s.search, Search::Statsmodels);
        // Specifications stored without the field read as the default search.
        let mut json = serde_json::to_value(s).unwrap();
        json.as_object_mut().unwrap().remove("search");
        let back: SarimaxValidParams = serde_json::from_value(json).unwrap();
        assert_eq!(back.search, Search::ScaleFree);
    }

    #[test]
    fn trend_codes_round_trip() {
        for t in [Trend::N, Trend::C, Trend::T, Trend::Ct] {
            assert_eq!(Trend::parse(t.code()).unwrap(), t);
        }
        assert!(Trend::parse("x").is_err());
    }
}
