//! The browser side of the worker: a gloo-worker that drives the [`Engine`], fetches what its
//! live loader asks for (the loader bounds and retries the requests), steps the running jobs
//! ([`Jobs`]), and yields between chunks of work so cancel requests are heard.

use std::collections::HashSet;

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::data::arcgis::{Reply, Window};

use super::engine::{Engine, DEMO_FIRST_MONTHS};
use super::jobs::Jobs;
use super::messages::{AnalysisSpec, Request, Response};

mod base;
mod boundaries;
pub mod cache;
mod gunzip;
pub mod idb;
mod jobs;
mod live;

pub use live::{fetch_reply, now_ms};

/// Name of the channel a crashed worker reports on.
pub const CRASH_CHANNEL: &str = "crimecast-worker-crash";
/// What the crash channel carries (after the instance id) for an instance that died without a
/// panic, found out by its next message.
pub const TRAP_REPORT: &str = "trap";

thread_local! {
    static INSTANCE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static PANICKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Install the worker's panic hook: log, then tell the page (over a BroadcastChannel, since
/// the worker's own message channel is gone once it has panicked) so it can restart it.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // After the first panic the instance is dead; later panics (its leftover timers
        // touching poisoned state) are not news.
        if PANICKED.with(|p| p.replace(true)) {
            return;
        }
        let instance = INSTANCE.with(std::cell::Cell::get);
        // The worker library finding its own state still borrowed means an earlier message
        // never returned: the instance had already died without a panic (out of memory, a
        // trap), and this is only the next message tripping over what it left.
        let text = info.to_string();
        let after_trap = info
            .location()
            .is_some_and(|l| l.file().contains("gloo-worker"))
            && text.contains("already borrowed");
        let report = if after_trap {
            format!("{instance}:{TRAP_REPORT}")
        } else {
            format!("{instance}:{text}")
        };
        if let Ok(ch) = web_sys::BroadcastChannel::new(CRASH_CHANNEL) {
            let _ = ch.post_message(&wasm_bindgen::JsValue::from_str(&report));
            ch.close();
        }
    }));
}

/// Loop forever without answering (the `debug=worker-hang` test hook).
fn debug_hang() -> ! {
    loop {
        std::hint::spin_loop();
    }
}

/// Take memory in 512 MB blocks until the allocator fails, which aborts the instance without
/// the panic hook (the `debug=worker-oom` test hook). The blocks are zeroed fresh memory, so
/// the machine commits little of it.
fn debug_exhaust_memory() {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(vec![0u8; 512 << 20]);
        std::hint::black_box(&hoard);
    }
}

/// A request still unanswered after this long is aborted, ms (the loader retries it after
/// its own, shorter deadline, and takes a late answer that comes first).
pub const REQUEST_TIMEOUT_MS: u32 = 40_000;
/// What a cancelled load says.
const CANCELLED: &str = "Cancelled. The data loaded before stays in place.";
/// Months of demo data generated per step after the first chunk.
const DEMO_STEP_MONTHS: usize = 3;

/// Internal messages (results of async work).
pub enum Msg {
    /// Time to generate the next demo months.
    DemoStep(u32),
    /// A live load's request was answered (or failed): job, send id, what came of it.
    LiveReply(u32, u64, Reply),
    /// The live load asked to be woken.
    LiveWake(u32),
    /// Time for the next step of a stepped job.
    Step(u32),
    /// A stepped job's steps are over: time to finish it.
    Finish(u32),
    /// The official boundaries next to the live load's source were fetched (or failed).
    Boundaries(u32, Box<super::messages::OfficialBoundaries>),
    /// The snapshot a live load may start from was looked for.
    LiveFound(Box<live::Pending>),
    /// The snapshot of the live load `job` was kept in the browser, or why not (the cache is
    /// then off for the rest of the visit).
    CacheKept(u32, Result<(), String>),
    /// The kept copies were forgotten (or why not), for the client that asked, job `job`.
    Forgotten(HandlerId, u32, Option<String>),
}

/// The worker.
pub struct Runtime {
    engine: Engine,
    clients: std::collections::HashMap<u32, HandlerId>,
    cancelled: HashSet<u32>,
    /// When the live load's next wake is set for, ms.
    live_wake: Option<i64>,
    jobs: Jobs,
    /// The official boundaries next to the live source.
    boundaries: boundaries::BoundaryFetch,
    /// The live load waiting for its snapshot to be looked for.
    pending_live: Option<u32>,
    /// The browser's cache failed this visit: nothing is read from it or kept in it.
    cache_off: bool,
    /// A load running when the kept copies were forgotten: its snapshot is not kept.
    unkept: Option<u32>,
}

