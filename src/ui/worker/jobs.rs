//! The job-id registry: hands out the ids of requests to the worker and remembers which id is
//! current for each kind of job, so replies of replaced or abandoned jobs are told apart from
//! the ones the page waits for. Plain Rust, tested natively.

/// The kinds of job whose replies the page routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Loading data (demo, live, file, or the rows of a failed load).
    Load,
    /// The overview of the current filter.
    Overview,
    /// The current page's analysis.
    Analysis,
    /// Reading an uploaded point layer.
    Layer,
    /// Training or importing an LSTM.
    Lstm,
}

impl JobKind {
    const ALL: [JobKind; 5] = [
        JobKind::Load,
        JobKind::Overview,
        JobKind::Analysis,
        JobKind::Layer,
        JobKind::Lstm,
    ];

    fn slot(self) -> usize {
        self as usize
    }
}

/// Job ids handed out (from 1 up, never 0) and the current one of each [`JobKind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRegistry {
    next: u32,
    current: [Option<u32>; 5],
    /// Every LSTM job id asked for, so late replies of replaced runs are dropped quietly.
    lstm_asked: Vec<u32>,
}

impl Default for JobRegistry {
    fn default() -> Self {
        Self::new()
    }
}

impl JobRegistry {
    /// A registry with no jobs yet; the first id is 1.
    pub const fn new() -> Self {
        JobRegistry {
            next: 1,
            current: [None; 5],
            lstm_asked: Vec::new(),
        }
    }

    /// A new id, now the current job of `kind` (the previous one of that kind is replaced).
    pub fn start(&mut self, kind: JobKind) -> u32 {
        let job = self.next;
        self.next = self.next.checked_add(1).unwrap_or(1);
        self.adopt(kind, job);
        job
    }

    /// Make an id handed out earlier the current job of `kind` (the rows of a failed load are
    /// taken up under the failed load's id).
    pub fn adopt(&mut self, kind: JobKind, job: u32) {
        self.current[kind.slot()] = Some(job);
        if kind == JobKind::Lstm && !self.lstm_asked.contains(&job) {
            self.lstm_asked.push(job);
        }
    }

    /// The current job of `kind`, if any.
    pub fn current(&self, kind: JobKind) -> Option<u32> {
        self.current[kind.slot()]
    }

    /// Forget the current job of `kind` (its page is gone) and return it.
    pub fn forget(&mut self, kind: JobKind) -> Option<u32> {
        self.current[kind.slot()].take()
    }

    /// The kind of which `job` is the current job, if it is one.
    pub fn kind_of(&self, job: u32) -> Option<JobKind> {
        JobKind::ALL
            .into_iter()
            .find(|k| self.current(*k) == Some(job))
    }

    /// Whether `job` is an LSTM job that a later one replaced.
    pub fn is_replaced_lstm(&self, job: u32) -> bool {
        self.current(JobKind::Lstm) != Some(job) && self.lstm_asked.contains(&job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_up_from_one_and_each_kind_keeps_its_latest() {
        let mut r = JobRegistry::new();
        assert_eq!(r.current(JobKind::Load), None);
        let load = r.start(JobKind::Load);
        let overview = r.start(JobKind::Overview);
        let analysis = r.start(JobKind::Analysis);
        assert_eq!((load, overview, analysis), (1, 2, 3));
        assert_eq!(r.kind_of(2), Some(JobKind::Overview));
        let newer = r.start(JobKind::Overview);
        assert_eq!(newer, 4);
        assert_eq!(r.kind_of(2), None, "a replaced overview is nobody's");
        assert_eq!(r.kind_of(4), Some(JobKind::Overview));
        assert_eq!(r.kind_of(1), Some(JobKind::Load));
        assert_eq!(r.kind_of(0), None);
        assert_eq!(r.kind_of(99), None);
    }

    #[test]
    fn forgetting_drops_the_current_job_only() {
        let mut r = JobRegistry::new();
        let a = r.start(JobKind::Analysis);
        let l = r.start(JobKind::Layer);
        assert_eq!(r.forget(JobKind::Analysis), Some(a));
        assert_eq!(r.forget(JobKind::Analysis), None);
        assert_eq!(r.kind_of(a), None);
        assert_eq!(r.kind_of(l), Some(JobKind::Layer));
    }

    #[test]
    fn a_failed_load_can_be_taken_up_again() {
        let mut r = JobRegistry::new();
        let failed = r.start(JobKind::Load);
        let _other = r.start(JobKind::Load);
        r.adopt(JobKind::Load, failed);
        assert_eq!(r.current(JobKind::Load), Some(failed));
        assert_eq!(r.start(JobKind::Analysis), 3, "adopting hands out no id");
    }

    #[test]
    fn replaced_lstm_runs_are_recognised() {
        let mut r = JobRegistry::new();
        let first = r.start(JobKind::Lstm);
        assert!(!r.is_replaced_lstm(first));
        let second = r.start(JobKind::Lstm);
        assert!(r.is_replaced_lstm(first));
        assert!(!r.is_replaced_lstm(second));
        assert_eq!(r.kind_of(second), Some(JobKind::Lstm));
        let load = r.start(JobKind::Load);
        assert!(
            !r.is_replaced_lstm(load),
            "other kinds are never replaced LSTM runs"
        );
    }
}
