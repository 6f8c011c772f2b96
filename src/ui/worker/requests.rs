//! Asking the worker for results on the URL's filter: the overview, the current page's
//! analysis (the latest request wins), and LSTM training runs and model imports.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::data::filter::Filter;
use crate::ui::state::{AnalysisState, DataState, LstmState, UrlSignal};
use crate::worker::messages::{AnalysisSpec, Request};

use super::bridge::send;
use super::jobs::JobKind;
use super::with_jobs;

/// The filter of the current URL over the loaded data (None before any data).
fn current_filter(url: UrlSignal, data: DataState) -> Option<Filter> {
    let range = data.day_range()?;
    Some(url.with_untracked(|u| u.filter(Some(range))))
}

/// Ask for the overview of the current URL filter.
pub fn request_overview(url: UrlSignal, data: DataState) {
    let Some(filter) = current_filter(url, data) else {
        return;
    };
    let job = with_jobs(|j| j.start(JobKind::Overview));
    send(Request::Overview { job, filter });
}

/// Ask for an analysis of the current URL filter (the latest request wins).
pub fn request_analysis(
    url: UrlSignal,
    data: DataState,
    analysis: AnalysisState,
    spec: AnalysisSpec,
) {
    let Some(filter) = current_filter(url, data) else {
        return;
    };
    let job = with_jobs(|j| j.start(JobKind::Analysis));
    analysis.busy.set(true);
    analysis.progress.set(None);
    send(Request::Analyze { job, filter, spec });
}

/// Stop the analysis in progress and forget it (the page that asked for it is gone).
pub fn abandon_analysis(analysis: AnalysisState) {
    if let Some(job) = with_jobs(|j| j.forget(JobKind::Analysis)) {
        send(Request::Cancel { job });
    }
    analysis.settle();
}

/// Cancel the analysis in progress (stepped analyses stop between steps).
pub fn cancel_analysis(analysis: AnalysisState) {
    if analysis.busy.get_untracked() || analysis.progress.get_untracked().is_some() {
        if let Some(job) = with_jobs(|j| j.current(JobKind::Analysis)) {
            send(Request::Cancel { job });
        }
    }
}

/// Train the LSTM with the URL's settings on the URL's filter; epochs stream into
/// [`LstmState`].
pub fn train_lstm(url: UrlSignal, data: DataState, l: LstmState) {
    let Some(filter) = current_filter(url, data) else {
        return;
    };
    let settings = url.with_untracked(|u| u.lstm.clone());
    let job = with_jobs(|j| j.start(JobKind::Lstm));
    l.epochs.set(Vec::new());
    l.error.set(None);
    l.stage.set(None);
    l.stopping.set(false);
    l.running.set(true);
    l.filter.set(Some(filter.clone()));
    send(Request::TrainLstm {
        job,
        filter,
        settings,
    });
}

/// Stop the training run: the worker keeps the best weights so far and scores them.
pub fn stop_training(l: LstmState) {
    if l.running.get_untracked() {
        l.stopping.set(true);
        if let Some(job) = with_jobs(|j| j.current(JobKind::Lstm)) {
            send(Request::StopTraining { job });
        }
    }
}

/// Read an exported model file and have the worker score and forecast it without training.
pub fn import_lstm(url: UrlSignal, data: DataState, l: LstmState, file: web_sys::File) {
    let max = crate::worker::lstm::MAX_MODEL_BYTES;
    if file.size() > max as f64 {
        l.error.set(Some(format!(
            "{} is too large for a model file (limit {} MB).",
            file.name(),
            max >> 20
        )));
        return;
    }
    let Some(filter) = current_filter(url, data) else {
        return;
    };
    let test_weeks = url.with_untracked(|u| u.lstm.test_weeks);
    let job = with_jobs(|j| j.start(JobKind::Lstm));
    l.error.set(None);
    l.running.set(false);
    l.stage.set(Some(format!("Reading {}…", file.name())));
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.text()).await {
            Ok(text) => {
                l.epochs.set(Vec::new());
                l.filter.set(Some(filter.clone()));
                send(Request::ImportLstm {
                    job,
                    filter,
                    test_weeks,
                    json: text.as_string().unwrap_or_default(),
                });
            }
            Err(_) => {
                l.idle();
                l.error
                    .set(Some("The browser could not read the file.".into()));
            }
        }
    });
}
