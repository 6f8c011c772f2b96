//! Loading: the demo data (newest months first, active after its first chunk), and what
//! happens to any load when it ends — promotion to the active dataset, or its rows kept aside
//! for `UsePartial`.

use crate::data::aggregate::Resolution;
use crate::data::clean::CleanRules;
use crate::data::demo::{Demo, DemoConfig};

use super::{Engine, Feed, Loaded};
use crate::worker::messages::{Dataset, Source};
use crate::worker::Error;

/// Months of demo data generated before the first overview is shown.
pub const DEMO_FIRST_MONTHS: usize = 25;

/// What a load step achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Units done so far (months, rows or bytes).
    pub done: u64,
    /// Units in all, when known.
    pub total: Option<u64>,
    /// Whether the job finished with this step.
    pub finished: bool,
    /// Whether a dataset became active (or grew) with this step and should be announced.
    pub published: bool,
}

impl Engine {
    /// Start generating the demo data (newest months first).
    pub fn demo_begin(&mut self, job: u32, seed: u64, rules: CleanRules) {
        let cfg = DemoConfig {
            seed,
            ..DemoConfig::default()
        };
        if self.demo.as_ref().is_none_or(|d| d.config() != cfg) {
            self.demo = Some(Demo::new(cfg));
        }
        let first = cfg.first_day.max(rules.first_day);
        let last = cfg.last_day.min(rules.last_day);
        let mut months = Vec::new();
        let mut start = Resolution::Monthly.period_start(first);
        while start <= last {
            let next = Resolution::Monthly.next_start(start);
            months.push((start.max(first), (next - 1).min(last)));
            start = next;
        }
        months.reverse();
        self.begin(
            job,
            Source::Demo { seed },
            rules,
            Feed::Demo { months, next: 0 },
        );
    }

    /// Whether the demo load `job` has already made its first chunk active.
    pub fn demo_published(&self, job: u32) -> bool {
        self.staging
            .as_ref()
            .is_some_and(|s| s.job == job && s.into_active)
    }

    /// Generate the next months of demo data (`count` months).
    pub fn demo_step(&mut self, job: u32, count: usize) -> Result<Step, Error> {
        let demo = self.demo.as_ref().ok_or(Error::UnknownJob(job))?;
        let st = match &mut self.staging {
            Some(s) if s.job == job => s,
            _ => return Err(Error::UnknownJob(job)),
        };
        let Feed::Demo { months, next } = &mut st.feed else {
            return Err(Error::UnknownJob(job));
        };
        let total = months.len();
        let end = (*next + count).min(total);
        let store = if st.into_active {
            match &mut self.active {
                Some(a) => &mut a.store,
                None => &mut st.store,
            }
        } else {
            &mut st.store
        };
        for &(a, b) in &months[*next..end] {
            demo.generate(a, b, &mut |r| {
                st.cleaner.push(r, store);
            });
        }
        *next = end;
        let finished = end >= total;
        let mut published = false;
        if st.into_active {
            if let Some(a) = &mut self.active {
                a.quality = st.cleaner.quality.clone();
                a.dirty = true;
                a.complete = finished;
                published = finished;
            }
        } else if end >= DEMO_FIRST_MONTHS.min(total) {
            st.into_active = true;
            let store = std::mem::take(&mut st.store);
            self.active = Some(Loaded {
                source: st.source.clone(),
                store,
                quality: st.cleaner.quality.clone(),
                rules: st.cleaner.rules().clone(),
                complete: finished,
                live: None,
                dirty: true,
            });
            published = true;
        }
        if finished {
            self.staging = None;
        }
        Ok(Step {
            done: end as u64,
            total: Some(total as u64),
            finished,
            published,
        })
    }

    /// Rows read so far by the load in progress.
    pub fn rows_read(&self, job: u32) -> u64 {
        self.staging
            .as_ref()
            .filter(|s| s.job == job)
            .map_or(0, |s| s.cleaner.quality.read)
    }

