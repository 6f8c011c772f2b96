//! Routing the worker's replies into the page's state: each reply is matched to the current
//! job of its kind in the [`JobRegistry`](super::jobs::JobRegistry); replies of replaced
//! jobs are dropped (a late overview, a replaced LSTM run), except notices and datasets,
//! which always apply.

use leptos::prelude::*;

use crate::ui::record;
use crate::ui::state::{AppState, Failure, LstmState, Progress};
use crate::worker::messages::{LayerChoice, Response, Source};

use super::jobs::JobKind;
use super::{files, loads, with_jobs};

/// Route one reply of the worker into `state`.
pub(super) fn on_response(state: AppState, r: Response) {
    super::bridge::heard();
    let job = r.job();
    let kind = with_jobs(|j| j.kind_of(job));
    if kind == Some(JobKind::Lstm) {
        if let Response::LstmDone { result, .. } = &r {
            record::save_lstm(state, result);
        }
        return on_lstm_response(state.lstm, r);
    }
    if with_jobs(|j| j.is_replaced_lstm(job)) {
        return;
    }
    let is_load = kind == Some(JobKind::Load);
    match r {
        Response::Progress {
            stage, done, total, ..
        } => {
            if kind == Some(JobKind::Analysis) {
                state.analysis.progress.set(Some(Progress {
                    job,
                    stage,
                    done,
                    total,
                    bytes: false,
                }));
            } else if is_load {
                load_progress(state, job, stage, done, total);
                files::acknowledge();
            }
        }
        Response::Notice { message, .. } => state.notices.push(message),
        Response::CacheForgotten { error: None, .. } => state.notices.push(
            "The data kept in this browser were forgotten: the next visit loads everything again.",
        ),
        Response::CacheForgotten {
            error: Some(why), ..
        } => state.notices.push(format!(
            "The data kept in this browser could not be forgotten ({why})."
        )),
        Response::Summary { summary, .. } => {
            if is_load {
                state.load.summary.set(Some(summary));
            }
        }
        Response::Boundaries { boundaries, .. } => {
            if is_load {
                state.data.boundaries.set(Some(*boundaries));
            }
        }
        Response::Loaded { dataset, .. } => {
            if !matches!(dataset.source, Source::Live { .. }) {
                state.data.boundaries.set(None);
            }
            if is_load && dataset.complete {
                state.load.progress.set(None);
                state.load.failure.set(None);
            }
            state.data.dataset.set(Some(*dataset));
        }
        Response::Overview { overview, .. } => {
            if kind == Some(JobKind::Overview) {
                state.data.overview.set(Some(*overview));
            }
        }
        Response::Analysis {
            result,
            fingerprint,
            ..
        } => {
            if kind == Some(JobKind::Analysis) {
                state.analysis.settle();
                state.analysis.error.set(None);
                record::save(state, &result, fingerprint.as_ref());
                state.analysis.result.set(Some(result));
            }
        }
        Response::LstmEpoch { .. } | Response::LstmDone { .. } | Response::Pong { .. } => {}
        Response::Layer { info, .. } => {
            if kind == Some(JobKind::Layer) {
                state.layer.busy.set(false);
                state.layer.error.set(None);
                state.layer.info.set(Some(info));
                state.layer.choice.set(LayerChoice::Uploaded);
            }
        }
        Response::Failed {
            message,
            partial_rows,
            ..
        } => on_failure(state, kind, job, message, partial_rows),
    }
}

/// Fold a load's progress report into [`LoadState::progress`](crate::ui::state::LoadState):
/// file reads report the bytes of each chunk, which add up.
fn load_progress(state: AppState, job: u32, stage: String, done: u64, total: Option<u64>) {
    let bytes = stage.starts_with("Reading");
    state.load.progress.update(|p| {
        let prev = p.as_ref().filter(|p| p.job == job);
        let done = if bytes && total.is_none() {
            prev.map_or(0, |p| p.done) + done
        } else {
            done
        };
        let total = total.or_else(|| prev.and_then(|p| p.total));
        *p = Some(Progress {
            job,
            stage,
            done,
            total,
            bytes,
        });
    });
}

/// A failed job: a layer or analysis shows its error in place; a failed implicit live load
/// falls back to the demo data; anything else is shown as the load's failure.
fn on_failure(
    state: AppState,
    kind: Option<JobKind>,
    job: u32,
    message: String,
    partial_rows: u64,
) {
    match kind {
        Some(JobKind::Layer) => {
            state.layer.busy.set(false);
            state.layer.error.set(Some(message));
            return;
        }
        Some(JobKind::Analysis) => {
            state.analysis.settle();
            state.analysis.error.set(Some(message));
            return;
        }
        // An overview that cannot be had yet (a live load with no whole month in): the
        // page keeps saying it is preparing it; the next dataset announced asks again.
        Some(JobKind::Overview) => return,
        _ => {}
    }
    files::drop_acknowledgement();
    if kind == Some(JobKind::Load) {
        state.load.progress.set(None);
        if loads::fall_back_to_demo(state, &message) {
            return;
        }
    }
    state.load.failure.set(Some(Failure {
        job,
        message,
        partial_rows,
    }));
}

/// Route the replies of the current LSTM job into [`LstmState`].
fn on_lstm_response(l: LstmState, r: Response) {
    match r {
        Response::LstmEpoch { point, .. } => l.epochs.update(|e| e.push(point)),
        Response::Progress { stage, .. } => {
            l.running.set(false);
            l.stage.set(Some(stage));
        }
        Response::LstmDone { result, .. } => {
            l.idle();
            l.error.set(None);
            l.result.set(Some(*result));
        }
        Response::Failed { message, .. } => {
            l.idle();
            l.error.set(Some(message));
        }
        _ => {}
    }
}
