//! Benchmark inputs and timed stages shared by the native benches (`benches/*.rs`), the
//! in-browser benches (`tests/browser_bench.rs`) and the peer-input export
//! (`examples/bench_inputs.rs`).
//!
//! Every input comes from crimecast's deterministic demo generator (seed [`SEED`]), so the
//! native build, the WebAssembly build and the Python peers all see the same rows, points and
//! counts. Building an input is never timed; the `stage_*` functions are what is timed.
#![allow(dead_code)]

use std::borrow::Cow;

use crimecast::analysis::spatial::dbscan::{Dbscan, DbscanResult};
use crimecast::analysis::spatial::gi_star::{gi_star, GiStarOptions, GiStarResult};
use crimecast::analysis::spatial::grid::Grid;
use crimecast::analysis::spatial::kde::{kde_grid_fast, Bandwidth, GridAxes, KdeSurface};
use crimecast::analysis::spatial::projection::LocalTm;
use crimecast::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crimecast::analysis::spatial::Point;
use crimecast::analysis::ParamGuard;
use crimecast::data::aggregate::{overview, series, Overview, Resolution, Series};
use crimecast::data::calendar::{features, DayFeatures};
use crimecast::data::clean::{CleanRules, Cleaner, Quality};
use crimecast::data::demo::{Demo, DemoConfig};
use crimecast::data::filter::Filter;
use crimecast::data::raw::{RawRecord, RawTime};
use crimecast::data::store::Store;
use crimecast::data::time::day_of;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

mod forecast;
#[allow(unused_imports)]
pub use forecast::*;

// Criterion exists only for the native benches, not in the browser bench's wasm build.
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
#[allow(unused_imports)]
pub use native::group;

/// Seed of the demo generator for every input (the page's default demo seed).
pub const SEED: u64 = 2016;

/// DBSCAN neighbourhood radius (metres), the library default.
pub const DBSCAN_EPS: f64 = 250.0;
/// Radii of the DBSCAN radius sweep (metres): its cost grows with the neighbours per point.
pub const DBSCAN_EPS_SWEEP: [u32; 5] = [50, 100, 250, 500, 1000];
/// Points of the DBSCAN radius sweep.
pub const DBSCAN_SWEEP_POINTS: usize = 100_000;
/// Largest move (metres, in x and in y) of [`distinct_points`].
pub const DBSCAN_SPREAD_M: f64 = 40.0;
/// DBSCAN minimum neighbourhood size (the point itself included).
pub const DBSCAN_MIN_SAMPLES: usize = 10;
/// KDE lattice: nodes per axis.
pub const KDE_NODES: usize = 256;
/// Gi* lattice: cells per side (so `GI_SIDE²` cells).
pub const GI_SIDE: usize = 100;
/// Weekly points the LSTM is trained on.
pub const LSTM_WEEKS: usize = 470;

/// Print what a native bench ran on (`BENCH-INFO {"name": .., ...}` on stderr), so the report
/// can set it beside the in-browser run of the same stage.
pub fn info(name: &str, detail: serde_json::Value) {
    let mut v = serde_json::json!({ "name": name });
    if let (Some(obj), serde_json::Value::Object(extra)) = (v.as_object_mut(), detail) {
        obj.extend(extra);
    }
    eprintln!("BENCH-INFO {v}");
}

/// The demo generator with the default configuration and [`SEED`].
pub fn demo() -> Demo {
    Demo::new(DemoConfig {
        seed: SEED,
        ..DemoConfig::default()
    })
}

/// A raw row with every borrowed field copied, so it can outlive the generator's buffers.
pub fn owned(r: &RawRecord<'_>) -> RawRecord<'static> {
    let own = |c: &Cow<'_, str>| Cow::Owned(c.to_string());
    RawRecord {
        report_number: own(&r.report_number),
        occurred: match &r.occurred {
            RawTime::EpochMs(ms) => RawTime::EpochMs(*ms),
            RawTime::Text(t) => RawTime::Text(own(t)),
            RawTime::Missing => RawTime::Missing,
        },
        offense_category: own(&r.offense_category),
        offense_description: own(&r.offense_description),
        precinct: own(&r.precinct),
        neighborhood: own(&r.neighborhood),
        council_district: own(&r.council_district),
        zip_code: own(&r.zip_code),
        location_text: own(&r.location_text),
        longitude: r.longitude,
        latitude: r.latitude,
        object_id: r.object_id,
    }
}

/// First day of the row-count inputs: the rows are the demo's from this day on.
fn first_day() -> i32 {
    day_of(2024, 1, 1).unwrap_or(19_723)
}

/// The first `n` raw demo rows from 2024-01-01 on (quirks included: junk precincts, 1915
/// stragglers, missing coordinates, trailing spaces), owned.
pub fn raw_rows(n: usize) -> Vec<RawRecord<'static>> {
    let demo = demo();
    let last = demo.config().last_day;
    let mut rows = Vec::with_capacity(n + 1_000);
    let mut day = first_day();
    while rows.len() < n && day <= last {
        let end = (day + 29).min(last);
        demo.generate(day, end, &mut |r| rows.push(owned(r)));
        day = end + 1;
    }
    rows.truncate(n);
    rows
}

