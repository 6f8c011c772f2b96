//! A live load of the City's layer, driven by the sans-IO [`Loader`]: the runtime fetches what
//! [`Engine::live_poll`] asks for and hands each answer to [`Engine::live_reply`]. Rows stream
//! into the active dataset as pages arrive (newest months first), so the page never waits for
//! the last page; the server's counts answer what they can before the rows are in
//! ([`super::counted`]). Growing data are announced at most every [`LIVE_ANNOUNCE_MS`] (and
//! when a run of months is complete), so hundreds of pages do not mean hundreds of
//! recomputations on the page.

use crate::data::arcgis::schedule::{Event, LoadParams, LoadState, Send, SendId};
use crate::data::arcgis::{FieldResolver, Loader, Reply, Window};
use crate::data::clean::{Action, CleanRules};
use crate::data::time::DetroitClock;

use super::live_load::{
    base_in_words, headline_windows, month_days, summary, LiveLoad, BASE_FEED_MS,
};
use super::{Engine, Feed, Loaded};
use crate::worker::messages::{is_city, LiveStatus, Response, Source};
use crate::worker::Error;

/// Shortest time between two announcements of a growing live dataset, ms.
pub const LIVE_ANNOUNCE_MS: i64 = 2000;
/// Requests in flight at once: the City's host speaks HTTP/2, which carries them on one
/// connection (browsers hold HTTP/1.1 hosts to six whatever is asked).
pub const LIVE_CONCURRENCY: usize = 12;
/// Count requests in flight at once: small statistics queries, asked before any page so that
/// the KPIs, the monthly series and the precinct series come first.
pub const LIVE_COUNT_CONCURRENCY: usize = 32;
/// Most rows whose room is made at once from the server's count (a wrong count cannot make
/// the page ask for more memory than this needs).
const MAX_RESERVED_ROWS: usize = 2_000_000;
/// Pages that may wait for an earlier page of their run.
pub const LIVE_HELD_PAGES: usize = 24;

/// What the runtime does next for a live load.
#[derive(Debug, Default)]
pub struct LiveTick {
    /// Requests to send now.
    pub send: Vec<Send>,
    /// Poll again at this time (ms) if nothing arrives before.
    pub wake_at: Option<i64>,
    /// Replies for the page, in order.
    pub responses: Vec<Response>,
    /// Whether the load is over (done or failed).
    pub over: bool,
}

impl Engine {
    /// Start a live load of `endpoint` over `window` at `now` (ms); then call
    /// [`Engine::live_poll`].
    pub fn live_begin(
        &mut self,
        job: u32,
        endpoint: &str,
        window: Window,
        rules: CleanRules,
        now: i64,
    ) -> Result<(), Error> {
        self.live_begin_with(job, endpoint, window, rules, now, None)
    }

    /// [`Engine::live_begin`] with a refresh from `start` (its rows become the base, see
    /// [`super::live_cache`]) and, when `start` says so, a snapshot kept of the rows.
    pub(super) fn live_begin_with(
        &mut self,
        job: u32,
        endpoint: &str,
        window: Window,
        rules: CleanRules,
        now: i64,
        start: Option<super::live_cache::Start>,
    ) -> Result<(), Error> {
        let mut params = LoadParams::new(endpoint, window);
        params.base = start.as_ref().and_then(|s| s.base.clone());
        params.headline = headline_windows(window);
        params.concurrency = LIVE_CONCURRENCY;
        params.count_concurrency = LIVE_COUNT_CONCURRENCY;
        params.held_pages = LIVE_HELD_PAGES;
        // Incidents are the page's default unit: their monthly series (the forecast's input)
        // comes before the breakdowns, which the KPIs take from the whole-window counts.
        params.incidents_first = true;
        let params = params.check()?;
        let clock = self.clock.get_or_insert_with(DetroitClock::new).clone();
        let headline = params.headline.clone();
        let base = start
            .as_ref()
            .and_then(|s| s.origin)
            .map(|o| base_in_words(&clock, o));
        let loader = Loader::new(params, clock, now);
        let month_days = month_days(&loader, window);
        let include_junk = rules.junk_precinct != Action::Drop;
        self.begin(
            job,
            Source::Live {
                endpoint: endpoint.to_string(),
                base: start.as_ref().and_then(|s| s.origin),
            },
            rules,
            Feed::Live {
                resolver: FieldResolver::new(),
            },
        );
        self.live = Some(LiveLoad {
            job,
            loader,
            city: is_city(endpoint),
            include_junk,
            window,
            month_days,
            headline,
            last_announce: None,
            news: false,
            run_loaded: false,
            planned: false,
            summarised: false,
            milestones: (false, false, false),
            urgent: false,
            forecast_memo: None,
            base,
            replaced: Vec::new(),
            base_pending: start.as_ref().is_some_and(|s| s.base.is_some()),
            asked: false,
            cache: start.map(|s| s.cache),
        });
        Ok(())
    }

