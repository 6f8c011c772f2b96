//! A load's parameters, checked once.

use super::base::Base;
use crate::data::arcgis::query::Window;
use crate::data::{Error, Result};

/// Settings of a whole-history load; [`LoadParams::new`] gives the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadParams {
    /// The layer's `/query` endpoint.
    pub endpoint: String,
    /// Local days to load (the whole history, or the last `years`).
    pub window: Window,
    /// Requests in flight at once (the oldest outstanding one may go beyond it).
    pub concurrency: usize,
    /// Requests in flight at once while counts (statistics, incident counts) are sent: they
    /// go before any page, and a page is sent only while fewer than `concurrency` requests
    /// are in flight. At least `concurrency`.
    pub count_concurrency: usize,
    /// Pages that have arrived but wait for an earlier page of their run; no new page is sent
    /// while this many wait (except the one each run needs next).
    pub held_pages: usize,
    /// Consecutive months are packed into one run (one `where` clause, offset paging) until
    /// the run holds at least this many pages' worth of rows.
    pub run_pages: u32,
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// Backoff before the first retry, ms (doubling, with jitter).
    pub base_delay_ms: u64,
    /// Largest backoff, ms.
    pub max_delay_ms: u64,
    /// Largest `Retry-After` honoured, ms.
    pub max_retry_after_ms: u64,
    /// A request with no answer after this long counts as failed (its late answer is still
    /// taken if it comes first), ms.
    pub timeout_ms: u64,
    /// After this long without any answer the load reports itself stalled, in words, ms.
    pub watchdog_ms: u64,
    /// After this long without any answer the load gives up, ms.
    pub give_up_ms: u64,
    /// Seed of the backoff jitter.
    pub seed: u64,
    /// Whether to read the layer's description first (false: the defaults at once).
    pub metadata: bool,
    /// Whether to ask for `resultType=standard` pages where the layer offers larger ones.
    pub standard_pages: bool,
    /// Local-day windows inside `window` whose counts (precinct × category statistics and
    /// incidents) are asked for first, before the whole window's and the months': e.g. the
    /// overview's default last year and the year before it, so its KPIs come first.
    pub headline: Vec<Window>,
    /// Whether every month's incident count is asked for before any month's precinct ×
    /// category statistics (a page counting incidents gets its monthly series sooner; rows,
    /// which wait for the statistics, start a little later).
    pub incidents_first: bool,
    /// The rows the page already holds: with one, only what changed since is asked for (the
    /// rows above its largest object id, a row count per month, and the months whose count
    /// moved); headline and whole-window counts are not asked.
    pub base: Option<Base>,
}

impl LoadParams {
    /// Defaults: 6 requests at once (counts too), 12 waiting pages, runs of at least 4 pages, 6 attempts,
    /// backoff 0.5 s doubling to 30 s, `Retry-After` up to 2 min, 30 s timeout, stalled after
    /// 45 s without an answer, given up after 5 min; the layer's description read first;
    /// pages of `maxRecordCount` rows (no `resultType=standard`); each month's statistics
    /// before its incident count.
    pub fn new(endpoint: &str, window: Window) -> Self {
        LoadParams {
            endpoint: endpoint.trim_end_matches('?').to_string(),
            window,
            concurrency: 6,
            count_concurrency: 6,
            held_pages: 12,
            run_pages: 4,
            attempts: 6,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
            max_retry_after_ms: 120_000,
            timeout_ms: 30_000,
            watchdog_ms: 45_000,
            give_up_ms: 300_000,
            seed: 0,
            metadata: true,
            standard_pages: false,
            headline: Vec::new(),
            incidents_first: false,
            base: None,
        }
    }

    /// Check every rule (the base's too, see [`Base::check`]); the loader runs only on checked
    /// parameters.
    pub fn check(self) -> Result<LoadParams> {
        let outside = self
            .headline
            .iter()
            .any(|h| h.first_day < self.window.first_day || h.last_day > self.window.last_day);
        let rules: [(bool, String); 10] = [
            (
                outside,
                "every headline window must lie inside the load's window".into(),
            ),
            (
                self.endpoint.is_empty(),
                "the endpoint must not be empty".into(),
            ),
            (
                self.concurrency == 0,
                "concurrency must be at least 1, got 0".into(),
            ),
            (
                self.count_concurrency < self.concurrency,
                format!(
                    "count concurrency ({}) must be at least the concurrency ({})",
                    self.count_concurrency, self.concurrency
                ),
            ),
            (
                self.held_pages == 0,
                "held pages must be at least 1, got 0".into(),
            ),
            (
                self.run_pages == 0,
                "pages per run must be at least 1, got 0".into(),
            ),
            (
                self.attempts == 0,
                "attempts must be at least 1, got 0".into(),
            ),
            (
                self.timeout_ms == 0 || self.watchdog_ms == 0,
                format!(
                    "timeout and watchdog must be > 0 ms, got {} and {}",
                    self.timeout_ms, self.watchdog_ms
                ),
            ),
            (
                self.give_up_ms < self.watchdog_ms,
                format!(
                    "giving up ({} ms) must not come before the watchdog ({} ms)",
                    self.give_up_ms, self.watchdog_ms
                ),
            ),
            (
                self.give_up_ms <= self.max_retry_after_ms,
                format!(
                    "giving up ({} ms) must come after the longest Retry-After honoured ({} ms)",
                    self.give_up_ms, self.max_retry_after_ms
                ),
            ),
        ];
        if let Some((_, message)) = rules.into_iter().find(|(bad, _)| *bad) {
            return Err(Error::Params(message));
        }
        if let Some(base) = &self.base {
            base.check(self.window)?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> LoadParams {
        LoadParams::new("https://h/0/query?", Window::new(0, 10).unwrap())
    }

    #[test]
    fn defaults_pass_and_trim_the_endpoint() {
        let p = params().check().unwrap();
        assert_eq!(p.endpoint, "https://h/0/query");
    }

    #[test]
    fn each_rule_is_checked() {
        let cases: [fn(&mut LoadParams); 9] = [
            |p| p.headline = vec![Window::new(5, 11).unwrap()],
            |p| p.concurrency = 0,
            |p| p.count_concurrency = 5,
            |p| p.held_pages = 0,
            |p| p.run_pages = 0,
            |p| p.attempts = 0,
            |p| p.timeout_ms = 0,
            |p| p.give_up_ms = 1,
            |p| p.max_retry_after_ms = p.give_up_ms,
        ];
        for edit in cases {
            let mut p = params();
            edit(&mut p);
            assert!(matches!(p.check(), Err(Error::Params(_))));
        }
    }

    #[test]
    fn the_base_is_checked_with_the_rest() {
        let mut p = params();
        p.base = Some(Base {
            max_oid: -3,
            months: Vec::new(),
        });
        assert!(matches!(p.clone().check(), Err(Error::Params(m)) if m.contains("got -3")));
        p.base = Some(Base {
            max_oid: 3,
            months: Vec::new(),
        });
        assert!(p.check().is_ok());
    }
}
