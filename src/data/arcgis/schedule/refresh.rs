//! A refresh from a [`super::Base`]: the rows the page already holds are checked month by
//! month against the service's plain counts, and only what changed is asked for.
//!
//! Order of work, after the layer's description: (a) the rows above the base's largest
//! object id within the window, a run of their own paged by the object id with the usual
//! continuity checks (and their ids checked to lie above the base's), and (b) a plain row
//! count of every month, newest first. Both go out together, (a) first. Once (a) is in, each
//! month whose count has come is settled:
//! - its count equals the base's rows of it plus its new rows from (a) (a month the base lacks
//!   holds 0 rows): the base's rows are **kept**. If it gained rows, its precinct × category
//!   statistics and incident count are asked again (two cheap requests: the base's counts are
//!   stale by the new rows, and incidents cannot be added up); otherwise the base's counts
//!   stand, and a month the base lacks whose count is 0 gets empty counts;
//! - it differs (rows deleted, edited across months, or added below the largest id): the month
//!   is **replaced**: [`super::Event::MonthReplaced`] goes out at once, then its counts are
//!   asked as in a full load and all its rows fetched again as a run;
//! - its count could not be had: the base's rows and its new rows are kept unchecked.
//!
//! The pages of (a) are held until every month is settled, then handed over without the rows
//! of replaced months (those come again with the month), so no row is handed over twice and
//! none before its month's replacement is announced. Edits that keep every month's count (a
//! category corrected in place) are not seen: a plain count cannot tell them.

use std::collections::BTreeSet;

use super::runs::{row_time, Run};
use super::{Event, Loader, MonthRows, ReadyPage, Request};
use crate::data::arcgis::months::{month_of, UtcRange};
use crate::data::time::day_of;

/// How a month of a refresh is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settled {
    Open,
    Kept,
    Replaced,
}

/// A refresh's state, month by month (indices into the window's months).
#[derive(Debug)]
pub(super) struct Refresh {
    /// The base's rows (0 for a month it lacks), and whether it has the month.
    base_rows: Vec<u64>,
    in_base: Vec<bool>,
    /// The service's plain count: `None` while awaited, `Some(None)` when given up on.
    count: Vec<Option<Option<u64>>>,
    /// Rows above the base's largest object id, by their time.
    new_rows: Vec<u64>,
    settled: Vec<Settled>,
    /// Pages of new rows, held until every month is settled.
    held: Vec<ReadyPage>,
    /// Whether the held pages were handed over (every month settled).
    pub(super) released: bool,
}

impl Refresh {
    /// Month `m`'s plain count once it came (`Some(None)`: given up on).
    pub(super) fn counted(&self, m: usize) -> Option<Option<u64>> {
        self.count.get(m).copied().flatten()
    }

    /// The base's rows of the months not replaced.
    pub(super) fn rows_kept(&self) -> u64 {
        self.base_rows
            .iter()
            .zip(&self.settled)
            .filter(|(_, s)| **s != Settled::Replaced)
            .fold(0, |a, (n, _)| a.saturating_add(*n))
    }
}

impl Loader {
    /// With a base: note its rows per month and seed the server counts with its counts.
    pub(super) fn seed_base(&mut self) {
        let Some(base) = self.params.base.as_ref() else {
            return;
        };
        let n = self.months.len();
        let mut refresh = Refresh {
            base_rows: vec![0; n],
            in_base: vec![false; n],
            count: vec![None; n],
            new_rows: vec![0; n],
            settled: vec![Settled::Open; n],
            held: Vec::new(),
            released: false,
        };
        for (m, slot) in self.months.iter().enumerate() {
            let first = day_of(slot.year, slot.month, 1);
            if let Some(b) = base.months.iter().find(|b| Some(b.first_day) == first) {
                refresh.base_rows[m] = b.rows;
                refresh.in_base[m] = true;
                self.counts.set_month_cells(m, &b.cells);
                if let Some(i) = b.incidents {
                    self.counts.set_month_incidents(m, i);
                }
                self.events.push(Event::MonthCounts(m));
            }
        }
        self.refresh = Some(refresh);
    }

    /// The plan is settled: ask for the new rows and every month's plain count.
    pub(super) fn plan_refresh(&mut self, now: i64) {
        let (Some(first), Some(last), Some(base)) = (
            self.months.first(),
            self.months.last(),
            self.params.base.as_ref(),
        ) else {
            return;
        };
        let range = UtcRange {
            from_ms: first.range.from_ms,
            to_ms: last.range.to_ms,
        };
        let max_oid = base.max_oid;
        let run = self.runs.len();
        self.runs.push(Run {
            first: 0,
            last: self.months.len() - 1,
            range,
            expected: None,
            pending: BTreeSet::from([0]),
            held: Default::default(),
            // Continuity then refuses any row at or below the base's largest id.
            last_oid: Some(max_oid),
            loaded: 0,
            stray: 0,
            // Its months are not loaded by it: no RunLoaded.
            announced: true,
            above_oid: Some(max_oid),
        });
        let size = self.plan.page_size;
        self.add(
            Request::Page {
                run,
                offset: 0,
                size,
            },
            now,
        );
        for m in 0..self.months.len() {
            self.add(Request::RefreshCount(m), now);
        }
    }