    /// Tell the live load `job` what became of send `id` at `now` (ms).
    pub fn live_reply(&mut self, job: u32, id: SendId, now: i64, reply: Reply) {
        if let Some(live) = self.live.as_mut().filter(|l| l.job == job) {
            live.loader.on_reply(id, now, reply);
        }
    }

    /// Advance the live load `job` at `now` (ms): requests to send, when to wake, and the
    /// replies for the page (progress, notices, the growing dataset, the end).
    pub fn live_poll(&mut self, job: u32, now: i64) -> LiveTick {
        let Some(live) = self.live.as_mut().filter(|l| l.job == job) else {
            return LiveTick {
                over: true,
                ..LiveTick::default()
            };
        };
        let poll = live.loader.poll(now);
        let mut tick = LiveTick {
            send: poll.send,
            wake_at: poll.wake_at,
            ..LiveTick::default()
        };
        let mut replaced = Vec::new();
        for e in live.loader.take_events() {
            match e {
                Event::Notice(text) => tick.responses.push(Response::notice(job, text)),
                Event::Plan { .. } => live.planned = true,
                Event::RunLoaded { .. } => live.run_loaded = true,
                Event::HeadlineCounts(_) | Event::WindowCounts | Event::MonthCounts(_) => {
                    live.news = true
                }
                Event::MonthReplaced(m) => {
                    live.news = true;
                    if !live.replaced.contains(&m) {
                        live.replaced.push(m);
                    }
                    replaced.extend(live.loader.months().get(m).map(|s| s.range));
                }
            }
        }
        let counts = live.loader.counts();
        let reached = (
            counts.headline_rows(0, &Default::default()).is_some()
                || counts.window_rows(&Default::default()).is_some(),
            counts.all_incidents(),
            counts.all_breakdowns(),
        );
        // Milestones are only ever reached (never lost): a change is a new one.
        if reached != live.milestones {
            live.urgent = true;
            live.milestones = reached;
        }
        let pages = live.loader.take_pages();
        if !pages.is_empty() {
            live.news = true;
        }
        let stalled = match &poll.state {
            LoadState::Stalled(text) => Some(text.clone()),
            _ => None,
        };
        tick.responses.push(live.progress(job, stalled.as_deref()));
        // The starting snapshot's rows go in before anything that changes the dataset.
        let settled = !matches!(poll.state, LoadState::Running);
        if live.base_due(now) || settled || !pages.is_empty() || !replaced.is_empty() {
            self.live_feed_pending();
        }
        if let Some(st) = self.staging.as_mut().filter(|s| s.job == job) {
            let (cleaner, feed, store) = st.parts(&mut self.active);
            let Feed::Live { resolver } = feed else {
                return tick;
            };
            let mut writer = self.live.as_mut().and_then(|l| l.cache.as_mut());
            // The replaced months' rows leave the dataset, and their accounting with them
            // (the rows cleaning dropped too, which the dataset never held).
            let gone = match writer.as_deref() {
                Some(w) if !replaced.is_empty() => {
                    let rules = cleaner.rules().clone();
                    Engine::base_quality(w, &replaced, rules, self.neighborhoods.as_ref())
                }
                _ => None,
            };
            let mut removed = 0u64;
            for range in replaced {
                removed += store.remove_time_range(range.from_ms, range.to_ms) as u64;
                if let Some(w) = writer.as_deref_mut() {
                    w.replaced.push(range);
                }
            }
            let q = &mut cleaner.quality;
            match gone {
                Some(g) => q.withdraw(&g),
                None => {
                    q.kept = q.kept.saturating_sub(removed);
                    q.read = q.read.saturating_sub(removed);
                }
            }
            let from = store.len();
            for ready in &pages {
                for (attrs, geom) in &ready.page.features {
                    let rec = resolver.record(attrs, *geom);
                    if let Some(w) = writer.as_deref_mut() {
                        w.writer.push(&rec);
                    }
                    cleaner.push(&rec, store);
                }
            }
            st.settle(&mut self.active, from, self.neighborhoods.as_ref());
        }
        match poll.state {
            LoadState::Done => self.live_done(job, now, &mut tick),
            LoadState::Failed(message) => {
                let partial_rows = self.abandon(job);
                tick.responses.push(Response::Failed {
                    job,
                    message,
                    partial_rows,
                });
                tick.over = true;
            }
            LoadState::Running | LoadState::Stalled(_) => self.live_announce(job, now, &mut tick),
        }
        tick
    }

