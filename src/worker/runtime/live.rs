//! Live loading in the browser: the engine's loader decides what to ask for and when; this
//! fetches each request (bytes, with a deadline), hands back what came of it with the time,
//! wakes the loader when it asks to be woken, and passes its replies on to the page.

use gloo_worker::{HandlerId, WorkerScope};

use crate::data::arcgis::{Reply, Window};
use crate::data::clean::CleanRules;
use crate::worker::messages::{BaseKind, Response};

use super::base::{self, Found};
use super::cache;
use super::{respond, sleep_ms, with_memory, Msg, Runtime, REQUEST_TIMEOUT_MS};

/// A live load that keeps a copy, waiting for its starting snapshot to be looked for.
pub struct Pending {
    job: u32,
    endpoint: String,
    window: Window,
    rules: CleanRules,
    found: Found,
}

/// Milliseconds since the epoch (the loader only needs a monotonic-enough clock).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// GET `url` and say what came of it: the body's bytes on a 2xx, the status (with
/// `Retry-After` where the browser lets it be read) otherwise, a network failure, or no
/// answer within the deadline.
pub async fn fetch_reply(url: &str) -> Reply {
    let Ok(controller) = web_sys::AbortController::new() else {
        return Reply::Network("the browser cannot create a request".into());
    };
    let signal = controller.signal();
    let timer = gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || controller.abort());
    let result = gloo_net::http::Request::get(url)
        .abort_signal(Some(&signal))
        .send()
        .await;
    let reply = match result {
        Err(_) if signal.aborted() => Reply::TimedOut,
        Err(e) => Reply::Network(format!(
            "could not reach the data service ({e}); check the connection"
        )),
        Ok(resp) if resp.ok() => match resp.binary().await {
            Ok(bytes) => Reply::Body(bytes),
            Err(_) if signal.aborted() => Reply::TimedOut,
            Err(e) => Reply::Network(format!("the reply was cut off ({e})")),
        },
        Ok(resp) => Reply::Http {
            status: resp.status(),
            retry_after_s: resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.trim().parse().ok()),
        },
    };
    drop(timer);
    reply
}

impl Runtime {
    /// Look for the snapshot the live load `job` may start from (the browser's copy, the
    /// site's), then start it keeping a copy.
    pub(super) fn find_base(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        endpoint: String,
        window: Window,
        rules: CleanRules,
        site_data: Option<String>,
    ) {
        self.pending_live = Some(job);
        if let Some(client) = self.client(job) {
            let stage = "Looking for data kept from an earlier visit".into();
            let progress = Response::Progress {
                job,
                stage,
                done: 0,
                total: None,
            };
            respond(scope, client, progress);
        }
        let use_cache = !self.cache_off;
        scope.send_future(async move {
            let found = base::find(&endpoint, window, use_cache, site_data.as_deref()).await;
            Msg::LiveFound(Box::new(Pending {
                job,
                endpoint,
                window,
                rules,
                found,
            }))
        });
    }

    /// The snapshot was looked for: start the load (unless it was replaced or cancelled).
    pub(super) fn on_live_found(&mut self, scope: &WorkerScope<Self>, p: Pending) {
        if self.pending_live != Some(p.job) || self.cancelled.contains(&p.job) {
            return;
        }
        self.pending_live = None;
        if let Some(why) = p.found.cache_failed {
            self.cache_failed(scope, p.job, &why);
        }
        let from = Some(p.found.from);
        self.start_live(scope, p.job, p.endpoint, p.window, p.rules, from);
    }

    /// Fail the load `job` still waiting for its snapshot with `message`; returns whether
    /// there was one.
    pub(super) fn cancel_pending(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        message: &str,
    ) -> bool {
        if self.pending_live != Some(job) {
            return false;
        }
        self.pending_live = None;
        if let Some(client) = self.client(job) {
            respond(scope, client, Response::failed(job, message));
        }
        true
    }

