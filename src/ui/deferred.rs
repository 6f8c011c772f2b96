//! Work moved to a task of its own (a zero-delay timeout), skipped when the component that
//! scheduled it has left the page in the meantime.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::{on_cleanup, set_timeout};

/// Schedules work for the component it was created in.
pub struct Deferred(Arc<AtomicBool>);

impl Deferred {
    /// Create inside a component: its cleanup marks the component as gone.
    pub fn new() -> Self {
        let alive = Arc::new(AtomicBool::new(true));
        let on_gone = alive.clone();
        on_cleanup(move || on_gone.store(false, Ordering::Relaxed));
        Deferred(alive)
    }

    /// Run `f` in a task of its own, unless the component has left the page by then.
    pub fn run(&self, f: impl FnOnce() + 'static) {
        let alive = self.0.clone();
        set_timeout(
            move || {
                if alive.load(Ordering::Relaxed) {
                    f();
                }
            },
            std::time::Duration::ZERO,
        );
    }
}

impl Default for Deferred {
    fn default() -> Self {
        Deferred::new()
    }
}
