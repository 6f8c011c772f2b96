//! Property tests of the worker engine fed hostile input: file loads (CSV and GeoJSON, any
//! bytes, any chunking) and live loads (any reply text). The engine must not panic, a failed
//! load must leave the active dataset exactly as it was, and a successful one must balance
//! its accounting and answer an overview.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::data::aggregate::year_before;
use crimecast::data::arcgis::{Reply, Window};
use crimecast::data::clean::{Action, CleanRules};
use crimecast::data::filter::Filter;
use crimecast::data::time::day_of;
use crimecast::url_state::UrlState;
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::{Dataset, FileKind, Response, Source};
use fuzz_common::{chunks, config, config_large, gen, line_breaks};
use proptest::prelude::*;

/// An engine whose active dataset is a small CSV file loaded as job 1.
fn engine_with_data() -> (Engine, Dataset) {
    let mut e = Engine::new();
    e.file_start(1, "base.csv", FileKind::Csv, CleanRules::default());
    let csv = "incident_occurred_at,offense_category,police_precinct,longitude,latitude\n\
               2025/10/23 20:00:00+00,LARCENY,02,-83.05,42.35\n\
               2025/10/24 21:00:00+00,ARSON,03,-83.06,42.36\n";
    e.file_chunk(1, csv.as_bytes()).unwrap();
    let d = e.file_end(1).unwrap();
    (e, d)
}

/// File contents for either kind: the reader's own shapes, the other kind's, and noise.
fn file() -> BoxedStrategy<(FileKind, Vec<u8>)> {
    prop_oneof![
        3 => gen::csv_bytes().prop_map(|b| (FileKind::Csv, b)),
        3 => gen::geojson_text().prop_map(|t| (FileKind::GeoJson, t.into_bytes())),
        1 => (any::<bool>(), gen::arcgis_text()).prop_map(|(csv, t)| {
            (if csv { FileKind::Csv } else { FileKind::GeoJson }, t.into_bytes())
        }),
        1 => (any::<bool>(), prop::collection::vec(any::<u8>(), 0..200)).prop_map(|(csv, b)| {
            (if csv { FileKind::Csv } else { FileKind::GeoJson }, b)
        }),
    ]
    .boxed()
}

/// Cleaning rules as the page sends them: the default window (files) or a live window of
/// one to twelve years ending on a day of the data's era, with any actions. (Rules are the
/// page's settings, not input; their window bounds the size of every overview series.)
fn app_rules() -> BoxedStrategy<CleanRules> {
    let action = || prop_oneof![Just(Action::Drop), Just(Action::Flag)];
    let window = prop_oneof![
        Just(None),
        (17_014i32..47_482, 1i32..=12)
            .prop_map(|(last, years)| Some((year_before(last) + 1 - 365 * (years - 1), last))),
    ];
    (window, action(), action(), action())
        .prop_map(|(window, j, m, o)| {
            let d = CleanRules::default();
            let (first_day, last_day) = window.unwrap_or((d.first_day, d.last_day));
            CleanRules {
                first_day,
                last_day,
                junk_precinct: j,
                missing_coords: m,
                outside_city: o,
            }
        })
        .boxed()
}

