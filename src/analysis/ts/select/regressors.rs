//! Optional regressors for a chosen order: kept only when they lower the AIC and do not worsen
//! the forecast error (the rolling-origin backtest RMSE, or a hold-out's), with their
//! coefficients and standard errors.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::backtest::{backtest, Backtest, BacktestSpec};
use crate::analysis::ts::exog::check_exog;
use crate::analysis::ts::linalg::is_constant;
use crate::analysis::ts::sarimax::stderr::standard_errors;
use crate::analysis::ts::sarimax::{fit, FittedSarimax, SarimaxValidParams};
use crate::analysis::{Error, Result};

/// Most AIC-improving regressor sets backtested before giving up.
pub const MAX_BACKTESTED: usize = 2;

/// One kept regressor's estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressorEstimate {
    /// Its name, e.g. `weekend days`.
    pub name: String,
    /// Regression coefficient (effect of one unit on the series).
    pub coef: f64,
    /// Standard error from the observed information (None when not identified).
    pub std_err: Option<f64>,
}

/// The outcome of [`choose_regressors`] (`T` the kept set's [`Backtest`]) or [`choose_with`]
/// (`T` what its [`Judge`] measured).
#[derive(Debug, Clone)]
pub struct RegressorChoice<T = Backtest> {
    /// Indices of the kept columns, in input order (empty when none are kept).
    pub kept: Vec<usize>,
    /// The fit with the kept columns (None when none are kept).
    pub fitted: Option<FittedSarimax>,
    /// What the judge measured of the kept set, e.g. its backtest (None when none are kept).
    pub measured: Option<T>,
    /// The kept regressors' estimates.
    pub estimates: Vec<RegressorEstimate>,
    /// Why they were kept or not, in plain words.
    pub reason: String,
}

impl<T> RegressorChoice<T> {
    fn none(reason: String) -> Self {
        RegressorChoice {
            kept: Vec::new(),
            fitted: None,
            measured: None,
            estimates: Vec::new(),
            reason,
        }
    }
}

/// How a regressor set's forecasts are judged against the model without regressors.
pub struct Judge<'a, T> {
    /// What the error is measured on, as the reason names it: `backtest`, `hold-out`.
    pub on: &'a str,
    /// The RMSE of the model without regressors (None: nothing to judge on, none are kept).
    pub base_rmse: Option<f64>,
    /// The RMSE of a set (indices of its columns) from its fit, with what was measured.
    #[allow(clippy::type_complexity)]
    pub measure: &'a dyn Fn(&[usize], &FittedSarimax) -> Result<(f64, T)>,
}

/// Try regressor `columns` (named `names`, one value per observation of `y`) with the order
/// `spec` already fitted without them as `base`, judging them on rolling-origin backtests on
/// `bt` against `base_rmse` (see [`choose_with`]).
///
/// # Errors
/// `Data` when `names` and `columns` differ in number or a column does not fit `y`.
pub fn choose_regressors(
    spec: &SarimaxValidParams,
    y: &[f64],
    base: &FittedSarimax,
    base_rmse: Option<f64>,
    names: &[String],
    columns: &[Vec<f64>],
    bt: &BacktestSpec,
) -> Result<RegressorChoice> {
    let measure = |set: &[usize], _: &FittedSarimax| {
        let x: Vec<Vec<f64>> = set.iter().map(|&j| columns[j].clone()).collect();
        let b = backtest(spec, y, Some(&x), bt)?;
        Ok((b.average.rmse, b))
    };
    let judge = Judge {
        on: "backtest",
        base_rmse,
        measure: &measure,
    };
    choose_with(spec, y, base, names, columns, &judge)
}

