//! Runs of consecutive months fetched with one `where` clause: packing months into runs as
//! their counts arrive (newest first), the pages each run needs, loading a run's pages in
//! offset order with the object id continuity check, and the per-month reconciliation of
//! server counts against rows loaded.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Event, Loader, MonthRows, ReadyPage, Request, TaskState};
use crate::data::arcgis::fields::missing_fields;
use crate::data::arcgis::months::{month_of, MonthSlot, UtcRange};
use crate::data::arcgis::reply::{value_text, Page};
use crate::data::continuity::{self, Gap};
use crate::data::time::parse_text;

/// Consecutive months fetched together.
#[derive(Debug, Clone)]
pub(super) struct Run {
    /// Oldest and newest month (indices, oldest first).
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) range: UtcRange,
    /// Rows the server counted, when known (`None`: pages follow while the server says more).
    pub(super) expected: Option<u64>,
    /// Offsets of pages not loaded yet.
    pub(super) pending: BTreeSet<u64>,
    /// Pages arrived and waiting for an earlier one: offset → (rows asked, page).
    pub(super) held: BTreeMap<u64, (u32, Page)>,
    /// Largest object id loaded.
    pub(super) last_oid: Option<i64>,
    /// Rows loaded, and those whose time fell outside the run's months.
    pub(super) loaded: u64,
    pub(super) stray: u64,
    /// Whether [`Event::RunLoaded`] went out.
    pub(super) announced: bool,
    /// Only rows above this object id (a refresh's new rows, over the whole window).
    pub(super) above_oid: Option<i64>,
}

/// How a month's rows compare with the server's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Rows still loading.
    Pending,
    /// Rows loaded equal the server's count.
    Agrees,
    /// They differ; the reason in words.
    Differs(String),
    /// The server gave no count for this month; rows were loaded while it said more follow.
    NotCounted,
}

/// One month's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCheck {
    /// The month.
    pub month: MonthSlot,
    /// Offense rows the server counted.
    pub server: Option<u64>,
    /// Rows loaded whose time falls in the month (in a month kept from a base: the base's
    /// rows of it plus those handed over).
    pub loaded: u64,
    /// The verdict.
    pub check: Check,
}

pub(super) fn row_time(attrs: &serde_json::Map<String, Value>, field: &str) -> Option<i64> {
    let v = attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(field))
        .map(|(_, v)| v)?;
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|x| x as i64)),
        other => parse_text(&value_text(other)),
    }
}

impl Loader {
    pub(super) fn run_label(&self, run: usize) -> String {
        let Some(r) = self.runs.get(run) else {
            return format!("run {run}");
        };
        if let Some(oid) = r.above_oid {
            return format!("the rows above object id {oid}");
        }
        let (a, b) = (&self.months[r.first], &self.months[r.last]);
        if r.first == r.last {
            a.label()
        } else {
            format!("{}–{}", a.label(), b.label())
        }
    }

    /// Pack months whose counts are known into runs, newest first, and add their pages.
    pub(super) fn plan_runs(&mut self, now: i64) {
        if !self.plan_settled {
            return;
        }
        let target = u64::from(self.params.run_pages) * u64::from(self.plan.page_size);
        while let Some(newest) = self.plan_cursor {
            let (mut rows, mut oldest, mut m) = (0u64, None, Some(newest));
            let mut closed = false;
            while let Some(i) = m {
                match self.month_rows[i] {
                    MonthRows::Pending => break,
                    MonthRows::Kept(_) if oldest.is_some() => {
                        closed = true;
                        break;
                    }
                    MonthRows::Kept(_) => {
                        // The base's rows stay: no run, and runs do not reach across it.
                        self.plan_cursor = i.checked_sub(1);
                        break;
                    }
                    MonthRows::Unknown if oldest.is_some() => {
                        closed = true;
                        break;
                    }
                    MonthRows::Unknown => {
                        self.add_run(i, i, None, now);
                        self.plan_cursor = i.checked_sub(1);
                        break;
                    }
                    MonthRows::Known(n) => {
                        rows = rows.saturating_add(n);
                        oldest = Some(i);
                        m = i.checked_sub(1);
                        if rows >= target || m.is_none() {
                            closed = true;
                            break;
                        }
                    }
                }
            }
            if self.plan_cursor != Some(newest) {
                continue; // an uncounted month became a run of its own
            }
            match (closed, oldest) {
                (true, Some(first)) => {
                    self.add_run(first, newest, Some(rows), now);
                    self.plan_cursor = first.checked_sub(1);
                }
                _ => break,
            }
        }
    }

