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

use serde::{Deserialize, Serialize};

use crate::analysis::ts::baseline::seasonal_naive;
use crate::analysis::ts::metrics::{self, Metrics};
use crate::analysis::ts::sarimax::SarimaxParams;
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
        }
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
            .and_then(|spec| spec.fit(train, None))
            .and_then(|fit| fit.predict(h, LEVEL, None));
        let (name, forecast, remark) = match attempt {
            Ok(fc) => (fixed, fc.mean, None),
            Err(first) => {
                let auto = auto_sarima(train, &SelectOptions::new(SEASON))
                    .and_then(|sel| Ok((sel.spec.label(0), sel.fitted.predict(h, LEVEL, None)?)));
                match auto {
                    Ok((label, fc)) => (
                        label,
                        fc.mean,
                        Some(format!("{fixed} failed ({first}); chosen by AIC instead")),
                    ),
                    Err(e) => {
                        return HoldoutScore::missing(
                            fixed,
                            format!("could not be fitted: {first}; automatic search: {e}"),
                        )
                    }
                }
            }
        };
        let fit_ms = match (clock, start) {
            (Some(c), Some(s)) => Some(c() - s),
            _ => None,
        };
        let mut row = self.score(name, forecast);
        row.fit_ms = fit_ms;
        if row.note.is_none() {
            row.note = remark;
        }
        row
    }
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