/// Attach the size of this worker's WebAssembly memory to a dataset description.
fn with_memory(mut d: super::messages::Dataset) -> Box<super::messages::Dataset> {
    use wasm_bindgen::JsCast;
    d.wasm_memory_bytes = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map_or(0, |m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0, |b| b.byte_length() as u64)
        });
    Box::new(d)
}

fn respond(scope: &WorkerScope<Runtime>, id: HandlerId, r: Response) {
    scope.respond(id, r);
}

async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

impl Runtime {
    fn client(&self, job: u32) -> Option<HandlerId> {
        self.clients.get(&job).copied()
    }

    fn fail(&mut self, scope: &WorkerScope<Self>, job: u32, message: String) {
        let partial_rows = self.engine.abandon(job);
        if let Some(id) = self.client(job) {
            respond(
                scope,
                id,
                Response::Failed {
                    job,
                    message,
                    partial_rows,
                },
            );
        }
    }

    fn publish(&mut self, scope: &WorkerScope<Self>, job: u32) {
        if let (Some(id), Some(dataset)) = (self.client(job), self.engine.describe()) {
            respond(
                scope,
                id,
                Response::Loaded {
                    job,
                    dataset: with_memory(dataset),
                },
            );
        }
    }

    fn schedule_demo(scope: &WorkerScope<Self>, job: u32) {
        scope.send_future(async move {
            sleep_ms(0).await;
            Msg::DemoStep(job)
        });
    }
}

