//! Stepping the allocation analysis in the worker: one precinct per timer tick, so the page
//! sees "precinct k of 11" and a Cancel is heard between fits. The ranking is sent as soon as
//! every precinct is fitted; the backtests follow and the result is sent again with them.

use gloo_worker::{HandlerId, WorkerScope};

use super::{respond, sleep_ms, Msg, Runtime};
use crate::data::filter::Filter;
use crate::worker::messages::{AllocationResult, AllocationSpec, AnalysisResult, Response};
use crate::worker::pipelines::allocation::Phase;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The allocation result as a response. Allocation runs are not recorded in the run
/// history, so no data fingerprint goes with them.
fn analysis(job: u32, r: AllocationResult) -> Response {
    Response::Analysis {
        job,
        result: AnalysisResult::Allocation(Box::new(r)),
        fingerprint: None,
    }
}

impl Runtime {
    fn schedule_allocation(scope: &WorkerScope<Self>, job: u32) {
        scope.send_future(async move {
            sleep_ms(0).await;
            Msg::AllocationStep(job)
        });
    }

    /// Start the allocation analysis `job` (replacing one in progress).
    pub(super) fn start_allocation(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        filter: &Filter,
        spec: &AllocationSpec,
    ) {
        self.clients.insert(job, id);
        let t0 = now_ms();
        match self.engine.allocation_begin(job, filter, spec) {
            Ok(total) => {
                if let Some(j) = self.engine.allocation_state(job) {
                    j.result_mut().timing.counts_ms = now_ms() - t0;
                }
                respond(
                    scope,
                    id,
                    Response::Progress {
                        job,
                        stage: format!("Fitting precinct 1 of {total}"),
                        done: 0,
                        total: Some(total as u64),
                    },
                );
                Self::schedule_allocation(scope, job);
            }
            Err(e) => respond(scope, id, Response::failed(job, e.to_string())),
        }
    }

    /// Run the next step of the allocation job `job`.
    pub(super) fn allocation_step(&mut self, scope: &WorkerScope<Self>, job: u32) {
        if self.cancelled.contains(&job) || self.engine.allocation_job() != Some(job) {
            return;
        }
        let Some(id) = self.client(job) else { return };
        let t0 = now_ms();
        let step = self.engine.allocation_step(job);
        let dt = now_ms() - t0;
        let Some(j) = self.engine.allocation_state(job) else {
            return;
        };
        let timing = &mut j.result_mut().timing;
        match step {
            Ok(Some(Phase::Fitting { done, total })) => {
                timing.fit_ms += dt;
                if done < total {
                    let stage = format!("Fitting precinct {} of {total}", done + 1);
                    progress(scope, id, job, stage, done, total);
                } else if !j.finished() {
                    let partial = j.result().clone();
                    respond(scope, id, analysis(job, partial));
                    let n = j.result().models.len();
                    progress(
                        scope,
                        id,
                        job,
                        format!("Backtesting precinct 1 of {n}"),
                        0,
                        n,
                    );
                }
                Self::schedule_allocation(scope, job);
            }
            Ok(Some(Phase::Backtesting { done, total })) => {
                timing.backtest_ms += dt;
                if done < total {
                    let stage = format!("Backtesting precinct {} of {total}", done + 1);
                    progress(scope, id, job, stage, done, total);
                }
                Self::schedule_allocation(scope, job);
            }
            Ok(None) => {
                if let Some(r) = self.engine.allocation_take(job) {
                    respond(scope, id, analysis(job, r));
                }
            }
            Err(e) => {
                self.engine.allocation_abandon(job);
                respond(scope, id, Response::failed(job, e.to_string()));
            }
        }
    }

    /// Stop the allocation job `job` if it is running. Returns whether it was.
    pub(super) fn cancel_allocation(&mut self, scope: &WorkerScope<Self>, job: u32) -> bool {
        if !self.engine.allocation_abandon(job) {
            return false;
        }
        if let Some(id) = self.client(job) {
            respond(
                scope,
                id,
                Response::failed(
                    job,
                    "Cancelled. Results already shown are kept; press Fit again to restart.",
                ),
            );
        }
        true
    }
}

fn progress(
    scope: &WorkerScope<Runtime>,
    id: HandlerId,
    job: u32,
    stage: String,
    done: usize,
    total: usize,
) {
    respond(
        scope,
        id,
        Response::Progress {
            job,
            stage,
            done: done as u64,
            total: Some(total as u64),
        },
    );
}
