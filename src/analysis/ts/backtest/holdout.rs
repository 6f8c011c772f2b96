//! Hold-out comparison: the last values of a series are held out, each model is fitted on the
//! values before them, forecasts the held-out part and is scored with [`metrics::all`] (RMSE,
//! MAE, MAPE, sMAPE, R² and directional accuracy from the last training value).
//!
//! A model that cannot be fitted or scored still gets a row, with the reason in its note, so a
//! comparison lists every model. The weekly baselines live here:
//! - seasonal naive: the same week one season ([`SEASON`] weeks) earlier;
//! - SARIMA(1,1,1)(0,1,1,52) ([`SARIMAX_ORDER`]): a weekly season through one seasonal
//!   difference and a seasonal MA term, which fits in about a second in WebAssembly. When it
//!   cannot be fitted, the reduced automatic search of [`auto_sarima`] (no seasonal AR/MA
//!   terms for long periods) is tried instead; if that fails too, the note says why.
//!   Known regressors ([`HoldoutExog`], e.g. the holidays in each week) are tried with the
//!   fixed order under the rule of [`choose_regressors`]: kept when they lower the AIC of the
//!   fit on the training part and the RMSE of a backtest inside the training part (its last
//!   values as long as the hold-out) is no worse; the held-out values play no part in it.

use serde::{Deserialize, Serialize};

use super::{backtest, BacktestSpec};
use crate::analysis::ts::baseline::seasonal_naive;
use crate::analysis::ts::exog::check_exog;
use crate::analysis::ts::metrics::{self, Metrics};
use crate::analysis::ts::sarimax::{FittedSarimax, SarimaxParams, SarimaxValidParams};
use crate::analysis::ts::select::regressors::{choose_regressors, label_with, RegressorEstimate};
use crate::analysis::ts::select::{auto_sarima, SelectOptions};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::analysis::{Error, ParamGuard, Result};

/// Season of the weekly baselines, in weeks.
pub const SEASON: usize = 52;
/// Order of the weekly SARIMAX baseline: `[p, d, q, P, D, Q]`, period [`SEASON`].
pub const SARIMAX_ORDER: [i64; 6] = [1, 1, 1, 0, 1, 1];
/// Fewest training weeks the weekly SARIMAX baseline is tried on (two years and a quarter).
pub const SARIMAX_MIN_WEEKS: usize = 2 * SEASON + 13;
/// Interval coverage asked of the baselines (the scores use the point forecasts only).
const LEVEL: f64 = 0.95;

/// One model's forecast of the held-out values and its accuracy, or why it has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutScore {
    /// Model name, e.g. `SARIMA(1,1,1)(0,1,1,52)`.
    pub model: String,
    /// Accuracy on the held-out values (`None` when the model could not be fitted or scored).
    pub metrics: Option<Metrics>,
    /// Its forecast of the held-out values (empty when it has none).
    pub forecast: Vec<f64>,
    /// Why it is missing, or a remark (e.g. a fallback model).
    pub note: Option<String>,
    /// Fitting time in milliseconds, where it was measured.
    pub fit_ms: Option<f64>,
    /// The known regressors kept in the model, with their estimates (empty when none).
    #[serde(default)]
    pub regressors: Vec<RegressorEstimate>,
}

impl HoldoutScore {
    /// A row without a forecast or metrics, with the reason.
    pub fn missing(model: String, note: String) -> Self {
        HoldoutScore {
            model,
            metrics: None,
            forecast: Vec::new(),
            note: Some(note),
            fit_ms: None,
            regressors: Vec::new(),
        }
    }
}

/// Known regressors of a hold-out: their names and their columns over the training values and
/// over the held-out ones (one value per week each).
#[derive(Debug, Clone, PartialEq)]
pub struct HoldoutExog {
    names: Vec<String>,
    train: Vec<Vec<f64>>,
    test: Vec<Vec<f64>>,
}

