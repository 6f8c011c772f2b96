//! Automatic SARIMA order selection (stepwise AIC search in the manner of Hyndman &
//! Khandakar, 2008).
//!
//! # Differencing rules
//! - Seasonal `D` (only when `period > 1` and at least three cycles are observed): `D = 1` when
//!   the seasonal strength of an additive decomposition,
//!   `max(0, 1 − var(resid) / var(seasonal + resid))`, exceeds 0.64 (the threshold of
//!   Wang, Smith & Hyndman, 2006, also used by `forecast::nsdiffs`).
//! - Regular `d`: `d = 1` when the ADF test (constant, AIC lags) on the seasonally differenced
//!   series cannot reject a unit root at 5%; otherwise `d = 0`.
//! - Trend: a constant when `d + D = 0`, none otherwise.
//!
//! # Search
//! Starts from (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1) and
//! (1,1,1)(1,1,1,s) (always fitted; (1,1,1)(0,1,0,s) when seasonal AR/MA terms are off, as in the
//! default for long periods), then repeatedly tries the neighbours of the best model
//! (p, q, P, Q each ±1, and p,q or P,Q together ±1, within p,q ≤ 2 and P,Q ≤ 1) until no
//! neighbour lowers the AIC or `max_models` fits were made. AIC values are only comparable for
//! the same differencing, so a candidate whose `d, D` differ from the chosen ones is listed but
//! not eligible. Every failed fit is kept in the table with its error message.
//!
//! # Choice
//! [`Judge::Aic`] (the default of [`SelectOptions::new`]) takes the lowest AIC among eligible
//! candidates. [`SelectOptions::backtested`] ([`Judge::Backtest`], what `crimecast forecast` and
//! the forecast page use) backtests an AIC shortlist on rolling origins and takes the lowest
//! mean RMSE, directional accuracy breaking near-ties (see [`judge`]). Either way
//! [`Selection::reason`] says why the model won.

use serde::{Deserialize, Serialize};

use super::backtest::{Backtest, BacktestSpec};
use super::decompose::{seasonal_decompose, DecomposeKind};
use super::diagnostics::adfuller;
use super::linalg::{check_finite, variance};
use super::sarimax::start::difference;
use super::sarimax::{fit, FittedSarimax, SarimaxParams, SarimaxValidParams, Trend};
use crate::analysis::{Error, ParamGuard, Result};

/// Seasonal strength above which one seasonal difference is taken (Wang, Smith & Hyndman).
pub const SEASONAL_STRENGTH_THRESHOLD: f64 = 0.64;

pub mod judge;
pub mod regressors;
pub use judge::{BacktestJudge, Judge};

/// Periods above this get the reduced default search (see [`SelectOptions::new`]).
pub const LONG_PERIOD: usize = 24;

/// Search settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SelectOptions {
    /// Seasonal period (1 or 0 for none).
    pub period: usize,
    /// Largest p and q.
    pub max_pq: usize,
    /// Largest P and Q.
    pub max_seasonal_pq: usize,
    /// Cap on the number of fitted candidates.
    pub max_models: usize,
    /// How the model is picked among the candidates.
    #[serde(default = "aic")]
    pub judge: Judge,
}

fn aic() -> Judge {
    Judge::Aic
}

impl SelectOptions {
    /// Defaults: p,q ≤ 2, P,Q ≤ 1, at most 16 fits. For long periods (`period >` [`LONG_PERIOD`],
    /// e.g. weekly data with s = 52) seasonal AR/MA terms are left out (P = Q = 0, seasonality
    /// only through `D`) and at most 8 fits are made: a seasonal ARMA factor of lag 52 adds
    /// ~52 states to the filter and would make the search take minutes in a browser.
    pub fn new(period: usize) -> Self {
        let long = period > LONG_PERIOD;
        SelectOptions {
            period,
            max_pq: 2,
            max_seasonal_pq: if long { 0 } else { 1 },
            max_models: if long { 8 } else { 16 },
            judge: Judge::Aic,
        }
    }

