//! A training run the worker advances a few epochs at a time, and model imports.
//!
//! The series is split once: the last `test_weeks` weeks are held out for scoring, the LSTM
//! trains on the weeks before them (its own last [`VALIDATION_WEEKS`] weeks drive early
//! stopping). The clock is supplied by the caller (`Date.now()` in the browser, an
//! `Instant` natively), so the same code runs and is tested natively.

use crate::analysis::ts::lstm::{FittedLstm, LstmParams, Trainer};
use crate::analysis::Error as AnalysisError;
use crate::worker::Error;

use super::compare::{assemble, Run, SarimaxCache};
use super::{WeeklySeries, VALIDATION_WEEKS};
use crate::analysis::ParamGuard;
use crate::worker::messages::{
    EpochPoint, LstmResult, LstmSettings, LstmSettingsError, StopReason,
};

fn data_error(msg: String) -> Error {
    Error::Analysis(AnalysisError::Data(msg))
}

/// Check that `series` is long enough for (checked) `settings` and return the training length.
fn check_length(series: &WeeklySeries, settings: &LstmSettings) -> Result<usize, Error> {
    let n = series.values.len();
    let need = settings.min_weeks();
    if n < need {
        return Err(data_error(format!(
            "the filtered data hold {n} complete weeks; with these settings the LSTM needs at \
             least {need} (window {} + seasonal lag {} + {} training weeks + {VALIDATION_WEEKS} \
             validation weeks + {} test weeks). Lower the window, the seasonal lag or the test \
             weeks to train on what the data hold.",
            settings.window,
            settings.seasonal_lag,
            super::MIN_TRAIN_WINDOWS,
            settings.test_weeks
        )));
    }
    Ok(n - settings.test_weeks)
}

/// The LSTM parameters behind page settings.
pub fn params_of(settings: &LstmSettings) -> LstmParams {
    LstmParams::new()
        .window(settings.window)
        .units(&settings.units)
        .epochs(settings.epochs)
        .patience(settings.patience)
        .seed(settings.seed)
        .seasonal_lag(settings.seasonal_lag)
        .validation(VALIDATION_WEEKS)
}

/// A training run in progress.
#[derive(Debug)]
pub struct TrainingJob {
    settings: LstmSettings,
    series: WeeklySeries,
    trainer: Trainer,
    started_ms: f64,
    ended_ms: Option<f64>,
    user_stop: bool,
}

impl TrainingJob {
    /// Check the settings and the series, split off the test weeks and set up the network;
    /// `now_ms` is the start of the training clock.
    pub fn new(series: WeeklySeries, settings: LstmSettings, now_ms: f64) -> Result<Self, Error> {
        let settings = settings.check()?;
        let split = check_length(&series, &settings)?;
        let params = params_of(&settings).check().map_err(AnalysisError::from)?;
        let trainer = Trainer::new(&series.values[..split], &params)?;
        Ok(TrainingJob {
            settings,
            series,
            trainer,
            started_ms: now_ms,
            ended_ms: None,
            user_stop: false,
        })
    }

    /// The settings of this run.
    pub fn settings(&self) -> &LstmSettings {
        &self.settings
    }

    /// Run epochs until `budget_ms` have passed on `clock` (at least one epoch) or training
    /// is over; one point per epoch run.
    pub fn step(
        &mut self,
        clock: &dyn Fn() -> f64,
        budget_ms: f64,
    ) -> Result<Vec<EpochPoint>, Error> {
        let begin = clock();
        let mut points = Vec::new();
        while !self.is_done() {
            let r = self.trainer.step_epoch()?;
            let now = clock();
            points.push(EpochPoint {
                epoch: r.epoch,
                train_loss: r.train_loss,
                val_loss: r.val_loss,
                best_epoch: r.best_epoch,
                best_val_loss: r.best_val_loss,
                budget: self.settings.epochs,
                elapsed_ms: now - self.started_ms,
            });
            if r.stopped {
                self.ended_ms = Some(now);
            }
            if now - begin >= budget_ms {
                break;
            }
        }
        Ok(points)
    }

