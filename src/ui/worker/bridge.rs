//! The connection to the Web Worker: spawning it, sending requests, watching it, and
//! replacing it (terminating the old one and reloading the data it held) when it dies or
//! stops answering.
//!
//! The worker is watched three ways: its panic hook reports over a `BroadcastChannel`; the
//! `Worker` object's `error` and `messageerror` events catch deaths without the hook (out of
//! memory, a trap); and a heartbeat ([`Request::Ping`], every [`BEAT_MS`]) catches a worker
//! that no longer takes messages (an endless loop): no answer for [`SILENCE_MS`], seen on two
//! beats in a row (so a busy page thread that reads the answer late is not mistaken for it),
//! and the worker is terminated and replaced.

use std::cell::RefCell;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::state::AppState;
use crate::worker::messages::Request;
use crate::worker::runtime::{Runtime, CRASH_CHANNEL, TRAP_REPORT};

use super::{loads, router};

/// Crashes after which the page stops restarting the worker and shows the error.
const MAX_RESTARTS: u32 = 3;
/// How a worker that died without a panic is described.
const TRAPPED: &str = "it ran out of memory or hit a fatal error";
/// Wait after an `error` event before replacing the worker, ms (see [`listen_for_errors`]).
const ERROR_GRACE_MS: u32 = 500;
/// Interval of the heartbeat, ms.
pub const BEAT_MS: u32 = 5_000;
/// Silence after a heartbeat that counts as a worker no longer answering, ms. Longer than
/// the longest step the worker runs without taking messages (one analysis over the whole
/// history takes a few seconds).
pub const SILENCE_MS: f64 = 30_000.0;

#[wasm_bindgen(inline_js = r#"
let last = null;
export function crimecast_watch_worker_constructor() {
  if (globalThis.Worker.crimecastWatched) return;
  const Base = globalThis.Worker;
  class Watched extends Base {
    constructor(...args) { super(...args); last = this; }
  }
  Watched.crimecastWatched = true;
  globalThis.Worker = Watched;
}
export function crimecast_take_worker() { const w = last; last = null; return w; }
"#)]
extern "C" {
    /// Make every `Worker` constructed from now on remembered, so the page can hold the
    /// object the worker library creates (to listen to its errors and terminate it).
    fn crimecast_watch_worker_constructor();
    /// The `Worker` constructed last, if any (and forget it).
    fn crimecast_take_worker() -> JsValue;
}

/// The running worker and what the page knows about it.
struct Bridge {
    /// The worker's message bridge (None before the first spawn).
    worker: Option<WorkerBridge<Runtime>>,
    /// The worker object itself, to terminate it.
    handle: Option<web_sys::Worker>,
    /// A random id of the current worker, sent to it so its crash reports reach only us;
    /// reports and events of a replaced worker carry another and are ignored.
    instance: u32,
    /// Whether the crash channel and the heartbeat are running.
    watching: bool,
    /// Restarts so far.
    restarts: u32,
    /// Heartbeats sent so far.
    seq: u32,
    /// Time the unanswered heartbeat was sent, ms (None: the worker has answered since).
    awaiting: Option<f64>,
    /// Beats in a row that found the worker silent for longer than [`SILENCE_MS`].
    strikes: u32,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = const {
        RefCell::new(Bridge {
            worker: None,
            handle: None,
            instance: 0,
            watching: false,
            restarts: 0,
            seq: 0,
            awaiting: None,
            strikes: 0,
        })
    };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Spawn the worker and route its replies into `state`.
pub fn spawn(state: AppState) {
    crimecast_watch_worker_constructor();
    let worker = Runtime::spawner()
        .callback(move |r| router::on_response(state, r))
        .with_loader(true)
        .as_module(false)
        .spawn("./worker_loader.js");
    let handle = crimecast_take_worker().dyn_into::<web_sys::Worker>().ok();
    let instance = (js_sys::Math::random() * f64::from(u32::MAX - 1)) as u32 + 1;
    if let Some(h) = &handle {
        listen_for_errors(state, h, instance);
    }
    let (old, watch) = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let old = (
            b.worker.replace(worker),
            std::mem::replace(&mut b.handle, handle),
        );
        b.instance = instance;
        b.awaiting = None;
        b.strikes = 0;
        let watch = !b.watching;
        b.watching = true;
        (old, watch)
    });
    if let Some(h) = old.1 {
        h.terminate();
    }
    drop(old.0);
    send(Request::Init { instance });
    if watch {
        listen_for_crashes(state);
        beat(state);
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

/// The worker said something: it is alive.
pub(super) fn heard() {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.awaiting = None;
        b.strikes = 0;
    });
}

