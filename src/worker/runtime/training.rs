//! LSTM training in the worker: epochs run in short steps separated by zero-delay timers, so
//! stop and cancel messages are heard between them and every epoch's losses reach the page
//! as they happen.

use gloo_worker::{HandlerId, WorkerScope};

use crate::data::filter::Filter;
use crate::worker::messages::{LstmSettings, Response};

use super::{respond, sleep_ms, Msg, Runtime};

/// Milliseconds of training per step before the worker yields to its message queue.
#[cfg(feature = "lstm")]
const STEP_MS: f64 = 40.0;

/// The worker's clock, in milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A training run and who asked for it.
#[cfg(feature = "lstm")]
pub struct Training {
    job: u32,
    client: HandlerId,
    run: crate::worker::lstm::job::TrainingJob,
}

fn failed(scope: &WorkerScope<Runtime>, id: HandlerId, job: u32, message: String) {
    respond(scope, id, Response::failed(job, message));
}

fn stage(scope: &WorkerScope<Runtime>, id: HandlerId, job: u32, text: &str) {
    respond(
        scope,
        id,
        Response::Progress {
            job,
            stage: text.to_string(),
            done: 0,
            total: None,
        },
    );
}

fn schedule(scope: &WorkerScope<Runtime>, msg: Msg) {
    scope.send_future(async move {
        sleep_ms(0).await;
        msg
    });
}

#[cfg(feature = "lstm")]
impl Runtime {
    /// Start training (a newer run replaces a running one).
    pub(super) fn train_start(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        filter: &Filter,
        settings: LstmSettings,
    ) {
        if let Some(old) = self.training.take() {
            failed(
                scope,
                old.client,
                old.job,
                "Replaced by a newer training run.".into(),
            );
        }
        let begun = self.engine.weekly_series(filter).and_then(|series| {
            crate::worker::lstm::job::TrainingJob::new(series, settings, now_ms())
        });
        match begun {
            Ok(run) => {
                self.training = Some(Training {
                    job,
                    client: id,
                    run,
                });
                schedule(scope, Msg::TrainStep(job));
            }
            Err(e) => failed(scope, id, job, format!("The LSTM cannot be trained: {e}")),
        }
    }

    /// Run the next few epochs and report each.
    pub(super) fn train_step(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let Some(t) = self.training.as_mut().filter(|t| t.job == job) else {
            return;
        };
        match t.run.step(&now_ms, STEP_MS) {
            Ok(points) => {
                for point in points {
                    respond(scope, t.client, Response::LstmEpoch { job, point });
                }
                let next = if t.run.is_done() {
                    Msg::TrainFinish(job)
                } else {
                    Msg::TrainStep(job)
                };
                schedule(scope, next);
            }
            Err(e) => {
                let client = t.client;
                self.training = None;
                failed(scope, client, job, format!("Training failed: {e}"));
            }
        }
    }

    /// Stop at the user's request (the best weights so far are scored).
    pub(super) fn train_stop(&mut self, job: u32) {
        if let Some(t) = self.training.as_mut().filter(|t| t.job == job) {
            t.run.stop(now_ms());
        }
    }

    /// Drop a run without a result.
    pub(super) fn train_cancel(&mut self, scope: &WorkerScope<Self>, job: u32) {
        if let Some(t) = self.training.take_if(|t| t.job == job) {
            failed(scope, t.client, job, "Training was cancelled.".into());
        }
    }

    /// Restore the best weights, score against SARIMAX and seasonal naive, forecast.
    pub(super) fn train_finish(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let Some(t) = self.training.take_if(|t| t.job == job) else {
            return;
        };
        stage(
            scope,
            t.client,
            job,
            "Scoring the LSTM, weekly SARIMAX and seasonal naive on the test weeks…",
        );
        match t.run.finish(&now_ms, &mut self.sarimax) {
            Ok(result) => respond(
                scope,
                t.client,
                Response::LstmDone {
                    job,
                    result: Box::new(result),
                },
            ),
            Err(e) => failed(scope, t.client, job, format!("Training failed: {e}")),
        }
    }

    /// Score and forecast an exported model on the filtered rows.
    pub(super) fn import_model(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        filter: &Filter,
        test_weeks: usize,
        json: &str,
    ) {
        stage(
            scope,
            id,
            job,
            "Reading the model and scoring it on the test weeks…",
        );
        let result = self.engine.weekly_series(filter).and_then(|series| {
            crate::worker::lstm::job::import(json, &series, test_weeks, &now_ms, &mut self.sarimax)
        });
        match result {
            Ok(result) => respond(
                scope,
                id,
                Response::LstmDone {
                    job,
                    result: Box::new(result),
                },
            ),
            Err(e) => failed(scope, id, job, format!("The model cannot be used: {e}")),
        }
    }
}

#[cfg(not(feature = "lstm"))]
impl Runtime {
    fn without_lstm(scope: &WorkerScope<Self>, id: HandlerId, job: u32) {
        failed(
            scope,
            id,
            job,
            "This build of crimecast has no LSTM (built without the `lstm` feature).".into(),
        );
    }

    pub(super) fn train_start(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        _filter: &Filter,
        _settings: LstmSettings,
    ) {
        Self::without_lstm(scope, id, job);
    }

    pub(super) fn train_step(&mut self, _scope: &WorkerScope<Self>, _job: u32) {}

    pub(super) fn train_stop(&mut self, _job: u32) {}

    pub(super) fn train_cancel(&mut self, _scope: &WorkerScope<Self>, _job: u32) {}

    pub(super) fn train_finish(&mut self, _scope: &WorkerScope<Self>, _job: u32) {}

    pub(super) fn import_model(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        _filter: &Filter,
        _test_weeks: usize,
        _json: &str,
    ) {
        Self::without_lstm(scope, id, job);
    }
}