impl Worker for Runtime {
    type Message = Msg;
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Runtime {
            engine: Engine::new(),
            clients: Default::default(),
            cancelled: HashSet::new(),
            live_wake: None,
            jobs: Jobs::new(),
            boundaries: Default::default(),
            pending_live: None,
            cache_off: false,
            unkept: None,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Self::Message) {
        match msg {
            Msg::DemoStep(job) => {
                if self.cancelled.contains(&job) || self.engine.loading_job() != Some(job) {
                    return;
                }
                let count = if self.engine.demo_published(job) {
                    DEMO_STEP_MONTHS
                } else {
                    DEMO_FIRST_MONTHS
                };
                match self.engine.demo_step(job, count) {
                    Ok(step) => {
                        if let Some(id) = self.client(job) {
                            respond(
                                scope,
                                id,
                                Response::Progress {
                                    job,
                                    stage: "Generating synthetic demo data".into(),
                                    done: step.done,
                                    total: step.total,
                                },
                            );
                        }
                        if step.published {
                            self.publish(scope, job);
                        }
                        if !step.finished {
                            Self::schedule_demo(scope, job);
                        }
                    }
                    Err(e) => self.fail(scope, job, e.to_string()),
                }
            }
            Msg::LiveReply(job, id, reply) => self.on_live_reply(scope, job, id, reply),
            Msg::LiveWake(job) => self.on_live_wake(scope, job),
            Msg::Step(job) => self.job_step(scope, job),
            Msg::Finish(job) => self.job_finish(scope, job),
            Msg::Boundaries(job, b) => self.on_boundaries(scope, job, *b),
            Msg::LiveFound(p) => self.on_live_found(scope, *p),
            Msg::CacheKept(job, Err(why)) => self.cache_failed(scope, job, &why),
            Msg::CacheKept(_, Ok(())) => {}
            Msg::Forgotten(id, job, error) => {
                respond(scope, id, Response::CacheForgotten { job, error })
            }
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        match msg {
            Request::Init { instance } => INSTANCE.with(|i| i.set(instance)),
            Request::DebugPanic => panic!("the worker was asked to crash (debug=worker-panic)"),
            Request::DebugHang => debug_hang(),
            Request::DebugOom => debug_exhaust_memory(),
            Request::Ping { seq } => scope.respond(id, Response::Pong { seq }),
            Request::LoadDemo { job, seed, rules } => {
                self.clients.insert(job, id);
                self.cancel_running(scope);
                self.engine.demo_begin(job, seed, rules);
                Self::schedule_demo(scope, job);
            }
            Request::LoadLive {
                job,
                endpoint,
                first_day,
                last_day,
                rules,
                keep,
                site_data,
            } => {
                self.clients.insert(job, id);
                self.cancel_running(scope);
                match Window::new(first_day, last_day) {
                    Ok(w) if keep => self.find_base(scope, job, endpoint, w, rules, site_data),
                    Ok(w) => self.start_live(scope, job, endpoint, w, rules, None),
                    Err(e) => self.fail(scope, job, e.to_string()),
                }
            }
            Request::ForgetCache { job } => self.forget_cache(scope, id, job),
            Request::FileStart {
                job,
                name,
                size,
                kind,
                rules,
            } => {
                self.clients.insert(job, id);
                self.cancel_running(scope);
                self.engine.file_start(job, &name, kind, rules);
                respond(
                    scope,
                    id,
                    Response::Progress {
                        job,
                        stage: format!("Reading {name}"),
                        done: 0,
                        total: Some(size),
                    },
                );
            }
            Request::FileChunk { job, bytes } => {
                if self.cancelled.contains(&job) {
                    return;
                }
                match self.engine.file_chunk(job, &bytes) {
                    Ok(()) => respond(
                        scope,
                        id,
                        Response::Progress {
                            job,
                            stage: "Reading file".into(),
                            done: bytes.len() as u64,
                            total: None,
                        },
                    ),
                    Err(e) => self.fail(scope, job, e.to_string()),
                }
            }
            Request::FileEnd { job } => {
                if self.cancelled.contains(&job) {
                    return;
                }
                match self.engine.file_end(job) {
                    Ok(dataset) => respond(
                        scope,
                        id,
                        Response::Loaded {
                            job,
                            dataset: with_memory(dataset),
                        },
                    ),
                    Err(e) => self.fail(scope, job, e.to_string()),
                }
            }
            Request::Cancel { job } => {
                self.cancelled.insert(job);
                if self.job_cancel(scope, job) || self.cancel_pending(scope, job, CANCELLED) {
                    return;
                }
                if self.engine.loading_job() == Some(job) {
                    self.fail(scope, job, CANCELLED.into());
                }
            }
            Request::UsePartial { job } => match self.engine.use_partial(job) {
                Ok(dataset) => respond(
                    scope,
                    id,
                    Response::Loaded {
                        job,
                        dataset: with_memory(dataset),
                    },
                ),
                Err(e) => respond(scope, id, Response::failed(job, e.to_string())),
            },
            Request::Analyze {
                job,
                filter,
                spec: AnalysisSpec::Allocation(spec),
            } => self.start_allocation(scope, id, job, &filter, &spec),
            Request::Analyze { job, filter, spec } => {
                self.clear_analysis(scope);
                self.analyze(scope, id, job, &filter, &spec);
            }
            Request::LoadLayer { job, name, bytes } => {
                match self.engine.load_layer(&name, &bytes) {
                    Ok(info) => respond(scope, id, Response::Layer { job, info }),
                    Err(e) => respond(scope, id, Response::failed(job, e.to_string())),
                }
            }
            Request::TrainLstm {
                job,
                filter,
                settings,
            } => self.train_start(scope, id, job, &filter, settings),
            Request::StopTraining { job } => self.job_stop(job),
            Request::ImportLstm {
                job,
                filter,
                test_weeks,
                json,
            } => self.import_model(scope, id, job, &filter, test_weeks, &json),
            Request::Overview { job, filter } => {
                match self.engine.overview(&filter) {
                    Ok(o) => respond(
                        scope,
                        id,
                        Response::Overview {
                            job,
                            overview: Box::new(o),
                        },
                    ),
                    Err(e) => respond(scope, id, Response::failed(job, e.to_string())),
                }
                // Answered from the counts: the starting snapshot's rows can go in now.
                if self.engine.live_base_asked() {
                    if let Some(load) = self.engine.loading_job() {
                        self.live_tick(scope, load);
                    }
                }
            }
        }
    }
}

impl Runtime {
    /// Run a one-shot analysis and send its result with the fingerprint of the rows it read.
    fn analyze(
        &mut self,
        scope: &WorkerScope<Self>,
        id: HandlerId,
        job: u32,
        filter: &crate::data::filter::Filter,
        spec: &AnalysisSpec,
    ) {
        match self.engine.analyze(filter, spec) {
            Ok(result) => {
                let fingerprint = self.engine.fingerprint(filter).ok();
                respond(
                    scope,
                    id,
                    Response::Analysis {
                        job,
                        result,
                        fingerprint,
                    },
                )
            }
            Err(e) => respond(scope, id, Response::failed(job, e.to_string())),
        }
    }

    fn cancel_running(&mut self, scope: &WorkerScope<Self>) {
        if let Some(pending) = self.pending_live {
            self.cancelled.insert(pending);
            self.cancel_pending(scope, pending, "Replaced by a newer load.");
        }
        if let Some(running) = self.engine.loading_job() {
            self.cancelled.insert(running);
            self.fail(scope, running, "Replaced by a newer load.".into());
        }
    }
}
