//! The data's units and location, taken out of the search.
//!
//! The likelihood of `c·y` at (ARMA, `c·trend`, `c·β`, `c²σ²`) is the likelihood of `y` at
//! (ARMA, trend, β, σ²) minus `n_eff·ln c` — provided the diffuse prior of the differencing
//! states scales with the data too. The optimizer, however, works on `−llf/n` over
//! unconstrained values with `σ² = u²` and the trend and regression coefficients as they are:
//! left in the data's units, the σ² coordinate's curvature grows as `1/σ²` (on small-scale
//! series such as logs or rates, σ² ≈ 1e-3, the first steps and the gradient test are all σ²
//! and the search stops near its start), while an intercept of a few thousand barely moves from
//! its start value. So [`fit`](super::fit()) searches on `(y − shift) / unit`, `unit` being the
//! standard deviation of the differenced series and `shift` the series' mean where the model
//! has a constant and no differencing (else 0), over the trend in *mean form* (below), and
//! converts the estimates back.
//!
//! # Mean form
//! statsmodels' trend enters the state equation: `A(L) x_t = a + b·t + MA part`, with `A(L)`
//! the product of the regular and seasonal AR polynomials. With a level `α` and slope `β`,
//! `A(L)(α + β·t) = α·A(1) + β·Σ k·a_k + β·A(1)·t`, so the search uses `β = b / A(1)` and
//! `α = (a − β·Σ k·a_k) / A(1)` (`α = a / A(1)` for a constant alone): the process mean, which
//! does not slide along the AR coefficients the way the intercept does. The map is exact and
//! invertible for any stationary AR part.
//!
//! # Diffuse prior
//! statsmodels gives the differencing states the variance `κ = 1e6` in the data's units. Where
//! the differenced series varies far less than that (variance `s² < 1`), `κ/σ²` grows to 1e9 and
//! beyond and the filter's collapse of that variance onto the data loses as many digits
//! (`ε·κ/σ²`): on log airline passengers (σ² ≈ 0.0013) the likelihood's rounding noise is ~1e-7,
//! enough to turn 1.5e-8 forward differences into noise. crimecast therefore uses
//! `κ = min(1e6, 1e6·s²)`: statsmodels' value for series that vary by more than one unit per
//! step (counts), and a prior a million times the data's variance for smaller-scale series. For
//! `s² ≥ 1` the prior stays 1e6 in the data's units, as in statsmodels, so where `σ²` approaches
//! 1e6 it stops being diffuse and fits with differencing depend on the units through it (as
//! statsmodels' do); fits with a prior scaled along with the data
//! ([`fit_with_diffuse`](super::fit_with_diffuse)) do not.

use super::params::{Layout, SarimaxValidParams, Search, Trend};
use super::start::difference;
use super::statespace::DIFFUSE_VARIANCE;
use crate::analysis::ts::linalg::variance;

/// Variance of `y` after the model's differencing (`d`, `D`); 1 when it is not a positive
/// finite number (too short or constant after differencing).
pub fn differenced_variance(spec: &SarimaxValidParams, y: &[f64]) -> f64 {
    let v = variance(&difference(y, spec.d, spec.sd, spec.s));
    if v.is_finite() && v > 0.0 {
        v
    } else {
        1.0
    }
}

/// The differencing states' prior variance for `spec` on `y` in the data's units²:
/// statsmodels' 1e6 for the [`Statsmodels`](Search::Statsmodels) search, `min(1e6, 1e6·s²)`
/// for the [`ScaleFree`](Search::ScaleFree) one, `s²` the variance of the differenced series
/// (see the module docs).
pub fn diffuse_variance(spec: &SarimaxValidParams, y: &[f64]) -> f64 {
    match spec.search {
        Search::Statsmodels => DIFFUSE_VARIANCE,
        Search::ScaleFree => DIFFUSE_VARIANCE * differenced_variance(spec, y).min(1.0),
    }
}

/// Where the search puts the data: `(y − shift) / unit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Units {
    /// Standard deviation of the differenced series.
    pub unit: f64,
    /// The series' mean when the model has a constant and no differencing, else 0.
    pub shift: f64,
}

impl Units {
    /// Units for fitting `spec` to `y`.
    pub fn of(spec: &SarimaxValidParams, y: &[f64]) -> Units {
        let centre = spec.d + spec.sd == 0 && matches!(spec.trend, Trend::C | Trend::Ct);
        let shift = if centre && !y.is_empty() {
            y.iter().sum::<f64>() / y.len() as f64
        } else {
            0.0
        };
        Units {
            unit: differenced_variance(spec, y).sqrt(),
            shift,
        }
    }

