//! The loader over the whole history (January 2017 to yesterday), and where the server's
//! counts and rows part ways: a month that cannot be counted at all, and rows added after
//! they were counted.
#![cfg(not(target_arch = "wasm32"))]

mod arcgis_sim;

use std::collections::HashSet;

use arcgis_sim::{drive, Layer};
use crimecast::data::arcgis::schedule::{Check, LoadParams, LoadState, Loader, Reply, Request};
use crimecast::data::arcgis::{months, whole_history, Subset, TotalsSource};
use crimecast::data::time::{parse_day, DetroitClock};

const ENDPOINT: &str = "https://sim.example/arcgis/rest/services/RMS/FeatureServer/0/query";

#[test]
fn the_whole_history_loads_month_by_month() {
    let w = whole_history(parse_day("2025-10-24").unwrap()).unwrap();
    let clock = DetroitClock::new();
    let layer = Layer::new(&months(w, &clock), 60, 100);
    let mut p = LoadParams::new(ENDPOINT, w);
    p.seed = 3;
    let mut load = Loader::new(p.check().unwrap(), clock, 0);
    let out = drive(&mut load, &layer, 300, 3_600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done);
    let oids: HashSet<i64> = out.oids().into_iter().collect();
    assert_eq!(oids.len(), layer.rows.len());
    assert_eq!(out.oids().len(), layer.rows.len());
    let counts = load.counts();
    assert_eq!(counts.months().len(), 106);
    assert_eq!(
        counts.complete_months().len(),
        105,
        "October 2025 is partial"
    );
    let totals = counts.totals();
    assert_eq!(
        (totals.rows, totals.source),
        (106 * 60, TotalsSource::Months)
    );
    // 60 rows a month, 13 precinct codes in turn of which 2 are junk: hand-count month 0.
    let valid = (0..60).filter(|i| i % 13 < 11).count() as u64;
    assert_eq!(counts.monthly(&Subset::default())[0], Some(valid));
    assert!(load
        .reconciliation()
        .iter()
        .all(|c| c.check == Check::Agrees));
    // Runs of at least 4 pages (400 rows): 7 months each, newest first.
    let first_page = out.page_sends()[0].send.url.clone();
    assert!(
        first_page.contains("TIMESTAMP%20%272025-04-01%2004%3A00%3A00%27"),
        "{first_page}"
    );
    assert!(
        first_page.contains("TIMESTAMP%20%272025-10-24%2004%3A00%3A00%27"),
        "{first_page}"
    );
}

#[test]
fn a_month_without_any_count_loads_while_the_server_says_more_follow() {
    let w = crimecast::data::arcgis::Window::new(
        parse_day("2024-10-01").unwrap(),
        parse_day("2024-12-31").unwrap(),
    )
    .unwrap();
    let clock = DetroitClock::new();
    let layer = Layer::new(&months(w, &clock), 450, 100);
    let mut p = LoadParams::new(ENDPOINT, w);
    p.attempts = 2;
    let mut load = Loader::new(p.check().unwrap(), clock, 0);
    let down = Reply::Http {
        status: 503,
        retry_after_s: None,
    };
    let out = drive(&mut load, &layer, 300, 600_000, |s, _, _| match s.request {
        Request::MonthStats(1) | Request::MonthCount(1) => Some((down.clone(), 300)),
        _ => None,
    });
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    assert_eq!(out.oids().len(), layer.rows.len());
    let rec = load.reconciliation();
    assert_eq!(rec[1].check, Check::NotCounted);
    assert_eq!(rec[1].loaded, 450);
    assert_eq!(
        (rec[0].check.clone(), rec[2].check.clone()),
        (Check::Agrees, Check::Agrees)
    );
    // Pages of November went one after another: 5 of 100 rows (the last one short).
    let november: Vec<u64> = out
        .page_sends()
        .iter()
        .filter(|s| s.send.url.contains("%3E%3D%20TIMESTAMP%20%272024-11-01"))
        .filter_map(|s| match s.send.request {
            Request::Page { offset, .. } => Some(offset),
            _ => None,
        })
        .collect();
    assert_eq!(november, vec![0, 100, 200, 300, 400]);
    assert!(out.notices.iter().any(|n| n.contains("without a count")));
}