impl HoldoutExog {
    /// Columns named `names` over `train_len` training and `test_len` held-out values.
    ///
    /// # Errors
    /// [`Error::Data`] when the names and columns differ in number or a column has the wrong
    /// length or a value that is not finite.
    pub fn new(
        names: Vec<String>,
        train: Vec<Vec<f64>>,
        test: Vec<Vec<f64>>,
        (train_len, test_len): (usize, usize),
    ) -> Result<Self> {
        if names.len() != train.len() || names.len() != test.len() {
            return Err(Error::Data(format!(
                "{} regressor names for {} training and {} held-out columns",
                names.len(),
                train.len(),
                test.len()
            )));
        }
        check_exog(&train, train_len, None, Error::Data)?;
        check_exog(&test, test_len, None, Error::Data)?;
        Ok(HoldoutExog { names, train, test })
    }

    /// The regressors' names.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// A series split into its training part and the held-out values that follow it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Holdout<'a> {
    train: &'a [f64],
    actual: &'a [f64],
}

impl<'a> Holdout<'a> {
    /// Hold out the last `test_len` values of `y`.
    ///
    /// # Errors
    /// [`Error::Params`] for `test_len` 0; [`Error::Data`] when no training value is left.
    pub fn split(y: &'a [f64], test_len: usize) -> Result<Self> {
        if test_len == 0 {
            return Err(Error::Params(
                "the test part must hold at least 1 value (got 0)".into(),
            ));
        }
        if test_len >= y.len() {
            return Err(Error::Data(format!(
                "{} values leave nothing to train on before {test_len} test values",
                y.len()
            )));
        }
        let (train, actual) = y.split_at(y.len() - test_len);
        Ok(Holdout { train, actual })
    }

    /// The training part `train` and the values `actual` that follow it.
    pub fn new(train: &'a [f64], actual: &'a [f64]) -> Self {
        Holdout { train, actual }
    }

