//! The state of a live load between replies: what it has counted and loaded, what the page
//! was told, and the status and progress it reports.

use crate::data::aggregate::year_before;
use crate::data::arcgis::schedule::Check;
use crate::data::arcgis::{Loader, Window};
use crate::data::filter::OVERVIEW_DAYS;
use crate::data::time::{day_of, format_day, DetroitClock};

use crate::worker::messages::{
    BaseKind, BaseOrigin, Basis, Facets, ForecastResult, ForecastSpec, LiveStatus, LiveSummary,
    MonthNote, Reconciliation, Response,
};

/// The rows a live load starts from, in words: "the copy of 2026-12-04" (kept by this
/// browser) or "the snapshot of 2026-12-04" (the site's), dated by the Detroit day they were
/// retrieved.
pub(super) fn base_in_words(clock: &DetroitClock, origin: BaseOrigin) -> String {
    let what = match origin.kind {
        BaseKind::Cache => "copy",
        BaseKind::Publisher => "snapshot",
    };
    format!(
        "the {what} of {}",
        format_day(clock.local(origin.retrieved_ms).day)
    )
}

/// How long after the first announcement a starting snapshot's rows are cleaned in when
/// the page has not asked for the overview (ms).
pub(super) const BASE_FEED_MS: i64 = 150;

/// A live load in progress.
pub(super) struct LiveLoad {
    pub(super) job: u32,
    pub(super) loader: Loader,
    pub(super) city: bool,
    /// Whether rows with a junk precinct code are kept (so the counts include them too).
    pub(super) include_junk: bool,
    pub(super) window: Window,
    /// Each month's local days (clipped to the window), oldest first.
    pub(super) month_days: Vec<(i32, i32)>,
    /// Windows counted first (the overview's default latest year, and the year before it).
    pub(super) headline: Vec<Window>,
    pub(super) last_announce: Option<i64>,
    pub(super) news: bool,
    pub(super) run_loaded: bool,
    pub(super) planned: bool,
    /// Whether the server's totals went to the page.
    pub(super) summarised: bool,
    /// Which milestones of the counts were reached: the whole-window counts, every month's
    /// incidents, every month's breakdown. Reaching one is announced at once.
    pub(super) milestones: (bool, bool, bool),
    /// A milestone waits to be announced.
    pub(super) urgent: bool,
    /// The last forecast fitted on the counts, with what it was fitted on.
    pub(super) forecast_memo: Option<(ForecastMemoKey, ForecastResult)>,
    /// The snapshot kept of the rows, when asked for.
    pub(super) cache: Option<super::live_cache::Keeping>,
    /// The rows the load started from, in words ("the copy of 2026-12-04"), if any.
    pub(super) base: Option<String>,
    /// Months (indices) the loader replaced: their server count changed since the base.
    pub(super) replaced: Vec<usize>,
    /// The starting snapshot's rows wait to be cleaned into the dataset: the first
    /// announcement and the page's first answers come from its counts before that.
    pub(super) base_pending: bool,
    /// The page asked for the overview since the load began.
    pub(super) asked: bool,
}

/// What a forecast on the counts was fitted on: the spec, the months' first days and counts,
/// the partial months left out, and the basis.
pub(super) type ForecastMemoKey = (ForecastSpec, Vec<i32>, Vec<f64>, (bool, bool), String);

impl LiveLoad {
    /// Whether the starting snapshot's rows are due to be cleaned in: once announced, when
    /// the page has had its overview or [`BASE_FEED_MS`] later.
    pub(super) fn base_due(&self, now: i64) -> bool {
        self.base_pending
            && self
                .last_announce
                .is_some_and(|t| self.asked || now - t >= BASE_FEED_MS)
    }

    /// Whether its rows stream into the active dataset already.
    pub(super) fn streams_into_active(&self) -> bool {
        self.last_announce.is_some()
    }

    /// Filter choices while rows load: the load's window, the categories and precincts the
    /// server counted (with those of the rows already in).
    pub(super) fn facets(&self, f: &mut Facets) {
        f.day_range = Some((self.window.first_day, self.window.last_day));
        for (name, n) in self.loader.counts().by_category() {
            match f.categories.iter_mut().find(|c| c.0 == name) {
                Some(c) => c.1 = c.1.max(n),
                None => f.categories.push((name, n)),
            }
        }
        f.categories
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for p in self.loader.counts().by_precinct() {
            if let Some(code) = p.code.filter(|c| (2..=12).contains(c)) {
                if !f.precincts.contains(&code) {
                    f.precincts.push(code);
                }
            }
        }
        f.precincts.sort_unstable();
    }

    /// Months whose rows are all in, contiguous from the newest: (oldest, newest) indices.
    pub(super) fn loaded_months(&self) -> Option<(usize, usize)> {
        if self.base_pending {
            return None;
        }
        let checks = self.loader.reconciliation();
        let newest = checks.len().checked_sub(1)?;
        let mut oldest = None;
        for (m, c) in checks.iter().enumerate().rev() {
            if c.check == Check::Pending {
                break;
            }
            oldest = Some(m);
        }
        oldest.map(|o| (o, newest))
    }

