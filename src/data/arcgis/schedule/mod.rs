//! A whole-history load that cannot stall, sans IO. The [`Loader`] decides; the caller
//! fetches. It is told "send S answered with these bytes / failed with status and
//! `Retry-After` / timed out" and the time, and answers with the requests to send now, when
//! to wake it, and whether the load is running, stalled (in words), done or failed.
//!
//! Order of work: the layer's description first (the [`Plan`]; the defaults without one),
//! then server counts (the whole window, then every Detroit-local month newest first: offense
//! rows per precinct × category, and incidents where the service counts distinct report
//! numbers; with [`LoadParams::incidents_first`] every month's incidents before any month's
//! statistics), then rows. Once a month's count is known its rows are asked for in pages of the
//! plan's size; consecutive months are packed into a run (one `where` clause, offset paging
//! ordered by the object id) until the run fills [`LoadParams::run_pages`] pages, so pages
//! are full where possible. Pages of a run are loaded in offset order and checked for object
//! id continuity; runs are independent.
//!
//! With a [`Base`] (the rows the page already holds) only what changed is asked for: after
//! the description, the rows above the base's largest object id within the window (a run of
//! its own, paged like any other) and a plain row count per month; a month whose count differs
//! from the base's rows plus its new rows is loaded again whole (its counts, then its rows,
//! announced first with [`Event::MonthReplaced`]), and a month kept that gained rows has its
//! counts asked again. See `refresh.rs` for the rules.
//!
//! Why it cannot stall: the oldest unfinished request (by the order above) is sent as soon as
//! its retry is due, whatever the limits on requests in flight and pages waiting; every
//! request has a deadline; every failure is retried with the server's `Retry-After` or
//! exponential backoff with jitter, a bounded number of times, after which the load either
//! does without (counts) or fails in words (pages); and a watchdog reports a load with no
//! answer for [`LoadParams::watchdog_ms`].
//!
//! ```
//! use crimecast::data::arcgis::schedule::{LoadParams, LoadState, Loader, Reply};
//! use crimecast::data::arcgis::{Window, DEFAULT_API};
//! use crimecast::data::time::{parse_day, DetroitClock};
//!
//! let window = Window::new(parse_day("2025-01-01").unwrap(), parse_day("2025-01-31").unwrap()).unwrap();
//! let params = LoadParams::new(DEFAULT_API, window).check().unwrap();
//! let mut load = Loader::new(params, DetroitClock::new(), 0);
//! let poll = load.poll(0);
//! assert!(poll.send[0].url.ends_with("FeatureServer/0?f=json"));
//! // An older server without a description: the defaults are used.
//! load.on_reply(poll.send[0].id, 300, Reply::Http { status: 404, retry_after_s: None });
//! let poll = load.poll(300);
//! assert!(!load.plan().from_metadata);
//! assert!(matches!(poll.state, LoadState::Running));
//! ```

mod base;
mod params;
mod receive;
mod refresh;
mod runs;
mod send;

use std::collections::{BTreeMap, HashMap};

pub use base::{Base, BaseMonth};
pub use params::LoadParams;
pub use runs::{Check, MonthCheck};

use super::counts::ServerCounts;
use super::metadata::{Format, Plan};
use super::months::{months, MonthSlot, UtcRange};
use super::reply::Page;
use super::retry::Backoff;
use crate::data::time::{format_day, DetroitClock};
use refresh::Refresh;
use runs::Run;