/// Crash the worker on purpose (test hook `?debug=worker-panic`).
pub fn debug_crash_worker() {
    send(Request::DebugPanic);
}

/// Make the worker loop forever (test hook `?debug=worker-hang`).
pub fn debug_hang_worker() {
    send(Request::DebugHang);
}

/// Make the worker run out of memory (test hook `?debug=worker-oom`).
pub fn debug_exhaust_worker() {
    send(Request::DebugOom);
}

/// The current worker's instance id.
fn current_instance() -> u32 {
    BRIDGE.with(|b| b.borrow().instance)
}

/// Replace the worker when the current one reports a crash over the crash channel.
fn listen_for_crashes(state: AppState) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CRASH_CHANNEL) else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let text = ev.data().as_string().unwrap_or_default();
            let instance = current_instance();
            if let Some(details) = text.strip_prefix(&format!("{instance}:")) {
                let why = if details == TRAP_REPORT {
                    format!("it stopped unexpectedly ({TRAPPED})")
                } else {
                    format!("it stopped unexpectedly: {details}")
                };
                restart(state, instance, &why);
            }
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    std::mem::forget(channel);
}

/// Replace the worker when its object reports an uncaught error or a message it could not
/// read (a death without the panic hook: out of memory, a trap).
fn listen_for_errors(state: AppState, worker: &web_sys::Worker, instance: u32) {
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let message = ev
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "an error without a message".to_string());
        let why = if message.contains("unreachable") || message.contains("memory") {
            format!("it stopped unexpectedly ({TRAPPED}: {message})")
        } else {
            format!("it stopped unexpectedly: {message}")
        };
        // Stop the dead instance at once: a message reaching it now would only raise new
        // panics over its poisoned state. A panic traps too, right after its hook reports the
        // panic's own message over the crash channel: give that report a moment to arrive
        // and name the cause first.
        terminate(instance);
        gloo_timers::callback::Timeout::new(ERROR_GRACE_MS, move || {
            restart(state, instance, &why);
        })
        .forget();
    });
    let on_message_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        restart(state, instance, "a message from it could not be read");
    });
    let _ = worker.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let _ = worker.add_event_listener_with_callback(
        "messageerror",
        on_message_error.as_ref().unchecked_ref(),
    );
    on_error.forget();
    on_message_error.forget();
}

/// Terminate the worker `instance` if it is still the current one (it stays current until
/// [`restart`] replaces it).
fn terminate(instance: u32) {
    BRIDGE.with(|b| {
        let b = b.borrow();
        if b.instance == instance {
            if let Some(h) = &b.handle {
                h.terminate();
            }
        }
    });
}

/// The heartbeat: every [`BEAT_MS`], send a ping, or count a strike when the last one has
/// gone unanswered for [`SILENCE_MS`]; two strikes replace the worker.
fn beat(state: AppState) {
    let ticker = gloo_timers::callback::Interval::new(BEAT_MS, move || {
        let now = now_ms();
        let (silent, ping, instance) = BRIDGE.with(|b| {
            let mut b = b.borrow_mut();
            match b.awaiting {
                Some(sent) if now - sent > SILENCE_MS => {
                    b.strikes += 1;
                    (b.strikes >= 2, None, b.instance)
                }
                Some(_) => (false, None, b.instance),
                None => {
                    b.seq = b.seq.wrapping_add(1);
                    b.awaiting = Some(now);
                    (false, Some(b.seq), b.instance)
                }
            }
        });
        if let Some(seq) = ping {
            send(Request::Ping { seq });
        }
        if silent {
            let secs = (SILENCE_MS / 1000.0).round();
            restart(
                state,
                instance,
                &format!("it stopped answering for more than {secs} seconds"),
            );
        }
    });
    ticker.forget();
}

/// Terminate the worker `instance` (if it is still the current one), clear what it was doing,
/// start a fresh one and replay the last load; after [`MAX_RESTARTS`], show the error.
fn restart(state: AppState, instance: u32, why: &str) {
    let restarts = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if b.instance != instance {
            return None;
        }
        // Reports that follow from the same death carry this instance: ignore them.
        b.instance = 0;
        b.restarts += 1;
        Some(b.restarts)
    });
    let Some(restarts) = restarts else {
        return;
    };
    if restarts > MAX_RESTARTS {
        crate::ui::panic::show(&format!(
            "The analysis worker failed {restarts} times; last: {why}"
        ));
        return;
    }
    state.notices.push(format!(
        "The analysis worker was replaced because {why}. A fresh one was started and the data are being reloaded."
    ));
    state.load.progress.set(None);
    state.analysis.settle();
    state.lstm.idle();
    spawn(state);
    loads::replay(state);
}