/// After a successful load: the accounting balances and the data answers overviews.
fn check_loaded(e: &mut Engine, d: &Dataset) -> Result<(), TestCaseError> {
    prop_assert!(d.quality.balances(), "{:?}", d.quality);
    prop_assert!(d.quality.kept > 0);
    prop_assert_eq!(e.describe(), Some(d.clone()));
    let o = e.overview(&Filter::default()).unwrap();
    prop_assert!(o.total <= d.quality.kept);
    let url = UrlState::default().filter(d.quality.day_range);
    e.overview(&url).unwrap();
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Any file of either kind in any chunks, with any cleaning rules: no panic; on failure
    /// the active dataset is unchanged (and any partial rows are usable); on success the
    /// new dataset balances, holds no more rows than the input could and answers overviews.
    #[test]
    fn files_never_break_the_active_dataset(
        (kind, bytes) in file(),
        sizes in prop::collection::vec(1usize..64, 1..5),
        rules in app_rules(),
    ) {
        let (mut e, before) = engine_with_data();
        e.file_start(2, "fuzz", kind, rules);
        let mut outcome = Ok(());
        for c in chunks(&bytes, &sizes) {
            outcome = e.file_chunk(2, c);
            if outcome.is_err() {
                break;
            }
        }
        match outcome.and_then(|()| e.file_end(2)) {
            Ok(d) => {
                prop_assert_eq!(&d.source, &Source::File { name: "fuzz".into() });
                let bound = match kind {
                    FileKind::Csv => line_breaks(&bytes) + 1,
                    FileKind::GeoJson => bytes.iter().filter(|&&b| b == b',').count() + 1,
                };
                prop_assert!(d.quality.read as usize <= bound);
                check_loaded(&mut e, &d)?;
            }
            Err(_) => {
                let kept = e.abandon(2);
                prop_assert_eq!(e.loading_job(), None);
                prop_assert_eq!(e.describe(), Some(before.clone()));
                if kept > 0 {
                    let d = e.use_partial(2).unwrap();
                    prop_assert!(!d.complete);
                    check_loaded(&mut e, &d)?;
                }
            }
        }
    }

    /// Any sequence of reply texts as the live load's answers (its description, counts and
    /// pages): no panic; rows read never go down while it runs; the active dataset is
    /// untouched until the load announces its own, and every dataset it announces balances.
    #[test]
    fn live_replies_never_break_the_active_dataset(
        pages in prop::collection::vec(prop_oneof![
            2 => gen::arcgis_page_value().prop_map(|v| v.to_string()),
            1 => gen::arcgis_text(),
        ], 1..3),
        rules in app_rules(),
    ) {
        let (mut e, before) = engine_with_data();
        let w = Window::new(day_of(2025, 1, 1).unwrap(), day_of(2025, 1, 31).unwrap()).unwrap();
        e.live_begin(2, "http://127.0.0.1/query", w, rules, 0).unwrap();
        let other = e.live_poll(3, 0);
        prop_assert!(other.over && other.send.is_empty());
        let (mut now, mut answered, mut announced) = (0i64, 0usize, false);
        let mut tick = e.live_poll(2, now);
        for _ in 0..40 {
            for r in &tick.responses {
                if let Response::Loaded { dataset, .. } = r {
                    announced = true;
                    let live = matches!(dataset.source, Source::Live { .. });
                    prop_assert!(live);
                    prop_assert!(dataset.quality.balances(), "{:?}", dataset.quality);
                }
            }
            if tick.over {
                break;
            }
            let read = e.rows_read(2);
            for s in &tick.send {
                let text = &pages[answered % pages.len()];
                answered += 1;
                e.live_reply(2, s.id, now, Reply::Body(text.clone().into_bytes()));
            }
            now = tick.wake_at.unwrap_or(now + 100).max(now + 100);
            tick = e.live_poll(2, now);
            if !tick.over {
                prop_assert!(e.rows_read(2) >= read);
            }
        }
        if !announced {
            prop_assert_eq!(e.describe(), Some(before.clone()));
        }
    }
}

proptest! {
    #![proptest_config(config_large())]

    /// Large files of either kind (up to 10,000 rows, either schema or both, long fields) in
    /// any chunks: loaded whole, every row accounted for, the data answering overviews.
    #[test]
    fn large_files_load_every_row(
        l in gen::large::large(),
        geojson in any::<bool>(),
        sizes in prop::collection::vec(1usize..200_000, 1..4),
    ) {
        let (kind, bytes, rows) = if geojson {
            let (text, points) = gen::large::geojson(&l);
            (FileKind::GeoJson, text.into_bytes(), points.len())
        } else {
            let (bytes, rows) = gen::large::csv(&l);
            (FileKind::Csv, bytes, rows)
        };
        let (mut e, _) = engine_with_data();
        e.file_start(2, "large", kind, CleanRules::default());
        for c in chunks(&bytes, &sizes) {
            e.file_chunk(2, c).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        match e.file_end(2) {
            Ok(d) => {
                prop_assert_eq!(d.quality.read, rows as u64);
                check_loaded(&mut e, &d)?;
            }
            // Only a handful of unlucky rows can all fail cleaning.
            Err(err) => prop_assert!(rows < 100, "{err}"),
        }
    }
}