    /// How the load stands, for the page.
    pub(super) fn status(&self, complete: bool) -> LiveStatus {
        let counts = self.loader.counts();
        let progress = self.loader.progress();
        let totals = counts.totals();
        let known = !matches!(
            totals.source,
            crate::data::arcgis::TotalsSource::Partial { .. }
        );
        let months = self.loader.months();
        let loaded = self.loaded_months();
        let expected = if known {
            totals.rows
        } else {
            progress.rows_counted
        };
        let rows = if complete {
            Basis::Rows
        } else {
            Basis::RowsSoFar {
                first_month: loaded.map(|(a, _)| months[a].label()),
                last_month: loaded.map(|(_, b)| months[b].label()),
                loaded: progress.rows_loaded,
                expected: expected.max(progress.rows_loaded),
            }
        };
        let mut reconciliation = Reconciliation::default();
        for c in self.loader.reconciliation() {
            match c.check {
                Check::Pending => {}
                Check::Agrees => {
                    reconciliation.checked += 1;
                    reconciliation.agree += 1;
                }
                Check::Differs(reason) => {
                    reconciliation.checked += 1;
                    reconciliation.differ.push(MonthNote {
                        month: c.month.label(),
                        server: c.server,
                        loaded: c.loaded,
                        reason,
                    });
                }
                Check::NotCounted => reconciliation.not_counted.push(c.month.label()),
            }
        }
        reconciliation.replaced = self
            .replaced
            .iter()
            .filter_map(|&m| months.get(m).map(|s| s.label()))
            .collect();
        reconciliation.base = self.base.clone();
        LiveStatus {
            city: self.city,
            window: (self.window.first_day, self.window.last_day),
            months: progress.months,
            months_counted: progress.months_counted,
            incidents_counted: counts
                .monthly_incidents()
                .iter()
                .filter(|n| n.is_some())
                .count(),
            server_rows: known.then_some(totals.rows),
            server_incidents: totals.incidents,
            rows_received: progress.rows_loaded,
            rows,
            rows_days: loaded.map(|(a, b)| (self.month_days[a].0, self.month_days[b].1)),
            complete,
            reconciliation,
        }
    }

    /// The progress report, in words.
    pub(super) fn progress(&self, job: u32, stalled: Option<&str>) -> Response {
        let p = self.loader.progress();
        let counted = self.status(false).server_rows.unwrap_or(p.rows_counted);
        let (stage, done, total) = if let Some(text) = stalled {
            (
                text.to_string(),
                p.rows_loaded,
                Some(counted.max(p.rows_loaded)),
            )
        } else if !self.planned {
            ("Reading the layer description".to_string(), 0, None)
        } else if p.rows_loaded == 0 && p.months_counted < p.months {
            (
                format!("Counting by month: {} of {}", p.months_counted, p.months),
                p.months_counted as u64,
                None,
            )
        } else {
            (
                "Loading rows".to_string(),
                p.rows_loaded,
                Some(counted.max(p.rows_loaded)),
            )
        };
        Response::Progress {
            job,
            stage,
            done,
            total,
        }
    }
}

/// The server's totals for the source panel.
pub(super) fn summary(job: u32, live: &LiveLoad) -> Response {
    let counts = live.loader.counts();
    Response::Summary {
        job,
        summary: LiveSummary {
            total: counts.totals().rows,
            by_category: counts.by_category(),
            by_precinct: counts
                .by_precinct()
                .into_iter()
                .map(|p| (p.label, p.rows))
                .collect(),
            city: live.city,
        },
    }
}

/// Each month's local days, clipped to `window`.
pub(super) fn month_days(loader: &Loader, window: Window) -> Vec<(i32, i32)> {
    loader
        .months()
        .iter()
        .map(|s| {
            let (ny, nm) = if s.month == 12 {
                (s.year + 1, 1)
            } else {
                (s.year, s.month + 1)
            };
            let start = day_of(s.year, s.month, 1).unwrap_or(window.first_day);
            let next = day_of(ny, nm, 1).unwrap_or(window.last_day + 1);
            (start.max(window.first_day), (next - 1).min(window.last_day))
        })
        .collect()
}

/// The overview's default window (the latest [`OVERVIEW_DAYS`] of `window`) and the same
/// days a year before, as far as they lie inside `window`.
pub(super) fn headline_windows(window: Window) -> Vec<Window> {
    let last = window.last_day;
    let first = last - (OVERVIEW_DAYS - 1);
    let mut out = Vec::new();
    if let Ok(latest) = Window::new(first, last) {
        if first >= window.first_day {
            out.push(latest);
            let before = (year_before(first), year_before(last));
            if before.0 >= window.first_day {
                out.extend(Window::new(before.0, before.1).ok());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_is_dated_by_its_detroit_day() {
        let clock = DetroitClock::new();
        // 2025-12-05 03:00 UTC is 22:00 on 4 December in Detroit (EST, UTC-5).
        let late = 1_764_903_600_000;
        let copy = BaseOrigin {
            kind: BaseKind::Cache,
            retrieved_ms: late,
            refreshed: false,
        };
        assert_eq!(base_in_words(&clock, copy), "the copy of 2025-12-04");
        let snapshot = BaseOrigin {
            kind: BaseKind::Publisher,
            retrieved_ms: late + 2 * 3_600_000,
            refreshed: true,
        };
        assert_eq!(
            base_in_words(&clock, snapshot),
            "the snapshot of 2025-12-05"
        );
    }
}