/// Identifies one send of a request (a retry is a new send).
pub type SendId = u64;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// The layer's description.
    Metadata,
    /// Offense rows per precinct × category over headline window `k` (see
    /// [`LoadParams::headline`]).
    HeadlineStats(usize),
    /// Incidents over headline window `k`.
    HeadlineIncidents(usize),
    /// Offense rows per precinct × category over the whole window.
    WindowStats,
    /// Incidents over the whole window.
    WindowIncidents,
    /// Offense rows per precinct × category in month `m` (index into the months, oldest
    /// first).
    MonthStats(usize),
    /// Offense rows in month `m` (plain count, when statistics cannot be had).
    MonthCount(usize),
    /// Incidents in month `m`.
    MonthIncidents(usize),
    /// Offense rows in month `m` (plain count), compared with the base's rows plus the new
    /// ones.
    RefreshCount(usize),
    /// Rows of run `run` from `offset`, `size` of them.
    Page {
        /// The run.
        run: usize,
        /// First row, within the run's rows ordered by object id.
        offset: u64,
        /// Rows asked for.
        size: u32,
    },
}

/// A request to send now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Send {
    /// Quote it back in [`Loader::on_reply`].
    pub id: SendId,
    /// The URL to GET.
    pub url: String,
    /// What it asks for.
    pub request: Request,
    /// Whether the reply is binary (`f=pbf`): read the body as bytes.
    pub binary: bool,
}

/// What became of a send.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// HTTP 2xx with this body (which may still be an error object).
    Body(Vec<u8>),
    /// Another HTTP status, with `Retry-After` in seconds when the caller could read it.
    Http {
        /// The status.
        status: u16,
        /// `Retry-After`, seconds.
        retry_after_s: Option<f64>,
    },
    /// The request did not reach the server, or the reply was cut off.
    Network(String),
    /// The caller gave up waiting.
    TimedOut,
}

/// How the load stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    /// Working.
    Running,
    /// No answer for a while; says what it waits for. Still retrying.
    Stalled(String),
    /// Every row is in.
    Done,
    /// Stopped, with the reason; the rows already handed over stay valid.
    Failed(String),
}

/// The loader's answer to [`Loader::poll`].
#[derive(Debug, Clone, PartialEq)]
pub struct Poll {
    /// Requests to send now.
    pub send: Vec<Send>,
    /// Call `poll` again at this time (ms) if nothing arrives before.
    pub wake_at: Option<i64>,
    /// The load's state.
    pub state: LoadState,
}

/// News for the page, taken with [`Loader::take_events`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The plan is settled (from the layer's description or the defaults).
    Plan {
        /// Whether it follows the layer's description.
        from_metadata: bool,
    },
    /// Counts of headline window `k` arrived.
    HeadlineCounts(usize),
    /// The whole-window counts arrived.
    WindowCounts,
    /// Month `m`'s counts arrived.
    MonthCounts(usize),
    /// Month `m` (index, oldest first) changed on the service since the base was taken: drop
    /// the base's rows of the month (time within `months()[m].range`) now. Every row of it
    /// comes again in later pages, and no page handed over before this event holds one.
    /// Take events before pages.
    MonthReplaced(usize),
    /// Every row of a run is handed over: months `first..=last` (indices, oldest first) are
    /// loaded. Runs are numbered newest first (with a base, run 0 brings the new rows and
    /// is not announced).
    RunLoaded {
        /// The run.
        run: usize,
        /// Its oldest month.
        first: usize,
        /// Its newest month.
        last: usize,
    },
    /// Something worth telling the visitor (a retry, a fallback, a finding).
    Notice(String),
}

/// A page whose rows can be loaded now (its run's earlier pages are loaded).
#[derive(Debug, Clone)]
pub struct ReadyPage {
    /// The rows.
    pub page: Page,
    /// Its run.
    pub run: usize,
    /// Its offset within the run.
    pub offset: u64,
}

/// How far the load is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Rows handed over.
    pub rows_loaded: u64,
    /// Rows of the base kept (those of months not replaced); the rows held are these plus
    /// `rows_loaded`.
    pub rows_kept: u64,
    /// Rows the server counted over the months known so far.
    pub rows_counted: u64,
    /// Months whose row count is known (or given up on).
    pub months_counted: usize,
    /// Months in the window.
    pub months: usize,
    /// Requests in flight.
    pub in_flight: usize,
    /// Pages arrived and waiting for an earlier page of their run.
    pub held_pages: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskState {
    Waiting,
    InFlight { since: i64, send: SendId },
    Held,
    Done,
}