    /// The same search, the model judged on rolling-origin backtests of an AIC shortlist
    /// ([`BacktestJudge::for_period`]).
    pub fn backtested(self) -> Self {
        SelectOptions {
            judge: Judge::Backtest(BacktestJudge::for_period(self.period)),
            ..self
        }
    }
}

/// One row of the candidate table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Model label, e.g. `SARIMA(1,1,1)(0,1,1,12)`.
    pub model: String,
    /// `[p, d, q]`.
    pub order: [usize; 3],
    /// `[P, D, Q, s]`.
    pub seasonal_order: [usize; 4],
    /// Trend code.
    pub trend: String,
    /// AIC (None if the fit failed).
    pub aic: Option<f64>,
    /// BIC (None if the fit failed).
    pub bic: Option<f64>,
    /// Log-likelihood (None if the fit failed).
    pub llf: Option<f64>,
    /// Whether the optimizer converged.
    pub converged: bool,
    /// Whether the candidate uses the chosen differencing (AIC comparable).
    pub eligible: bool,
    /// Error message of a failed fit.
    pub error: Option<String>,
    /// Mean RMSE over the backtest origins (shortlisted candidates only).
    #[serde(default)]
    pub backtest_rmse: Option<f64>,
    /// Mean directional accuracy over the backtest origins, percent (shortlisted only).
    #[serde(default)]
    pub backtest_directional: Option<f64>,
}

/// Outcome of the search.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Selection {
    /// The chosen specification.
    pub spec: SarimaxValidParams,
    /// The chosen fitted model.
    pub fitted: FittedSarimax,
    /// Every candidate tried, in fitting order.
    pub candidates: Vec<Candidate>,
    /// How `d` and `D` were chosen.
    pub differencing: Differencing,
    /// Why the chosen model won, in plain words (starts "chosen by AIC").
    pub reason: String,
    /// The chosen model's rolling-origin backtest and the plan it ran on, when it was judged
    /// on backtests (so a caller with the same plan need not run it again).
    #[serde(skip)]
    pub backtest: Option<(BacktestSpec, Backtest)>,
}

/// What decided the seasonal difference `D`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum SeasonalEvidence {
    /// No seasonal period (`period <= 1`): `D = 0` without a test.
    NoSeason,
    /// Fewer than three cycles of `period` observed: `D = 0`.
    FewCycles {
        /// The seasonal period.
        period: usize,
    },
    /// The seasonal strength of an additive decomposition (0–1), compared with
    /// [`SEASONAL_STRENGTH_THRESHOLD`].
    Strength(f64),
    /// The seasonal strength could not be computed: `D = 0`.
    Undefined,
}

/// What decided the regular difference `d`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AdfEvidence {
    /// The ADF test rejected a unit root at 5 % (p-value given): `d = 0`.
    Stationary(f64),
    /// The ADF test could not reject a unit root at 5 % (p-value given): `d = 1`.
    UnitRoot(f64),
    /// The ADF test could not run (its error message): `d = 0`.
    Unavailable(String),
}

/// The differencing orders chosen by [`choose_differencing`] and the evidence for each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Differencing {
    /// Regular differencing order `d` (0 or 1).
    pub d: usize,
    /// Seasonal differencing order `D` (0 or 1).
    pub sd: usize,
    /// Why `D` was chosen.
    pub seasonal: SeasonalEvidence,
    /// Why `d` was chosen.
    pub adf: AdfEvidence,
}

/// Seasonal strength of an additive decomposition (0 = none, 1 = pure cycle).
fn seasonal_strength(y: &[f64], period: usize) -> Option<f64> {
    let d = seasonal_decompose(y, period, DecomposeKind::Additive).ok()?;
    let (mut r, mut sr) = (vec![], vec![]);
    for (res, s) in d.resid.iter().zip(&d.seasonal) {
        if let Some(res) = res {
            r.push(*res);
            sr.push(res + s);
        }
    }
    let vsr = variance(&sr);
    if vsr <= 0.0 {
        return None;
    }
    Some((1.0 - variance(&r) / vsr).max(0.0))
}

