//! Scoring on the held-out test weeks — the LSTM next to weekly SARIMAX and the seasonal
//! naive baseline, all fitted on the same training weeks — and the forecast after the last
//! complete week.
//!
//! SARIMAX is the fixed order (1,1,1)(0,1,1,52): a weekly season through one seasonal
//! difference and a seasonal MA term, which fits in about a second in WebAssembly. When it
//! cannot be fitted, the reduced automatic search of [`crate::analysis::ts::select`] (no
//! seasonal AR/MA terms for long periods) is tried instead; if that fails too, the table
//! says why. Its score depends only on the training and test weeks, so it is cached across
//! training runs on the same data.

use crate::analysis::ts::lstm::FittedLstm;
use crate::analysis::ts::metrics;
use crate::analysis::ts::sarimax::SarimaxParams;
use crate::analysis::ts::select::{auto_sarima, SelectOptions};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::analysis::ParamGuard;
use crate::data::aggregate::Resolution;
use crate::worker::Error;

use super::{WeeklySeries, HORIZON, LEVEL, SEASON};
use crate::worker::messages::{LstmResult, LstmSettings, ModelScore, ScoreKind, StopReason};

/// The SARIMAX order used for the comparison: `[p, d, q, P, D, Q]`, period 52.
pub const SARIMAX_ORDER: [i64; 6] = [1, 1, 1, 0, 1, 1];

/// Fewest training weeks weekly SARIMAX is tried on (two years and a quarter).
pub const SARIMAX_MIN_WEEKS: usize = 2 * SEASON + 13;

/// How a model came to be (settings, stop reason, training time).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Settings it was trained with.
    pub settings: LstmSettings,
    /// Why training ended.
    pub stop: StopReason,
    /// Training wall time, ms.
    pub training_ms: Option<f64>,
}

/// The last SARIMAX score, keyed by the training and test weeks it was computed on.
#[derive(Debug, Default)]
pub struct SarimaxCache {
    key: Option<(Vec<f64>, Vec<f64>)>,
    score: Option<ModelScore>,
}

impl SarimaxCache {
    /// The SARIMAX score for `train` → `actual`, computed once per distinct pair.
    pub fn score(&mut self, train: &[f64], actual: &[f64], clock: &dyn Fn() -> f64) -> ModelScore {
        let same = self
            .key
            .as_ref()
            .is_some_and(|(t, a)| t.as_slice() == train && a.as_slice() == actual);
        if let (true, Some(score)) = (same, &self.score) {
            return score.clone();
        }
        let score = sarimax_score(train, actual, clock);
        self.key = Some((train.to_vec(), actual.to_vec()));
        self.score = Some(score.clone());
        score
    }
}

fn scored(
    name: String,
    kind: ScoreKind,
    last: f64,
    actual: &[f64],
    forecast: Vec<f64>,
) -> ModelScore {
    match metrics::all(last, actual, &forecast) {
        Ok(m) => ModelScore {
            name,
            kind,
            metrics: Some(m),
            forecast,
            note: None,
            fit_ms: None,
        },
        Err(e) => missing(name, kind, format!("cannot be scored: {e}")),
    }
}

fn missing(name: String, kind: ScoreKind, note: String) -> ModelScore {
    ModelScore {
        name,
        kind,
        metrics: None,
        forecast: Vec::new(),
        note: Some(note),
        fit_ms: None,
    }
}