    /// The training part.
    pub fn train(&self) -> &'a [f64] {
        self.train
    }

    /// The held-out values.
    pub fn actual(&self) -> &'a [f64] {
        self.actual
    }

    /// The last `context` training values followed by the held-out ones: what a model that
    /// looks `context` values back needs to predict each held-out value one step ahead.
    ///
    /// # Errors
    /// [`Error::Data`] when the training part is shorter than `context`.
    pub fn with_context(&self, context: usize) -> Result<Vec<f64>> {
        let n = self.train.len();
        if n < context {
            return Err(Error::Data(format!(
                "{n} training values are fewer than the {context} a prediction looks back"
            )));
        }
        Ok([&self.train[n - context..], self.actual].concat())
    }

    /// Score `forecast` of the held-out values as the row of `model`; a forecast that cannot
    /// be scored (wrong length, not finite) gives a row with the reason instead.
    pub fn score(&self, model: String, forecast: Vec<f64>) -> HoldoutScore {
        let Some(&last) = self.train.last() else {
            return HoldoutScore::missing(model, "no training values".into());
        };
        match metrics::all(last, self.actual, &forecast) {
            Ok(m) => HoldoutScore {
                model,
                metrics: Some(m),
                forecast,
                note: None,
                fit_ms: None,
                regressors: Vec::new(),
            },
            Err(e) => HoldoutScore::missing(model, format!("cannot be scored: {e}")),
        }
    }

    /// The seasonal-naive row: each held-out week repeats the week one season earlier
    /// (needs at least [`SEASON`] training weeks).
    pub fn seasonal_naive(&self) -> HoldoutScore {
        let model = "Seasonal naive (same week last year)".to_string();
        match seasonal_naive(self.train, SEASON, self.actual.len()) {
            Some(forecast) => self.score(model, forecast),
            None => HoldoutScore::missing(model, format!("needs at least {SEASON} training weeks")),
        }
    }

    /// The weekly SARIMAX row (see the module docs), its fit timed on `clock` (milliseconds
    /// from any origin) when one is given.
    pub fn sarimax(&self, clock: Option<&dyn Fn() -> f64>) -> HoldoutScore {
        self.sarimax_with(clock, None)
    }

    /// [`Holdout::sarimax`] with the known regressors `exog` tried (see the module docs); the
    /// note says what was tried and why they were kept or not. `exog` must cover this
    /// hold-out (see [`HoldoutExog::new`]); otherwise they are not tried and the note says so.
    pub fn sarimax_with(
        &self,
        clock: Option<&dyn Fn() -> f64>,
        exog: Option<&HoldoutExog>,
    ) -> HoldoutScore {
        let o = SARIMAX_ORDER;
        let fixed = format!(
            "SARIMA({},{},{})({},{},{},{SEASON})",
            o[0], o[1], o[2], o[3], o[4], o[5]
        );
        let (train, h) = (self.train, self.actual.len());
        if train.len() < SARIMAX_MIN_WEEKS {
            return HoldoutScore::missing(
                fixed,
                format!(
                    "not fitted: weekly SARIMAX needs at least {SARIMAX_MIN_WEEKS} training \
                     weeks, the training part holds {}",
                    train.len()
                ),
            );
        }
        let start = clock.map(|c| c());
        let attempt = SarimaxParams::new([o[0], o[1], o[2]])
            .seasonal(o[3], o[4], o[5], SEASON as i64)
            .check()
            .map_err(Error::from)
            .and_then(|spec| {
                let fit = spec.fit(train, None)?;
                let fc = fit.predict(h, LEVEL, None)?;
                Ok((spec, fit, fc.mean))
            });
        let mut row = match attempt {
            Ok((spec, fit, forecast)) => {
                let row = self.score(fixed.clone(), forecast);
                match exog {
                    Some(x) => self.with_regressors(&spec, &fit, row, x),
                    None => row,
                }
            }
            Err(first) => {
                let auto = auto_sarima(train, &SelectOptions::new(SEASON))
                    .and_then(|sel| Ok((sel.spec.label(0), sel.fitted.predict(h, LEVEL, None)?)));
                match auto {
                    Ok((label, fc)) => {
                        let mut row = self.score(label, fc.mean);
                        let untried = if exog.is_some() {
                            "; calendar regressors not tried with it"
                        } else {
                            ""
                        };
                        row.note.get_or_insert_with(|| {
                            format!("{fixed} failed ({first}); chosen by AIC instead{untried}")
                        });
                        row
                    }
                    Err(e) => {
                        return HoldoutScore::missing(
                            fixed,
                            format!("could not be fitted: {first}; automatic search: {e}"),
                        )
                    }
                }
            }
        };
        row.fit_ms = match (clock, start) {
            (Some(c), Some(s)) => Some(c() - s),
            _ => None,
        };
        row
    }

    /// The row of `spec` (fitted on the training part as `base`, scored as `row`) refitted
    /// with the regressors of `exog` that earn their place, or `row` with the reason.
    fn with_regressors(
        &self,
        spec: &SarimaxValidParams,
        base: &FittedSarimax,
        row: HoldoutScore,
        exog: &HoldoutExog,
    ) -> HoldoutScore {
        if self.train.is_empty() || row.metrics.is_none() {
            return row;
        }
        let with_note = |mut row: HoldoutScore, note: String| {
            row.note = Some(note);
            row
        };
        // Judged inside the training weeks (a backtest over their last `h`, as the monthly
        // choice is judged), so the held-out weeks this row is scored on play no part in it.
        let h = self.actual.len();
        let bt = BacktestSpec {
            min_train: SARIMAX_MIN_WEEKS,
            ..BacktestSpec::new(h, 1)
        };
        let base_rmse = backtest(spec, self.train, None, &bt)
            .ok()
            .map(|b| b.average.rmse);
        match choose_regressors(
            spec,
            self.train,
            base,
            base_rmse,
            &exog.names,
            &exog.train,
            &bt,
        ) {
            Ok(choice) => match &choice.fitted {
                Some(fit) if !choice.estimates.is_empty() => {
                    let future: Vec<Vec<f64>> =
                        choice.kept.iter().map(|&j| exog.test[j].clone()).collect();
                    match fit.predict(h, LEVEL, Some(&future)) {
                        Ok(fc) => {
                            let label = label_with(&row.model, &choice.estimates);
                            let mut kept = self.score(label, fc.mean);
                            let coefs: Vec<String> =
                                choice.estimates.iter().map(estimate_text).collect();
                            kept.note = Some(format!("{}; {}", choice.reason, coefs.join(", ")));
                            kept.regressors = choice.estimates;
                            kept
                        }
                        Err(e) => with_note(row, format!("calendar regressors not used: {e}")),
                    }
                }
                _ => with_note(row, choice.reason),
            },
            Err(e) => with_note(row, format!("calendar regressors not tried: {e}")),
        }
    }
}

