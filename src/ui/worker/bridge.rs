//! The connection to the Web Worker: spawning it, sending requests, and restarting it (and
//! reloading the data it held) when it reports a crash.

use std::cell::RefCell;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::state::AppState;
use crate::worker::messages::Request;
use crate::worker::runtime::{Runtime, CRASH_CHANNEL};

use super::{loads, router};

/// Crashes after which the page stops restarting the worker and shows the error.
const MAX_RESTARTS: u32 = 3;

/// The running worker and what the page knows about its crashes.
struct Bridge {
    /// The worker (None before the first spawn).
    worker: Option<WorkerBridge<Runtime>>,
    /// A random id of this page, sent to the worker so its crash reports reach only us.
    instance: u32,
    /// Whether the crash channel is being listened to.
    listening: bool,
    /// Restarts so far.
    restarts: u32,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = const {
        RefCell::new(Bridge {
            worker: None,
            instance: 0,
            listening: false,
            restarts: 0,
        })
    };
}

/// Spawn the worker and route its replies into `state`.
pub fn spawn(state: AppState) {
    let worker = Runtime::spawner()
        .callback(move |r| router::on_response(state, r))
        .with_loader(true)
        .as_module(false)
        .spawn("./worker_loader.js");
    let (old, instance, listen) = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let old = b.worker.replace(worker);
        if b.instance == 0 {
            b.instance = (js_sys::Math::random() * f64::from(u32::MAX - 1)) as u32 + 1;
        }
        let listen = !b.listening;
        b.listening = true;
        (old, b.instance, listen)
    });
    drop(old);
    send(Request::Init { instance });
    if listen {
        listen_for_crashes(state, instance);
    }
}

/// Send a request to the worker (dropped before the first spawn).
pub(super) fn send(req: Request) {
    BRIDGE.with(|b| {
        if let Some(w) = b.borrow().worker.as_ref() {
            w.send(req);
        }
    });
}

/// Crash the worker on purpose (test hook `?debug=worker-panic`).
pub fn debug_crash_worker() {
    send(Request::DebugPanic);
}

/// Restart the worker when it reports a crash, and reload the data it held.
fn listen_for_crashes(state: AppState, instance: u32) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CRASH_CHANNEL) else {
        return;
    };
    let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |ev: web_sys::MessageEvent| {
            let text = ev.data().as_string().unwrap_or_default();
            if let Some(details) = text.strip_prefix(&format!("{instance}:")) {
                restart(state, details);
            }
        },
    );
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    std::mem::forget(channel);
}

/// Respawn the crashed worker, clear what it was doing, and replay the last load.
fn restart(state: AppState, details: &str) {
    let restarts = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.restarts += 1;
        b.restarts
    });
    if restarts > MAX_RESTARTS {
        crate::ui::panic::show(&format!(
            "The analysis worker crashed {restarts} times; last error: {details}"
        ));
        return;
    }
    state.notices.push(format!(
        "The analysis worker stopped unexpectedly ({details}). It was restarted and the data are being reloaded."
    ));
    state.load.progress.set(None);
    state.analysis.settle();
    state.lstm.idle();
    spawn(state);
    loads::replay(state);
}