/// Clean `rows` with the default rules into a new store (incident representatives marked).
pub fn clean(rows: &[RawRecord<'_>]) -> (Store, Quality) {
    let mut cleaner = Cleaner::new(CleanRules::default());
    let mut store = Store::new();
    for r in rows {
        cleaner.push(r, &mut store);
    }
    let quality = cleaner.finish(&mut store);
    (store, quality)
}

/// Calendar features (weekday, ISO week, month, quarter, weekend, federal holiday) of every
/// day of `range`: the per-day feature table the overview and forecasters draw on.
pub fn calendar_features(range: (i32, i32)) -> Vec<DayFeatures> {
    (range.0..=range.1).map(features).collect()
}

/// The aggregates the page shows for a dataset: the overview (KPIs, 24×7 heatmap, category
/// and precinct counts, daily and weekly series) and the monthly series.
pub fn aggregate(store: &Store, range: (i32, i32)) -> (Overview, Series) {
    let filter = Filter::default().compile(store);
    let o = overview(store, &filter, range);
    let m = series(store, &filter, Resolution::Monthly, range.0, range.1);
    (o, m)
}

/// What [`stage_pipeline`] produced (kept so the work cannot be optimised away).
#[derive(Debug)]
pub struct PipelineOutput {
    /// Cleaning accounting.
    pub quality: Quality,
    /// Days with calendar features.
    pub feature_days: usize,
    /// Holidays among them.
    pub holidays: usize,
    /// The overview.
    pub overview: Overview,
    /// The monthly series.
    pub monthly: Series,
}

/// Timed stage: clean `rows`, compute calendar features over the kept range, aggregate.
pub fn stage_pipeline(rows: &[RawRecord<'_>]) -> PipelineOutput {
    let (store, quality) = clean(rows);
    let range = quality.day_range.unwrap_or((first_day(), first_day()));
    let feats = calendar_features(range);
    let (overview, monthly) = aggregate(&store, range);
    PipelineOutput {
        holidays: feats.iter().filter(|f| f.holiday).count(),
        feature_days: feats.len(),
        quality,
        overview,
        monthly,
    }
}

/// `n` located incidents as planar points (metres, Detroit's local transverse Mercator), from
/// the cleaned demo rows of 2024 on, in row order.
pub fn points(n: usize) -> Vec<Point> {
    let tm = LocalTm::detroit();
    let mut out = Vec::with_capacity(n);
    let mut take = n + n / 8 + 100;
    loop {
        let rows = raw_rows(take);
        let (store, _) = clean(&rows);
        out.clear();
        for (lon, lat) in store.lon.iter().zip(&store.lat) {
            if out.len() == n {
                break;
            }
            if lon.is_finite() && lat.is_finite() {
                if let Ok(p) = tm.forward(f64::from(*lon), f64::from(*lat)) {
                    out.push(p);
                }
            }
        }
        if out.len() == n || rows.len() < take {
            return out;
        }
        take += take / 2;
    }
}

/// Timed stage: DBSCAN (eps [`DBSCAN_EPS`], min_samples [`DBSCAN_MIN_SAMPLES`]).
pub fn stage_dbscan(points: &[Point]) -> DbscanResult {
    stage_dbscan_eps(points, DBSCAN_EPS)
}

/// Timed stage: DBSCAN with radius `eps` (metres) and min_samples [`DBSCAN_MIN_SAMPLES`].
pub fn stage_dbscan_eps(points: &[Point], eps: f64) -> DbscanResult {
    Dbscan::params(DBSCAN_MIN_SAMPLES)
        .eps(eps)
        .check()
        .map_err(crimecast::analysis::Error::from)
        .and_then(|p| p.fit(points))
        .expect("DBSCAN on demo points")
}

/// `points`, each moved by a seeded uniform offset of at most `spread` metres in x and in y,
/// so that no two share a location. Demo incidents, like the city's (placed at the nearest
/// intersection), sit on a few thousand distinct sites, which DBSCAN merges before searching
/// neighbours; spread out, every point is a site of its own and the search cost shows.
pub fn distinct_points(points: &[Point], spread: f64) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    points
        .iter()
        .map(|p| {
            let dx = rng.gen_range(-spread..spread);
            let dy = rng.gen_range(-spread..spread);
            [p[0] + dx, p[1] + dy]
        })
        .collect()
}

/// Smallest and largest coordinates of `points`: (x_min, y_min, x_max, y_max).
pub fn extent(points: &[Point]) -> (f64, f64, f64, f64) {
    points.iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), p| (a.min(p[0]), b.min(p[1]), c.max(p[0]), d.max(p[1])),
    )
}

