//! The allocation analysis as a stepped job: one precinct fitted (then backtested) per step,
//! so the page sees "precinct k of 11" and a Cancel is heard between fits. The ranking is sent
//! as soon as every precinct is fitted; the backtests follow and the result is sent again with
//! them.

use super::{Clock, Emit, End, Progress, Shared, Slot, SteppedJob};
use crate::worker::messages::{AllocationResult, AnalysisResult, Response};
use crate::worker::pipelines::allocation::{AllocationJob, Phase};

/// The allocation job `id` and its phase timings.
#[derive(Debug)]
pub struct Allocation {
    id: u32,
    job: AllocationJob,
}

impl Allocation {
    /// Step `job` as job `id`; `counts_ms` is the time its counts took.
    pub fn new(id: u32, mut job: AllocationJob, counts_ms: f64) -> Self {
        job.result_mut().timing.counts_ms = counts_ms;
        Allocation { id, job }
    }
}

/// The allocation result as a response. Allocation runs are not recorded in the run
/// history, so no data fingerprint goes with them.
fn analysis(job: u32, r: AllocationResult) -> Response {
    Response::Analysis {
        job,
        result: AnalysisResult::Allocation(Box::new(r)),
        fingerprint: None,
    }
}

impl SteppedJob for Allocation {
    fn id(&self) -> u32 {
        self.id
    }

    fn slot(&self) -> Slot {
        Slot::Analysis
    }

    fn progress(&self) -> Option<Progress> {
        let j = &self.job;
        let (verb, done, total) = if !j.fits_done() {
            ("Fitting", j.fits_run(), j.planned())
        } else if !j.finished() {
            ("Backtesting", j.backtests_run(), j.result().models.len())
        } else {
            return None;
        };
        Some(Progress {
            stage: format!("{verb} precinct {} of {total}", done + 1),
            done: done as u64,
            total: Some(total as u64),
        })
    }

    /// One precinct (fits and backtests take far longer than a step's budget).
    fn step(&mut self, clock: Clock, _budget_ms: f64, emit: Emit) -> Result<(), String> {
        let t0 = clock();
        let phase = self.job.step();
        let dt = clock() - t0;
        let timing = &mut self.job.result_mut().timing;
        match phase {
            Some(Phase::Fitting { done, total }) => {
                timing.fit_ms += dt;
                if done == total && !self.job.finished() {
                    emit(analysis(self.id, self.job.result().clone()));
                }
            }
            Some(Phase::Backtesting { .. }) => timing.backtest_ms += dt,
            None => {}
        }
        Ok(())
    }

    fn is_done(&self) -> bool {
        self.job.finished()
    }

    /// Nothing to keep half-way: only a cancel ends the job early.
    fn stop(&mut self, _now_ms: f64) {}

    fn finish(
        self: Box<Self>,
        _clock: Clock,
        _shared: &mut Shared,
        emit: Emit,
    ) -> Result<(), String> {
        let id = self.id;
        emit(analysis(id, self.job.run_to_end()));
        Ok(())
    }

    fn ended(&self, why: End) -> Option<&'static str> {
        match why {
            End::Cancelled => {
                Some("Cancelled. Results already shown are kept; press Fit again to restart.")
            }
            // The page moved on to another analysis.
            End::Replaced => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Jobs, Next};
    use super::*;
    use crate::data::clean::CleanRules;
    use crate::data::filter::Filter;
    use crate::data::time::day_of;
    use crate::worker::engine::Engine;
    use crate::worker::messages::AllocationSpec;
    use crate::worker::Error;

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

    fn zero() -> f64 {
        0.0
    }

    #[test]
    fn the_page_sees_each_precinct_the_ranking_then_the_backtests() {
        let mut e = engine((2022, 11));
        let filter = Filter {
            precincts: vec![3, 9],
            ..Filter::default()
        };
        let job = e.allocation(&filter, &AllocationSpec::default()).unwrap();
        assert_eq!(job.planned(), 2);
        let mut jobs = Jobs::new();
        let mut sent = Vec::new();
        jobs.start(Box::new(Allocation::new(7, job, 1.5)), &mut |r| {
            sent.push(r)
        });
        assert_eq!(jobs.running(Slot::Analysis), Some(7));
        assert!(matches!(
            jobs.step(8, &zero, 40.0, &mut |r| sent.push(r)),
            Err(Error::UnknownJob(8))
        ));
        let mut next = Next::Step;
        while next == Next::Step {
            next = jobs.step(7, &zero, 40.0, &mut |r| sent.push(r)).unwrap();
        }
        assert_eq!(next, Next::Finish);
        jobs.finish(7, &zero, &mut |r| sent.push(r)).unwrap();
        assert_eq!(jobs.running(Slot::Analysis), None);
        let stages: Vec<String> = sent
            .iter()
            .map(|r| match r {
                Response::Progress { stage, .. } => stage.clone(),
                Response::Analysis {
                    result: AnalysisResult::Allocation(a),
                    fingerprint: None,
                    ..
                } => format!("result, backtests done: {}", a.backtests_done),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            stages,
            [
                "Fitting precinct 1 of 2",
                "Fitting precinct 2 of 2",
                "result, backtests done: false",
                "Backtesting precinct 1 of 2",
                "Backtesting precinct 2 of 2",
                "result, backtests done: true",
            ]
        );
        let Some(Response::Analysis {
            result: AnalysisResult::Allocation(a),
            ..
        }) = sent.last()
        else {
            panic!("no final result")
        };
        assert_eq!(a.timing.counts_ms, 1.5);
        assert!(a.models.iter().all(|m| m.backtest.is_some()));
        for m in &a.models {
            let cal = m
                .calibration
                .as_ref()
                .expect("calibration with the backtest");
            for c in &cal.coverage {
                assert_eq!(c.total, m.origins * 12);
                assert!(c.inside <= c.total);
            }
        }
    }

    #[test]
    fn cancel_and_replace_end_the_job() {
        let mut e = engine((2022, 11));
        let spec = AllocationSpec::default();
        let mut jobs = Jobs::new();
        let mut sent = Vec::new();
        let job = e.allocation(&Filter::default(), &spec).unwrap();
        jobs.start(Box::new(Allocation::new(3, job, 0.0)), &mut |r| {
            sent.push(r)
        });
        assert!(jobs.end(3, End::Cancelled, &mut |r| sent.push(r)));
        assert!(!jobs.end(3, End::Cancelled, &mut |r| sent.push(r)));
        assert!(matches!(
            sent.last(),
            Some(Response::Failed { job: 3, message, .. }) if message.starts_with("Cancelled.")
        ));
        // A newer allocation replaces a running one without a word to the page.
        let first = e.allocation(&Filter::default(), &spec).unwrap();
        let second = e.allocation(&Filter::default(), &spec).unwrap();
        sent.clear();
        jobs.start(Box::new(Allocation::new(4, first, 0.0)), &mut |r| {
            sent.push(r)
        });
        jobs.start(Box::new(Allocation::new(5, second, 0.0)), &mut |r| {
            sent.push(r)
        });
        assert_eq!(jobs.running(Slot::Analysis), Some(5));
        assert!(sent.iter().all(|r| matches!(r, Response::Progress { .. })));
        assert!(jobs.step(4, &zero, 40.0, &mut |r| sent.push(r)).is_err());
    }
}
