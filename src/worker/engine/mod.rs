//! The worker's state machine: it owns the active dataset and any load in progress, and
//! answers requests synchronously. The browser runtime drives it (fetching, timers); native
//! tests drive it directly.

use crate::data::aggregate::{overview, series, Overview, Resolution};
use crate::data::arcgis::{self, FieldResolver, Query, Window, MAX_PAGE};
use crate::data::clean::{CleanRules, Cleaner, Quality};
use crate::data::continuity;
use crate::data::csv_stream::{CsvRow, CsvStream};
use crate::data::demo::{Demo, DemoConfig};
use crate::data::filter::Filter;
use crate::data::geojson;
use crate::data::point_layer::{parse_layer, PointLayer};
use crate::data::store::Store;
use crate::data::time::DetroitClock;

use super::lstm::WeeklySeries;
use super::messages::{
    AnalysisResult, AnalysisSpec, Dataset, Facets, FileKind, Fingerprint, LayerInfo, Source,
};
use super::pipelines;
use super::Error;

mod allocation;

/// Largest GeoJSON file accepted (it is parsed whole, unlike CSV).
pub const MAX_GEOJSON_BYTES: usize = 256 << 20;

/// Months of demo data generated before the first overview is shown.
pub const DEMO_FIRST_MONTHS: usize = 25;

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
        }
    }
}

/// What one live page added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LivePage {
    /// Rows read from the page.
    pub rows: u64,
    /// Whether the server has more rows past this page.
    pub more: bool,
}