/// Choose `(d, D)` by the rules in the module docs, with the evidence for each.
pub fn choose_differencing(y: &[f64], period: usize) -> Differencing {
    let (sd, seasonal) = if period > 1 && y.len() >= period.saturating_mul(3) {
        match seasonal_strength(y, period) {
            Some(fs) => (
                usize::from(fs > SEASONAL_STRENGTH_THRESHOLD),
                SeasonalEvidence::Strength(fs),
            ),
            None => (0, SeasonalEvidence::Undefined),
        }
    } else if period > 1 {
        (0, SeasonalEvidence::FewCycles { period })
    } else {
        (0, SeasonalEvidence::NoSeason)
    };
    let z = difference(y, 0, sd, period);
    let (d, adf) = match adfuller(&z) {
        Ok(a) if a.is_stationary_5pct() => (0, AdfEvidence::Stationary(a.pvalue)),
        Ok(a) => (1, AdfEvidence::UnitRoot(a.pvalue)),
        Err(e) => (0, AdfEvidence::Unavailable(e.to_string())),
    };
    Differencing {
        d,
        sd,
        seasonal,
        adf,
    }
}

type Orders = (usize, usize, usize, usize, usize, usize);

fn spec_of(o: Orders, s: usize) -> Result<SarimaxValidParams> {
    let (p, d, q, sp, sd, sq) = o;
    let trend = if d + sd == 0 { Trend::C } else { Trend::N };
    let i = |v: usize| v as i64;
    let b = SarimaxParams::new([i(p), i(d), i(q)]).trend(trend);
    let b = if s > 1 {
        b.seasonal(i(sp), i(sd), i(sq), i(s))
    } else {
        b
    };
    Ok(b.check()?)
}

