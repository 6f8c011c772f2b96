//! A global allocator that meters the current thread's allocations while [`measure`] runs,
//! so a property can assert that a parser's memory is bounded by the size of its input.
//! Tests of one binary run on several threads; each thread meters only itself.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator plus per-thread accounting.
pub struct Meter;

#[global_allocator]
static METER: Meter = Meter;

struct Stats {
    active: Cell<bool>,
    live: Cell<isize>,
    peak: Cell<isize>,
    largest: Cell<usize>,
}

thread_local! {
    static STATS: Stats = const {
        Stats {
            active: Cell::new(false),
            live: Cell::new(0),
            peak: Cell::new(0),
            largest: Cell::new(0),
        }
    };
}

fn record(grow: isize, request: usize) {
    let _ = STATS.try_with(|s| {
        if s.active.get() {
            let live = s.live.get() + grow;
            s.live.set(live);
            s.peak.set(s.peak.get().max(live));
            s.largest.set(s.largest.get().max(request));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the accounting touches only
// const-initialised thread-local cells, which never allocate.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            record(layout.size() as isize, layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            record(layout.size() as isize, layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize), 0);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            record(new_size as isize - layout.size() as isize, new_size);
        }
        p
    }
}

/// What a measured call allocated on its thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Most bytes held at once by the call's allocations, net of what it freed.
    pub peak: usize,
    /// The largest single allocation request, in bytes.
    pub largest: usize,
}

/// Run `f` and report the memory it allocated on this thread.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Usage) {
    STATS.with(|s| {
        s.live.set(0);
        s.peak.set(0);
        s.largest.set(0);
        s.active.set(true);
    });
    let out = f();
    let usage = STATS.with(|s| {
        s.active.set(false);
        Usage {
            peak: s.peak.get().max(0) as usize,
            largest: s.largest.get(),
        }
    });
    (out, usage)
}
