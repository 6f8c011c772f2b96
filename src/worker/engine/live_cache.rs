//! Return visits: a live load that keeps a snapshot of the rows it loads
//! ([`crate::data::snapshot`]), and a live load that starts from one (a copy the browser kept,
//! or the site's own). Starting from a snapshot, the loader is given its rows as its base
//! ([`crate::data::snapshot::base_of`]; its server counts answer the first announcement) and
//! the rows are cleaned into the dataset once the page has had its overview. The loader
//! asks only for the rows added since and for the months that changed, whose rows are dropped
//! from the dataset when it says so. At the end the snapshot is written again with the
//! refreshed rows, for [`Engine::take_snapshot`].

use crate::data::arcgis::{Base, UtcRange, Window};
use crate::data::boundaries::{place_neighborhoods, Boundaries};
use crate::data::clean::{CleanRules, Cleaner, Quality};
use crate::data::snapshot::{base_of, Snapshot, SnapshotCounts, SnapshotWriter};
use crate::data::store::Store;
use crate::data::time::{parse_utc_ms, DetroitClock};

use super::live_load::LiveLoad;
use super::Engine;
use crate::worker::messages::{BaseKind, BaseOrigin, Source};
use crate::worker::Error;

/// How a live load starts: the base and its origin when a snapshot is used, and the
/// snapshot being kept.
pub(super) struct Start {
    pub(super) base: Option<Base>,
    pub(super) origin: Option<BaseOrigin>,
    pub(super) cache: Keeping,
}

/// The snapshot a live load keeps while it runs.
pub(super) struct Keeping {
    /// The rows of the load's pages, in order.
    pub(super) writer: SnapshotWriter,
    /// The snapshot the load started from, if any.
    old: Option<Vec<u8>>,
    /// UTC ranges of the months replaced: the old snapshot's rows in them are dropped.
    pub(super) replaced: Vec<UtcRange>,
    endpoint: String,
    window: Window,
}

impl Keeping {
    /// The load will bring `rows` rows: size the writer for them when the load starts from
    /// nothing (from a snapshot, most of them are the snapshot's, not the writer's).
    pub(super) fn reserve(&mut self, rows: usize) {
        if self.old.is_none() {
            self.writer.reserve(rows);
        }
    }
}

/// A finished load's snapshot, for the browser to keep.
#[derive(Debug)]
pub struct Kept {
    /// The file ([`crate::data::snapshot`]), complete, its columns not joined into one
    /// buffer ([`SnapshotWriter::runs`]; [`Kept::bytes`] joins them).
    pub file: SnapshotWriter,
    /// The layer's query endpoint.
    pub endpoint: String,
    /// The load's window.
    pub window: Window,
    /// When the load ended, epoch ms.
    pub retrieved_ms: i64,
}

impl Kept {
    /// The file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.file.to_bytes()
    }
}

impl Engine {
    /// Start a live load like [`Engine::live_begin`] that keeps a snapshot of its rows (for
    /// [`Engine::take_snapshot`] once done), starting from `from` (a snapshot's bytes and
    /// where they came from) when that is a snapshot of `endpoint` whose window starts on
    /// the same day: its rows are in the dataset at the first poll and only the changes are
    /// loaded. Returns whether `from` was used (a snapshot that is damaged or of something
    /// else is ignored).
    pub fn live_begin_cached(
        &mut self,
        job: u32,
        endpoint: &str,
        window: Window,
        rules: CleanRules,
        now: i64,
        from: Option<(Vec<u8>, BaseKind)>,
    ) -> Result<bool, Error> {
        let clock = self.clock.get_or_insert_with(DetroitClock::new).clone();
        let usable = from.and_then(|(bytes, kind)| {
            let snap = Snapshot::open(&bytes).ok()?;
            let h = snap.header();
            if h.endpoint != endpoint || h.window.first_day != window.first_day {
                return None;
            }
            let origin = BaseOrigin {
                kind,
                retrieved_ms: h.retrieved_ms,
                refreshed: false,
            };
            let base = base_of(&snap, window, &clock);
            drop(snap);
            Some((bytes, base, origin))
        });
        let used = usable.is_some();
        let (old, base, origin) = match usable {
            Some((bytes, base, origin)) => (Some(bytes), Some(base), Some(origin)),
            None => (None, None, None),
        };
        let start = Start {
            base,
            origin,
            cache: Keeping {
                writer: SnapshotWriter::new(now, endpoint, window),
                old,
                replaced: Vec::new(),
                endpoint: endpoint.to_string(),
                window,
            },
        };
        self.live_begin_with(job, endpoint, window, rules, now, Some(start))?;
        Ok(used)
    }