#[derive(Debug, Clone)]
struct Task {
    request: Request,
    state: TaskState,
    /// Sends so far.
    sends: u32,
    /// When it may be sent (next retry).
    due: i64,
    last_error: Option<String>,
}

/// Order of work: lower first. The oldest unfinished task is the smallest.
type Rank = (u8, u64, u64);

/// Whether a month's row count is known, awaited or given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MonthRows {
    Pending,
    Known(u64),
    Unknown,
    /// The base's rows are kept (with the server's count, when it came): no run.
    Kept(Option<u64>),
}

/// The load's state machine.
#[derive(Debug)]
pub struct Loader {
    params: LoadParams,
    plan: Plan,
    plan_settled: bool,
    months: Vec<MonthSlot>,
    /// UTC bounds of the headline windows.
    headline: Vec<UtcRange>,
    counts: ServerCounts,
    month_rows: Vec<MonthRows>,
    tasks: BTreeMap<Rank, Task>,
    sends: HashMap<SendId, (Rank, Format)>,
    next_send: SendId,
    runs: Vec<Run>,
    /// Newest month not yet in a run.
    plan_cursor: Option<usize>,
    backoff: Backoff,
    throttle_until: i64,
    last_answer: i64,
    failed: Option<String>,
    ready: Vec<ReadyPage>,
    events: Vec<Event>,
    rows_loaded: u64,
    /// Rows loaded per month, by their time.
    loaded_by_month: Vec<u64>,
    /// The refresh from a base, if any.
    refresh: Option<Refresh>,
    /// Whether any reply was usable yet (a load that never had one stops at its first
    /// request given up, rather than doing without it).
    answered: bool,
}

impl Loader {
    /// A load over checked `params`, starting at `now` (ms, any monotonic clock).
    pub fn new(params: LoadParams, clock: DetroitClock, now: i64) -> Loader {
        let months = months(params.window, &clock);
        let n = months.len();
        let backoff = Backoff::new(
            params.base_delay_ms,
            params.max_delay_ms,
            params.max_retry_after_ms,
            params.seed,
        );
        let headline = params
            .headline
            .iter()
            .map(|w| UtcRange {
                from_ms: clock.to_utc(w.first_day, 0),
                to_ms: clock.to_utc(w.last_day + 1, 0),
            })
            .collect();
        let mut load = Loader {
            headline,
            plan: Plan::fallback(),
            plan_settled: false,
            counts: ServerCounts::new(months.clone()),
            month_rows: vec![MonthRows::Pending; n],
            months,
            tasks: BTreeMap::new(),
            sends: HashMap::new(),
            next_send: 1,
            runs: Vec::new(),
            plan_cursor: n.checked_sub(1),
            backoff,
            throttle_until: i64::MIN,
            last_answer: now,
            failed: None,
            ready: Vec::new(),
            events: Vec::new(),
            rows_loaded: 0,
            loaded_by_month: vec![0; n],
            answered: false,
            refresh: None,
            params,
        };
        load.seed_base();
        if load.params.metadata {
            load.add(Request::Metadata, now);
        } else {
            load.settle_plan(Plan::fallback(), now);
        }
        load
    }

    /// The plan in force (the defaults until the layer's description is in).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The server counts so far.
    pub fn counts(&self) -> &ServerCounts {
        &self.counts
    }

    /// The months of the window, oldest first.
    pub fn months(&self) -> &[MonthSlot] {
        &self.months
    }

    /// Pages ready to load, in each run's offset order. Load them in the order given.
    pub fn take_pages(&mut self) -> Vec<ReadyPage> {
        std::mem::take(&mut self.ready)
    }