    /// Make the finished load the active dataset.
    pub fn promote(&mut self, job: u32) -> Result<Dataset, Error> {
        let st = match self.staging.take() {
            Some(s) if s.job == job => s,
            other => {
                self.staging = other;
                return Err(Error::UnknownJob(job));
            }
        };
        if st.cleaner.quality.kept == 0 {
            let q = &st.cleaner.quality;
            let msg = if q.read == 0 {
                "the source returned no rows for this window".to_string()
            } else {
                format!(
                    "none of the {} rows read passed cleaning; see the data-quality panel",
                    q.read
                )
            };
            self.partial = None;
            return Err(Error::Data(crate::data::Error::Empty(msg)));
        }
        let mut loaded = Loaded {
            source: st.source,
            store: st.store,
            quality: st.cleaner.quality.clone(),
            rules: st.cleaner.rules().clone(),
            complete: true,
            live: None,
            dirty: true,
        };
        let d = loaded.describe();
        self.active = Some(loaded);
        Ok(d)
    }

    /// Stop the load `job`; its rows are kept aside for [`Engine::use_partial`]. Returns the
    /// number of rows it had kept.
    pub fn abandon(&mut self, job: u32) -> u64 {
        // A starting snapshot's rows waiting to go in are kept like loaded ones.
        if self.live.as_ref().is_some_and(|l| l.job == job) {
            self.live_feed_pending();
        }
        self.live_end(job);
        match self.staging.take() {
            Some(s) if s.job == job && s.into_active && matches!(s.feed, Feed::Live { .. }) => {
                // A live load streaming into the active dataset: its rows stay shown, marked
                // incomplete, and the page may keep them.
                if let Some(a) = &mut self.active {
                    a.complete = false;
                }
                self.streamed = Some(job);
                s.cleaner.quality.kept
            }
            Some(s) if s.job == job => {
                let kept = if s.into_active {
                    0
                } else {
                    s.cleaner.quality.kept
                };
                if s.into_active {
                    // Demo streaming into the active dataset: what is there stays active.
                    if let Some(a) = &mut self.active {
                        a.complete = false;
                    }
                    return 0;
                }
                self.partial = (kept > 0).then_some(s);
                kept
            }
            other => {
                self.staging = other;
                0
            }
        }
    }

    /// Make the partial rows of an abandoned load active.
    pub fn use_partial(&mut self, job: u32) -> Result<Dataset, Error> {
        if self.streamed == Some(job) {
            self.streamed = None;
            return self.describe().ok_or(Error::NoData);
        }
        match self.partial.take() {
            Some(s) if s.job == job => {
                self.staging = Some(s);
                let mut d = self.promote(job)?;
                if let Some(a) = &mut self.active {
                    a.complete = false;
                    d.complete = false;
                }
                Ok(d)
            }
            other => {
                self.partial = other;
                Err(Error::UnknownJob(job))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::filter::Filter;
    use crate::data::time::day_of;

    fn small_rules() -> CleanRules {
        CleanRules {
            first_day: day_of(2026, 5, 1).unwrap(),
            ..CleanRules::default()
        }
    }

    #[test]
    fn demo_streams_newest_months_first_and_stays_balanced() {
        let mut e = Engine::new();
        e.demo_begin(1, 7, small_rules());
        let mut steps = 0;
        loop {
            let s = e.demo_step(1, 2).unwrap();
            steps += 1;
            if s.finished {
                assert_eq!(s.total, Some(6));
                break;
            }
        }
        assert_eq!(steps, 3);
        let d = e.describe().unwrap();
        assert!(d.complete);
        assert!(d.quality.balances());
        assert_eq!(d.facets.precincts.len(), 11);
        let o = e.overview(&Filter::default()).unwrap();
        assert_eq!(o.total, d.quality.incidents);
    }
}
