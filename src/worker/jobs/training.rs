//! LSTM training as a stepped job: epochs for a few tens of milliseconds per step, every
//! epoch's losses sent as it ends; Stop keeps the best weights so far; the finish scores the
//! model against weekly SARIMAX and seasonal naive and forecasts.

use super::{Clock, Emit, End, Progress, Shared, Slot, SteppedJob};
use crate::worker::lstm::job::TrainingJob;
use crate::worker::messages::Response;

/// Training run `id`.
#[derive(Debug)]
pub struct Training {
    id: u32,
    run: TrainingJob,
}

impl Training {
    /// Step `run` as job `id`.
    pub fn new(id: u32, run: TrainingJob) -> Self {
        Training { id, run }
    }
}

impl SteppedJob for Training {
    fn id(&self) -> u32 {
        self.id
    }

    fn slot(&self) -> Slot {
        Slot::Training
    }

    /// None: the page follows training by its epochs, and takes a progress line as the sign
    /// that training is over.
    fn progress(&self) -> Option<Progress> {
        None
    }

    fn step(&mut self, clock: Clock, budget_ms: f64, emit: Emit) -> Result<(), String> {
        let points = self
            .run
            .step(clock, budget_ms)
            .map_err(|e| format!("Training failed: {e}"))?;
        for point in points {
            emit(Response::LstmEpoch {
                job: self.id,
                point,
            });
        }
        Ok(())
    }

    fn is_done(&self) -> bool {
        self.run.is_done()
    }

    fn stop(&mut self, now_ms: f64) {
        self.run.stop(now_ms);
    }

    fn finish(
        self: Box<Self>,
        clock: Clock,
        shared: &mut Shared,
        emit: Emit,
    ) -> Result<(), String> {
        let job = self.id;
        emit(Response::Progress {
            job,
            stage: "Scoring the LSTM, weekly SARIMAX and seasonal naive on the test weeks…".into(),
            done: 0,
            total: None,
        });
        let result = self
            .run
            .finish(clock, &mut shared.sarimax)
            .map_err(|e| format!("Training failed: {e}"))?;
        emit(Response::LstmDone {
            job,
            result: Box::new(result),
        });
        Ok(())
    }

    fn ended(&self, why: End) -> Option<&'static str> {
        Some(match why {
            End::Cancelled => "Training was cancelled.",
            End::Replaced => "Replaced by a newer training run.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Jobs, Next};
    use super::*;
    use crate::worker::lstm::WeeklySeries;
    use crate::worker::messages::{LstmSettings, StopReason};

    /// 168 weeks (the fewest these settings accept; too few for weekly SARIMAX, which keeps
    /// the test quick): a yearly season around 1000.
    fn series() -> WeeklySeries {
        let n: usize = 168;
        WeeklySeries {
            starts: (0..n).map(|t| 18_000 + 7 * t as i32).collect(),
            values: (0..n)
                .map(|t| (1000.0 + 150.0 * (std::f64::consts::TAU * t as f64 / 52.0).sin()).round())
                .collect(),
            dropped_partial: (false, false),
        }
    }

    fn settings() -> LstmSettings {
        LstmSettings {
            window: 4,
            units: vec![4],
            epochs: 50,
            patience: 50,
            seed: 3,
            seasonal_lag: 52,
            test_weeks: 52,
        }
    }

    fn zero() -> f64 {
        0.0
    }

    #[test]
    fn stop_keeps_the_best_weights_and_the_finish_scores_them() {
        let mut jobs = Jobs::new();
        let mut sent = Vec::new();
        let run = TrainingJob::new(series(), settings(), 0.0).unwrap();
        jobs.start(Box::new(Training::new(9, run)), &mut |r| sent.push(r));
        assert!(
            sent.is_empty(),
            "training shows no progress line while it runs"
        );
        assert_eq!(jobs.running(Slot::Training), Some(9));
        // A zero budget runs one epoch per step.
        assert_eq!(
            jobs.step(9, &zero, 0.0, &mut |r| sent.push(r)).unwrap(),
            Next::Step
        );
        assert!(matches!(&sent[..], [Response::LstmEpoch { job: 9, point }] if point.epoch == 1));
        assert!(jobs.stop(9, 0.0));
        assert_eq!(
            jobs.step(9, &zero, 0.0, &mut |r| sent.push(r)).unwrap(),
            Next::Finish
        );
        jobs.finish(9, &zero, &mut |r| sent.push(r)).unwrap();
        assert_eq!(jobs.running(Slot::Training), None);
        match &sent[1..] {
            [Response::Progress { stage, .. }, Response::LstmDone { job: 9, result }] => {
                assert!(stage.starts_with("Scoring"), "{stage}");
                assert_eq!((result.stop, result.epochs_run), (StopReason::User, 1));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_newer_run_replaces_the_running_one_and_says_so() {
        let mut jobs = Jobs::new();
        let mut sent = Vec::new();
        for id in [1, 2] {
            let run = TrainingJob::new(series(), settings(), 0.0).unwrap();
            jobs.start(Box::new(Training::new(id, run)), &mut |r| sent.push(r));
        }
        assert_eq!(jobs.running(Slot::Training), Some(2));
        assert!(matches!(
            &sent[..],
            [Response::Failed { job: 1, message, .. }] if message.contains("newer training run")
        ));
        assert!(jobs.end(2, End::Cancelled, &mut |r| sent.push(r)));
        assert!(matches!(
            sent.last(),
            Some(Response::Failed { job: 2, message, .. }) if message == "Training was cancelled."
        ));
    }
}