    /// Stop at the user's request; [`TrainingJob::finish`] keeps the best weights so far.
    pub fn stop(&mut self, now_ms: f64) {
        if !self.trainer.is_done() {
            self.user_stop = true;
            self.ended_ms = Some(now_ms);
        }
        self.trainer.stop();
    }

    /// True once training is over (early stop, budget or stop request).
    pub fn is_done(&self) -> bool {
        self.trainer.is_done()
    }

    /// Epochs run so far.
    pub fn epochs_run(&self) -> usize {
        self.trainer.history().len()
    }

    /// Why training ended (meaningful once [`TrainingJob::is_done`]).
    pub fn reason(&self) -> StopReason {
        let history = self.trainer.history();
        match history.last() {
            _ if self.user_stop => StopReason::User,
            Some(last) if last.epoch - last.best_epoch >= self.settings.patience => {
                StopReason::EarlyStop
            }
            _ => StopReason::Budget,
        }
    }

    /// Restore the best weights, score the models on the test weeks and forecast.
    pub fn finish(
        self,
        clock: &dyn Fn() -> f64,
        cache: &mut SarimaxCache,
    ) -> Result<LstmResult, Error> {
        let reason = self.reason();
        let ended = self.ended_ms.unwrap_or_else(clock);
        let training_ms = ended - self.started_ms;
        let fitted = self.trainer.finish()?;
        let run = Run {
            settings: self.settings,
            stop: reason,
            training_ms: Some(training_ms),
        };
        assemble(&fitted, &self.series, run, clock, cache)
    }
}

/// Refuse a model whose shape the page would not train: its window, layers, units and
/// seasonal lag must pass the page's own checks, and its forecast band may take no more
/// bootstrap paths than the page's. Scoring and forecasting cost grows with these (a file
/// within the format's wider limits could mean hours of work); training settings (epochs,
/// patience, seed) cost nothing on import and are not checked.
fn within_page_limits(settings: &LstmSettings, bootstrap: usize) -> Result<(), Error> {
    let defaults = LstmSettings::default();
    let shape = LstmSettings {
        epochs: defaults.epochs,
        patience: defaults.patience,
        seed: defaults.seed,
        ..settings.clone()
    };
    let refuse = |why: String| {
        data_error(format!(
            "this model is larger than the page trains ({why}), so scoring it here could take \
             very long; models exported by the page always fit."
        ))
    };
    shape.check_ref().map_err(|e| refuse(e.to_string()))?;
    let page = params_of(&shape)
        .check()
        .map_err(AnalysisError::from)?
        .bootstrap();
    if bootstrap > page {
        return Err(refuse(format!(
            "its forecast band takes {bootstrap} bootstrap paths; the page takes {page}"
        )));
    }
    Ok(())
}

/// Read a model file written by the export, then score and forecast it on `series` exactly
/// as a freshly trained model (no training).
pub fn import(
    json: &str,
    series: &WeeklySeries,
    test_weeks: usize,
    clock: &dyn Fn() -> f64,
    cache: &mut SarimaxCache,
) -> Result<LstmResult, Error> {
    let fitted = FittedLstm::from_json(json)?;
    let p = fitted.params();
    let settings = LstmSettings {
        window: p.window(),
        units: p.units().to_vec(),
        epochs: p.epochs(),
        patience: p.patience(),
        seed: p.seed(),
        seasonal_lag: p.seasonal_lag(),
        test_weeks,
    };
    LstmSettingsError::check_test_weeks(test_weeks)?;
    within_page_limits(&settings, p.bootstrap())?;
    let n = series.values.len();
    let need = test_weeks + p.context().max(super::SEASON);
    if n < need {
        return Err(data_error(format!(
            "the filtered data hold {n} complete weeks; scoring this model on {test_weeks} test \
             weeks needs at least {need} (the test weeks after the model's {} weeks of context \
             and at least one year for the seasonal-naive baseline).",
            p.context()
        )));
    }
    let run = Run {
        settings,
        stop: StopReason::Imported,
        training_ms: None,
    };
    assemble(&fitted, series, run, clock, cache)
}
