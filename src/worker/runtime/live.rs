//! Live loading: fetching pages from the ArcGIS API with bounded parallelism, retries with
//! back-off, and the count and statistics queries.

use std::collections::{BTreeMap, VecDeque};

use gloo_worker::{HandlerId, WorkerScope};

use crate::data::arcgis::{self, Query, RetryPolicy, Window, MAX_PAGE};
use crate::data::clean::CleanRules;
use crate::worker::messages::{LiveSummary, Response};
use crate::worker::Error;

use super::{respond, sleep_ms, with_memory, Msg, Runtime, PARALLEL_PAGES, REQUEST_TIMEOUT_MS};

/// Why a fetch failed.
pub struct FetchError {
    message: String,
    retry_after_s: Option<u32>,
    retryable: bool,
}

/// A live load in progress: pages queued, in flight and done.
pub(super) struct LiveJob {
    pub(super) job: u32,
    pub(super) client: HandlerId,
    pub(super) query: Query,
    pub(super) queue: VecDeque<(u64, u32)>,
    pub(super) in_flight: usize,
    pub(super) next_offset: u64,
    pub(super) total: Option<u64>,
    pub(super) pages_done: u64,
    /// Pages fetched but not loaded yet (an earlier page is still on its way), by offset.
    pub(super) arrived: BTreeMap<u64, (u32, String)>,
    /// The offset of the next page to load.
    pub(super) next_load: u64,
}

/// GET `url` as text with a timeout. HTTP errors, timeouts and network failures are errors.
pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
    let controller = web_sys::AbortController::new().map_err(|_| FetchError {
        message: "the browser cannot create a request".into(),
        retry_after_s: None,
        retryable: false,
    })?;
    let signal = controller.signal();
    let timer = gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || controller.abort());
    let result = gloo_net::http::Request::get(url)
        .abort_signal(Some(&signal))
        .send()
        .await;
    let out = match result {
        Err(e) => {
            let aborted = signal.aborted();
            Err(FetchError {
                message: if aborted {
                    format!("no answer within {} s", REQUEST_TIMEOUT_MS / 1000)
                } else {
                    format!("could not reach the data service ({e}); check the connection")
                },
                retry_after_s: None,
                retryable: true,
            })
        }
        Ok(resp) if resp.ok() => resp.text().await.map_err(|e| FetchError {
            message: format!("the reply was cut off ({e})"),
            retry_after_s: None,
            retryable: true,
        }),
        Ok(resp) => {
            let status = resp.status();
            let retry_after_s = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.trim().parse().ok());
            Err(FetchError {
                message: format!("HTTP {status} {}", resp.status_text()),
                retry_after_s,
                retryable: RetryPolicy::retryable_status(status),
            })
        }
    };
    drop(timer);
    out
}