/// Select and fit a SARIMA model for `y` with seasonal period `opts.period`.
///
/// # Errors
/// `Data` for non-finite or too-short data; `Fit` when no candidate could be fitted (the table
/// of failures is summarised in the message).
pub fn auto_sarima(y: &[f64], opts: &SelectOptions) -> Result<Selection> {
    check_finite(y, "series")?;
    let s = if opts.period > 1 { opts.period } else { 0 };
    let differencing = choose_differencing(y, s);
    let (d, sd) = (differencing.d, differencing.sd);
    let (mp, ms) = (opts.max_pq, if s > 1 { opts.max_seasonal_pq } else { 0 });
    let mut tried: Vec<(Orders, Option<FittedSarimax>)> = vec![];
    let mut table: Vec<Candidate> = vec![];
    let mut try_fit = |o: Orders, tried: &mut Vec<(Orders, Option<FittedSarimax>)>| {
        if tried.iter().any(|(t, _)| *t == o) || tried.len() >= opts.max_models {
            return;
        }
        let eligible = o.1 == d && o.4 == sd;
        let res = spec_of(o, s).and_then(|spec| fit(&spec, y, &[]).map(|f| (spec, f)));
        let label = spec_of(o, s).map(|sp| sp.label(0)).unwrap_or_default();
        let trend = spec_of(o, s).map(|sp| sp.trend.code()).unwrap_or("n");
        let mut cand = Candidate {
            model: label,
            order: [o.0, o.1, o.2],
            seasonal_order: [o.3, o.4, o.5, s],
            trend: trend.into(),
            aic: None,
            bic: None,
            llf: None,
            converged: false,
            eligible,
            error: None,
            backtest_rmse: None,
            backtest_directional: None,
        };
        let kept = match res {
            Ok((_, f)) => {
                cand.aic = Some(f.aic);
                cand.bic = Some(f.bic);
                cand.llf = Some(f.llf);
                cand.converged = f.converged;
                Some(f)
            }
            Err(e) => {
                cand.error = Some(e.to_string());
                None
            }
        };
        table.push(cand);
        tried.push((o, kept));
    };
    let seas = |a: usize| a.min(ms);
    let mut initial = vec![
        (2.min(mp), d, 2.min(mp), seas(1), sd, seas(1)),
        (0, d, 0, 0, sd, 0),
        (1.min(mp), d, 0, seas(1), sd, 0),
        (0, d, 1.min(mp), 0, sd, seas(1)),
    ];
    initial.push(if s > 1 && ms > 0 {
        (1, 1, 1, 1, 1, 1)
    } else if s > 1 {
        (1, 1, 1, 0, 1, 0)
    } else {
        (1, 1, 1, 0, 0, 0)
    });
    for o in initial {
        try_fit(o, &mut tried);
    }
    let best_of = |tried: &Vec<(Orders, Option<FittedSarimax>)>| -> Option<(Orders, f64)> {
        tried
            .iter()
            .filter(|(o, f)| o.1 == d && o.4 == sd && f.is_some())
            .filter_map(|(o, f)| f.as_ref().map(|f| (*o, f.aic)))
            .filter(|(_, a)| a.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1))
    };
    let mut best = best_of(&tried);
    while let Some((b, aic)) = best {
        let (p, _, q, sp, _, sq) = b;
        let mut nb: Vec<Orders> = vec![];
        let step = |v: usize, delta: i64, max: usize| -> Option<usize> {
            let n = v as i64 + delta;
            (n >= 0 && n as usize <= max).then_some(n as usize)
        };
        for dl in [-1i64, 1] {
            if let Some(np) = step(p, dl, mp) {
                nb.push((np, d, q, sp, sd, sq));
            }
            if let Some(nq) = step(q, dl, mp) {
                nb.push((p, d, nq, sp, sd, sq));
            }
            if let (Some(np), Some(nq)) = (step(p, dl, mp), step(q, dl, mp)) {
                nb.push((np, d, nq, sp, sd, sq));
            }
            if let Some(nsp) = step(sp, dl, ms) {
                nb.push((p, d, q, nsp, sd, sq));
            }
            if let Some(nsq) = step(sq, dl, ms) {
                nb.push((p, d, q, sp, sd, nsq));
            }
            if let (Some(nsp), Some(nsq)) = (step(sp, dl, ms), step(sq, dl, ms)) {
                nb.push((p, d, q, nsp, sd, nsq));
            }
        }
        let before = tried.len();
        for o in nb {
            try_fit(o, &mut tried);
        }
        let next = best_of(&tried);
        match next {
            Some((o, a)) if a < aic - 1e-9 && o != b => best = Some((o, a)),
            _ => break,
        }
        if tried.len() == before {
            break;
        }
    }
    let chosen = best_of(&tried).or_else(|| {
        tried
            .iter()
            .filter_map(|(o, f)| f.as_ref().map(|f| (*o, f.aic)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    });
    let Some((by_aic, _)) = chosen else {
        let msgs: Vec<String> = table
            .iter()
            .map(|c| format!("{}: {}", c.model, c.error.clone().unwrap_or_default()))
            .collect();
        return Err(Error::Fit(format!(
            "no candidate model could be fitted ({})",
            msgs.join("; ")
        )));
    };
    let fitted_count = tried.iter().filter(|(_, f)| f.is_some()).count();
    let aic_reason =
        |why: &str| format!("chosen by AIC among {fitted_count} fitted candidates{why}");
    let (o, reason, backtest) = match &opts.judge {
        Judge::Aic => (by_aic, aic_reason(""), None),
        Judge::Backtest(j) => {
            judge::shortlist_and_backtest(y, j, &tried, &mut table, (d, sd), by_aic).unwrap_or_else(
                |why| {
                    let reason = aic_reason(&format!(" (no backtest: {why})"));
                    (by_aic, reason, None)
                },
            )
        }
    };
    let fitted = tried
        .into_iter()
        .find(|(t, _)| *t == o)
        .and_then(|(_, f)| f)
        .ok_or_else(|| Error::Fit("chosen candidate vanished".into()))?;
    Ok(Selection {
        spec: fitted.spec,
        fitted,
        candidates: table,
        differencing,
        reason,
        backtest,
    })
}

#[cfg(test)]
mod tests;
