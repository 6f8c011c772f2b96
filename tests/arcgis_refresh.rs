//! The sans-IO loader refreshing from a base (the rows a page already holds) against a
//! simulated layer: only the rows above the base's largest object id and a count per month
//! are asked for; a month whose count moved is loaded again whole, announced before its rows;
//! afterwards the rows held (the base less the months replaced, plus every row handed over)
//! are the server's rows exactly.
#![cfg(not(target_arch = "wasm32"))]

mod arcgis_sim;

use std::collections::{BTreeMap, HashSet};

use arcgis_sim::{drive, Handed, Layer, Outcome};
use crimecast::data::arcgis::schedule::{
    Base, BaseMonth, Check, Event, LoadParams, LoadState, Loader, Reply, Request,
};
use crimecast::data::arcgis::{months, Cell, MonthSlot, Window};
use crimecast::data::time::{day_of, parse_day, DetroitClock};
use crimecast::data::Error;

const LATENCY: i64 = 300;
const ENDPOINT: &str = "https://sim.example/arcgis/rest/services/RMS/FeatureServer/0/query";

fn window(first: &str, last: &str) -> Window {
    Window::new(parse_day(first).unwrap(), parse_day(last).unwrap()).unwrap()
}

fn slots(w: Window) -> Vec<MonthSlot> {
    months(w, &DetroitClock::new())
}

/// What a page holding `layer`'s rows of window `w` hands the loader: per month its rows,
/// their precinct × category cells and incidents, counted from the rows themselves.
fn base_of(layer: &Layer, w: Window) -> Base {
    let mut out = Vec::new();
    for s in slots(w) {
        let rows: Vec<_> = layer
            .rows
            .iter()
            .filter(|r| s.range.contains(r.utc_ms))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut cells: BTreeMap<(String, String), u64> = BTreeMap::new();
        for r in &rows {
            let key = (r.precinct.trim().to_string(), r.category.trim().to_string());
            *cells.entry(key).or_default() += 1;
        }
        let incidents: HashSet<&str> = rows.iter().map(|r| r.report.as_str()).collect();
        out.push(BaseMonth {
            first_day: day_of(s.year, s.month, 1).unwrap(),
            rows: rows.len() as u64,
            incidents: Some(incidents.len() as u64),
            cells: cells
                .into_iter()
                .map(|((precinct, category), rows)| Cell {
                    precinct,
                    category,
                    rows,
                })
                .collect(),
        });
    }
    Base {
        max_oid: layer.rows.iter().map(|r| r.oid).max().unwrap_or(0),
        months: out,
    }
}

fn refresh(w: Window, base: Base, edit: impl FnOnce(&mut LoadParams)) -> Loader {
    let mut p = LoadParams::new(ENDPOINT, w);
    p.seed = 11;
    p.base = Some(base);
    edit(&mut p);
    Loader::new(p.check().unwrap(), DetroitClock::new(), 0)
}

/// A row as the page keeps it: time, precinct, category.
type Kept = (i64, String, String);

/// The server's rows of window `w`, by object id.
fn server_rows(layer: &Layer, w: Window) -> BTreeMap<i64, Kept> {
    let s = slots(w);
    let range = (s[0].range.from_ms, s[s.len() - 1].range.to_ms);
    layer
        .rows
        .iter()
        .filter(|r| (range.0..range.1).contains(&r.utc_ms))
        .map(|r| (r.oid, (r.utc_ms, r.precinct.into(), r.category.into())))
        .collect()
}

