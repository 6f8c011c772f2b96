//! The page's side of the Web Worker: spawning it, sending requests, routing replies into
//! [`AppState`], and the load flows (live with demo fallback, demo, file upload).

use std::cell::{Cell, RefCell};

use futures::channel::oneshot;
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::data::arcgis::DEFAULT_API;
use crate::data::clean::CleanRules;
use crate::data::point_layer::MAX_LAYER_BYTES;
use crate::worker::messages::{FileKind, Request, Response};
use crate::worker::pipelines::hotspots::LayerChoice;
use crate::worker::pipelines::AnalysisSpec;
use crate::worker::runtime::Runtime;

use super::address_bar::SourceChoice;
use super::format::today;
use super::state::{AppState, Failure, Progress};

/// Bytes read from an uploaded file per message.
pub const CHUNK_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// Seed of the demo data.
pub const DEMO_SEED: u64 = 2016;

/// The last load asked for, replayed when the worker restarts.
#[derive(Debug, Clone, PartialEq)]
enum LastLoad {
    None,
    Demo,
    Live,
    File(String),
}

thread_local! {
    static INSTANCE: Cell<u32> = const { Cell::new(0) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static RESTARTS: Cell<u32> = const { Cell::new(0) };
    static LAST_LOAD: RefCell<LastLoad> = const { RefCell::new(LastLoad::None) };
    static BRIDGE: RefCell<Option<WorkerBridge<Runtime>>> = const { RefCell::new(None) };
    static NEXT_JOB: Cell<u32> = const { Cell::new(1) };
    static LOAD_JOB: Cell<u32> = const { Cell::new(0) };
    static OVERVIEW_JOB: Cell<u32> = const { Cell::new(0) };
    static ANALYSIS_JOB: Cell<u32> = const { Cell::new(0) };
    static LAYER_JOB: Cell<u32> = const { Cell::new(0) };
    static LSTM_JOB: Cell<u32> = const { Cell::new(0) };
    /// Every LSTM job id asked for, so late replies of replaced runs are dropped quietly.
    static LSTM_JOBS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    static ACK: RefCell<Option<oneshot::Sender<()>>> = const { RefCell::new(None) };
    static IMPLICIT_LIVE: Cell<bool> = const { Cell::new(false) };
}

fn next_job() -> u32 {
    NEXT_JOB.with(|n| {
        let j = n.get();
        n.set(j + 1);
        j
    })
}

/// Spawn the worker and route its replies into `state`.
pub fn spawn(state: AppState) {
    let bridge = Runtime::spawner()
        .callback(move |r| on_response(state, r))
        .with_loader(true)
        .as_module(false)
        .spawn("./worker_loader.js");
    BRIDGE.with(|b| *b.borrow_mut() = Some(bridge));
    let instance = INSTANCE.with(|i| {
        if i.get() == 0 {
            i.set((js_sys::Math::random() * f64::from(u32::MAX - 1)) as u32 + 1);
        }
        i.get()
    });
    send(Request::Init { instance });
    LISTENING.with(|l| {
        if !l.get() {
            l.set(true);
            listen_for_crashes(state, instance);
        }
    });
}

/// Restart the worker when it reports a crash, and reload the data it held.
fn listen_for_crashes(state: AppState, instance: u32) {
    let Ok(channel) = web_sys::BroadcastChannel::new(crate::worker::runtime::CRASH_CHANNEL) else {
        return;
    };
    let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |ev: web_sys::MessageEvent| {
            let text = ev.data().as_string().unwrap_or_default();
            let Some(details) = text.strip_prefix(&format!("{instance}:")) else {
                return;
            };
            let restarts = RESTARTS.with(|r| {
                r.set(r.get() + 1);
                r.get()
            });
            if restarts > 3 {
                super::panic::show(&format!(
                    "The analysis worker crashed {restarts} times; last error: {details}"
                ));
                return;
            }
            state.notice(format!(
            "The analysis worker stopped unexpectedly ({details}). It was restarted and the data are being reloaded."
        ));
            state.progress.set(None);
            state.analysis_busy.set(false);
            state.analysis_progress.set(None);
            state.lstm.idle();
            spawn(state);
            match LAST_LOAD.with(|l| l.borrow().clone()) {
            LastLoad::Demo => load_demo(state),
            LastLoad::Live => load_live(state, false),
            LastLoad::File(name) => state.failure.set(Some(Failure {
                job: 0,
                message: format!("The worker restarted and lost the uploaded file {name}; please upload it again."),
                partial_rows: 0,
            })),
            LastLoad::None => {}
        }
        },
    );
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    std::mem::forget(channel);
}

