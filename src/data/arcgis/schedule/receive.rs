//! What came back: bodies parsed by kind (the description, counts, pages), failures retried
//! with `Retry-After` or backoff, and what a load does without a request that keeps failing.

use super::{Event, Loader, MonthRows, Rank, Reply, Request, SendId, TaskState};
use crate::data::arcgis::metadata::{parse_layer, Format, Plan};
use crate::data::arcgis::pages;
use crate::data::arcgis::reply::parse_count;
use crate::data::arcgis::retry::RetryPolicy;
use crate::data::arcgis::stats::parse_grouped;
use crate::data::Error;

/// The most offense rows a month's count may claim (Detroit records under 10,000 a month); a
/// larger count is taken as no count at all, so a garbled reply cannot plan millions of
/// pages.
pub const MAX_MONTH_ROWS: u64 = 2_000_000;

/// Why a request failed, and whether to try again.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Failure {
    message: String,
    retryable: bool,
    retry_after_ms: Option<u64>,
    /// Whether every request should wait (429, or any `Retry-After`).
    throttle: bool,
}

impl Failure {
    /// A failure worth retrying after the usual backoff.
    pub(super) fn retry(message: String) -> Failure {
        Failure {
            message,
            retryable: true,
            retry_after_ms: None,
            throttle: false,
        }
    }

    fn of_error(e: &Error) -> Failure {
        let retryable = match e {
            // Error objects: 429 and 5xx (e.g. "Unable to perform query") pass; a bad query
            // (400), a missing layer or a token demand do not.
            Error::Service { code, .. } => *code == 429 || *code >= 500,
            // A reply cut off in transit.
            Error::Parse(_) => true,
            _ => false,
        };
        Failure {
            message: e.to_string(),
            retryable,
            retry_after_ms: None,
            throttle: false,
        }
    }
}

fn text(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|_| Error::Parse("the reply is not UTF-8".into()))
}

impl Loader {
    /// Tell the loader what became of send `id` at `now` (ms). Unknown or superseded sends
    /// are ignored; a late answer to a request that timed out is still taken.
    pub fn on_reply(&mut self, id: SendId, now: i64, reply: Reply) {
        let Some(&(rank, format)) = self.sends.get(&id) else {
            return;
        };
        let Some(task) = self.tasks.get(&rank) else {
            return;
        };
        let current = matches!(task.state, TaskState::InFlight { send, .. } if send == id);
        match reply {
            Reply::Body(bytes) => {
                if matches!(task.state, TaskState::Waiting | TaskState::InFlight { .. }) {
                    self.sends.retain(|_, (r, _)| *r != rank);
                    self.accept(rank, format, &bytes, now);
                }
            }
            _ if !current => {}
            Reply::Http {
                status,
                retry_after_s,
            } => {
                let retry_after_ms = retry_after_s
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .map(|s| (s * 1000.0) as u64);
                self.fail(
                    rank,
                    Failure {
                        message: format!("HTTP {status}"),
                        retryable: RetryPolicy::retryable_status(status) || status == 408,
                        retry_after_ms,
                        throttle: status == 429 || retry_after_ms.is_some(),
                    },
                    now,
                );
            }
            Reply::Network(message) => self.fail(rank, Failure::retry(message), now),
            Reply::TimedOut => self.fail(rank, Failure::retry("no answer in time".into()), now),
        }
    }

    fn accept(&mut self, rank: Rank, format: Format, bytes: &[u8], now: i64) {
        let request = self.tasks[&rank].request;
        let outcome: Result<(), Error> =
            match request {
                Request::Metadata => {
                    text(bytes)
                        .and_then(parse_layer)
                        .map(|info| match Plan::from_layer(&info) {
                            Ok(plan) if self.params.standard_pages => {
                                self.settle_plan(plan.with_standard_pages(&info), now)
                            }
                            Ok(plan) => self.settle_plan(plan, now),
                            Err(e) => {
                                self.failed = Some(format!(
                                    "The data service's layer lacks a field crimecast needs: {e}"
                                ))
                            }
                        })
                }
                Request::HeadlineStats(k) => text(bytes)
                    .and_then(|t| parse_grouped(t, &self.plan))
                    .map(|cells| {
                        self.counts.set_headline_cells(k, &cells);
                        self.events.push(Event::HeadlineCounts(k));
                    }),
                Request::HeadlineIncidents(k) => text(bytes).and_then(parse_count).map(|n| {
                    self.counts.set_headline_incidents(k, n);
                    self.events.push(Event::HeadlineCounts(k));
                }),
                Request::WindowStats => {
                    text(bytes)
                        .and_then(|t| parse_grouped(t, &self.plan))
                        .map(|cells| {
                            self.counts.set_window_cells(&cells);
                            self.events.push(Event::WindowCounts);
                        })
                }
                Request::WindowIncidents => text(bytes).and_then(parse_count).map(|n| {
                    self.counts.set_window_incidents(n);
                    self.events.push(Event::WindowCounts);
                }),
                Request::MonthStats(m) => text(bytes)
                    .and_then(|t| parse_grouped(t, &self.plan))
                    .map(|cells| {
                        self.counts.set_month_cells(m, &cells);
                        let rows = self.counts.month_rows(m).unwrap_or(0);
                        self.month_known(m, rows, now);
                    }),
                Request::MonthCount(m) => text(bytes).and_then(parse_count).map(|rows| {
                    self.counts.set_month_rows(m, rows);
                    self.month_known(m, rows, now);
                }),
                Request::MonthIncidents(m) => text(bytes).and_then(parse_count).map(|n| {
                    self.counts.set_month_incidents(m, n);
                    self.events.push(Event::MonthCounts(m));
                }),
                Request::RefreshCount(m) => text(bytes)
                    .and_then(parse_count)
                    .map(|rows| self.refresh_counted(m, Some(rows), now)),
                Request::Page { run, offset, size } => pages::decode(bytes, format).map(|page| {
                    if let Some(r) = self.runs.get_mut(run) {
                        r.held.insert(offset, (size, page));
                    }
                    if let Some(t) = self.tasks.get_mut(&rank) {
                        t.state = TaskState::Held;
                    }
                    self.drain_run(run, now);
                    self.refresh_step(now);
                }),
            };
        match outcome {
            Ok(()) => {
                self.last_answer = now;
                self.answered = true;
                if let Some(t) = self.tasks.get_mut(&rank) {
                    if !matches!(t.request, Request::Page { .. }) {
                        t.state = TaskState::Done;
                    }
                }
            }
            Err(e) => self.fail(rank, Failure::of_error(&e), now),
        }
    }

