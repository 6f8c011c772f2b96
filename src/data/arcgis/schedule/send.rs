//! Deciding what to send: the oldest unfinished request first and always, the rest in order
//! within the limits; deadlines, the throttle after `Retry-After`, and the watchdog.

use super::{Event, LoadState, Loader, Poll, Rank, Request, Send, TaskState};
use crate::data::arcgis::metadata::{layer_url, Format, Plan};
use crate::data::arcgis::months::UtcRange;
use crate::data::arcgis::pages::{page_url, page_url_above};
use crate::data::arcgis::stats::{count_url, grouped_url, incidents_url};

impl Loader {
    /// Decide what to do at `now` (ms): requests to send, when to wake, and the state.
    /// Call it at start, after every [`Loader::on_reply`], and at `wake_at`.
    pub fn poll(&mut self, now: i64) -> Poll {
        self.expire(now);
        if let Some(reason) = &self.failed {
            return Poll {
                send: Vec::new(),
                wake_at: None,
                state: LoadState::Failed(reason.clone()),
            };
        }
        let mut send = Vec::new();
        if now >= self.throttle_until {
            // The oldest unfinished request goes as soon as it is due, whatever the limits:
            // every later page may be waiting for it.
            let oldest = self
                .tasks
                .iter()
                .find(|(_, t)| t.state != TaskState::Done)
                .filter(|(_, t)| t.state == TaskState::Waiting && t.due <= now)
                .map(|(k, _)| *k);
            if let Some(rank) = oldest {
                send.push(self.send(rank, now));
            }
            let due: Vec<Rank> = self
                .tasks
                .iter()
                .filter(|(_, t)| t.state == TaskState::Waiting && t.due <= now)
                .map(|(k, _)| *k)
                .collect();
            let mut in_flight = self.in_flight();
            let mut held = self.runs.iter().map(|r| r.held.len()).sum::<usize>();
            for rank in due {
                let page = matches!(self.tasks[&rank].request, Request::Page { .. });
                let limit = if page {
                    self.params.concurrency
                } else {
                    self.params.count_concurrency
                };
                if in_flight >= limit {
                    // Counts come before pages in the order: once counts are held back,
                    // pages are too.
                    break;
                }
                if let Request::Page { run, offset, .. } = self.tasks[&rank].request {
                    let front = self.runs[run].pending.first() == Some(&offset);
                    if held >= self.params.held_pages && !front {
                        continue;
                    }
                    held += 1; // counted as waiting once it arrives
                }
                send.push(self.send(rank, now));
                in_flight += 1;
            }
        }
        let state = self.state(now);
        if let LoadState::Failed(reason) = &state {
            self.failed = Some(reason.clone());
        }
        Poll {
            send,
            wake_at: self.wake_at(now, &state),
            state,
        }
    }

    fn send(&mut self, rank: Rank, now: i64) -> Send {
        let id = self.next_send;
        self.next_send += 1;
        let request = self.tasks[&rank].request;
        let format = match request {
            Request::Page { .. } => self.plan.format,
            _ => Format::Json,
        };
        let url = self.url(request);
        if let Some(t) = self.tasks.get_mut(&rank) {
            t.state = TaskState::InFlight {
                since: now,
                send: id,
            };
            t.sends += 1;
        }
        self.sends.insert(id, (rank, format));
        Send {
            id,
            url,
            request,
            binary: format == Format::Pbf,
        }
    }

    fn url(&self, request: Request) -> String {
        let endpoint = self.params.endpoint.as_str();
        let plan = &self.plan;
        let month = |m: usize| self.months[m].range;
        let window = UtcRange {
            from_ms: self.months.first().map_or(0, |s| s.range.from_ms),
            to_ms: self.months.last().map_or(0, |s| s.range.to_ms),
        };
        match request {
            Request::Metadata => layer_url(endpoint),
            Request::HeadlineStats(k) => grouped_url(endpoint, plan, self.headline[k]),
            Request::HeadlineIncidents(k) => incidents_url(endpoint, plan, self.headline[k]),
            Request::WindowStats => grouped_url(endpoint, plan, window),
            Request::WindowIncidents => incidents_url(endpoint, plan, window),
            Request::MonthStats(m) => grouped_url(endpoint, plan, month(m)),
            Request::MonthCount(m) | Request::RefreshCount(m) => {
                count_url(endpoint, plan, month(m))
            }
            Request::MonthIncidents(m) => incidents_url(endpoint, plan, month(m)),
            Request::Page { run, offset, size } => {
                let r = &self.runs[run];
                match r.above_oid {
                    Some(oid) => page_url_above(endpoint, plan, r.range, oid, offset, size),
                    None => page_url(endpoint, plan, r.range, offset, size),
                }
            }
        }
    }