    /// The series as the search sees it.
    pub fn apply(&self, y: &[f64]) -> Vec<f64> {
        y.iter().map(|v| (v - self.shift) / self.unit).collect()
    }

    /// Mean-form parameters of the search back in the data's units (still mean form): level
    /// `unit·α + shift`, slope and regression coefficients times `unit`, σ² times `unit²`.
    pub fn restore(&self, layout: &Layout, trend: Trend, params: &[f64]) -> Vec<f64> {
        let mut out = params.to_vec();
        for v in &mut out[..layout.ar_start()] {
            *v *= self.unit;
        }
        if matches!(trend, Trend::C | Trend::Ct) {
            out[0] += self.shift;
        }
        out[layout.sigma2()] *= self.unit * self.unit;
        out
    }
}

/// `A(1)` and `Σ k·a_k` of the AR polynomial `A(L) = (1 − Σ φ_i L^i)(1 − Σ Φ_j L^{js})`
/// written as `1 − Σ a_k L^k`.
fn ar_sums(spec: &SarimaxValidParams, layout: &Layout, params: &[f64]) -> (f64, f64) {
    let ar = &params[layout.ar_start()..layout.ma_start()];
    let sar = &params[layout.sar_start()..layout.sma_start()];
    // a_k of the product: φ_k, Φ_j at k = js, and −φ_i Φ_j at k = i + js.
    let (sum_ar, sum_sar): (f64, f64) = (ar.iter().sum(), sar.iter().sum());
    let a1 = (1.0 - sum_ar) * (1.0 - sum_sar);
    let mut ka = 0.0;
    for (i, phi) in ar.iter().enumerate() {
        ka += (i + 1) as f64 * phi;
    }
    for (j, cap) in sar.iter().enumerate() {
        let lag = ((j + 1) * spec.s) as f64;
        ka += lag * cap;
        for (i, phi) in ar.iter().enumerate() {
            ka -= ((i + 1) as f64 + lag) * phi * cap;
        }
    }
    (a1, ka)
}

/// statsmodels' trend parameters (intercept form) → mean form (see the module docs).
pub fn to_mean_form(spec: &SarimaxValidParams, layout: &Layout, params: &[f64]) -> Vec<f64> {
    let mut out = params.to_vec();
    let (a1, ka) = ar_sums(spec, layout, params);
    match spec.trend {
        Trend::N => {}
        Trend::C | Trend::T => out[0] = params[0] / a1,
        Trend::Ct => {
            let beta = params[1] / a1;
            out[0] = (params[0] - beta * ka) / a1;
            out[1] = beta;
        }
    }
    out
}