/// A kept regressor's estimate in words, e.g. `holiday weeks −212.4 (standard error 18.3)`.
pub fn estimate_text(r: &RegressorEstimate) -> String {
    let se = r.std_err.map_or_else(
        || "standard error unknown".into(),
        |s| format!("standard error {s:.1}"),
    );
    format!("{} {:+.1} ({se})", r.name, r.coef)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::test_noise;

    /// Weekly counts: level 100, ±20 yearly season, uniform noise of ±2.
    fn weekly(n: usize) -> Vec<f64> {
        let mut noise = test_noise(7);
        (0..n)
            .map(|t| {
                let season = (std::f64::consts::TAU * t as f64 / 52.0).sin();
                100.0 + 20.0 * season + 4.0 * noise()
            })
            .collect()
    }

    #[test]
    fn split_holds_out_the_last_values() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0];
        let h = Holdout::split(&y, 2).unwrap();
        assert_eq!((h.train(), h.actual()), (&y[..3], &y[3..]));
        assert_eq!(h.with_context(2).unwrap(), vec![2.0, 3.0, 4.0, 5.0]);
        assert!(matches!(h.with_context(4), Err(Error::Data(_))));
        assert!(matches!(Holdout::split(&y, 0), Err(Error::Params(_))));
        assert!(matches!(Holdout::split(&y, 5), Err(Error::Data(_))));
    }

    #[test]
    fn score_uses_the_last_training_value_for_direction() {
        let y = [5.0, 10.0, 8.0];
        let h = Holdout::split(&y, 2).unwrap();
        // prev 5: actual up, forecast up (hit); prev 10: actual down, forecast up (miss)
        let row = h.score("m".into(), vec![12.0, 11.0]);
        let m = row.metrics.unwrap();
        assert_eq!(m.directional, 50.0);
        assert!((m.mae - 2.5).abs() < 1e-12);
        let bad = h.score("m".into(), vec![1.0]);
        assert!(bad.metrics.is_none() && bad.forecast.is_empty());
        assert!(bad.note.unwrap().contains("cannot be scored"));
        let empty = Holdout::new(&[], &y).score("m".into(), vec![1.0; 3]);
        assert_eq!(empty.note.as_deref(), Some("no training values"));
    }

    #[test]
    fn seasonal_naive_repeats_last_year_and_needs_a_year() {
        let y = weekly(70);
        let h = Holdout::split(&y, 10).unwrap();
        let row = h.seasonal_naive();
        assert_eq!(row.forecast, y[8..18].to_vec());
        assert!(row.metrics.is_some());
        let short = Holdout::split(&y[..60], 10).unwrap().seasonal_naive();
        assert!(short.metrics.is_none());
        assert!(short.note.unwrap().contains("52 training weeks"));
    }

    #[test]
    fn sarimax_needs_enough_weeks_and_is_timed_on_the_clock() {
        let y = weekly(SARIMAX_MIN_WEEKS + 20);
        let short = Holdout::split(&y[..SARIMAX_MIN_WEEKS + 19], 20).unwrap();
        let row = short.sarimax(Some(&|| panic!("no fit, no clock")));
        assert!(row.metrics.is_none() && row.fit_ms.is_none());
        assert!(row.note.unwrap().contains("training weeks"));
        let h = Holdout::split(&y, 20).unwrap();
        let ticks = std::cell::Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let row = h.sarimax(Some(&clock));
        assert_eq!(row.model, "SARIMA(1,1,1)(0,1,1,52)");
        assert_eq!(row.fit_ms, Some(1.0));
        assert_eq!(row.forecast.len(), 20);
        // The fitted weekly season beats a flat forecast by far.
        let m = row.metrics.unwrap();
        let last = h.train()[h.train().len() - 1];
        let flat = metrics::all(last, h.actual(), &[last; 20]).unwrap();
        assert!(m.rmse < 0.5 * flat.rmse, "{} vs {}", m.rmse, flat.rmse);
        assert_eq!(h.sarimax(None).fit_ms, None);
    }
}

#[cfg(test)]
#[path = "holdout_exog_tests.rs"]
mod exog_tests;