    pub(super) fn month_known(&mut self, m: usize, rows: u64, now: i64) {
        let plausible = rows <= MAX_MONTH_ROWS;
        if !plausible {
            let month = self.months.get(m).map_or_else(String::new, |s| s.label());
            self.notice(format!(
                "The data service counted {rows} rows for {month}, more than any month can hold; its rows are read until the service says no more follow."
            ));
        }
        if let Some(slot) = self.month_rows.get_mut(m) {
            if *slot == MonthRows::Pending {
                *slot = if plausible {
                    MonthRows::Known(rows)
                } else {
                    MonthRows::Unknown
                };
            }
        }
        self.events.push(Event::MonthCounts(m));
        self.plan_runs(now);
    }

    /// Retry a page whose rows broke continuity.
    pub(super) fn retry_page(&mut self, rank: Rank, message: String, now: i64) {
        self.fail(rank, Failure::retry(message), now);
    }

    /// Retry after the server's `Retry-After` or a backoff, or give up on the request.
    pub(super) fn fail(&mut self, rank: Rank, failure: Failure, now: i64) {
        let Some(task) = self.tasks.get(&rank) else {
            return;
        };
        let (request, sends) = (task.request, task.sends);
        let attempts = match request {
            // Without a description the defaults work: do not hold the load up for it.
            Request::Metadata => self.params.attempts.min(2),
            _ => self.params.attempts,
        };
        let what = self.describe(request);
        if failure.retryable && sends < attempts {
            let delay = self.backoff.delay_ms(sends, failure.retry_after_ms);
            if failure.throttle {
                self.throttle_until = self.throttle_until.max(now + delay as i64);
            }
            if let Some(t) = self.tasks.get_mut(&rank) {
                t.state = TaskState::Waiting;
                t.due = now + delay as i64;
                t.last_error = Some(failure.message.clone());
            }
            self.notice(format!(
                "{} failed ({}); retrying in {:.1} s (attempt {} of {attempts}).",
                capitalise(&what),
                failure.message,
                delay as f64 / 1000.0,
                sends + 1
            ));
            return;
        }
        if let Some(t) = self.tasks.get_mut(&rank) {
            t.state = TaskState::Done;
            t.last_error = Some(failure.message.clone());
        }
        self.sends.retain(|_, (r, _)| *r != rank);
        let why = format!("{what} failed {sends} time(s) ({})", failure.message);
        if !self.answered && request != Request::Metadata {
            // Nothing usable has come yet: the service is down or refuses every query, and
            // doing without this request would only wait for the next to fail the same way.
            self.failed = Some(format!(
                "Loading stopped: the data service answered nothing usable; {why}."
            ));
            return;
        }
        match request {
            Request::Metadata => {
                self.notice(format!(
                    "The layer did not describe itself ({}); using the defaults: pages of {} rows of every field, as JSON.",
                    failure.message,
                    Plan::fallback().page_size
                ));
                self.settle_plan(Plan::fallback(), now);
            }
            Request::WindowStats | Request::WindowIncidents => {
                self.notice(format!(
                    "{}; totals will come from the months.",
                    capitalise(&why)
                ));
            }
            Request::HeadlineStats(_) | Request::HeadlineIncidents(_) => {
                self.notice(format!(
                    "{}; the first figures will come from the months.",
                    capitalise(&why)
                ));
            }
            Request::MonthStats(m) if matches!(self.month_rows[m], MonthRows::Kept(_)) => {
                self.notice(format!(
                    "{}; the breakdown held for it is kept.",
                    capitalise(&why)
                ));
            }
            Request::MonthStats(m) => {
                self.notice(format!(
                    "{}; asking for its plain row count instead.",
                    capitalise(&why)
                ));
                self.add(Request::MonthCount(m), now);
            }
            Request::MonthCount(m) => {
                self.notice(format!(
                    "{}; its rows load without a count to check them against.",
                    capitalise(&why)
                ));
                if self.month_rows[m] == MonthRows::Pending {
                    self.month_rows[m] = MonthRows::Unknown;
                }
                self.plan_runs(now);
            }
            Request::RefreshCount(m) => {
                self.notice(format!(
                    "{}; the rows held for it are kept unchecked.",
                    capitalise(&why)
                ));
                self.refresh_counted(m, None, now);
            }
            Request::MonthIncidents(_) => {
                if !failure.retryable {
                    // The service cannot count distinct values: ask no more.
                    for t in self.tasks.values_mut() {
                        if matches!(t.request, Request::MonthIncidents(_))
                            && t.state == TaskState::Waiting
                        {
                            t.state = TaskState::Done;
                        }
                    }
                }
                self.notice(format!(
                    "{}; incidents will be counted from the rows.",
                    capitalise(&why)
                ));
            }
            Request::Page { .. } => {
                self.failed = Some(format!(
                    "Loading stopped: {why}. Rows already loaded are kept."
                ));
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