    fn add_run(&mut self, first: usize, last: usize, expected: Option<u64>, now: i64) {
        let range = UtcRange {
            from_ms: self.months[first].range.from_ms,
            to_ms: self.months[last].range.to_ms,
        };
        let size = self.plan.page_size;
        let offsets: Vec<u64> = match expected {
            Some(rows) => (0..rows).step_by(size as usize).collect(),
            None => vec![0],
        };
        let run = self.runs.len();
        self.runs.push(Run {
            first,
            last,
            range,
            expected,
            pending: offsets.iter().copied().collect(),
            held: BTreeMap::new(),
            last_oid: None,
            loaded: 0,
            stray: 0,
            announced: false,
            above_oid: None,
        });
        for offset in offsets {
            self.add(Request::Page { run, offset, size }, now);
        }
        self.announce_run(run);
    }

    /// Tell the caller once that every row of `run` is handed over.
    fn announce_run(&mut self, run: usize) {
        if let Some(r) = self.runs.get_mut(run) {
            if r.pending.is_empty() && !r.announced {
                r.announced = true;
                let (first, last) = (r.first, r.last);
                self.events.push(Event::RunLoaded { run, first, last });
            }
        }
    }

    /// Load the held pages of `run` that are next in offset order. A page that breaks
    /// continuity is sent again; a short page whose server says more follow is taken and
    /// the rest of its rows asked for.
    pub(super) fn drain_run(&mut self, run: usize, now: i64) {
        loop {
            let Some(r) = self.runs.get_mut(run) else {
                return;
            };
            let Some(&front) = r.pending.first() else {
                return;
            };
            let Some((asked, page)) = r.held.remove(&front) else {
                return;
            };
            // Checked in load order, so the pages before one that lacks a field are loaded.
            if let Some((attrs, _)) = page.features.first() {
                let missing = missing_fields(attrs);
                if !missing.is_empty() {
                    self.failed = Some(format!(
                        "The data service changed its fields: {} missing from the page at row {front} of {}. Rows already loaded are kept.",
                        missing.join(", "),
                        self.run_label(run)
                    ));
                    return;
                }
            }
            let rows = page.features.len();
            let checked = continuity::check(r.last_oid, &page, asked);
            let checked = match checked {
                Err(Gap::Short { .. }) if rows > 0 => {
                    continuity::check(r.last_oid, &page, rows as u32).map(|oid| (oid, true))
                }
                other => other.map(|oid| (oid, false)),
            };
            let rank = self.rank(Request::Page {
                run,
                offset: front,
                size: asked,
            });
            let (oid, short) = match checked {
                Ok(v) => v,
                Err(gap) => {
                    let message = gap.to_string();
                    self.retry_page(rank, message, now);
                    return;
                }
            };
            let more = page.exceeded_transfer_limit;
            let r = &mut self.runs[run];
            r.last_oid = oid;
            r.pending.remove(&front);
            r.loaded += rows as u64;
            if short {
                // The server's pages are smaller than asked: take these rows, ask for the
                // rest in pages of the size it serves, and shrink the pages not yet sent.
                // Past the count, the page that says more follow asks for the rest.
                let from = front + rows as u64;
                let to = self.runs[run]
                    .expected
                    .map_or(from + 1, |n| n.max(from + 1))
                    .min(front + u64::from(asked));
                self.add_pages(run, from, to, rows as u32, now);
                self.shrink_pages(rows as u32, now);
            } else if !more && (rows as u32) < asked {
                self.end_run_at(run, front);
            } else if more && self.runs[run].pending.is_empty() {
                let r = &mut self.runs[run];
                let next = front + rows as u64;
                r.pending.insert(next);
                let size = self.plan.page_size;
                self.add(
                    Request::Page {
                        run,
                        offset: next,
                        size,
                    },
                    now,
                );
            }
            if let Some(t) = self.tasks.get_mut(&rank) {
                t.state = TaskState::Done;
            }
            let ready = ReadyPage {
                page,
                run,
                offset: front,
            };
            if self.is_new_rows(run) {
                self.hold_new_rows(ready);
            } else {
                self.count_rows(run, &ready.page);
                self.ready.push(ready);
            }
            self.announce_run(run);
        }
    }

    fn count_rows(&mut self, run: usize, page: &Page) {
        let field = self.plan.date_field.clone();
        let (first, last) = (self.runs[run].first, self.runs[run].last);
        for (attrs, _) in &page.features {
            let month = row_time(attrs, &field).and_then(|t| month_of(&self.months, t));
            match month.filter(|m| (first..=last).contains(m)) {
                Some(m) => self.loaded_by_month[m] += 1,
                None => self.runs[run].stray += 1,
            }
        }
        self.rows_loaded += page.features.len() as u64;
    }