    /// Make the load's data active once there is something to show (counts or rows), and
    /// announce it as it grows, throttled.
    fn live_announce(&mut self, job: u32, now: i64, tick: &mut LiveTick) {
        let Some(live) = self.live.as_mut().filter(|l| l.job == job) else {
            return;
        };
        let Some(st) = self.staging.as_mut().filter(|s| s.job == job) else {
            return;
        };
        let totals = live.loader.counts().totals();
        let counted = !matches!(
            totals.source,
            crate::data::arcgis::TotalsSource::Partial { .. }
        );
        if counted && totals.rows == 0 {
            let message = "The data service has no incidents in this window.".to_string();
            self.abandon(job);
            tick.responses.push(Response::failed(job, message));
            tick.over = true;
            return;
        }
        let due = match live.last_announce {
            None => totals.rows > 0 || st.cleaner.quality.read > 0 || live.milestones.0,
            Some(t) => {
                live.urgent
                    || (live.news && now - t >= LIVE_ANNOUNCE_MS)
                    || (live.run_loaded && now - t >= LIVE_ANNOUNCE_MS / 2)
            }
        };
        if counted && !live.summarised {
            live.summarised = true;
            // The server's count says how many rows will come: the columns are sized once.
            let rows = usize::try_from(totals.rows)
                .unwrap_or(0)
                .min(MAX_RESERVED_ROWS);
            if !st.into_active {
                st.store.reserve(rows);
            } else if let Some(a) = self.active.as_mut() {
                a.store.reserve(rows);
            }
            if let Some(k) = live.cache.as_mut() {
                k.reserve(rows);
            }
            tick.responses.push(summary(job, live));
        }
        if !due {
            return;
        }
        if live.base_pending {
            let at = now + BASE_FEED_MS;
            tick.wake_at = Some(tick.wake_at.map_or(at, |w| w.min(at)));
        }
        let status = live.status(false);
        live.last_announce = Some(now);
        live.news = false;
        live.urgent = false;
        live.run_loaded = false;
        if !st.into_active {
            st.into_active = true;
            self.active = Some(Loaded {
                source: st.source.clone(),
                store: std::mem::take(&mut st.store),
                quality: st.cleaner.quality.clone(),
                rules: st.cleaner.rules().clone(),
                complete: false,
                live: None,
                dirty: true,
            });
        }
        if let Some(a) = &mut self.active {
            a.live = Some(status);
            a.complete = false;
        }
        if counted {
            tick.responses.push(summary(job, live));
        }
        if let Some(dataset) = self.describe() {
            tick.responses.push(Response::Loaded {
                job,
                dataset: Box::new(dataset),
            });
        }
    }

    /// Every row is in: the dataset is complete (or the window held none).
    fn live_done(&mut self, job: u32, now: i64, tick: &mut LiveTick) {
        tick.over = true;
        let Some(mut live) = self.live.take().filter(|l| l.job == job) else {
            return;
        };
        self.live_keep(&mut live, now);
        let streamed = self
            .staging
            .as_ref()
            .is_some_and(|s| s.job == job && s.into_active);
        let read = self.rows_read(job);
        if read == 0 {
            self.staging = None;
            tick.responses.push(Response::failed(
                job,
                "The data service has no incidents in this window.",
            ));
            return;
        }
        let status = live.status(true);
        let result = if streamed {
            self.staging = None;
            match &mut self.active {
                Some(a) => {
                    a.complete = true;
                    a.live = Some(status);
                    a.dirty = true;
                    Ok(())
                }
                None => Err(Error::UnknownJob(job)),
            }
        } else {
            self.promote(job).map(|_| {
                if let Some(a) = &mut self.active {
                    a.live = Some(status);
                }
            })
        };
        match result.and_then(|()| self.describe().ok_or(Error::NoData)) {
            Ok(dataset) => tick.responses.push(Response::Loaded {
                job,
                dataset: Box::new(dataset),
            }),
            Err(e) => tick.responses.push(Response::failed(job, e.to_string())),
        }
    }

    /// How the live load in progress stands (its counts, rows and reconciliation so far).
    pub fn live_status(&self) -> Option<LiveStatus> {
        self.live.as_ref().map(|l| l.status(false))
    }

    /// The live load `job`, while it runs.
    pub(super) fn live_load(&self) -> Option<&LiveLoad> {
        self.live.as_ref()
    }

    /// Whether the page's overview was answered while the starting snapshot's rows wait:
    /// the live load is then polled at once, to clean them in.
    pub fn live_base_asked(&self) -> bool {
        self.live
            .as_ref()
            .is_some_and(|l| l.base_pending && l.asked)
    }

    /// Forget the live load `job` (it failed or was cancelled).
    pub(super) fn live_end(&mut self, job: u32) {
        if self.live.as_ref().is_some_and(|l| l.job == job) {
            self.live = None;
        }
    }
}
