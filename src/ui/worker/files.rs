//! Files from the reader's computer: streaming an uploaded data file to the worker chunk by
//! chunk (each chunk waits for the worker's acknowledgement, a progress report, so memory
//! stays flat), reading a point layer whole, and the file inputs themselves.

use std::cell::RefCell;

use futures::channel::oneshot;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::data::point_layer::MAX_LAYER_BYTES;
use crate::ui::state::{Failure, LayerState, LoadState};
use crate::worker::messages::Request;

use super::bridge::send;
use super::jobs::JobKind;
use super::with_jobs;

/// Bytes read from an uploaded file per message.
pub const CHUNK_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

thread_local! {
    /// Resolved when the worker has processed the chunk in flight.
    static ACK: RefCell<Option<oneshot::Sender<()>>> = const { RefCell::new(None) };
}

/// The worker processed the chunk in flight: send the next one.
pub(super) fn acknowledge() {
    if let Some(tx) = ACK.with(|a| a.borrow_mut().take()) {
        let _ = tx.send(());
    }
}

/// The load failed: stop streaming (the failure is shown by the router).
pub(super) fn drop_acknowledgement() {
    ACK.with(|a| a.borrow_mut().take());
}

/// Send `file` to the worker as chunks of load `job`, waiting for each to be processed, then
/// end the file; stops when another load replaces this one or the job fails.
pub(super) fn stream(load: LoadState, job: u32, file: web_sys::File) {
    let size = file.size();
    wasm_bindgen_futures::spawn_local(async move {
        let mut offset = 0.0;
        while offset < size {
            if with_jobs(|j| j.current(JobKind::Load)) != Some(job) {
                return; // replaced by another load
            }
            let end = (offset + CHUNK_BYTES).min(size);
            let Ok(blob) = file.slice_with_f64_and_f64(offset, end) else {
                break;
            };
            let Ok(buf) = JsFuture::from(blob.array_buffer()).await else {
                load.failure.set(Some(Failure {
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
/// worker, which parses it; the reply sets [`LayerState::info`] or [`LayerState::error`].
pub fn upload_layer(layer: LayerState, file: web_sys::File) {
    let name = file.name();
    if file.size() > MAX_LAYER_BYTES as f64 {
        layer.error.set(Some(format!(
            "{name} is too large: point layers must be under {} MB.",
            MAX_LAYER_BYTES >> 20
        )));
        return;
    }
    let job = with_jobs(|j| j.start(JobKind::Layer));
    layer.busy.set(true);
    layer.error.set(None);
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                send(Request::LoadLayer { job, name, bytes });
            }
            Err(_) => {
                layer.busy.set(false);
                layer
                    .error
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