/// Try regressor `columns` (named `names`, one value per observation of `y`) with the order
/// `spec` already fitted without them as `base`: every column together, then each alone
/// (columns constant over `y` are left out). The sets whose fit lowers the AIC below
/// `base.aic` are measured by `judge`, best AIC first (at most [`MAX_BACKTESTED`]); the first
/// whose RMSE is no worse than the judge's `base_rmse` is kept. Without `base_rmse` nothing is
/// kept.
///
/// # Errors
/// `Data` when `names` and `columns` differ in number or a column does not fit `y`.
pub fn choose_with<T>(
    spec: &SarimaxValidParams,
    y: &[f64],
    base: &FittedSarimax,
    names: &[String],
    columns: &[Vec<f64>],
    judge: &Judge<'_, T>,
) -> Result<RegressorChoice<T>> {
    if names.len() != columns.len() {
        return Err(Error::Data(format!(
            "{} regressor names for {} columns",
            names.len(),
            columns.len()
        )));
    }
    check_exog(columns, y.len(), None, Error::Data)?;
    let usable: Vec<usize> = (0..columns.len())
        .filter(|&j| !is_constant(&columns[j]))
        .collect();
    let mut sets: Vec<Vec<usize>> = Vec::new();
    if usable.len() > 1 {
        sets.push(usable.clone());
    }
    sets.extend(usable.iter().map(|&j| vec![j]));
    let label = |set: &[usize]| {
        set.iter()
            .map(|&j| names[j].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let pick =
        |set: &[usize]| -> Vec<Vec<f64>> { set.iter().map(|&j| columns[j].clone()).collect() };
    let mut better: Vec<(Vec<usize>, FittedSarimax)> = sets
        .into_iter()
        .filter_map(|set| {
            let m = fit(spec, y, &pick(&set)).ok()?;
            (m.aic.is_finite() && m.aic < base.aic).then_some((set, m))
        })
        .collect();
    if better.is_empty() {
        return Ok(RegressorChoice::none(format!(
            "calendar regressors not kept: none lowered the AIC ({:.1})",
            base.aic
        )));
    }
    better.sort_by(|a, b| a.1.aic.total_cmp(&b.1.aic));
    let on = judge.on;
    let Some(base_rmse) = judge.base_rmse.filter(|r| r.is_finite()) else {
        return Ok(RegressorChoice::none(format!(
            "calendar regressors not kept: no {on} to judge them on"
        )));
    };
    let mut tried = Vec::new();
    for (set, m) in better.into_iter().take(MAX_BACKTESTED) {
        let Ok((rmse, measured)) = (judge.measure)(&set, &m) else {
            tried.push(format!("{} ({on} failed)", label(&set)));
            continue;
        };
        if rmse.is_finite() && rmse <= base_rmse {
            let x = pick(&set);
            let se = standard_errors(&m, y, &x).ok();
            let start = m.spec.layout(set.len()).exog_start();
            let estimates = set
                .iter()
                .enumerate()
                .map(|(i, &j)| RegressorEstimate {
                    name: names[j].clone(),
                    coef: m.params[start + i],
                    std_err: se.as_ref().map(|s| s[start + i]),
                })
                .collect();
            let reason = format!(
                "calendar regressors: {} kept: AIC {:.1} vs {:.1} without, {on} RMSE {rmse:.1} vs {base_rmse:.1}",
                label(&set),
                m.aic,
                base.aic
            );
            return Ok(RegressorChoice {
                kept: set,
                fitted: Some(m),
                measured: Some(measured),
                estimates,
                reason,
            });
        }
        tried.push(format!(
            "{} (AIC {:.1} vs {:.1}, {on} RMSE {rmse:.1} vs {base_rmse:.1})",
            label(&set),
            m.aic,
            base.aic
        ));
    }
    Ok(RegressorChoice::none(format!(
        "calendar regressors not kept: they lowered the AIC but not the {on} RMSE: {}",
        tried.join("; ")
    )))
}

/// The model label with the kept regressors named, e.g.
/// `SARIMA(1,1,1)(0,1,1,12) + weekend days, holidays`.
pub fn label_with(base: &str, regressors: &[RegressorEstimate]) -> String {
    if regressors.is_empty() {
        return base.to_string();
    }
    let names: Vec<&str> = regressors.iter().map(|r| r.name.as_str()).collect();
    format!("{base} + {}", names.join(", "))
}