    /// The cleaning accounting of the starting snapshot's rows in `ranges` (months loaded
    /// anew, whose rows leave the dataset), cleaned again by `rules` and placed in
    /// `neighborhoods` as the load places its rows; `None` without a starting snapshot.
    pub(super) fn base_quality(
        keeping: &Keeping,
        ranges: &[UtcRange],
        rules: CleanRules,
        neighborhoods: Option<&Boundaries>,
    ) -> Option<Quality> {
        let snap = Snapshot::reread(keeping.old.as_ref()?).ok()?;
        let mut cleaner = Cleaner::new(rules);
        let mut scratch = Store::default();
        for rec in snap.rows() {
            let t = parse_utc_ms(&rec.occurred);
            if t.is_some_and(|t| ranges.iter().any(|r| r.contains(t))) {
                cleaner.push(&rec, &mut scratch);
            }
        }
        if let Some(b) = neighborhoods {
            cleaner.quality.placed += place_neighborhoods(&mut scratch, b, 0);
        }
        Some(cleaner.quality)
    }

    /// The snapshot of the last finished live load that kept one (taken once).
    pub fn take_snapshot(&mut self) -> Option<Kept> {
        self.snapshot.take()
    }

    /// Clean the starting snapshot's rows into the dataset now if they still wait (the
    /// next announcement then comes at once).
    pub(super) fn live_feed_pending(&mut self) {
        match self.live.as_mut() {
            Some(l) if l.base_pending => {
                l.base_pending = false;
                l.urgent = true;
            }
            _ => return,
        }
        self.live_feed_base();
    }

    /// Clean the starting snapshot's rows into the load's store (the active dataset's once
    /// the load streams into it).
    fn live_feed_base(&mut self) {
        let Some(old) = self
            .live
            .as_ref()
            .and_then(|l| l.cache.as_ref())
            .and_then(|k| k.old.as_ref())
        else {
            return;
        };
        let Some(st) = self.staging.as_mut() else {
            return;
        };
        let Ok(snap) = Snapshot::reread(old) else {
            return;
        };
        let (cleaner, _, store) = st.parts(&mut self.active);
        let from = store.len();
        store.reserve(usize::try_from(snap.header().rows).unwrap_or(0));
        for rec in snap.rows() {
            cleaner.push(&rec, store);
        }
        st.settle(&mut self.active, from, self.neighborhoods.as_ref());
    }

    /// The load is done: write its snapshot (the starting rows not replaced, then the
    /// loaded ones, with the server's counts) and mark the dataset refreshed.
    pub(super) fn live_keep(&mut self, live: &mut LiveLoad, now: i64) {
        let Some(k) = live.cache.take() else {
            return;
        };
        let counts = SnapshotCounts::from_server(live.loader.counts());
        let file = match &k.old {
            None => {
                let mut w = k.writer;
                w.set_counts(counts);
                w
            }
            Some(old) => {
                let mut w = SnapshotWriter::new(now, &k.endpoint, k.window);
                if let Ok(snap) = Snapshot::reread(old) {
                    for rec in snap.rows() {
                        let t = parse_utc_ms(&rec.occurred);
                        if !t.is_some_and(|t| k.replaced.iter().any(|r| r.contains(t))) {
                            w.push(&rec);
                        }
                    }
                }
                let new = k.writer.finish();
                if let Ok(snap) = Snapshot::reread(&new) {
                    for rec in snap.rows() {
                        w.push(&rec);
                    }
                }
                w.set_counts(counts);
                w
            }
        };
        self.snapshot = Some(Kept {
            file,
            endpoint: k.endpoint,
            window: k.window,
            retrieved_ms: now,
        });
        let refreshed = |s: &mut Source| {
            if let Source::Live {
                base: Some(origin), ..
            } = s
            {
                origin.refreshed = true;
            }
        };
        if let Some(st) = self.staging.as_mut() {
            refreshed(&mut st.source);
        }
        if let Some(a) = self.active.as_mut() {
            refreshed(&mut a.source);
        }
    }
}