/// The rows held after the load: `base` (the rows held before, window `w`), less those of
/// each month when its replacement is announced, plus every row handed over, each at most
/// once.
fn held_after(base: &Layer, w: Window, out: &Outcome) -> BTreeMap<i64, Kept> {
    let s = slots(w);
    let mut held = server_rows(base, w);
    for h in &out.handed {
        match h {
            Handed::Event(Event::MonthReplaced(m)) => {
                held.retain(|_, r| !s[*m].range.contains(r.0));
            }
            Handed::Page(i) => {
                for (a, _) in &out.pages[*i].page.features {
                    let oid = a["ESRI_OID"].as_i64().unwrap();
                    let row = (
                        a["incident_occurred_at"].as_i64().unwrap(),
                        a["police_precinct"].as_str().unwrap().to_string(),
                        a["offense_category"].as_str().unwrap().to_string(),
                    );
                    assert!(held.insert(oid, row).is_none(), "row {oid} came twice");
                }
            }
            Handed::Event(_) => {}
        }
    }
    held
}

fn kinds(out: &Outcome) -> Vec<Request> {
    out.sent.iter().map(|s| s.send.request).collect()
}

fn replaced(out: &Outcome) -> Vec<usize> {
    out.handed
        .iter()
        .filter_map(|h| match h {
            Handed::Event(Event::MonthReplaced(m)) => Some(*m),
            _ => None,
        })
        .collect()
}

fn assert_reconciled(load: &Loader) {
    for c in load.reconciliation() {
        assert_eq!(c.check, Check::Agrees, "{}: {c:?}", c.month.label());
    }
}

/// The UTC bounds of local day `day`.
fn day_range(day: &str) -> (i64, i64) {
    let clock = DetroitClock::new();
    let d = parse_day(day).unwrap();
    (clock.to_utc(d, 0), clock.to_utc(d + 1, 0))
}

/// The base taken on 30 December 2024, the refresh a day later.
fn a_day_later() -> (Window, Window) {
    (
        window("2024-01-01", "2024-12-30"),
        window("2024-01-01", "2024-12-31"),
    )
}

/// 220 rows reported on 31 December 2024 added to `server`; their object ids.
fn new_day(server: &mut Layer) -> Vec<i64> {
    let (from, to) = day_range("2024-12-31");
    server.add_rows(from, to, 220)
}

