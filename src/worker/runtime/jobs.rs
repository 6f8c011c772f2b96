//! The one loop that drives the stepped jobs of [`crate::worker::jobs`]: each step and each
//! finish runs in its own zero-delay timer task, so the page's cancel and stop messages are
//! heard between them and every response reaches the page as it is produced. Also where the
//! jobs start, and the LSTM model import (one shot).

use std::collections::HashMap;

use gloo_worker::{HandlerId, WorkerScope};

use super::{respond, sleep_ms, Msg, Runtime};
use crate::data::filter::Filter;
use crate::worker::jobs::allocation::Allocation;
use crate::worker::jobs::{End, Next, Slot, SteppedJob};
use crate::worker::messages::{AllocationSpec, LstmSettings, Response};

/// Milliseconds of work per step before the worker yields to its message queue.
const STEP_MS: f64 = 40.0;

/// The worker's clock, in milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A sink that sends each response to the client of its job.
fn emitter<'a>(
    clients: &'a HashMap<u32, HandlerId>,
    scope: &'a WorkerScope<Runtime>,
) -> impl FnMut(Response) + 'a {
    move |r| {
        if let Some(id) = clients.get(&r.job()) {
            respond(scope, *id, r);
        }
    }
}

fn schedule(scope: &WorkerScope<Runtime>, msg: Msg) {
    scope.send_future(async move {
        sleep_ms(0).await;
        msg
    });
}

impl Runtime {
    /// Start `job` for client `id` (replacing the job in its slot) and schedule its first step.
    fn start_job(&mut self, scope: &WorkerScope<Self>, id: HandlerId, job: Box<dyn SteppedJob>) {
        let job_id = job.id();
        self.clients.insert(job_id, id);
        self.jobs.start(job, &mut emitter(&self.clients, scope));
        schedule(scope, Msg::Step(job_id));
    }

    /// Run one step of `job`, then schedule the next step or the finish.
    pub(super) fn job_step(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let next = self
            .jobs
            .step(job, &now_ms, STEP_MS, &mut emitter(&self.clients, scope));
        match next {
            Ok(Next::Step) => schedule(scope, Msg::Step(job)),
            Ok(Next::Finish) => schedule(scope, Msg::Finish(job)),
            // Failed (the page was told), or no longer running (cancelled or replaced).
            Ok(Next::Stop) | Err(_) => {}
        }
    }

    /// Finish `job`: its result (or failure) goes to the page.
    pub(super) fn job_finish(&mut self, scope: &WorkerScope<Self>, job: u32) {
        // A job cancelled after its finish was scheduled is simply gone.
        let _ = self
            .jobs
            .finish(job, &now_ms, &mut emitter(&self.clients, scope));
    }

    /// Stop `job` early at the page's request, keeping what is done.
    pub(super) fn job_stop(&mut self, job: u32) {
        self.jobs.stop(job, now_ms());
    }

    /// Cancel `job` if it is a running stepped job. Returns whether it was.
    pub(super) fn job_cancel(&mut self, scope: &WorkerScope<Self>, job: u32) -> bool {
        self.jobs
            .end(job, End::Cancelled, &mut emitter(&self.clients, scope))
    }

    /// A new analysis takes the analysis slot from the stepped one running there.
    pub(super) fn clear_analysis(&mut self, scope: &WorkerScope<Self>) {
        self.jobs
            .clear(Slot::Analysis, &mut emitter(&self.clients, scope));
    }

    /// Start the allocation analysis `job` (replacing the analysis in progress).
    pub(super) fn start_allocation(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        filter: &Filter,
        spec: &AllocationSpec,
    ) {
        self.clear_analysis(scope);
        let t0 = now_ms();
        match self.engine.allocation(filter, spec) {
            Ok(j) => {
                let counts_ms = now_ms() - t0;
                self.start_job(scope, id, Box::new(Allocation::new(job, j, counts_ms)));
            }
            Err(e) => respond(scope, id, Response::failed(job, e.to_string())),
        }
    }
}

fn failed(scope: &WorkerScope<Runtime>, id: HandlerId, job: u32, message: String) {
    respond(scope, id, Response::failed(job, message));
}

#[cfg(feature = "lstm")]
impl Runtime {
    /// Start training (a newer run replaces a running one, which is told so first).
    pub(super) fn train_start(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        filter: &Filter,
        settings: LstmSettings,
    ) {
        use crate::worker::jobs::training::Training;
        use crate::worker::lstm::job::TrainingJob;
        self.jobs
            .clear(Slot::Training, &mut emitter(&self.clients, scope));
        let begun = self
            .engine
            .weekly_series(filter)
            .and_then(|series| TrainingJob::new(series, settings, now_ms()));
        match begun {
            Ok(run) => self.start_job(scope, id, Box::new(Training::new(job, run))),
            Err(e) => failed(scope, id, job, format!("The LSTM cannot be trained: {e}")),
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
        respond(
            scope,
            id,
            Response::Progress {
                job,
                stage: "Reading the model and scoring it on the test weeks…".to_string(),
                done: 0,
                total: None,
            },
        );
        let sarimax = &mut self.jobs.shared.sarimax;
        let result = self.engine.weekly_series(filter).and_then(|series| {
            crate::worker::lstm::job::import(json, &series, test_weeks, &now_ms, sarimax)
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