    /// A page of new rows passed its checks: note their months and hold it.
    pub(super) fn hold_new_rows(&mut self, ready: ReadyPage) {
        let field = &self.plan.date_field;
        let Some(r) = self.refresh.as_mut() else {
            return;
        };
        for (attrs, _) in &ready.page.features {
            if let Some(m) = row_time(attrs, field).and_then(|t| month_of(&self.months, t)) {
                r.new_rows[m] += 1;
            }
        }
        r.held.push(ready);
    }

    /// Month `m`'s plain count came (`None`: given up on).
    pub(super) fn refresh_counted(&mut self, m: usize, rows: Option<u64>, now: i64) {
        if let Some(c) = self.refresh.as_mut().and_then(|r| r.count.get_mut(m)) {
            *c = Some(rows);
        }
        self.refresh_step(now);
    }

    /// Settle every month whose count is in once the new rows are; hand the new rows over
    /// once every month is settled.
    pub(super) fn refresh_step(&mut self, now: i64) {
        let new_rows_in = self
            .runs
            .iter()
            .any(|r| r.above_oid.is_some() && r.pending.is_empty());
        let Some(r) = self.refresh.as_ref().filter(|r| !r.released && new_rows_in) else {
            return;
        };
        let mut verdicts = Vec::new();
        let mut open = false;
        for m in 0..r.settled.len() {
            if r.settled[m] != Settled::Open {
                continue;
            }
            let Some(count) = r.count[m] else {
                open = true;
                continue;
            };
            let held = r.base_rows[m].saturating_add(r.new_rows[m]);
            verdicts.push((m, count, held));
        }
        for (m, count, held) in verdicts {
            match count {
                Some(c) if c != held => self.replace_month(m, c, held, now),
                _ => self.keep_month(m, count, now),
            }
        }
        if !open {
            self.release_new_rows();
        }
        self.plan_runs(now);
    }

    fn keep_month(&mut self, m: usize, count: Option<u64>, now: i64) {
        let Some(r) = self.refresh.as_mut() else {
            return;
        };
        r.settled[m] = Settled::Kept;
        let (new, in_base) = (r.new_rows[m], r.in_base[m]);
        self.month_rows[m] = MonthRows::Kept(count);
        if new > 0 {
            if self.plan.statistics {
                self.add(Request::MonthStats(m), now);
            } else if let Some(c) = count {
                self.counts.set_month_rows(m, c);
                self.events.push(Event::MonthCounts(m));
            }
            if self.plan.count_distinct {
                self.add(Request::MonthIncidents(m), now);
            }
        } else if !in_base && count == Some(0) {
            self.counts.set_month_cells(m, &[]);
            self.counts.set_month_incidents(m, 0);
            self.events.push(Event::MonthCounts(m));
        }
    }

    fn replace_month(&mut self, m: usize, count: u64, held: u64, now: i64) {
        if let Some(r) = self.refresh.as_mut() {
            r.settled[m] = Settled::Replaced;
        }
        self.events.push(Event::MonthReplaced(m));
        let label = self.months[m].label();
        self.notice(format!(
            "{label} changed on the data service ({count} rows counted, {held} held); loading it again."
        ));
        if self.plan.statistics {
            self.add(Request::MonthStats(m), now);
        } else {
            self.counts.set_month_rows(m, count);
            self.month_known(m, count, now);
        }
        if self.plan.count_distinct {
            self.add(Request::MonthIncidents(m), now);
        }
    }

    /// Hand the new rows over, without those of replaced months, and count the rows held.
    fn release_new_rows(&mut self) {
        let Some(r) = self.refresh.as_mut() else {
            return;
        };
        r.released = true;
        let pages = std::mem::take(&mut r.held);
        let settled = r.settled.clone();
        for (m, s) in settled.iter().enumerate() {
            if *s == Settled::Kept {
                self.loaded_by_month[m] += r.base_rows[m];
            }
        }
        let field = self.plan.date_field.clone();
        let (mut added, mut dropped) = (0u64, 0u64);
        for mut ready in pages {
            let before = ready.page.features.len();
            ready.page.features.retain(|(attrs, _)| {
                row_time(attrs, &field)
                    .and_then(|t| month_of(&self.months, t))
                    .is_none_or(|m| settled[m] != Settled::Replaced)
            });
            dropped += (before - ready.page.features.len()) as u64;
            for (attrs, _) in &ready.page.features {
                match row_time(attrs, &field).and_then(|t| month_of(&self.months, t)) {
                    Some(m) => self.loaded_by_month[m] += 1,
                    None => self.runs[ready.run].stray += 1,
                }
            }
            added += ready.page.features.len() as u64;
            if !ready.page.features.is_empty() {
                self.ready.push(ready);
            }
        }
        self.rows_loaded += added;
        let replaced = settled.iter().filter(|s| **s == Settled::Replaced).count();
        let again = if dropped > 0 {
            format!(" ({dropped} more come with their month)")
        } else {
            String::new()
        };
        self.notice(format!(
            "{added} row(s) added since the rows held{again}; {replaced} month(s) changed and load again."
        ));
    }
}
