//! The engine's side of the stepped allocation analysis: start a job over the active
//! dataset, advance it one precinct at a time, hand over its result, or drop it.

use super::{Engine, Error};
use crate::data::filter::Filter;
use crate::worker::messages::{AllocationResult, AllocationSpec};
use crate::worker::pipelines::allocation::{AllocationJob, Phase};

impl Engine {
    /// Start the allocation analysis `job` over the rows of the active dataset that pass
    /// `filter`, replacing any allocation job in progress. Returns the number of precincts to
    /// fit.
    pub fn allocation_begin(
        &mut self,
        job: u32,
        filter: &Filter,
        spec: &AllocationSpec,
    ) -> Result<usize, Error> {
        let j = self.with_input(filter, false, |input| AllocationJob::new(input, spec))?;
        let planned = j.planned();
        self.allocation = Some((job, j));
        Ok(planned)
    }

    /// The id of the allocation job in progress.
    pub fn allocation_job(&self) -> Option<u32> {
        self.allocation.as_ref().map(|(id, _)| *id)
    }

    /// Advance the allocation job `job` by one precinct. `Ok(None)` when it has nothing left.
    pub fn allocation_step(&mut self, job: u32) -> Result<Option<Phase>, Error> {
        match &mut self.allocation {
            Some((id, j)) if *id == job => Ok(j.step()),
            _ => Err(Error::UnknownJob(job)),
        }
    }

    /// The allocation job `job`, to read its result so far or fill in its timings.
    pub fn allocation_state(&mut self, job: u32) -> Option<&mut AllocationJob> {
        match &mut self.allocation {
            Some((id, j)) if *id == job => Some(j),
            _ => None,
        }
    }

    /// Take the result of the allocation job `job` as it stands, ending the job.
    pub fn allocation_take(&mut self, job: u32) -> Option<AllocationResult> {
        match self.allocation.take() {
            Some((id, j)) if id == job => Some(j.into_result()),
            other => {
                self.allocation = other;
                None
            }
        }
    }

    /// Drop the allocation job `job`. Returns whether it was running.
    pub fn allocation_abandon(&mut self, job: u32) -> bool {
        if self.allocation_job() == Some(job) {
            self.allocation = None;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::clean::CleanRules;
    use crate::data::time::day_of;

    fn engine(first: (i32, u32)) -> Engine {
        let mut e = Engine::new();
        let rules = CleanRules {
            first_day: day_of(first.0, first.1, 1).unwrap(),
            ..CleanRules::default()
        };
        e.demo_begin(1, 2016, rules);
        while !e.demo_step(1, 12).unwrap().finished {}
        e
    }

    #[test]
    fn eleven_precincts_are_fitted_step_by_step_then_backtested() {
        let mut e = engine((2022, 11));
        let filter = Filter {
            categories: vec!["ASSAULT".into()],
            ..Filter::default()
        };
        let total = e
            .allocation_begin(7, &filter, &AllocationSpec::default())
            .unwrap();
        assert_eq!(total, 11);
        assert_eq!(e.allocation_job(), Some(7));
        assert!(e.allocation_step(8).is_err());
        let mut fits = 0;
        let mut backtests = 0;
        while let Some(phase) = e.allocation_step(7).unwrap() {
            match phase {
                Phase::Fitting { done, total } => {
                    fits += 1;
                    assert_eq!((done, total), (fits, 11));
                    let j = e.allocation_state(7).unwrap();
                    assert_eq!(j.fits_done(), done == 11);
                    assert!(!j.result().backtests_done);
                }
                Phase::Backtesting { done, .. } => {
                    backtests += 1;
                    assert_eq!(done, backtests);
                }
            }
        }
        let r = e.allocation_take(7).unwrap();
        assert_eq!(e.allocation_job(), None);
        assert_eq!(fits, 11);
        assert_eq!(backtests, r.models.len());
        assert!(r.backtests_done && !r.auto);
        assert_eq!(r.models.len() + r.skipped.len(), 11, "{:?}", r.skipped);
        assert_eq!(r.areas.len(), 12);
        assert_eq!(r.areas[0].precinct, 0);
        for m in &r.models {
            assert_eq!(m.model, "SARIMA(1,1,1)(1,1,1,12)");
            assert_eq!(m.mean.len(), 12);
            assert!(m.backtest.is_some(), "{:?}", m.backtest_note);
            assert!(m.baseline.is_some());
            assert!(m.lower.iter().zip(&m.upper).all(|(l, u)| l < u));
        }
        // The citywide table holds every precinct's rows.
        let city: u64 = r.areas[0].week.iter().sum();
        let parts: u64 = r.areas[1..].iter().map(|a| a.total).sum();
        assert_eq!(city, parts);
        // Rows at a likely default time are a part of the table, at 00:00 and 12:00 only.
        for a in &r.areas {
            for (cell, (d, w)) in a.week_default_time.iter().zip(&a.week).enumerate() {
                assert!(d <= w);
                assert!(*d == 0 || cell % 24 == 0 || cell % 24 == 12, "cell {cell}");
            }
        }
        assert!(r.areas[0].week_default_time.iter().sum::<u64>() > 0);
    }

    #[test]
    fn short_windows_and_the_precinct_filter_are_listed_as_skipped() {
        let mut e = engine((2025, 1));
        let filter = Filter {
            precincts: vec![3, 9],
            ..Filter::default()
        };
        assert_eq!(
            e.allocation_begin(2, &filter, &AllocationSpec::default())
                .unwrap(),
            0
        );
        assert_eq!(e.allocation_step(2).unwrap(), None);
        let r = e.allocation_take(2).unwrap();
        assert!(r.models.is_empty());
        assert_eq!(r.skipped.len(), 11);
        let reason = |p: u8| {
            r.skipped
                .iter()
                .find(|s| s.precinct == p)
                .map(|s| s.reason.clone())
                .unwrap()
        };
        assert!(reason(3).contains("needs at least 36"), "{}", reason(3));
        assert!(reason(4).contains("precinct filter"));
        assert_eq!(r.areas.len(), 3);
        assert!(e
            .allocation_begin(3, &filter, &AllocationSpec::default())
            .is_ok());
        assert!(e.allocation_abandon(3));
        assert!(!e.allocation_abandon(3));
        assert!(Engine::new()
            .allocation_begin(1, &filter, &AllocationSpec::default())
            .is_err());
    }
}