enum Feed {
    Demo {
        months: Vec<(i32, i32)>,
        next: usize,
    },
    Live {
        resolver: FieldResolver,
        pages: u64,
        /// The largest object id loaded so far (pages arrive in object id order).
        last_oid: Option<i64>,
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

/// What a load step achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Units done so far (months, rows or bytes).
    pub done: u64,
    /// Units in all, when known.
    pub total: Option<u64>,
    /// Whether the job finished with this step.
    pub finished: bool,
    /// Whether a dataset became active (or grew) with this step and should be announced.
    pub published: bool,
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

    /// Describe the active dataset.
    pub fn describe(&mut self) -> Option<Dataset> {
        self.active.as_mut().map(Loaded::describe)
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
        self.staging = Some(Staging {
            job,
            source,
            store: Store::new(),
            cleaner: Cleaner::new(rules),
            feed,
            into_active: false,
        });
    }

    /// Start generating the demo data (newest months first).
    pub fn demo_begin(&mut self, job: u32, seed: u64, rules: CleanRules) {
        let cfg = DemoConfig {
            seed,
            ..DemoConfig::default()
        };
        if self.demo.as_ref().is_none_or(|d| d.config() != cfg) {
            self.demo = Some(Demo::new(cfg));
        }
        let first = cfg.first_day.max(rules.first_day);
        let last = cfg.last_day.min(rules.last_day);
        let mut months = Vec::new();
        let mut start = crate::data::aggregate::Resolution::Monthly.period_start(first);
        while start <= last {
            let next = crate::data::aggregate::Resolution::Monthly.next_start(start);
            months.push((start.max(first), (next - 1).min(last)));
            start = next;
        }
        months.reverse();
        self.begin(
            job,
            Source::Demo { seed },
            rules,
            Feed::Demo { months, next: 0 },
        );
    }

    /// Whether the demo load `job` has already made its first chunk active.
    pub fn demo_published(&self, job: u32) -> bool {
        self.staging
            .as_ref()
            .is_some_and(|s| s.job == job && s.into_active)
    }

    /// Generate the next months of demo data (`count` months).
    pub fn demo_step(&mut self, job: u32, count: usize) -> Result<Step, Error> {
        let demo = self.demo.as_ref().ok_or(Error::UnknownJob(job))?;
        let st = match &mut self.staging {
            Some(s) if s.job == job => s,
            _ => return Err(Error::UnknownJob(job)),
        };
        let Feed::Demo { months, next } = &mut st.feed else {
            return Err(Error::UnknownJob(job));
        };
        let total = months.len();
        let end = (*next + count).min(total);
        let store = if st.into_active {
            match &mut self.active {
                Some(a) => &mut a.store,
                None => &mut st.store,
            }
        } else {
            &mut st.store
        };
        for &(a, b) in &months[*next..end] {
            demo.generate(a, b, &mut |r| {
                st.cleaner.push(r, store);
            });
        }
        *next = end;
        let finished = end >= total;
        let mut published = false;
        if st.into_active {
            if let Some(a) = &mut self.active {
                a.quality = st.cleaner.quality.clone();
                a.dirty = true;
                a.complete = finished;
                published = finished;
            }
        } else if end >= DEMO_FIRST_MONTHS.min(total) {
            st.into_active = true;
            let store = std::mem::take(&mut st.store);
            self.active = Some(Loaded {
                source: st.source.clone(),
                store,
                quality: st.cleaner.quality.clone(),
                rules: st.cleaner.rules().clone(),
                complete: finished,
                dirty: true,
            });
            published = true;
        }
        if finished {
            self.staging = None;
        }
        Ok(Step {
            done: end as u64,
            total: Some(total as u64),
            finished,
            published,
        })
    }

    /// Start a live load; returns the query builder for the runtime to fetch with.
    pub fn live_begin(
        &mut self,
        job: u32,
        endpoint: &str,
        window: Window,
        rules: CleanRules,
    ) -> Query {
        let clock = self.clock.get_or_insert_with(DetroitClock::new);
        let query = Query::new(endpoint, window, clock);
        self.begin(
            job,
            Source::Live {
                endpoint: endpoint.to_string(),
            },
            rules,
            Feed::Live {
                resolver: FieldResolver::new(),
                pages: 0,
                last_oid: None,
            },
        );
        query
    }

    /// Clean one fetched page. Returns the rows it held.
    pub fn live_page(&mut self, job: u32, text: &str) -> Result<LivePage, Error> {
        let page = arcgis::parse_page(text)?;
        let st = self.staging(job)?;
        let Feed::Live {
            resolver,
            pages,
            last_oid,
        } = &mut st.feed
        else {
            return Err(Error::UnknownJob(job));
        };
        // Every page is checked, so a field renamed halfway through a load is caught at once.
        if let Some((attrs, _)) = page.features.first() {
            let missing = arcgis::missing_fields(attrs);
            if !missing.is_empty() {
                return Err(Error::Data(crate::data::Error::Schema {
                    missing: missing.join(", "),
                    found: attrs.keys().cloned().collect::<Vec<_>>().join(", "),
                }));
            }
        }
        // A repeated, shuffled or short page is refused before any of its rows is counted.
        *last_oid =
            continuity::check(*last_oid, &page, MAX_PAGE).map_err(crate::data::Error::from)?;
        *pages += 1;
        for (attrs, geom) in &page.features {
            let rec = resolver.record(attrs, *geom);
            st.cleaner.push(&rec, &mut st.store);
        }
        Ok(LivePage {
            rows: page.features.len() as u64,
            more: page.exceeded_transfer_limit,
        })
    }

    /// Rows read so far by the load in progress.
    pub fn rows_read(&self, job: u32) -> u64 {
        self.staging
            .as_ref()
            .filter(|s| s.job == job)
            .map_or(0, |s| s.cleaner.quality.read)
    }

    /// Start reading a file.
    pub fn file_start(&mut self, job: u32, name: &str, kind: FileKind, rules: CleanRules) {
        let feed = match kind {
            FileKind::Csv => Feed::Csv(Box::default()),
            FileKind::GeoJson => Feed::GeoJson(Vec::new()),
        };
        self.begin(
            job,
            Source::File {
                name: name.to_string(),
            },
            rules,
            feed,
        );
    }

    /// Feed a chunk of the file.
    pub fn file_chunk(&mut self, job: u32, bytes: &[u8]) -> Result<(), Error> {
        let st = self.staging(job)?;
        match &mut st.feed {
            Feed::Csv(csv) => {
                let (cleaner, store) = (&mut st.cleaner, &mut st.store);
                csv.push(bytes, &mut |row| match row {
                    CsvRow::Record(r) => {
                        cleaner.push(&r, store);
                    }
                    CsvRow::Malformed(reason) => cleaner.malformed(reason),
                })?;
            }
            Feed::GeoJson(buf) => {
                if buf.len() + bytes.len() > MAX_GEOJSON_BYTES {
                    return Err(Error::Data(crate::data::Error::Params(format!(
                        "GeoJSON files are read whole and must be under {} MB; use the CSV export for larger data",
                        MAX_GEOJSON_BYTES >> 20
                    ))));
                }
                buf.extend_from_slice(bytes);
            }
            _ => return Err(Error::UnknownJob(job)),
        }
        Ok(())
    }

    /// The file is complete: finish parsing and make it the active dataset.
    pub fn file_end(&mut self, job: u32) -> Result<Dataset, Error> {
        let st = self.staging(job)?;
        let (cleaner, store) = (&mut st.cleaner, &mut st.store);
        match &mut st.feed {
            Feed::Csv(csv) => csv.finish(&mut |row| match row {
                CsvRow::Record(r) => {
                    cleaner.push(&r, store);
                }
                CsvRow::Malformed(reason) => cleaner.malformed(reason),
            })?,
            Feed::GeoJson(buf) => {
                let text = String::from_utf8_lossy(buf);
                geojson::read(&text, &mut |r| {
                    cleaner.push(&r, store);
                })?;
            }
            _ => return Err(Error::UnknownJob(job)),
        }
        self.promote(job)
    }

    /// Make the finished load the active dataset.
    pub fn promote(&mut self, job: u32) -> Result<Dataset, Error> {
        let st = match self.staging.take() {
            Some(s) if s.job == job => s,
            other => {
                self.staging = other;
                return Err(Error::UnknownJob(job));
            }
        };
        if st.cleaner.quality.kept == 0 {
            let q = &st.cleaner.quality;
            let msg = if q.read == 0 {
                "the source returned no rows for this window".to_string()
            } else {
                format!(
                    "none of the {} rows read passed cleaning; see the data-quality panel",
                    q.read
                )
            };
            self.partial = None;
            return Err(Error::Data(crate::data::Error::Empty(msg)));
        }
        let mut loaded = Loaded {
            source: st.source,
            store: st.store,
            quality: st.cleaner.quality.clone(),
            rules: st.cleaner.rules().clone(),
            complete: true,
            dirty: true,
        };
        let d = loaded.describe();
        self.active = Some(loaded);
        Ok(d)
    }

    /// Stop the load `job`; its rows are kept aside for [`Engine::use_partial`]. Returns the
    /// number of rows it had kept.
    pub fn abandon(&mut self, job: u32) -> u64 {
        match self.staging.take() {
            Some(s) if s.job == job => {
                let kept = if s.into_active {
                    0
                } else {
                    s.cleaner.quality.kept
                };
                if s.into_active {
                    // Demo streaming into the active dataset: what is there stays active.
                    if let Some(a) = &mut self.active {
                        a.complete = false;
                    }
                    return 0;
                }
                self.partial = (kept > 0).then_some(s);
                kept
            }
            other => {
                self.staging = other;
                0
            }
        }
    }

    /// Make the partial rows of an abandoned load active.
    pub fn use_partial(&mut self, job: u32) -> Result<Dataset, Error> {
        match self.partial.take() {
            Some(s) if s.job == job => {
                self.staging = Some(s);
                let mut d = self.promote(job)?;
                if let Some(a) = &mut self.active {
                    a.complete = false;
                    d.complete = false;
                }
                Ok(d)
            }
            other => {
                self.partial = other;
                Err(Error::UnknownJob(job))
            }
        }
    }

    /// Run an analysis over the rows of the active dataset that pass `filter`.
    pub fn analyze(
        &mut self,
        filter: &Filter,
        spec: &AnalysisSpec,
    ) -> Result<AnalysisResult, Error> {
        self.with_input(filter, true, |input| pipelines::run(input, spec))
    }

    /// Hand `f` the rows of the active dataset that pass `filter`, within the data's days
    /// (with the uploaded point layer when `with_layer`).
    fn with_input<T>(
        &mut self,
        filter: &Filter,
        with_layer: bool,
        f: impl FnOnce(&pipelines::Input<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let range = a.quality.day_range.ok_or(Error::NoData)?;
        let compiled = filter.compile(&a.store);
        let (fa, fb) = compiled.window();
        let input = pipelines::Input {
            store: &a.store,
            filter: &compiled,
            window: (fa.max(range.0), fb.min(range.1)),
            layer: if with_layer {
                self.layer.as_ref()
            } else {
                None
            },
        };
        f(&input)
    }

    /// Read an uploaded point layer (CSV or GeoJSON) and keep it for the hotspot analysis.
    /// A failed read keeps the previous layer.
    pub fn load_layer(&mut self, name: &str, bytes: &[u8]) -> Result<LayerInfo, Error> {
        let layer = parse_layer(name, bytes)?;
        let info = LayerInfo {
            name: layer.name.clone(),
            points: layer.len() as u64,
            in_extent: layer.in_extent() as u64,
            rows: layer.rows as u64,
            skipped: layer.skipped as u64,
        };
        self.layer = Some(layer);
        Ok(info)
    }

    /// An order-independent content hash of the rows passing `filter`, and their number: the
    /// same rows give the same hash however they were loaded.
    pub fn fingerprint(&mut self, filter: &Filter) -> Result<Fingerprint, Error> {
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let s = &a.store;
        let compiled = filter.compile(s);
        let (mut sum, mut xor, mut n) = (0u64, 0u64, 0u64);
        for i in 0..s.len() {
            if !compiled.matches(s, i) {
                continue;
            }
            let mut h = crate::runs::ContentHash::default();
            h.bytes(&s.utc_ms[i].to_le_bytes());
            h.bytes(s.categories.name(s.category[i]).as_bytes());
            h.bytes(&[s.precinct[i]]);
            h.bytes(&s.lon[i].to_bits().to_le_bytes());
            h.bytes(&s.lat[i].to_bits().to_le_bytes());
            h.bytes(&s.report[i].to_le_bytes());
            let v = h.value();
            sum = sum.wrapping_add(v);
            xor ^= v.rotate_left(17);
            n += 1;
        }
        Ok(Fingerprint {
            hash: format!("{sum:016x}{xor:016x}"),
            rows: n,
        })
    }

    /// Weekly counts of the rows that pass `filter` (complete ISO weeks only), for the LSTM.
    pub fn weekly_series(&mut self, filter: &Filter) -> Result<WeeklySeries, Error> {
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let range = a.quality.day_range.ok_or(Error::NoData)?;
        let compiled = filter.compile(&a.store);
        let (fa, fb) = compiled.window();
        let (first, last) = (fa.max(range.0), fb.min(range.1));
        let weekly = series(&a.store, &compiled, Resolution::Weekly, first, last);
        let (starts, values) = weekly.complete();
        Ok(WeeklySeries {
            starts: starts.to_vec(),
            values: values.to_vec(),
            dropped_partial: (weekly.partial_first, weekly.partial_last),
        })
    }

    /// The overview of `filter` over the active dataset.
    pub fn overview(&mut self, filter: &Filter) -> Result<Overview, Error> {
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let range = a.quality.day_range.ok_or(Error::NoData)?;
        Ok(overview(&a.store, &filter.compile(&a.store), range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::day_of;

    fn small_rules() -> CleanRules {
        CleanRules {
            first_day: day_of(2026, 5, 1).unwrap(),
            ..CleanRules::default()
        }
    }

    #[test]
    fn demo_streams_newest_months_first_and_stays_balanced() {
        let mut e = Engine::new();
        e.demo_begin(1, 7, small_rules());
        let mut steps = 0;
        loop {
            let s = e.demo_step(1, 2).unwrap();
            steps += 1;
            if s.finished {
                assert_eq!(s.total, Some(6));
                break;
            }
        }
        assert_eq!(steps, 3);
        let d = e.describe().unwrap();
        assert!(d.complete);
        assert!(d.quality.balances());
        assert_eq!(d.facets.precincts.len(), 11);
        let o = e.overview(&Filter::default()).unwrap();
        assert_eq!(o.total, d.quality.incidents);
    }

    #[test]
    fn a_failed_file_keeps_the_active_dataset() {
        let mut e = Engine::new();
        e.demo_begin(1, 7, small_rules());
        while !e.demo_step(1, 10).unwrap().finished {}
        let before = e.describe().unwrap();
        e.file_start(2, "bad.csv", FileKind::Csv, small_rules());
        let err = e.file_chunk(2, b"name,value\n1,2\n").unwrap_err();
        assert!(err.to_string().contains("missing field"));
        assert_eq!(e.abandon(2), 0);
        assert_eq!(e.describe().unwrap(), before);
    }

    #[test]
    fn csv_file_loads_with_malformed_rows_counted() {
        let mut e = Engine::new();
        e.file_start(3, "x.csv", FileKind::Csv, CleanRules::default());
        let csv = "incident_occurred_at,offense_category,police_precinct,report_number,longitude,latitude\n\
                   2025/10/23 20:00:00+00,LARCENY,02,R1,-83.05,42.35\n\
                   oops\n\
                   2025/10/23 21:00:00+00,ARSON,03,R2,-83.06,42.36\n";
        for chunk in csv.as_bytes().chunks(17) {
            e.file_chunk(3, chunk).unwrap();
        }
        let d = e.file_end(3).unwrap();
        assert_eq!(d.quality.read, 3);
        assert_eq!(d.quality.kept, 2);
        assert!(d.quality.balances());
        assert_eq!(d.quality.examples.len(), 1);
        assert_eq!(
            d.source,
            Source::File {
                name: "x.csv".into()
            }
        );
    }

    #[test]
    fn empty_live_result_is_an_error_and_partial_rows_can_be_used() {
        let mut e = Engine::new();
        let w = Window::new(day_of(2025, 1, 1).unwrap(), day_of(2025, 1, 31).unwrap()).unwrap();
        e.live_begin(4, "http://x/query", w, CleanRules::default());
        assert_eq!(e.live_page(4, r#"{"features":[]}"#).unwrap().rows, 0);
        assert!(e.promote(4).unwrap_err().to_string().contains("no rows"));
        e.live_begin(5, "http://x/query", w, CleanRules::default());
        let page = r#"{"features":[{"attributes":{"incident_occurred_at":1736000000000,"offense_category":"ARSON","police_precinct":"04","longitude":-83.1,"latitude":42.33}}],"exceededTransferLimit":false}"#;
        assert_eq!(e.live_page(5, page).unwrap().rows, 1);
        assert_eq!(e.abandon(5), 1);
        let d = e.use_partial(5).unwrap();
        assert!(!d.complete);
        assert_eq!(d.quality.kept, 1);
    }
}

#[cfg(test)]
mod analysis_tests {
    use super::*;
    use crate::analysis::ts::decompose::DecomposeKind;
    use crate::data::aggregate::Resolution;
    use crate::data::time::day_of;
    use crate::worker::messages::{ForecastSpec, TemporalSpec};

    fn four_years() -> Engine {
        let mut e = Engine::new();
        let rules = CleanRules {
            first_day: day_of(2022, 11, 1).unwrap(),
            ..CleanRules::default()
        };
        e.demo_begin(1, 2016, rules);
        while !e.demo_step(1, 12).unwrap().finished {}
        e
    }

    #[test]
    fn temporal_and_forecast_analyses_run_on_demo_data() {
        let mut e = four_years();
        let t = e
            .analyze(
                &Filter::default(),
                &AnalysisSpec::Temporal(TemporalSpec {
                    resolution: Resolution::Monthly,
                    decompose: DecomposeKind::Additive,
                }),
            )
            .unwrap();
        let AnalysisResult::Temporal(t) = t else {
            panic!("temporal result expected")
        };
        assert_eq!(t.series.values.len(), 48);
        assert!(t.diagnostics.decomposition.is_ok());
        assert_eq!(t.diagnostics.acf.len(), 24);
        assert!(t.diagnostics.adf.is_ok());
        // The demo's summer peak shows in the seasonal component: July above February.
        let d = t.diagnostics.decomposition.as_ref().unwrap();
        let month = |m: usize| d.seasonal[(0..12).find(|i| (10 + i) % 12 == m).unwrap()];
        assert!(
            month(6) > month(1),
            "July {} vs February {}",
            month(6),
            month(1)
        );

        let f = e
            .analyze(
                &Filter::default(),
                &AnalysisSpec::Forecast(ForecastSpec::default()),
            )
            .unwrap();
        let AnalysisResult::Forecast(f) = f else {
            panic!("forecast result expected")
        };
        assert_eq!(f.mean.len(), 12);
        assert!(f.auto && !f.candidates.is_empty());
        assert!(f
            .lower
            .iter()
            .zip(&f.mean)
            .zip(&f.upper)
            .all(|((l, m), u)| l < m && m < u));
        let bt = f
            .backtest
            .as_ref()
            .unwrap_or_else(|| panic!("backtest: {:?}", f.backtest_note));
        assert!(!bt.per_origin.is_empty());
        assert!(f.baseline.is_some());
        // Forecasts are of the same order as the history.
        let mean_hist = f.history.iter().sum::<f64>() / f.history.len() as f64;
        assert!(f.mean.iter().all(|m| (m / mean_hist - 1.0).abs() < 0.5));
    }

    #[test]
    fn too_short_a_window_is_a_clear_error() {
        let mut e = four_years();
        let filter = Filter {
            from_day: day_of(2026, 1, 1),
            ..Filter::default()
        };
        let err = e
            .analyze(&filter, &AnalysisSpec::Forecast(ForecastSpec::default()))
            .unwrap_err();
        assert!(err.to_string().contains("needs at least 36"), "{err}");
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;
    use crate::data::time::day_of;

    #[test]
    fn fingerprint_ignores_load_order_and_sees_changes() {
        let rules = CleanRules {
            first_day: day_of(2026, 9, 1).unwrap(),
            ..CleanRules::default()
        };
        let mut a = Engine::new();
        a.demo_begin(1, 2016, rules.clone());
        while !a.demo_step(1, 1).unwrap().finished {}
        let mut b = Engine::new();
        b.demo_begin(1, 2016, rules);
        while !b.demo_step(1, 5).unwrap().finished {}
        let f = Filter::default();
        assert_eq!(a.fingerprint(&f).unwrap(), b.fingerprint(&f).unwrap());
        let p8 = Filter {
            precincts: vec![8],
            ..Filter::default()
        };
        assert_ne!(
            a.fingerprint(&f).unwrap().hash,
            a.fingerprint(&p8).unwrap().hash
        );
    }
}
