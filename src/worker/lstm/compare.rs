//! Scoring on the held-out test weeks — the LSTM next to weekly SARIMAX and the seasonal
//! naive baseline, all fitted on the same training weeks, through the hold-out comparison of
//! [`crate::analysis::ts::backtest::holdout`] — and the forecast after the last complete week.
//!
//! SARIMAX also tries the weekly calendar regressor ([`HOLIDAY_WEEKS`], the observed federal
//! holidays in each week), kept under the same rule as the monthly forecast's calendar
//! regressors. Its score depends only on the training and test weeks and that regressor's
//! values over them, so it is cached across training runs on the same data.

use crate::analysis::ts::backtest::{Holdout, HoldoutExog, HoldoutScore};
use crate::analysis::ts::calibration::{Band, Calibration, HeldOut, LEVELS};
use crate::analysis::ts::lstm::{holdout_rows, FittedLstm};
use crate::data::aggregate::Resolution;
use crate::data::calendar::week_holidays;
use crate::worker::Error;

use super::{WeeklySeries, HORIZON, LEVEL};
use crate::worker::messages::{LstmResult, LstmSettings, ModelScore, ScoreKind, StopReason};

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

/// Name of the weekly calendar regressor: the observed federal holidays in each week.
pub const HOLIDAY_WEEKS: &str = "holiday weeks";

/// The weekly calendar regressor ([`HOLIDAY_WEEKS`]) of the weeks starting on `starts`, the
/// first `split` of them training weeks and the rest test weeks.
pub fn holiday_exog(starts: &[i32], split: usize) -> Result<HoldoutExog, Error> {
    let split = split.min(starts.len());
    let column = |weeks: &[i32]| vec![weeks.iter().map(|s| f64::from(week_holidays(*s))).collect()];
    Ok(HoldoutExog::new(
        vec![HOLIDAY_WEEKS.to_string()],
        column(&starts[..split]),
        column(&starts[split..]),
        (split, starts.len() - split),
    )?)
}

/// What a SARIMAX score is computed from: the training and test weeks and the regressors tried.
type SarimaxKey = (Vec<f64>, Vec<f64>, Option<HoldoutExog>);

/// The last SARIMAX score, keyed by the training and test weeks and the calendar regressor
/// values it was computed on.
#[derive(Debug, Default)]
pub struct SarimaxCache {
    key: Option<SarimaxKey>,
    score: Option<ModelScore>,
}

impl SarimaxCache {
    /// The SARIMAX score for `train` → `actual` with `exog` tried, computed once per distinct
    /// triple.
    pub fn score(
        &mut self,
        train: &[f64],
        actual: &[f64],
        exog: Option<&HoldoutExog>,
        clock: &dyn Fn() -> f64,
    ) -> ModelScore {
        let same = self.key.as_ref().is_some_and(|(t, a, x)| {
            t.as_slice() == train && a.as_slice() == actual && x.as_ref() == exog
        });
        if let (true, Some(score)) = (same, &self.score) {
            return score.clone();
        }
        let score = sarimax_score(train, actual, exog, clock);
        self.key = Some((train.to_vec(), actual.to_vec(), exog.cloned()));
        self.score = Some(score.clone());
        score
    }
}

/// A hold-out row as the page's table shows it.
fn row(kind: ScoreKind, s: HoldoutScore) -> ModelScore {
    ModelScore {
        name: s.model,
        kind,
        metrics: s.metrics,
        forecast: s.forecast,
        note: s.note,
        fit_ms: s.fit_ms,
        regressors: s.regressors,
    }
}

/// Weekly SARIMAX fitted on `train` and scored on the following `actual` weeks, with the
/// regressors `exog` tried.
pub fn sarimax_score(
    train: &[f64],
    actual: &[f64],
    exog: Option<&HoldoutExog>,
    clock: &dyn Fn() -> f64,
) -> ModelScore {
    row(
        ScoreKind::Sarimax,
        Holdout::new(train, actual).sarimax_with(Some(clock), exog),
    )
}

/// The seasonal-naive forecast of the weeks after `train` (last year's same week).
pub fn naive_score(train: &[f64], actual: &[f64]) -> ModelScore {
    row(
        ScoreKind::SeasonalNaive,
        Holdout::new(train, actual).seasonal_naive(),
    )
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
    let holdout = Holdout::new(train, actual);
    let [recursive, one_step] = holdout_rows(fitted, &holdout)?;
    let exog = (series.starts.len() == y.len())
        .then(|| holiday_exog(&series.starts, split))
        .transpose()?;
    let scores = vec![
        row(ScoreKind::Lstm, recursive),
        row(ScoreKind::LstmOneStep, one_step),
        cache.score(train, actual, exog.as_ref(), clock),
        row(ScoreKind::SeasonalNaive, holdout.seasonal_naive()),
    ];
    let calibration = test_calibration(fitted, &scores[0].forecast, train, actual, split);
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
        model: fitted.params().label(),
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
        calibration,
    })
}

/// The LSTM's bootstrap bands on the test weeks around its scored recursive forecast `scored`
/// (the bands' own noise-free path where that is missing), measured against the actual weeks
/// (`None` when the bands cannot be computed).
fn test_calibration(
    fitted: &FittedLstm,
    scored: &[f64],
    train: &[f64],
    actual: &[f64],
    split: usize,
) -> Option<Calibration> {
    let fcs = fitted.predict_levels(train, actual.len(), &LEVELS).ok()?;
    let mean = if scored.len() == actual.len() {
        scored.to_vec()
    } else {
        fcs.first()?.mean.clone()
    };
    let bands = fcs
        .into_iter()
        .map(|f| Band {
            level: f.level,
            lower: f.lower,
            upper: f.upper,
        })
        .collect();
    let case = HeldOut {
        origin: split,
        actual: actual.to_vec(),
        mean,
        bands,
    };
    Calibration::measure(&[case]).ok()
}