    /// Requests past their deadline count as failed (a late answer is still taken).
    fn expire(&mut self, now: i64) {
        let late: Vec<Rank> = self
            .tasks
            .iter()
            .filter(|(_, t)| {
                matches!(t.state, TaskState::InFlight { since, .. }
                    if now - since >= self.params.timeout_ms as i64)
            })
            .map(|(k, _)| *k)
            .collect();
        let secs = self.params.timeout_ms as f64 / 1000.0;
        for rank in late {
            self.fail(
                rank,
                super::receive::Failure::retry(format!("no answer within {secs:.0} s")),
                now,
            );
        }
    }

    /// The state at `now`.
    fn state(&self, now: i64) -> LoadState {
        let unfinished = self.tasks.values().any(|t| t.state != TaskState::Done);
        if self.plan_settled && !unfinished && self.rows_done() {
            return LoadState::Done;
        }
        let quiet = now - self.last_answer;
        if quiet >= self.params.give_up_ms as i64 {
            return LoadState::Failed(format!(
                "Loading stopped: nothing usable came from the data service for {} s. {} Rows already loaded are kept.",
                quiet / 1000,
                self.waiting_on(now)
            ));
        }
        if quiet >= self.params.watchdog_ms as i64 {
            return LoadState::Stalled(format!(
                "Nothing usable has come from the data service for {} s; still trying. {}",
                quiet / 1000,
                self.waiting_on(now)
            ));
        }
        LoadState::Running
    }

    /// The oldest unfinished requests, in words.
    fn waiting_on(&self, now: i64) -> String {
        let parts: Vec<String> = self
            .tasks
            .values()
            .filter(|t| t.state != TaskState::Done)
            .take(3)
            .map(|t| {
                let mut s = format!("{} (attempt {}", self.describe(t.request), t.sends.max(1));
                if let Some(e) = &t.last_error {
                    s.push_str(&format!(", last error: {e}"));
                }
                match t.state {
                    TaskState::Waiting if t.due.max(self.throttle_until) > now => {
                        s.push_str(&format!(
                            ", next try in {:.0} s",
                            (t.due.max(self.throttle_until) - now) as f64 / 1000.0
                        ))
                    }
                    TaskState::InFlight { since, .. } => s.push_str(&format!(
                        ", sent {:.0} s ago",
                        (now - since) as f64 / 1000.0
                    )),
                    _ => {}
                }
                s.push(')');
                s
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("Waiting for {}.", parts.join("; "))
        }
    }

    fn wake_at(&self, now: i64, state: &LoadState) -> Option<i64> {
        if matches!(state, LoadState::Done | LoadState::Failed(_)) {
            return None;
        }
        let timeout = self.params.timeout_ms as i64;
        let mut wake = self
            .tasks
            .values()
            .filter_map(|t| match t.state {
                TaskState::Waiting => Some(t.due.max(self.throttle_until).max(now + 1)),
                TaskState::InFlight { since, .. } => Some(since + timeout),
                _ => None,
            })
            .min();
        let watchdog = if matches!(state, LoadState::Stalled(_)) {
            self.last_answer + self.params.give_up_ms as i64
        } else {
            self.last_answer + self.params.watchdog_ms as i64
        };
        wake = Some(wake.map_or(watchdog, |w| w.min(watchdog)));
        wake
    }

    /// Settle the plan and queue the server counts it allows.
    pub(super) fn settle_plan(&mut self, plan: Plan, now: i64) {
        self.plan = plan;
        self.plan_settled = true;
        self.events.push(Event::Plan {
            from_metadata: self.plan.from_metadata,
        });
        if self.refresh.is_some() {
            self.plan_refresh(now);
            return;
        }
        for k in 0..self.headline.len() {
            if self.plan.statistics {
                self.add(Request::HeadlineStats(k), now);
            }
            if self.plan.count_distinct {
                self.add(Request::HeadlineIncidents(k), now);
            }
        }
        if self.plan.statistics && self.months.len() > 1 {
            self.add(Request::WindowStats, now);
        }
        if self.plan.count_distinct && self.months.len() > 1 {
            self.add(Request::WindowIncidents, now);
        }
        for m in 0..self.months.len() {
            if self.plan.statistics {
                self.add(Request::MonthStats(m), now);
            } else {
                self.add(Request::MonthCount(m), now);
            }
            if self.plan.count_distinct {
                self.add(Request::MonthIncidents(m), now);
            }
        }
        self.plan_runs(now);
    }
}