/// Crash the worker on purpose (test hook `?debug=worker-panic`).
pub fn debug_crash_worker() {
    send(Request::DebugPanic);
}

fn send(req: Request) {
    BRIDGE.with(|b| {
        if let Some(b) = b.borrow().as_ref() {
            b.send(req);
        }
    });
}

fn on_response(state: AppState, r: Response) {
    let job = r.job();
    if LSTM_JOB.with(Cell::get) == job {
        return on_lstm_response(state, r);
    }
    if LSTM_JOBS.with(|j| j.borrow().contains(&job)) {
        return;
    }
    let is_load = LOAD_JOB.with(Cell::get) == job;
    match r {
        Response::Progress {
            stage, done, total, ..
        } => {
            if ANALYSIS_JOB.with(Cell::get) == job {
                state.analysis_progress.set(Some(Progress {
                    job,
                    stage,
                    done,
                    total,
                    bytes: false,
                }));
                return;
            }
            if !is_load {
                return;
            }
            let bytes = stage.starts_with("Reading");
            state.progress.update(|p| {
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
            ACK.with(|a| {
                if let Some(tx) = a.borrow_mut().take() {
                    let _ = tx.send(());
                }
            });
        }
        Response::Notice { message, .. } => state.notice(message),
        Response::Summary { summary, .. } => {
            if is_load {
                state.summary.set(Some(summary));
            }
        }
        Response::Loaded { dataset, .. } => {
            if is_load && dataset.complete {
                state.progress.set(None);
                state.failure.set(None);
            }
            state.dataset.set(Some(*dataset));
        }
        Response::Overview { overview, .. } => {
            if OVERVIEW_JOB.with(Cell::get) == job {
                state.overview.set(Some(*overview));
            }
        }
        Response::Analysis {
            result,
            data_hash,
            rows,
            ..
        } => {
            if ANALYSIS_JOB.with(Cell::get) == job {
                state.analysis_busy.set(false);
                state.analysis_progress.set(None);
                state.analysis_error.set(None);
                super::record::save(state, &result, &data_hash, rows);
                state.analysis.set(Some(result));
            }
        }
        Response::LstmEpoch { .. } | Response::LstmDone { .. } => {}
        Response::Layer { info, .. } => {
            if LAYER_JOB.with(Cell::get) == job {
                state.layer_busy.set(false);
                state.layer_error.set(None);
                state.layer.set(Some(info));
                state.layer_choice.set(LayerChoice::Uploaded);
            }
        }
        Response::Failed {
            message,
            partial_rows,
            ..
        } => {
            if LAYER_JOB.with(Cell::get) == job {
                state.layer_busy.set(false);
                state.layer_error.set(Some(message));
                return;
            }
            if ANALYSIS_JOB.with(Cell::get) == job {
                state.analysis_busy.set(false);
                state.analysis_progress.set(None);
                state.analysis_error.set(Some(message));
                return;
            }
            ACK.with(|a| a.borrow_mut().take());
            if is_load {
                state.progress.set(None);
                if IMPLICIT_LIVE.with(Cell::get) && state.dataset.with_untracked(Option::is_none) {
                    IMPLICIT_LIVE.with(|c| c.set(false));
                    state.fell_back.set(true);
                    state.notice(format!(
                        "Live data could not be loaded ({message}). Showing synthetic demo data instead."
                    ));
                    load_demo(state);
                    return;
                }
            }
            state.failure.set(Some(Failure {
                job,
                message,
                partial_rows,
            }));
        }
    }
}

/// Route the replies of the current LSTM job into [`AppState::lstm`].
fn on_lstm_response(state: AppState, r: Response) {
    let l = state.lstm;
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

fn next_lstm_job() -> u32 {
    let job = next_job();
    LSTM_JOB.with(|c| c.set(job));
    LSTM_JOBS.with(|j| j.borrow_mut().push(job));
    job
}

/// The filter of the current URL over the loaded data (None before any data).
fn current_filter(state: AppState) -> Option<crate::data::filter::Filter> {
    let range = state
        .dataset
        .with_untracked(|d| d.as_ref().and_then(|d| d.facets.day_range))?;
    Some(state.url.with_untracked(|u| u.filter(Some(range))))
}

/// Train the LSTM with the URL's settings on the URL's filter; epochs stream into
/// [`AppState::lstm`].
pub fn train_lstm(state: AppState) {
    let Some(filter) = current_filter(state) else {
        return;
    };
    let settings = state.url.with_untracked(|u| u.lstm.clone());
    let job = next_lstm_job();
    let l = state.lstm;
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
pub fn stop_training(state: AppState) {
    if state.lstm.running.get_untracked() {
        state.lstm.stopping.set(true);
        send(Request::StopTraining {
            job: LSTM_JOB.with(Cell::get),
        });
    }
}

/// Read an exported model file and have the worker score and forecast it without training.
pub fn import_lstm(state: AppState, file: web_sys::File) {
    let l = state.lstm;
    let max = crate::worker::lstm::MAX_MODEL_BYTES;
    if file.size() > max as f64 {
        l.error.set(Some(format!(
            "{} is too large for a model file (limit {} MB).",
            file.name(),
            max >> 20
        )));
        return;
    }
    let Some(filter) = current_filter(state) else {
        return;
    };
    let test_weeks = state.url.with_untracked(|u| u.lstm.test_weeks);
    let job = next_lstm_job();
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

fn rules() -> CleanRules {
    CleanRules::default()
}

fn begin_load(state: AppState, stage: &str) -> u32 {
    let job = next_job();
    LOAD_JOB.with(|c| c.set(job));
    state.failure.set(None);
    state.summary.set(None);
    state.progress.set(Some(Progress {
        job,
        stage: stage.to_string(),
        done: 0,
        total: None,
        bytes: false,
    }));
    job
}

/// Load the synthetic demo data.
pub fn load_demo(state: AppState) {
    LAST_LOAD.with(|l| *l.borrow_mut() = LastLoad::Demo);
    let job = begin_load(state, "Generating synthetic demo data");
    send(Request::LoadDemo {
        job,
        seed: DEMO_SEED,
        rules: rules(),
    });
}

/// Load live data for the last `years` years (to yesterday).
pub fn load_live(state: AppState, implicit: bool) {
    LAST_LOAD.with(|l| *l.borrow_mut() = LastLoad::Live);
    IMPLICIT_LIVE.with(|c| c.set(implicit));
    let url = state.url.get_untracked();
    let endpoint = url.api.clone().unwrap_or_else(|| DEFAULT_API.to_string());
    let endpoint = absolute(&endpoint);
    let last = today() - 1;
    let years = url.years.unwrap_or(2) as i32;
    let first = crate::data::aggregate::year_before(last) + 1 - 365 * (years - 1);
    let job = begin_load(state, "Counting live rows");
    let rules = CleanRules {
        first_day: first,
        last_day: last,
        ..rules()
    };
    send(Request::LoadLive {
        job,
        endpoint,
        first_day: first,
        last_day: last,
        rules,
    });
}

/// Resolve a relative endpoint against the page (the worker has no document base).
fn absolute(endpoint: &str) -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .and_then(|base| web_sys::Url::new_with_base(endpoint, &base).ok())
        .map_or_else(|| endpoint.to_string(), |u| u.href())
}

/// Start the load the URL asks for (live when unspecified, with demo fallback).
pub fn initial_load(state: AppState) {
    match state.url.get_untracked().source {
        Some(SourceChoice::Demo) => load_demo(state),
        Some(SourceChoice::Live) => load_live(state, false),
        Some(SourceChoice::File) => {
            state.notice("This link was made from an uploaded file, which links cannot carry. Showing synthetic demo data; upload the file again to see it.");
            load_demo(state);
        }
        None => load_live(state, true),
    }
}

/// Cancel the load in progress.
pub fn cancel(state: AppState) {
    if let Some(p) = state.progress.get_untracked() {
        send(Request::Cancel { job: p.job });
    }
}

/// Use the rows of a failed load.
pub fn use_partial(state: AppState, job: u32) {
    LOAD_JOB.with(|c| c.set(job));
    state.failure.set(None);
    send(Request::UsePartial { job });
}

/// Ask for the overview of the current URL filter.
pub fn request_overview(state: AppState) {
    let range = state
        .dataset
        .with_untracked(|d| d.as_ref().and_then(|d| d.facets.day_range));
    if range.is_none() {
        return;
    }
    let filter = state.url.with_untracked(|u| u.filter(range));
    let job = next_job();
    OVERVIEW_JOB.with(|c| c.set(job));
    send(Request::Overview { job, filter });
}

/// Ask for an analysis of the current URL filter (the latest request wins).
pub fn request_analysis(state: AppState, spec: AnalysisSpec) {
    let range = state
        .dataset
        .with_untracked(|d| d.as_ref().and_then(|d| d.facets.day_range));
    if range.is_none() {
        return;
    }
    let filter = state.url.with_untracked(|u| u.filter(range));
    let job = next_job();
    ANALYSIS_JOB.with(|c| c.set(job));
    state.analysis_busy.set(true);
    state.analysis_progress.set(None);
    send(Request::Analyze { job, filter, spec });
}

/// Stop the analysis in progress and forget it (the page that asked for it is gone).
pub fn abandon_analysis(state: AppState) {
    let job = ANALYSIS_JOB.with(|c| c.replace(0));
    if job != 0 {
        send(Request::Cancel { job });
    }
    state.analysis_busy.set(false);
    state.analysis_progress.set(None);
}

/// Cancel the analysis in progress (stepped analyses stop between steps).
pub fn cancel_analysis(state: AppState) {
    if state.analysis_busy.get_untracked() || state.analysis_progress.get_untracked().is_some() {
        send(Request::Cancel {
            job: ANALYSIS_JOB.with(Cell::get),
        });
    }
}

/// Stream an uploaded file to the worker in chunks, waiting for each to be processed.
pub fn upload(state: AppState, file: web_sys::File) {
    let name = file.name();
    LAST_LOAD.with(|l| *l.borrow_mut() = LastLoad::File(name.clone()));
    let lower = name.to_ascii_lowercase();
    let kind = if lower.ends_with(".geojson") || lower.ends_with(".json") {
        FileKind::GeoJson
    } else {
        FileKind::Csv
    };
    let size = file.size();
    let job = begin_load(state, &format!("Reading {name}"));
    state.progress.update(|p| {
        if let Some(p) = p {
            p.bytes = true;
            p.total = Some(size as u64);
        }
    });
    send(Request::FileStart {
        job,
        name,
        size: size as u64,
        kind,
        rules: CleanRules::for_upload(today()),
    });
    wasm_bindgen_futures::spawn_local(async move {
        let mut offset = 0.0;
        while offset < size {
            if LOAD_JOB.with(Cell::get) != job {
                return; // replaced by another load
            }
            let end = (offset + CHUNK_BYTES).min(size);
            let Ok(blob) = file.slice_with_f64_and_f64(offset, end) else {
                break;
            };
            let Ok(buf) = JsFuture::from(blob.array_buffer()).await else {
                state.failure.set(Some(Failure {
                    job,
                    message: "The browser could not read the file.".into(),
                    partial_rows: 0,
                }));
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            let (tx, rx) = oneshot::channel();
            ACK.with(|a| *a.borrow_mut() = Some(tx));
            send(Request::FileChunk { job, bytes });
            if rx.await.is_err() {
                return; // the job failed; the failure is already shown
            }
            offset = end;
        }
        send(Request::FileEnd { job });
    });
}

/// Read a point layer (CSV or GeoJSON of liquor stores or similar) whole and send it to the
/// worker, which parses it; the reply sets [`AppState::layer`] or [`AppState::layer_error`].
pub fn upload_layer(state: AppState, file: web_sys::File) {
    let name = file.name();
    if file.size() > MAX_LAYER_BYTES as f64 {
        state.layer_error.set(Some(format!(
            "{name} is too large: point layers must be under {} MB.",
            MAX_LAYER_BYTES >> 20
        )));
        return;
    }
    let job = next_job();
    LAYER_JOB.with(|c| c.set(job));
    state.layer_busy.set(true);
    state.layer_error.set(None);
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                send(Request::LoadLayer { job, name, bytes });
            }
            Err(_) => {
                state.layer_busy.set(false);
                state
                    .layer_error
                    .set(Some("The browser could not read the file.".into()));
            }
        }
    });
}

/// The first file of a file input or drop event.
pub fn first_file(list: Option<web_sys::FileList>) -> Option<web_sys::File> {
    list.and_then(|l| l.get(0))
}

/// The `FileList` of an `<input type=file>` change event.
pub fn input_files(ev: &web_sys::Event) -> Option<web_sys::FileList> {
    ev.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()
}