/// Mean form → statsmodels' trend parameters (intercept form); inverse of [`to_mean_form`].
pub fn to_intercept_form(spec: &SarimaxValidParams, layout: &Layout, params: &[f64]) -> Vec<f64> {
    let mut out = params.to_vec();
    let (a1, ka) = ar_sums(spec, layout, params);
    match spec.trend {
        Trend::N => {}
        Trend::C | Trend::T => out[0] = params[0] * a1,
        Trend::Ct => {
            out[0] = params[0] * a1 + params[1] * ka;
            out[1] = params[1] * a1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::params::SarimaxParams;
    use super::*;
    use crate::analysis::ParamGuard;

    #[test]
    fn unit_is_the_differenced_spread_and_shift_the_mean_of_undifferenced_constant_models() {
        let d1 = SarimaxParams::new([0, 1, 0])
            .trend(Trend::C)
            .check()
            .unwrap();
        // First differences alternate 0 and 6: variance 9.
        let y = [0.0, 0.0, 6.0, 6.0, 12.0, 12.0, 18.0];
        assert_eq!(differenced_variance(&d1, &y), 9.0);
        assert_eq!(
            Units::of(&d1, &y),
            Units {
                unit: 3.0,
                shift: 0.0
            }
        );
        let c = SarimaxParams::new([1, 0, 0])
            .trend(Trend::C)
            .check()
            .unwrap();
        let u = Units::of(&c, &[1.0, 3.0, 5.0, 3.0]);
        assert_eq!((u.unit, u.shift), (2f64.sqrt(), 3.0));
        let applied = u.apply(&[3.0, 5.0]);
        assert_eq!(applied[0], 0.0);
        assert!((applied[1] - 2f64.sqrt()).abs() < 1e-15);
        let n = SarimaxParams::new([1, 0, 0]).check().unwrap();
        assert_eq!(Units::of(&n, &[1.0, 3.0, 5.0, 3.0]).shift, 0.0);
        assert_eq!(differenced_variance(&d1, &[1.0, 1.0]), 1.0);
    }

    #[test]
    fn diffuse_prior_is_statsmodels_value_for_counts_and_relative_below_unit_variance() {
        let spec = SarimaxParams::new([0, 1, 0]).check().unwrap();
        let y = [0.0, 0.0, 6.0, 6.0, 12.0, 12.0, 18.0];
        assert_eq!(diffuse_variance(&spec, &y), 1e6);
        let small: Vec<f64> = y.iter().map(|v| v / 30.0).collect();
        let expect = 1e6 * 9.0 / 900.0;
        assert!((diffuse_variance(&spec, &small) - expect).abs() < 1e-9 * expect);
        // statsmodels' search keeps its 1e6 at every scale.
        let sm = SarimaxParams::new([0, 1, 0])
            .search(Search::Statsmodels)
            .check()
            .unwrap();
        assert_eq!(diffuse_variance(&sm, &small), 1e6);
    }

    #[test]
    fn restore_scales_trend_exog_and_sigma2_and_moves_the_level() {
        let spec = SarimaxParams::new([1, 0, 1])
            .trend(Trend::Ct)
            .check()
            .unwrap();
        let layout = spec.layout(1);
        let units = Units {
            unit: 10.0,
            shift: 5.0,
        };
        let p = [1.0, 2.0, 3.0, 0.5, -0.3, 4.0];
        assert_eq!(
            units.restore(&layout, spec.trend, &p),
            vec![15.0, 20.0, 30.0, 0.5, -0.3, 400.0]
        );
    }

    #[test]
    fn mean_form_is_the_process_mean_and_round_trips() {
        // AR(1) φ = 0.5 with intercept 3: mean 3 / (1 − 0.5) = 6.
        let c = SarimaxParams::new([1, 0, 0])
            .trend(Trend::C)
            .check()
            .unwrap();
        let lc = c.layout(0);
        assert_eq!(to_mean_form(&c, &lc, &[3.0, 0.5, 1.0]), vec![6.0, 0.5, 1.0]);
        // (1 − 0.5L)(1 − 0.4L⁴) = 1 − 0.5L − 0.4L⁴ + 0.2L⁵: A(1) = 0.3,
        // Σ k a_k = 0.5 + 1.6 − 1.0 = 1.1. Level 10, slope 2: a = 3 + 2.2 = 5.2, b = 0.6.
        let ct = SarimaxParams::new([1, 0, 0])
            .seasonal(1, 0, 0, 4)
            .trend(Trend::Ct)
            .check()
            .unwrap();
        let l = ct.layout(0);
        let mean = [10.0, 2.0, 0.5, 0.4, 1.0];
        let icpt = to_intercept_form(&ct, &l, &mean);
        let want = [5.2, 0.6, 0.5, 0.4, 1.0];
        for (a, b) in icpt.iter().zip(&want) {
            assert!((a - b).abs() < 1e-12, "{icpt:?}");
        }
        let back = to_mean_form(&ct, &l, &icpt);
        for (a, b) in back.iter().zip(&mean) {
            assert!((a - b).abs() < 1e-12, "{back:?}");
        }
    }

    #[test]
    fn mean_form_matches_the_trend_the_state_equation_produces() {
        // A(L) m_t = a + b·t for m_t = α + β·t: check numerically on an AR(2).
        let spec = SarimaxParams::new([2, 0, 0])
            .trend(Trend::Ct)
            .check()
            .unwrap();
        let l = spec.layout(0);
        let (alpha, beta, phi1, phi2) = (4.0, -0.7, 0.6, -0.2);
        let ic = to_intercept_form(&spec, &l, &[alpha, beta, phi1, phi2, 1.0]);
        let m = |t: f64| alpha + beta * t;
        for t in [3.0, 7.0, 11.0] {
            let lhs = m(t) - phi1 * m(t - 1.0) - phi2 * m(t - 2.0);
            assert!((lhs - (ic[0] + ic[1] * t)).abs() < 1e-12);
        }
    }
}