    /// The browser's cache failed: turn it off for the visit and tell the page, in words.
    pub(super) fn cache_failed(&mut self, scope: &WorkerScope<Self>, job: u32, why: &str) {
        if std::mem::replace(&mut self.cache_off, true) {
            return;
        }
        if let Some(client) = self.client(job) {
            let message = format!(
                "This browser could not keep a copy of the data ({why}): the next visit loads it all again. Nothing shown is lost."
            );
            respond(scope, client, Response::notice(job, message));
        }
    }

    /// Forget the kept copies, and answer client `id` when done.
    pub(super) fn forget_cache(&mut self, scope: &WorkerScope<Self>, id: HandlerId, job: u32) {
        self.unkept = self.engine.loading_job();
        scope.send_future(async move { Msg::Forgotten(id, job, cache::clear().await.err()) });
    }

    /// Keep the snapshot of the live load `job` that just ended, if it made one.
    fn keep_snapshot(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let Some(kept) = self.engine.take_snapshot() else {
            return;
        };
        if self.cache_off || self.unkept == Some(job) {
            return;
        }
        scope.send_future(async move { Msg::CacheKept(job, cache::put(&kept).await) });
    }

    /// Start the live load `job`: keeping a copy and starting from `from` when that is
    /// given (`Some(None)`: keeping a copy, starting from nothing).
    pub(super) fn start_live(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        endpoint: String,
        window: Window,
        rules: CleanRules,
        from: Option<Option<(Vec<u8>, BaseKind)>>,
    ) {
        let begun = match from {
            Some(from) => self
                .engine
                .live_begin_cached(job, &endpoint, window, rules, now_ms(), from)
                .map(|_| ()),
            None => self
                .engine
                .live_begin(job, &endpoint, window, rules, now_ms()),
        };
        match begun {
            Ok(()) => {
                self.boundaries.begin(&endpoint);
                self.live_wake = None;
                self.live_tick(scope, job);
            }
            Err(e) => self.fail(scope, job, e.to_string()),
        }
    }

    /// What became of send `id` of the live load `job`.
    pub(super) fn on_live_reply(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        id: u64,
        reply: Reply,
    ) {
        if self.cancelled.contains(&job) {
            return;
        }
        self.engine.live_reply(job, id, now_ms(), reply);
        self.live_tick(scope, job);
    }

    /// The loader asked to be woken.
    pub(super) fn on_live_wake(&mut self, scope: &WorkerScope<Self>, job: u32) {
        if self.cancelled.contains(&job) || self.engine.loading_job() != Some(job) {
            return;
        }
        if self.live_wake.is_some_and(|w| w <= now_ms()) {
            self.live_wake = None;
        }
        self.live_tick(scope, job);
    }

    /// Poll the loader: send what it asks for, pass its replies on, and set the next wake.
    pub(super) fn live_tick(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let now = now_ms();
        let tick = self.engine.live_poll(job, now);
        for s in tick.send {
            let id = s.id;
            scope.send_future(async move { Msg::LiveReply(job, id, fetch_reply(&s.url).await) });
        }
        let due = tick
            .responses
            .iter()
            .any(|r| matches!(r, Response::Summary { .. } | Response::Loaded { .. }));
        if due {
            self.boundaries_due(scope, job);
        }
        if let Some(client) = self.client(job) {
            for r in tick.responses {
                let r = match r {
                    Response::Loaded { job, dataset } => Response::Loaded {
                        job,
                        dataset: with_memory(*dataset),
                    },
                    other => other,
                };
                respond(scope, client, r);
            }
        }
        if tick.over {
            self.live_wake = None;
            self.keep_snapshot(scope, job);
            return;
        }
        if let Some(at) = tick.wake_at {
            // One timer at a time, unless an earlier wake is asked for.
            if self.live_wake.is_none_or(|w| at < w) {
                self.live_wake = Some(at);
                let delay = (at - now).clamp(0, i64::from(u32::MAX)) as u32;
                scope.send_future(async move {
                    sleep_ms(delay).await;
                    Msg::LiveWake(job)
                });
            }
        }
    }
}