impl Runtime {
    pub(super) fn start_live(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        endpoint: String,
        window: Window,
        rules: CleanRules,
    ) {
        let query = self.engine.live_begin(job, &endpoint, window, rules);
        let count_url = query.count_url();
        scope.send_future(async move {
            let r = match fetch_text(&count_url).await {
                Ok(text) => arcgis::parse_count(&text).map_err(|e| e.to_string()),
                Err(e) => Err(e.message),
            };
            Msg::Count(job, r)
        });
        let (cat_url, pre_url) = (
            query.stats_url("offense_category"),
            query.stats_url("police_precinct"),
        );
        scope.send_future(async move {
            let get = |url: String, field: &'static str| async move {
                let text = fetch_text(&url).await.map_err(|e| e.message)?;
                arcgis::parse_stats(&text, field).map_err(|e| e.to_string())
            };
            let r = async {
                let mut by_category = get(cat_url, "offense_category").await?;
                let mut by_precinct = get(pre_url, "police_precinct").await?;
                by_category.sort_by_key(|c| std::cmp::Reverse(c.1));
                by_precinct.sort_by_key(|c| std::cmp::Reverse(c.1));
                let total = by_category.iter().map(|c| c.1).sum();
                Ok(LiveSummary {
                    total,
                    by_category,
                    by_precinct,
                })
            }
            .await;
            Msg::Stats(job, r)
        });
        let client = self.client(job);
        self.live = client.map(|client| LiveJob {
            job,
            client,
            query,
            queue: VecDeque::new(),
            in_flight: 0,
            next_offset: 0,
            total: None,
            pages_done: 0,
            arrived: BTreeMap::new(),
            next_load: 0,
        });
    }

    pub(super) fn pump(&mut self, scope: &WorkerScope<Self>) {
        let Some(live) = &mut self.live else { return };
        // Pages waiting for an earlier one are held in memory: bound them too.
        while live.in_flight < PARALLEL_PAGES && live.arrived.len() < 2 * PARALLEL_PAGES {
            let Some((offset, attempt)) = live.queue.pop_front() else {
                break;
            };
            live.in_flight += 1;
            let url = live.query.page_url(offset, MAX_PAGE);
            let job = live.job;
            scope.send_future(
                async move { Msg::Page(job, offset, attempt, fetch_text(&url).await) },
            );
        }
    }

    pub(super) fn on_page(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        offset: u64,
        attempt: u32,
        r: Result<String, FetchError>,
    ) {
        let Some(live) = self.live.as_mut().filter(|l| l.job == job) else {
            return;
        };
        live.in_flight -= 1;
        match r {
            Ok(text) => {
                live.arrived.insert(offset, (attempt, text));
                self.load_arrived(scope, job);
            }
            Err(e) => self.retry_or_stop(scope, job, offset, attempt, e),
        }
        self.finish_live_if_done(scope, job);
        self.pump(scope);
    }

    /// Load the pages that have arrived, in offset order: pages are checked against the
    /// object ids before them, so a page waits until every earlier page is loaded.
    fn load_arrived(&mut self, scope: &WorkerScope<Self>, job: u32) {
        loop {
            let Some(live) = self.live.as_mut().filter(|l| l.job == job) else {
                return;
            };
            let offset = live.next_load;
            let Some((attempt, text)) = live.arrived.remove(&offset) else {
                return;
            };
            let page = match self.engine.live_page(job, &text) {
                Ok(page) => page,
                Err(Error::Data(e @ crate::data::Error::Schema { .. })) => {
                    return self.fail(
                        scope,
                        job,
                        format!("The data service changed its fields: {e}"),
                    );
                }
                Err(e) => {
                    let e = FetchError {
                        message: e.to_string(),
                        retry_after_s: None,
                        retryable: true,
                    };
                    return self.retry_or_stop(scope, job, offset, attempt, e);
                }
            };
            let Some(live) = self.live.as_mut() else {
                return;
            };
            live.pages_done += 1;
            live.next_load += u64::from(MAX_PAGE);
            // Past the announced total the server may still have rows (new incidents).
            let last_planned = live.next_offset <= offset + u64::from(MAX_PAGE);
            if page.more && last_planned && page.rows > 0 {
                live.queue.push_back((live.next_offset, 1));
                live.next_offset += u64::from(MAX_PAGE);
            }
            let done = self.engine.rows_read(job);
            let (client, total) = (live.client, live.total);
            respond(
                scope,
                client,
                Response::Progress {
                    job,
                    stage: "Loading live rows".into(),
                    done,
                    total: total.map(|t| t.max(done)),
                },
            );
        }
    }

    /// Fetch the page at `offset` again after a delay, or stop the load when the error is
    /// not worth retrying or the attempts are used up.
    fn retry_or_stop(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        offset: u64,
        attempt: u32,
        e: FetchError,
    ) {
        let Some(live) = self.live.as_mut().filter(|l| l.job == job) else {
            return;
        };
        if !e.retryable || attempt >= self.policy.attempts {
            let msg = format!(
                "Loading stopped: the page at row {offset} failed {attempt} time(s) ({}). Rows already shown are kept.",
                e.message
            );
            return self.fail(scope, job, msg);
        }
        let delay = self.policy.delay_ms(attempt, e.retry_after_s);
        respond(
            scope,
            live.client,
            Response::notice(
                job,
                format!(
                    "The page at row {offset} failed ({}); retrying in {:.1} s (attempt {} of {}).",
                    e.message,
                    f64::from(delay) / 1000.0,
                    attempt + 1,
                    self.policy.attempts
                ),
            ),
        );
        live.in_flight += 1; // reserved for the retry
        scope.send_future(async move {
            sleep_ms(delay).await;
            Msg::Retry(job, offset, attempt + 1)
        });
    }

    pub(super) fn finish_live_if_done(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let done = self.live.as_ref().is_some_and(|l| {
            l.job == job
                && l.in_flight == 0
                && l.queue.is_empty()
                && l.arrived.is_empty()
                && l.total.is_some()
        });
        if !done {
            return;
        }
        if let Some(live) = self.live.take() {
            let read = self.engine.rows_read(job);
            if let Some(total) = live.total.filter(|&t| t > read) {
                respond(
                    scope,
                    live.client,
                    Response::notice(
                        job,
                        format!(
                            "The data service counted {total} rows in this window but sent {read}: {} row(s) are missing (removed while loading?).",
                            total - read
                        ),
                    ),
                );
            }
        }
        match self.engine.promote(job) {
            Ok(dataset) => {
                if let Some(id) = self.client(job) {
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
            Err(e) => self.fail(scope, job, e.to_string()),
        }
    }
}