#[test]
fn rows_added_after_the_count_are_fetched_and_reported() {
    let w = crimecast::data::arcgis::Window::new(
        parse_day("2024-12-01").unwrap(),
        parse_day("2024-12-31").unwrap(),
    )
    .unwrap();
    let clock = DetroitClock::new();
    let layer = Layer::new(&months(w, &clock), 300, 100);
    let mut load = Loader::new(LoadParams::new(ENDPOINT, w).check().unwrap(), clock, 0);
    // The month's statistics count 200 rows; 300 are there when the pages are asked for.
    let stale = br#"{"features":[{"attributes":{"police_precinct":"02","offense_category":"LARCENY","n":200}}]}"#;
    let out = drive(&mut load, &layer, 300, 600_000, |s, _, _| match s.request {
        Request::MonthStats(0) => Some((Reply::Body(stale.to_vec()), 300)),
        _ => None,
    });
    assert_eq!(out.state, LoadState::Done);
    assert_eq!(
        out.oids().len(),
        300,
        "the page past the count is asked for too"
    );
    let rec = load.reconciliation();
    assert_eq!((rec[0].server, rec[0].loaded), (Some(200), 300));
    match &rec[0].check {
        Check::Differs(why) => assert!(why.starts_with("100 more row(s) loaded"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn standard_pages_are_taken_where_served_and_shrink_where_they_are_not() {
    let w = crimecast::data::arcgis::Window::new(
        parse_day("2024-11-01").unwrap(),
        parse_day("2024-12-31").unwrap(),
    )
    .unwrap();
    let clock = DetroitClock::new();
    let mut layer = Layer::new(&months(w, &clock), 5000, 1000);
    layer.offers_standard = true;
    let sizes = |layer: &Layer| {
        let mut p = LoadParams::new(ENDPOINT, w);
        p.standard_pages = true;
        let mut load = Loader::new(p.check().unwrap(), DetroitClock::new(), 0);
        let out = drive(&mut load, layer, 300, 600_000, |_, _, _| None);
        assert_eq!(out.state, LoadState::Done);
        assert_eq!(out.oids().len(), 10_000);
        assert!(load
            .reconciliation()
            .iter()
            .all(|c| c.check == Check::Agrees));
        let first = out.page_sends()[0].send.url.clone();
        assert!(first.contains("&resultType=standard"), "{first}");
        out.page_sends()
            .iter()
            .filter_map(|s| match s.send.request {
                Request::Page { size, .. } => Some(size),
                _ => None,
            })
            .collect::<Vec<u32>>()
    };
    layer.honours_standard = true;
    assert_eq!(
        sizes(&layer),
        vec![8000, 8000],
        "two 8000-row pages cover both months"
    );
    // Offered but not served: each 8000-row page holds 1000 rows; the rest of each is asked
    // for at once in pages of 1000, up to the count (7 after the first, 1 after the second).
    layer.honours_standard = false;
    let s = sizes(&layer);
    assert_eq!(s[..2], [8000, 8000]);
    assert!(s[2..].iter().all(|&n| n == 1000), "{s:?}");
    assert_eq!(s.len(), 2 + 7 + 1, "{s:?}");
}

#[test]
fn the_schedule_at_the_real_layers_request_count() {
    // 106 months of 675 rows in pages of 200: 358 pages, as many as Detroit's ~6,750 rows a
    // month in pages of 2000, plus 215 count requests; 300 ms a request, 6 at a time, no
    // bandwidth limit (the schedule alone). Simulated: window totals at 0.6 s, every month's
    // breakdown at 5.7 s, every row at 29.7 s in 371 pages.
    let w = whole_history(parse_day("2025-10-24").unwrap()).unwrap();
    let clock = DetroitClock::new();
    let layer = Layer::new(&months(w, &clock), 675, 200);
    let mut load = Loader::new(LoadParams::new(ENDPOINT, w).check().unwrap(), clock, 0);
    let out = drive(&mut load, &layer, 300, 3_600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done);
    assert_eq!(out.oids().len(), 106 * 675);
    let done_at = |pick: &dyn Fn(&Request) -> bool| {
        out.sent
            .iter()
            .filter(|s| pick(&s.send.request))
            .map(|s| s.at + 300)
            .max()
            .unwrap()
    };
    let totals = done_at(&|r| *r == Request::WindowStats);
    let months_in = done_at(&|r| matches!(r, Request::MonthStats(_)));
    let pages = out.page_sends().len();
    println!(
        "totals {totals} ms, months {months_in} ms, rows {} ms, {pages} pages",
        out.end_ms
    );
    assert_eq!(totals, 600);
    assert!(months_in <= 5_700, "{months_in} ms");
    assert!(out.end_ms <= 30_000, "{} ms", out.end_ms);
    // Packing keeps pages full: runs of 2 months (1,350 rows ≥ 4 pages), 53 runs, at most
    // one short page each.
    assert!(pages <= 358 + 53, "{pages} pages");
}
