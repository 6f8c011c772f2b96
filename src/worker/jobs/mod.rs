//! Work the worker does in steps, so that progress reaches the page as it happens and a cancel
//! or stop request is heard between steps: the allocation analysis (one precinct per step) and
//! LSTM training (epochs for a few tens of milliseconds per step). Both implement
//! [`SteppedJob`]; [`Jobs`] holds the running ones and is driven by one loop in the browser
//! runtime (natively by tests and benches), which schedules a step, then the next, then the
//! finish, yielding to the message queue in between.

pub mod allocation;
#[cfg(feature = "lstm")]
pub mod training;

use super::messages::Response;
use super::Error;

/// A clock in milliseconds (`Date.now()` in the browser, an `Instant` natively).
pub type Clock<'a> = &'a dyn Fn() -> f64;

/// Where a job's responses go, in order, as they are produced.
pub type Emit<'a> = &'a mut dyn FnMut(Response);

/// What a job is doing, for the page's progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The unit under way, in words ("Fitting precinct 3 of 11").
    pub stage: String,
    /// Units done.
    pub done: u64,
    /// Units in all, when known.
    pub total: Option<u64>,
}

/// At most one job runs in each slot: a new one replaces the one there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The analysis of the page shown (a one-shot analysis replaces a stepped one too).
    Analysis,
    /// LSTM training.
    Training,
}

/// Why a job ends without finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The page cancelled it.
    Cancelled,
    /// A newer job took its slot.
    Replaced,
}

/// State shared by the jobs over the worker's life.
#[derive(Debug, Default)]
pub struct Shared {
    /// The weekly SARIMAX score LSTM runs are compared with, kept across runs on the same data.
    #[cfg(feature = "lstm")]
    pub sarimax: super::lstm::compare::SarimaxCache,
}

/// Work done in steps. `Err` values are the failure as the page shows it.
pub trait SteppedJob {
    /// The job id the page gave.
    fn id(&self) -> u32;

    /// The slot it occupies.
    fn slot(&self) -> Slot;

    /// The unit of work under way, if the page shows one (sent when the job starts and after
    /// every step).
    fn progress(&self) -> Option<Progress>;

    /// Work for about `budget_ms` on `clock` (at least one unit), emitting what the page
    /// should see (partial results, epochs).
    ///
    /// # Errors
    /// The failure, in words; the job is dropped.
    fn step(&mut self, clock: Clock, budget_ms: f64, emit: Emit) -> Result<(), String>;

    /// Whether every step has run (the job finishes next).
    fn is_done(&self) -> bool;

    /// Stop early at the page's request, keeping what is done: the job finishes next.
    fn stop(&mut self, now_ms: f64);

    /// Emit the final result.
    ///
    /// # Errors
    /// The failure, in words.
    fn finish(self: Box<Self>, clock: Clock, shared: &mut Shared, emit: Emit)
        -> Result<(), String>;

    /// What the page is told when the job ends without finishing (None: nothing).
    fn ended(&self, why: End) -> Option<&'static str>;
}

/// What the driver does after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Schedule another step.
    Step,
    /// Schedule the finish.
    Finish,
    /// Nothing: the job failed and is gone.
    Stop,
}

/// The running jobs, at most one per [`Slot`].
#[derive(Default)]
pub struct Jobs {
    running: Vec<Box<dyn SteppedJob>>,
    /// State the jobs share.
    pub shared: Shared,
}

fn progress(job: u32, p: Progress) -> Response {
    Response::Progress {
        job,
        stage: p.stage,
        done: p.done,
        total: p.total,
    }
}

impl Jobs {
    /// No jobs running.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of the job running in `slot`.
    pub fn running(&self, slot: Slot) -> Option<u32> {
        self.running
            .iter()
            .find(|j| j.slot() == slot)
            .map(|j| j.id())
    }

    fn take(&mut self, id: u32) -> Option<Box<dyn SteppedJob>> {
        let k = self.running.iter().position(|j| j.id() == id)?;
        Some(self.running.swap_remove(k))
    }

    /// End the job in `slot`, if any, telling the page when the job says so.
    pub fn clear(&mut self, slot: Slot, emit: Emit) {
        if let Some(id) = self.running(slot) {
            self.end(id, End::Replaced, emit);
        }
    }

    /// Start `job`, replacing the one in its slot; emits its first progress.
    pub fn start(&mut self, job: Box<dyn SteppedJob>, emit: Emit) {
        self.clear(job.slot(), emit);
        if let Some(p) = job.progress() {
            emit(progress(job.id(), p));
        }
        self.running.push(job);
    }

    /// Run one step of job `id` and say what comes next.
    ///
    /// # Errors
    /// [`Error::UnknownJob`] when `id` is not running (finished, cancelled or replaced).
    pub fn step(
        &mut self,
        id: u32,
        clock: Clock,
        budget_ms: f64,
        emit: Emit,
    ) -> Result<Next, Error> {
        let k = self
            .running
            .iter()
            .position(|j| j.id() == id)
            .ok_or(Error::UnknownJob(id))?;
        let job = &mut self.running[k];
        if job.is_done() {
            return Ok(Next::Finish);
        }
        match job.step(clock, budget_ms, emit) {
            Ok(()) if job.is_done() => Ok(Next::Finish),
            Ok(()) => {
                if let Some(p) = job.progress() {
                    emit(progress(id, p));
                }
                Ok(Next::Step)
            }
            Err(message) => {
                self.running.swap_remove(k);
                emit(Response::failed(id, message));
                Ok(Next::Stop)
            }
        }
    }

    /// Finish job `id`: emit its result (or its failure) and drop it.
    ///
    /// # Errors
    /// [`Error::UnknownJob`] when `id` is not running.
    pub fn finish(&mut self, id: u32, clock: Clock, emit: Emit) -> Result<(), Error> {
        let job = self.take(id).ok_or(Error::UnknownJob(id))?;
        if let Err(message) = job.finish(clock, &mut self.shared, emit) {
            emit(Response::failed(id, message));
        }
        Ok(())
    }

    /// Ask job `id` to stop early, keeping what is done. Returns whether it is running.
    pub fn stop(&mut self, id: u32, now_ms: f64) -> bool {
        match self.running.iter_mut().find(|j| j.id() == id) {
            Some(j) => {
                j.stop(now_ms);
                true
            }
            None => false,
        }
    }

    /// End job `id` without a result. Returns whether it was running.
    pub fn end(&mut self, id: u32, why: End, emit: Emit) -> bool {
        let Some(job) = self.take(id) else {
            return false;
        };
        if let Some(message) = job.ended(why) {
            emit(Response::failed(id, message));
        }
        true
    }
}