/// The `nodes` × `nodes` KDE lattice spanning the extent of `points`.
pub fn kde_axes(points: &[Point], nodes: usize) -> GridAxes {
    let (x0, y0, x1, y1) = extent(points);
    let step = |a: f64, b: f64| (b - a).max(1.0) / (nodes.max(2) - 1) as f64;
    GridAxes::new(x0, step(x0, x1), nodes, y0, step(y0, y1), nodes).expect("KDE lattice")
}

/// Timed stage: Gaussian KDE (Scott's rule) on `axes` by the binned FFT fast path.
pub fn stage_kde(points: &[Point], axes: &GridAxes) -> KdeSurface {
    kde_grid_fast(points, axes, Bandwidth::Scott).expect("KDE on demo points")
}

/// Gi* input: counts of points per cell of a `side` × `side` square-cell lattice covering the
/// points, and queen contiguity weights over it.
#[derive(Debug, Clone)]
pub struct GiInput {
    /// Rows (= columns) of the lattice.
    pub side: usize,
    /// Cell size in metres.
    pub cell: f64,
    /// Count per cell, row-major.
    pub counts: Vec<f64>,
    /// Queen contiguity, binary.
    pub weights: SpatialWeights,
}

/// Build the Gi* input for `points` on a `side` × `side` lattice.
pub fn gi_input(points: &[Point], side: usize) -> GiInput {
    let (x0, y0, x1, y1) = extent(points);
    let cell = (x1 - x0).max(y1 - y0) * (1.0 + 1e-9) / side as f64;
    let grid = Grid::from_origin(x0, y0, cell, side, side).expect("Gi* lattice");
    let counts = grid.count(points, None).expect("cell counts").counts;
    let weights = SpatialWeights::lattice(side, side, Contiguity::Queen).expect("queen weights");
    GiInput {
        side,
        cell,
        counts,
        weights,
    }
}

/// Timed stage: Gi* with `permutations` conditional permutations (0 = analytical p-values
/// only) and FDR-corrected bins.
pub fn stage_gi_star(input: &GiInput, permutations: usize) -> GiStarResult {
    let opts = GiStarOptions {
        permutations,
        seed: 1,
        fdr: true,
    };
    gi_star(&input.counts, &input.weights, &opts).expect("Gi* on demo counts")
}

/// The last `weeks` complete ISO weeks of demo incidents (distinct reports), as the page's
/// weekly series computes them.
pub fn weekly_series(weeks: usize) -> Vec<f64> {
    complete_series(Resolution::Weekly, 7 * (weeks as i32 + 2), weeks)
}

/// The last `count` complete periods of `res` of demo incidents, from the demo's last `span`
/// days (the span leaves a margin so that `count` complete periods fit).
fn complete_series(res: Resolution, span: i32, count: usize) -> Vec<f64> {
    let demo = demo();
    let last = demo.config().last_day;
    let first = (last - span).max(demo.config().first_day);
    let mut cleaner = Cleaner::new(CleanRules {
        first_day: first,
        ..CleanRules::default()
    });
    let mut store = Store::new();
    demo.generate(first, last, &mut |r| {
        cleaner.push(r, &mut store);
    });
    let q = cleaner.finish(&mut store);
    let (a, b) = q.day_range.unwrap_or((first, last));
    let filter = Filter::default().compile(&store);
    let s = series(&store, &filter, res, a, b);
    let values = s.complete().1;
    values[values.len().saturating_sub(count)..].to_vec()
}

/// The LSTM parameters benchmarked: the library defaults (window 12, layers 50 and 32,
/// batch 16, Adam 1e-3, up to 200 epochs, patience 20, 52 validation weeks).
#[cfg(feature = "lstm")]
pub fn lstm_params() -> crimecast::analysis::ts::lstm::LstmValidParams {
    crimecast::analysis::ts::lstm::LstmParams::new()
        .check()
        .expect("default LSTM parameters")
}

/// Timed stage: train the LSTM on `y` until early stopping and build the fitted model.
#[cfg(feature = "lstm")]
pub fn stage_lstm(
    y: &[f64],
    params: &crimecast::analysis::ts::lstm::LstmValidParams,
) -> crimecast::analysis::ts::lstm::FittedLstm {
    crimecast::analysis::ts::lstm::Trainer::new(y, params)
        .and_then(|t| t.run())
        .expect("LSTM training on the demo weekly series")
}