    /// News since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// How far the load is.
    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            rows_loaded: self.rows_loaded,
            months: self.months.len(),
            ..Progress::default()
        };
        for (m, rows) in self.month_rows.iter().enumerate() {
            let counted = match rows {
                MonthRows::Known(n) | MonthRows::Kept(Some(n)) => Some(Some(*n)),
                MonthRows::Unknown | MonthRows::Kept(None) => Some(None),
                MonthRows::Pending => self.refresh.as_ref().and_then(|r| r.counted(m)),
            };
            if let Some(n) = counted {
                p.rows_counted = p.rows_counted.saturating_add(n.unwrap_or(0));
                p.months_counted += 1;
            }
        }
        p.rows_kept = self.refresh.as_ref().map_or(0, Refresh::rows_kept);
        p.in_flight = self.in_flight();
        p.held_pages = self.runs.iter().map(|r| r.held.len()).sum();
        p
    }

    fn in_flight(&self) -> usize {
        self.tasks
            .values()
            .filter(|t| matches!(t.state, TaskState::InFlight { .. }))
            .count()
    }

    /// Order of work: the description, headline counts, whole-window counts, a refresh's
    /// new rows then its month counts, month counts, pages.
    fn rank(&self, r: Request) -> Rank {
        let newest_first = |m: usize| self.months.len().saturating_sub(1 + m) as u64;
        match r {
            Request::Metadata => (0, 0, 0),
            Request::HeadlineStats(k) => (1, 2 * k as u64, 0),
            Request::HeadlineIncidents(k) => (1, 2 * k as u64 + 1, 0),
            Request::WindowStats => (2, 0, 0),
            Request::WindowIncidents => (2, 1, 0),
            Request::Page { run, offset, .. } if self.is_new_rows(run) => (3, 0, offset),
            Request::RefreshCount(m) => (3, 1, newest_first(m)),
            Request::MonthStats(m) | Request::MonthCount(m) => (
                4 + u8::from(self.params.incidents_first),
                newest_first(m),
                0,
            ),
            Request::MonthIncidents(m) => (
                5 - u8::from(self.params.incidents_first),
                newest_first(m),
                0,
            ),
            Request::Page { run, offset, .. } => (6, run as u64, offset),
        }
    }

    fn add(&mut self, request: Request, now: i64) {
        let rank = self.rank(request);
        self.tasks.insert(
            rank,
            Task {
                request,
                state: TaskState::Waiting,
                sends: 0,
                due: now,
                last_error: None,
            },
        );
    }

    fn notice(&mut self, text: String) {
        self.events.push(Event::Notice(text));
    }

    /// "2025-12-05 to 2026-12-04": headline window `k`'s days.
    fn headline_label(&self, k: usize) -> String {
        self.params.headline.get(k).map_or_else(String::new, |w| {
            format!("{} to {}", format_day(w.first_day), format_day(w.last_day))
        })
    }

    /// A label of a request for messages.
    fn describe(&self, r: Request) -> String {
        let month = |m: usize| {
            self.months
                .get(m)
                .map_or_else(String::new, MonthSlot::label)
        };
        match r {
            Request::Metadata => "the layer's description".into(),
            Request::HeadlineStats(k) => format!("the counts of {}", self.headline_label(k)),
            Request::HeadlineIncidents(k) => {
                format!("the incident count of {}", self.headline_label(k))
            }
            Request::WindowStats => "the counts over the whole window".into(),
            Request::WindowIncidents => "the incident count over the whole window".into(),
            Request::MonthStats(m) => format!("the counts of {}", month(m)),
            Request::MonthCount(m) | Request::RefreshCount(m) => {
                format!("the row count of {}", month(m))
            }
            Request::MonthIncidents(m) => format!("the incident count of {}", month(m)),
            Request::Page { run, offset, .. } => {
                format!("the page at row {offset} of {}", self.run_label(run))
            }
        }
    }
}
