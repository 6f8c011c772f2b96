//! The engine's side of the stepped allocation analysis: the job over the active dataset
//! (stepped by [`crate::worker::jobs::allocation::Allocation`]).

use super::{Engine, Error};
use crate::data::filter::Filter;
use crate::worker::messages::AllocationSpec;
use crate::worker::pipelines::allocation::AllocationJob;

impl Engine {
    /// The allocation analysis over the rows of the active dataset that pass `filter`, ready
    /// to be stepped (its counts are done; no precinct is fitted yet).
    ///
    /// # Errors
    /// [`Error::NoData`] without an active dataset or rows in the window.
    pub fn allocation(
        &mut self,
        filter: &Filter,
        spec: &AllocationSpec,
    ) -> Result<AllocationJob, Error> {
        self.with_input(filter, false, |input| AllocationJob::new(input, spec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::clean::CleanRules;
    use crate::data::time::day_of;
    use crate::worker::pipelines::allocation::Phase;

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
        let mut j = e.allocation(&filter, &AllocationSpec::default()).unwrap();
        assert_eq!(j.planned(), 11);
        let mut fits = 0;
        let mut backtests = 0;
        while let Some(phase) = j.step() {
            match phase {
                Phase::Fitting { done, total } => {
                    fits += 1;
                    assert_eq!((done, total), (fits, 11));
                    assert_eq!(j.fits_done(), done == 11);
                    assert!(!j.result().backtests_done);
                }
                Phase::Backtesting { done, .. } => {
                    backtests += 1;
                    assert_eq!(done, backtests);
                }
            }
        }
        assert!(j.finished());
        let r = j.run_to_end();
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
        let mut j = e.allocation(&filter, &AllocationSpec::default()).unwrap();
        assert_eq!(j.planned(), 0);
        assert_eq!(j.step(), None);
        let r = j.run_to_end();
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
        assert!(matches!(
            Engine::new().allocation(&filter, &AllocationSpec::default()),
            Err(Error::NoData)
        ));
    }
}