/// Weekly SARIMAX fitted on `train` and scored on the following `actual` weeks.
pub fn sarimax_score(train: &[f64], actual: &[f64], clock: &dyn Fn() -> f64) -> ModelScore {
    let o = SARIMAX_ORDER;
    let fixed = format!(
        "SARIMA({},{},{})({},{},{},{SEASON})",
        o[0], o[1], o[2], o[3], o[4], o[5]
    );
    if train.len() < SARIMAX_MIN_WEEKS {
        return missing(
            fixed,
            ScoreKind::Sarimax,
            format!(
                "not fitted: weekly SARIMAX needs at least {SARIMAX_MIN_WEEKS} training weeks, \
                 the training part holds {}",
                train.len()
            ),
        );
    }
    let (Some(&last), h) = (train.last(), actual.len()) else {
        return missing(fixed, ScoreKind::Sarimax, "no training weeks".into());
    };
    let start = clock();
    let attempt = SarimaxParams::new([o[0], o[1], o[2]])
        .seasonal(o[3], o[4], o[5], SEASON as i64)
        .check()
        .map_err(crate::analysis::Error::from)
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
                    return missing(
                        fixed,
                        ScoreKind::Sarimax,
                        format!("could not be fitted: {first}; automatic search: {e}"),
                    )
                }
            }
        }
    };
    let ms = clock() - start;
    let mut s = scored(name, ScoreKind::Sarimax, last, actual, forecast);
    s.fit_ms = Some(ms);
    if s.note.is_none() {
        s.note = remark;
    }
    s
}

/// The seasonal-naive forecast of the weeks after `train` (last year's same week).
pub fn naive_score(train: &[f64], actual: &[f64]) -> ModelScore {
    let name = "Seasonal naive (same week last year)".to_string();
    let (n, h) = (train.len(), actual.len());
    match train.last() {
        Some(&last) if n >= SEASON => {
            let fc = (0..h).map(|k| train[n - SEASON + k % SEASON]).collect();
            scored(name, ScoreKind::SeasonalNaive, last, actual, fc)
        }
        _ => missing(
            name,
            ScoreKind::SeasonalNaive,
            format!("needs at least {SEASON} training weeks"),
        ),
    }
}

/// Score `fitted` (trained on all but the last `run.settings.test_weeks` weeks of `series`)
/// against SARIMAX and seasonal naive, and forecast [`HORIZON`] weeks after the series.
pub fn assemble(
    fitted: &FittedLstm,
    series: &WeeklySeries,
    run: Run,
    clock: &dyn Fn() -> f64,
    cache: &mut SarimaxCache,
) -> Result<LstmResult, Error> {
    let y = &series.values;
    let test = run.settings.test_weeks;
    let split = y.len().saturating_sub(test);
    let context = fitted.params().context();
    if test == 0 || split < context {
        return Err(Error::Analysis(crate::analysis::Error::Data(format!(
            "{} complete weeks are too few to score the model on {test} test weeks",
            y.len()
        ))));
    }
    let (train, actual) = (&y[..split], &y[split..]);
    let last = train[split - 1];
    let label = fitted.params().label();
    let recursive = fitted.point_forecast(train, test)?;
    let one_step = fitted.one_step_ahead(&y[split - context..])?;
    let scores = vec![
        scored(
            format!("{label}, {test} weeks ahead"),
            ScoreKind::Lstm,
            last,
            actual,
            recursive,
        ),
        scored(
            format!("{label}, one week ahead"),
            ScoreKind::LstmOneStep,
            last,
            actual,
            one_step,
        ),
        cache.score(train, actual, clock),
        naive_score(train, actual),
    ];
    let fc = fitted.predict_from(y, HORIZON, LEVEL)?;
    let mut forecast_starts = Vec::with_capacity(HORIZON);
    let mut s = series.starts.last().copied().unwrap_or_default();
    for _ in 0..HORIZON {
        s = Resolution::Weekly.next_start(s);
        forecast_starts.push(s);
    }
    let model_json = fitted.to_json()?;
    let summary = fitted.summary();
    Ok(LstmResult {
        model: label,
        settings: run.settings,
        stop: run.stop,
        epochs_run: summary.epochs_run,
        best_epoch: summary.best_epoch,
        best_val_loss: summary.val_loss,
        training_ms: run.training_ms,
        num_params: fitted.num_params(),
        size_bytes: fitted.size_bytes(),
        file_bytes: model_json.len(),
        starts: series.starts.clone(),
        history: y.clone(),
        dropped_partial: series.dropped_partial,
        test_weeks: test,
        scores,
        forecast_starts,
        lower: fc.lower.iter().map(|v| v.max(0.0)).collect(),
        mean: fc.mean,
        upper: fc.upper,
        level: fc.level,
        model_json,
    })
}