#[test]
fn a_base_equal_to_the_server_costs_the_counts_and_one_empty_page() {
    let w = window("2024-01-01", "2024-12-31");
    let layer = Layer::new(&slots(w), 700, 1000);
    let base = base_of(&layer, w);
    let mut load = refresh(w, base.clone(), |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    let k = kinds(&out);
    assert_eq!(k.len(), 1 + 12 + 1, "{k:?}");
    assert_eq!(k[0], Request::Metadata);
    // The new rows first, then every month's count, newest first.
    assert!(matches!(k[1], Request::Page { offset: 0, .. }));
    assert!(out.sent[1].send.url.contains("ESRI_OID%20%3E%20"));
    let newest_first: Vec<Request> = (0..12).rev().map(Request::RefreshCount).collect();
    assert_eq!(k[2..], newest_first[..]);
    assert!(out.pages.is_empty() && replaced(&out).is_empty());
    assert_reconciled(&load);
    assert!(load.reconciliation().iter().all(|c| c.loaded == 700));
    let p = load.progress();
    assert_eq!(
        (p.rows_kept, p.rows_loaded, p.rows_counted),
        (8400, 0, 8400)
    );
    assert_eq!((p.months_counted, p.months), (12, 12));
    // The base's counts stand: breakdowns and incidents of every month, unasked.
    let counts = load.counts();
    assert_eq!(counts.totals().rows, 8400);
    assert_eq!(counts.complete_months().len(), 12);
    let incidents: Vec<Option<u64>> = base.months.iter().map(|m| m.incidents).collect();
    assert_eq!(counts.monthly_incidents(), incidents);
    assert_eq!(counts.by_category().len(), 3);
}

#[test]
fn one_new_day_fetches_only_its_rows() {
    // The base was taken on 30 December; 220 rows came on the 31st.
    let (old, new) = a_day_later();
    let held = Layer::new(&slots(old), 700, 1000);
    let mut server = held.clone();
    let added: HashSet<i64> = new_day(&mut server).into_iter().collect();
    let mut load = refresh(new, base_of(&held, old), |_| {});
    let out = drive(&mut load, &server, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    // The description, 12 counts, one page, and December's counts asked again.
    let k = kinds(&out);
    assert_eq!(k.len(), 1 + 12 + 1 + 2, "{k:?}");
    assert!(k.contains(&Request::MonthStats(11)) && k.contains(&Request::MonthIncidents(11)));
    assert_eq!(out.page_sends().len(), 1);
    let oids: HashSet<i64> = out.oids().into_iter().collect();
    assert_eq!(oids, added);
    assert!(replaced(&out).is_empty());
    assert_eq!(held_after(&held, new, &out), server_rows(&server, new));
    assert_reconciled(&load);
    let rec = load.reconciliation();
    assert_eq!((rec[11].server, rec[11].loaded), (Some(920), 920));
    let p = load.progress();
    assert_eq!(
        (p.rows_kept, p.rows_loaded, p.rows_counted),
        (8400, 220, 8620)
    );
    // December's counts are the server's now.
    let december: Vec<_> = server
        .rows
        .iter()
        .filter(|r| slots(new)[11].range.contains(r.utc_ms))
        .collect();
    let reports: HashSet<&str> = december.iter().map(|r| r.report.as_str()).collect();
    assert_eq!(load.counts().month_rows(11), Some(920));
    assert_eq!(
        load.counts().month_incidents(11),
        Some(reports.len() as u64)
    );
    assert_eq!(load.counts().totals().rows, 8620);
}

/// The server after a row of March was deleted, another edited and one added (March's count
/// unchanged: only the base's rows plus the new ones tell), and 220 rows came on 31 December.
fn changed_march(held: &Layer, w: Window) -> (Layer, i64) {
    let mut server = held.clone();
    let march = slots(w)[2].range;
    let in_march: Vec<usize> = (0..server.rows.len())
        .filter(|&i| march.contains(server.rows[i].utc_ms))
        .collect();
    let edited = &mut server.rows[in_march[1]];
    edited.category = if edited.category == "ASSAULT" {
        "FRAUD"
    } else {
        "ASSAULT"
    };
    let edited = edited.oid;
    server.rows.remove(in_march[0]);
    server.add_rows(march.from_ms + 3_600_000, march.from_ms + 7_200_000, 1);
    new_day(&mut server);
    (server, edited)
}

#[test]
fn a_month_that_changed_is_replaced_before_its_rows_come() {
    let (old, new) = a_day_later();
    let held = Layer::new(&slots(old), 700, 1000);
    let (server, edited) = changed_march(&held, new);
    let mut load = refresh(new, base_of(&held, old), |_| {});
    let out = drive(&mut load, &server, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    assert_eq!(replaced(&out), vec![2]);
    // The replacement goes out before any row of March.
    let march = slots(new)[2].range;
    let announced = out
        .handed
        .iter()
        .position(|h| matches!(h, Handed::Event(Event::MonthReplaced(2))))
        .unwrap();
    let first_march_row = out.handed.iter().position(|h| match h {
        Handed::Page(i) => out.pages[*i]
            .page
            .features
            .iter()
            .any(|(a, _)| march.contains(a["incident_occurred_at"].as_i64().unwrap())),
        _ => false,
    });
    assert!(announced < first_march_row.unwrap());
    // March whole again (its counts and one page), December's counts; nothing else.
    let k = kinds(&out);
    assert_eq!(k.len(), 1 + 12 + 1 + 2 + 2 + 1, "{k:?}");
    assert!(k.contains(&Request::MonthStats(2)) && k.contains(&Request::MonthIncidents(2)));
    assert_eq!(out.oids().len(), 220 + 700);
    let after = held_after(&held, new, &out);
    assert_eq!(after, server_rows(&server, new));
    assert!(after[&edited].2 != held.rows.iter().find(|r| r.oid == edited).unwrap().category);
    assert_reconciled(&load);
    let rec = load.reconciliation();
    assert_eq!((rec[2].server, rec[2].loaded), (Some(700), 700));
    let p = load.progress();
    assert_eq!((p.rows_kept, p.rows_loaded), (8400 - 700, 920));
    assert!(out
        .notices
        .iter()
        .any(|n| n.contains("2024-03 changed") && n.contains("700 rows counted, 701 held")));
    assert_eq!(load.counts().month_rows(2), Some(700));
}

#[test]
fn without_statistics_a_changed_month_is_loaded_again_on_its_count() {
    let (old, new) = a_day_later();
    let held = Layer::new(&slots(old), 700, 1000);
    let (mut server, _) = changed_march(&held, new);
    server.statistics = false;
    server.count_distinct = false;
    let mut load = refresh(new, base_of(&held, old), |_| {});
    let out = drive(&mut load, &server, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    assert_eq!(replaced(&out), vec![2]);
    // The plain counts already asked serve: no other count goes out.
    let k = kinds(&out);
    assert_eq!(k.len(), 1 + 12 + 1 + 1, "{k:?}");
    assert_eq!(held_after(&held, new, &out), server_rows(&server, new));
    assert_reconciled(&load);
    assert_eq!(load.counts().month_rows(11), Some(920));
}

#[test]
fn a_month_whose_count_never_comes_keeps_its_rows_unchecked() {
    let (old, new) = a_day_later();
    let held = Layer::new(&slots(old), 700, 1000);
    let mut server = held.clone();
    new_day(&mut server);
    let bad = br#"{"error":{"code":400,"message":"Invalid query","details":[]}}"#;
    let mut load = refresh(new, base_of(&held, old), |_| {});
    let out = drive(&mut load, &server, LATENCY, 600_000, |s, _, _| {
        (s.request == Request::RefreshCount(4)).then(|| (Reply::Body(bad.to_vec()), LATENCY))
    });
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    assert!(replaced(&out).is_empty());
    assert_eq!(held_after(&held, new, &out), server_rows(&server, new));
    let rec = load.reconciliation();
    assert_eq!((rec[4].server, rec[4].loaded), (None, 700));
    assert_eq!(rec[4].check, Check::NotCounted);
    assert!(rec
        .iter()
        .enumerate()
        .all(|(m, c)| m == 4 || c.check == Check::Agrees));
    assert!(out
        .notices
        .iter()
        .any(|n| n.contains("row count of 2024-05") && n.contains("kept unchecked")));
    let p = load.progress();
    assert_eq!((p.months_counted, p.rows_counted), (12, 8620 - 700));
}

#[test]
fn months_past_the_base_are_fetched() {
    // The base ends with November; December and January came since, 2,500 rows, more than
    // two pages of the new rows.
    let (old, new) = (
        window("2024-06-01", "2024-11-30"),
        window("2024-06-01", "2025-01-31"),
    );
    let held = Layer::new(&slots(old), 400, 1000);
    let mut server = held.clone();
    let s = slots(new);
    server.add_rows(s[6].range.from_ms, s[6].range.to_ms, 1500);
    server.add_rows(s[7].range.from_ms, s[7].range.to_ms, 1000);
    let mut load = refresh(new, base_of(&held, old), |_| {});
    let out = drive(&mut load, &server, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    assert_eq!(out.page_sends().len(), 3);
    assert_eq!(out.oids().len(), 2500);
    assert_eq!(held_after(&held, new, &out), server_rows(&server, new));
    assert_reconciled(&load);
    let counts = load.counts();
    assert!(counts.has_breakdown(6) && counts.has_breakdown(7));
    assert_eq!(
        (counts.month_rows(6), counts.month_rows(7)),
        (Some(1500), Some(1000))
    );
    assert_eq!(counts.totals().rows, 6 * 400 + 2500);
    assert!(counts.all_incidents());
}

#[test]
fn faults_do_not_stall_a_refresh() {
    // The page of new rows answers 503 late, a month's count 429 with Retry-After, and
    // March's page is cut off once in transit.
    let (old, new) = a_day_later();
    let held = Layer::new(&slots(old), 700, 250);
    let (server, _) = changed_march(&held, new);
    let mut load = refresh(new, base_of(&held, old), |p| p.held_pages = 2);
    let (mut page_failed, mut throttled, mut cut) = (false, None, false);
    let out = drive(&mut load, &server, LATENCY, 600_000, |s, now, _| {
        match s.request {
            Request::Page { run: 0, .. } if !page_failed => {
                page_failed = true;
                Some((
                    Reply::Http {
                        status: 503,
                        retry_after_s: None,
                    },
                    6_000,
                ))
            }
            Request::RefreshCount(5) if throttled.is_none() => {
                throttled = Some(now + LATENCY);
                Some((
                    Reply::Http {
                        status: 429,
                        retry_after_s: Some(5.0),
                    },
                    LATENCY,
                ))
            }
            Request::Page {
                run: 1,
                offset: 250,
                ..
            } if !cut => {
                cut = true;
                Some((Reply::Network("connection reset".into()), 1_000))
            }
            _ => None,
        }
    });
    assert_eq!(out.state, LoadState::Done, "{:#?}", out.notices);
    assert!(page_failed && cut);
    let refused = throttled.unwrap();
    assert!(
        out.sent
            .iter()
            .all(|s| s.at < refused || s.at >= refused + 5_000),
        "nothing is sent while the server asked to wait"
    );
    assert_eq!(replaced(&out), vec![2]);
    assert_eq!(held_after(&held, new, &out), server_rows(&server, new));
    assert_reconciled(&load);
    assert!(out.notices.iter().any(|n| n.contains("HTTP 503")));
    assert!(out.notices.iter().any(|n| n.contains("connection reset")));
}

#[test]
fn a_return_visit_costs_well_under_a_hundredth_of_a_full_load() {
    // A year at the City's rate (~6,700 rows a month, pages of 2,000); one new day.
    let (old, new) = a_day_later();
    let held = Layer::new(&slots(old), 6700, 2000);
    let mut server = held.clone();
    new_day(&mut server);
    let mut full = Loader::new(
        LoadParams::new(ENDPOINT, new).check().unwrap(),
        DetroitClock::new(),
        0,
    );
    let first = drive(&mut full, &server, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(first.state, LoadState::Done);
    let mut load = refresh(new, base_of(&held, old), |_| {});
    let again = drive(&mut load, &server, LATENCY, 600_000, |_, _, _| None);
    assert_eq!(again.state, LoadState::Done);
    assert_eq!(again.oids().len(), 220);
    let (a, b) = (first.bytes(), again.bytes());
    println!(
        "full load {a} bytes, refresh {b} bytes ({:.3} %)",
        100.0 * b as f64 / a as f64
    );
    assert!(b * 100 < a, "{b} of {a} bytes");
}

#[test]
fn the_base_is_checked_against_the_window() {
    let w = window("2024-03-01", "2024-06-30");
    let held = Layer::new(&slots(window("2024-01-01", "2024-06-30")), 10, 100);
    let outside = base_of(&held, window("2024-01-01", "2024-06-30"));
    let mut negative = base_of(&held, w);
    negative.max_oid = -1;
    for (base, why) in [(outside, "outside the window"), (negative, "got -1")] {
        let mut p = LoadParams::new(ENDPOINT, w);
        p.base = Some(base);
        match p.check() {
            Err(Error::Params(m)) => assert!(m.contains(why), "{m}"),
            other => panic!("{why}: {other:?}"),
        }
    }
}
