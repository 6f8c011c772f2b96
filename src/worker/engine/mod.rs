//! The worker's state machine: it owns the active dataset, any load in progress and the
//! uploaded point layer, and answers requests synchronously. The browser runtime drives it
//! (fetching, timers); native tests drive it directly.
//!
//! The state is defined here; what the engine does is split by job: [`loading`] (the demo
//! data, promotion of a finished load, partial rows), [`live`] (a whole-history load of the
//! City's API, streaming into the active dataset), [`counted`] (answers from the server's
//! counts while its rows load),
//! [`files`] (CSV and GeoJSON uploads), [`analyses`] (analyses, the allocation job, weekly
//! series, overviews, fingerprints) and [`layers`] (the uploaded point layer).

use crate::data::arcgis::FieldResolver;
use crate::data::boundaries::{place_neighborhoods, Boundaries};
use crate::data::clean::{CleanRules, Cleaner, Quality};
use crate::data::csv_stream::CsvStream;
use crate::data::demo::Demo;
use crate::data::point_layer::PointLayer;
use crate::data::store::Store;
use crate::data::time::DetroitClock;

use super::messages::{Dataset, Facets, LiveStatus, Source};
use super::Error;

pub mod analyses;
pub mod boundaries;
pub mod counted;
pub mod files;
pub mod layers;
pub mod live;
pub mod live_cache;
mod live_load;
pub mod loading;

pub use files::MAX_GEOJSON_BYTES;
pub use live::{LiveTick, LIVE_ANNOUNCE_MS};
pub use live_cache::Kept;
pub use loading::{Step, DEMO_FIRST_MONTHS};

/// A dataset: rows plus how they were obtained.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where the rows came from.
    pub source: Source,
    /// The rows.
    pub store: Store,
    /// Cleaning accounting.
    pub quality: Quality,
    /// Rules used.
    pub rules: CleanRules,
    /// False while rows are still arriving.
    pub complete: bool,
    /// A live load's counts, rows and reconciliation, as last announced.
    pub live: Option<LiveStatus>,
    dirty: bool,
}

impl Loaded {
    fn refresh(&mut self) {
        if self.dirty {
            self.quality.incidents = self.store.mark_representatives() as u64;
            self.dirty = false;
        }
    }

    /// Describe this dataset for the page (refreshing incident flags if needed).
    pub fn describe(&mut self) -> Dataset {
        self.refresh();
        let mut counts = vec![0u64; self.store.categories.len()];
        let mut precincts = [false; 13];
        for i in 0..self.store.len() {
            counts[self.store.category[i] as usize] += 1;
            precincts[usize::from(self.store.precinct[i].min(12))] = true;
        }
        let mut categories: Vec<(String, u64)> = counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(id, &n)| (self.store.categories.name(id as u32).to_string(), n))
            .collect();
        categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut neighborhoods: Vec<String> = (1..self.store.neighborhoods.len() as u32)
            .map(|id| self.store.neighborhoods.name(id).to_string())
            .collect();
        neighborhoods.sort();
        Dataset {
            source: self.source.clone(),
            quality: self.quality.clone(),
            facets: Facets {
                categories,
                neighborhoods,
                precincts: (2..=12u8).filter(|p| precincts[usize::from(*p)]).collect(),
                day_range: self.quality.day_range,
            },
            rules: self.rules.clone(),
            complete: self.complete,
            heap_bytes: self.store.heap_bytes() as u64,
            wasm_memory_bytes: 0,
            live: self.live.clone(),
        }
    }
}

enum Feed {
    Demo {
        months: Vec<(i32, i32)>,
        next: usize,
    },
    Live {
        resolver: FieldResolver,
    },
    Csv(Box<CsvStream>),
    GeoJson(Vec<u8>),
}

struct Staging {
    job: u32,
    source: Source,
    store: Store,
    cleaner: Cleaner,
    feed: Feed,
    /// Rows go straight into the active dataset (demo streaming after its first chunk).
    into_active: bool,
}

impl Staging {
    /// Its cleaner, its feed, and the store its rows go into: the active dataset's once
    /// they stream into it.
    fn parts<'a>(
        &'a mut self,
        active: &'a mut Option<Loaded>,
    ) -> (&'a mut Cleaner, &'a mut Feed, &'a mut Store) {
        let store = match (active, self.into_active) {
            (Some(a), true) => &mut a.store,
            _ => &mut self.store,
        };
        (&mut self.cleaner, &mut self.feed, store)
    }

    /// Rows went in from index `from`: place them in `neighborhoods`, and carry the
    /// accounting over to the active dataset when they stream into it. Returns the rows
    /// placed.
    fn settle(
        &mut self,
        active: &mut Option<Loaded>,
        from: usize,
        neighborhoods: Option<&Boundaries>,
    ) -> u64 {
        let (cleaner, _, store) = self.parts(active);
        let placed = neighborhoods.map_or(0, |b| place_neighborhoods(store, b, from));
        cleaner.quality.placed += placed;
        if let (Some(a), true) = (active.as_mut(), self.into_active) {
            a.quality = self.cleaner.quality.clone();
            a.dirty = true;
        }
        placed
    }
}

/// The worker's state.
#[derive(Default)]
pub struct Engine {
    active: Option<Loaded>,
    staging: Option<Staging>,
    /// A failed or cancelled load's rows, kept for `UsePartial`.
    partial: Option<Staging>,
    demo: Option<Demo>,
    clock: Option<DetroitClock>,
    /// The uploaded point layer (liquor stores or similar).
    layer: Option<PointLayer>,
    /// The live load in progress: its loader and announcements.
    live: Option<live_load::LiveLoad>,
    /// A failed live load whose rows stayed active (for `UsePartial`).
    streamed: Option<u32>,
    /// The official neighborhoods next to the live source: live rows without a neighborhood
    /// are placed in them from their coordinates.
    neighborhoods: Option<crate::data::boundaries::Boundaries>,
    /// The snapshot of the last live load that kept one, until taken.
    snapshot: Option<live_cache::Kept>,
}

impl Engine {
    /// An engine with no data.
    pub fn new() -> Self {
        Self::default()
    }

    /// The active dataset, if any.
    pub fn active(&self) -> Option<&Loaded> {
        self.active.as_ref()
    }

    /// Describe the active dataset (while a live load streams into it, its filter choices
    /// come from the server's counts and span the load's window).
    pub fn describe(&mut self) -> Option<Dataset> {
        let mut d = self.active.as_mut().map(Loaded::describe)?;
        if let Some(live) = self.live.as_ref().filter(|l| l.streams_into_active()) {
            live.facets(&mut d.facets);
        }
        Some(d)
    }

    /// The job id of the load in progress.
    pub fn loading_job(&self) -> Option<u32> {
        self.staging.as_ref().map(|s| s.job)
    }

    fn staging(&mut self, job: u32) -> Result<&mut Staging, Error> {
        match &mut self.staging {
            Some(s) if s.job == job => Ok(s),
            _ => Err(Error::UnknownJob(job)),
        }
    }

    fn begin(&mut self, job: u32, source: Source, rules: CleanRules, feed: Feed) {
        if !matches!(feed, Feed::Live { .. }) {
            self.neighborhoods = None;
        }
        self.staging = Some(Staging {
            job,
            source,
            store: Store::new(),
            cleaner: Cleaner::new(rules),
            feed,
            into_active: false,
        });
    }
}
