//! The load flows: synthetic demo data, live data (with the fall-back to demo data when a
//! live load the page started by itself fails), an uploaded file, and the rows of a failed
//! load. The last load is remembered so a restarted worker can load it again.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::data::arcgis::{whole_history, DEFAULT_API};
use crate::data::clean::CleanRules;
use crate::ui::address_bar::SourceChoice;
use crate::ui::format::today;
use crate::ui::state::{AppState, Failure, LoadState, Progress, UrlSignal};
use crate::worker::messages::{FileKind, Request};

use super::bridge::send;
use super::jobs::JobKind;
use super::{files, with_jobs};

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

/// What the page remembers about its loads.
struct LoadMemory {
    /// The last load asked for.
    last: LastLoad,
    /// The current live load was started by the page itself (no source in the URL), so its
    /// failure falls back to the demo data.
    implicit_live: bool,
}

thread_local! {
    static MEMORY: RefCell<LoadMemory> = const {
        RefCell::new(LoadMemory {
            last: LastLoad::None,
            implicit_live: false,
        })
    };
}

fn remember(last: LastLoad) {
    MEMORY.with(|m| m.borrow_mut().last = last);
}

fn rules() -> CleanRules {
    CleanRules::default()
}

/// Start a load job: clear the last failure and summary and show `stage`.
fn begin_load(load: LoadState, stage: &str) -> u32 {
    let job = with_jobs(|j| j.start(JobKind::Load));
    load.failure.set(None);
    load.summary.set(None);
    load.progress.set(Some(Progress {
        job,
        stage: stage.to_string(),
        done: 0,
        total: None,
        bytes: false,
    }));
    job
}

/// Load the synthetic demo data.
pub fn load_demo(load: LoadState) {
    remember(LastLoad::Demo);
    let job = begin_load(load, "Generating synthetic demo data");
    send(Request::LoadDemo {
        job,
        seed: DEMO_SEED,
        rules: rules(),
    });
}

/// Load live data to yesterday: the whole history, or the last `years` years of the URL;
/// `implicit` when the
/// URL named no source, so a failure falls back to the demo data.
pub fn load_live(url: UrlSignal, load: LoadState, implicit: bool) {
    remember(LastLoad::Live);
    MEMORY.with(|m| m.borrow_mut().implicit_live = implicit);
    let url = url.get_untracked();
    let endpoint = url.api.clone().unwrap_or_else(|| DEFAULT_API.to_string());
    let endpoint = absolute(&endpoint);
    let last = today() - 1;
    // The whole history (2017 on) unless the URL asks for the last `years` years.
    let first = match url.years {
        Some(years) => crate::data::aggregate::year_before(last) + 1 - 365 * (years as i32 - 1),
        None => whole_history(today()).map_or(last, |w| w.first_day),
    };
    let job = begin_load(load, "Reading the layer description");
    let rules = CleanRules {
        first_day: first,
        last_day: last,
        ..rules()
    };
    // Only the whole history is kept in the browser, and started from on the next visit.
    let keep = url.years.is_none();
    send(Request::LoadLive {
        job,
        endpoint,
        first_day: first,
        last_day: last,
        rules,
        keep,
        site_data: keep.then(|| absolute_to_base("data/")),
    });
}

/// Forget the copies of live loads the browser kept; the page says when it is done.
pub fn forget_cache() {
    send(Request::ForgetCache { job: 0 });
}

/// Resolve `path` against the page's base address (where the site is published).
fn absolute_to_base(path: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(path, &base).ok())
        .map_or_else(|| absolute(path), |u| u.href())
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
        Some(SourceChoice::Demo) => load_demo(state.load),
        Some(SourceChoice::Live) => load_live(state.url, state.load, false),
        Some(SourceChoice::File) => {
            state.notices.push("This link was made from an uploaded file, which links cannot carry. Showing synthetic demo data; upload the file again to see it.");
            load_demo(state.load);
        }
        None => load_live(state.url, state.load, true),
    }
}

/// Stream an uploaded CSV or GeoJSON file to the worker, which cleans it as it arrives.
pub fn upload(load: LoadState, file: web_sys::File) {
    let name = file.name();
    remember(LastLoad::File(name.clone()));
    let lower = name.to_ascii_lowercase();
    let kind = if lower.ends_with(".geojson") || lower.ends_with(".json") {
        FileKind::GeoJson
    } else {
        FileKind::Csv
    };
    let size = file.size();
    let job = begin_load(load, &format!("Reading {name}"));
    load.progress.update(|p| {
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
    files::stream(load, job, file);
}

/// Cancel the load in progress.
pub fn cancel(load: LoadState) {
    if let Some(p) = load.progress.get_untracked() {
        send(Request::Cancel { job: p.job });
    }
}

/// Use the rows of the failed load `job`.
pub fn use_partial(load: LoadState, job: u32) {
    with_jobs(|j| j.adopt(JobKind::Load, job));
    load.failure.set(None);
    send(Request::UsePartial { job });
}

/// After a worker restart: load the last data again (an uploaded file cannot be re-read, so
/// the page asks for it).
pub(super) fn replay(state: AppState) {
    match MEMORY.with(|m| m.borrow().last.clone()) {
        LastLoad::Demo => load_demo(state.load),
        LastLoad::Live => load_live(state.url, state.load, false),
        LastLoad::File(name) => state.load.failure.set(Some(Failure {
            job: 0,
            message: format!(
                "The worker restarted and lost the uploaded file {name}; please upload it again."
            ),
            partial_rows: 0,
        })),
        LastLoad::None => {}
    }
}

/// When a live load the page started by itself fails before any data are shown, load the
/// demo data instead and say so; returns whether it did.
pub(super) fn fall_back_to_demo(state: AppState, message: &str) -> bool {
    let implicit = MEMORY.with(|m| m.borrow().implicit_live);
    if !implicit || state.data.dataset.with_untracked(Option::is_some) {
        return false;
    }
    MEMORY.with(|m| m.borrow_mut().implicit_live = false);
    state.load.fell_back.set(true);
    state.notices.push(format!(
        "Live data could not be loaded ({message}). Showing synthetic demo data instead."
    ));
    load_demo(state.load);
    true
}