    /// The server sent its last rows before `offset`'s page was full: the run's later pages
    /// are not needed.
    fn end_run_at(&mut self, run: usize, offset: u64) {
        let later: Vec<u64> = self.runs[run]
            .pending
            .range(offset + 1..)
            .copied()
            .collect();
        for o in later {
            self.runs[run].pending.remove(&o);
            self.runs[run].held.remove(&o);
            let rank = self.rank(Request::Page {
                run,
                offset: o,
                size: 0,
            });
            if let Some(t) = self.tasks.get_mut(&rank) {
                t.state = TaskState::Done;
            }
        }
    }

    /// Split every page not yet sent into pages of `rows` (the server's real page size).
    fn shrink_pages(&mut self, rows: u32, now: i64) {
        if rows >= self.plan.page_size || rows == 0 {
            return;
        }
        self.plan = self.plan.with_page_size(rows);
        self.notice(format!(
            "The data service sends pages of {rows} rows; asking for pages of that size."
        ));
        let unsent: Vec<_> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.sends == 0 && t.state == TaskState::Waiting)
            .filter_map(|(k, t)| match t.request {
                Request::Page { run, offset, size } if size > rows => Some((*k, run, offset, size)),
                _ => None,
            })
            .collect();
        for (key, run, offset, size) in unsent {
            self.tasks.remove(&key);
            self.add_pages(run, offset, offset + u64::from(size), rows, now);
        }
    }

    /// Pages of at most `size` rows covering offsets `from..to` of `run`.
    fn add_pages(&mut self, run: usize, from: u64, to: u64, size: u32, now: i64) {
        let mut o = from;
        while o < to {
            let part = (to - o).min(u64::from(size)) as u32;
            self.runs[run].pending.insert(o);
            self.add(
                Request::Page {
                    run,
                    offset: o,
                    size: part,
                },
                now,
            );
            o += u64::from(part);
        }
    }

    /// Whether every run is planned and loaded.
    pub(super) fn rows_done(&self) -> bool {
        self.plan_cursor.is_none()
            && self.runs.iter().all(|r| r.pending.is_empty())
            && self.refresh.as_ref().is_none_or(|r| r.released)
    }

    /// Whether `run` is a refresh's run of new rows.
    pub(super) fn is_new_rows(&self, run: usize) -> bool {
        self.runs.get(run).is_some_and(|r| r.above_oid.is_some())
    }

    /// Server count vs rows loaded, month by month (oldest first). With a base, a month kept
    /// is checked as its base rows plus its new rows, once these are handed over; a month
    /// replaced, as the rows loaded again.
    pub fn reconciliation(&self) -> Vec<MonthCheck> {
        let mut out: Vec<MonthCheck> = self
            .months
            .iter()
            .enumerate()
            .map(|(m, month)| MonthCheck {
                month: *month,
                server: match self.month_rows[m] {
                    MonthRows::Known(n) | MonthRows::Kept(Some(n)) => Some(n),
                    _ => None,
                },
                loaded: self.loaded_by_month[m],
                check: Check::Pending,
            })
            .collect();
        let released = self.refresh.as_ref().is_some_and(|r| r.released);
        let runs = self
            .runs
            .iter()
            .filter(|r| r.pending.is_empty() && r.above_oid.is_none())
            .map(|r| (r.first, r.last, r.stray));
        // Months kept from a base are checked once the new rows are handed over.
        let kept_months = (0..out.len())
            .filter(|&m| released && matches!(self.month_rows[m], MonthRows::Kept(_)))
            .map(|m| (m, m, 0));
        let checked: Vec<_> = runs.chain(kept_months).collect();
        for (first, last, stray) in checked {
            for c in &mut out[first..=last] {
                c.check = match c.server {
                    None => Check::NotCounted,
                    Some(n) if n == c.loaded => Check::Agrees,
                    Some(n) if c.loaded > n => Check::Differs(format!(
                        "{} more row(s) loaded than the server counted: rows were added while loading",
                        c.loaded - n
                    )),
                    Some(n) => Check::Differs(if stray > 0 {
                        format!(
                            "{} row(s) counted by the server were not loaded; {} row(s) of these months came back with a time outside them",
                            n - c.loaded,
                            stray
                        )
                    } else {
                        format!(
                            "{} row(s) counted by the server were not sent: rows were removed while loading",
                            n - c.loaded
                        )
                    }),
                };
            }
        }
        out
    }
}
