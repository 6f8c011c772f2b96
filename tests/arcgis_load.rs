//! The sans-IO loader against a simulated layer on a simulated clock, with the faults that
//! froze the old page pump for good: the oldest outstanding page failing late while later
//! pages wait, a 429 with `Retry-After`, a server whose pages hold fewer rows than asked, a
//! layer without a description, statistics answered with an error object. Every run must end
//! with every row loaded exactly once and each month's rows agreeing with its server count.
#![cfg(not(target_arch = "wasm32"))]

mod arcgis_sim;

use std::collections::HashSet;

use arcgis_sim::{drive, Layer, Outcome};
use crimecast::data::arcgis::metadata::Format;
use crimecast::data::arcgis::schedule::{Check, LoadParams, LoadState, Loader, Reply, Request};
use crimecast::data::arcgis::{months, Window};
use crimecast::data::time::{parse_day, DetroitClock};

const LATENCY: i64 = 300;
const ENDPOINT: &str = "https://sim.example/arcgis/rest/services/RMS/FeatureServer/0/query";

fn window(first: &str, last: &str) -> Window {
    Window::new(parse_day(first).unwrap(), parse_day(last).unwrap()).unwrap()
}

fn loader(w: Window, edit: impl FnOnce(&mut LoadParams)) -> Loader {
    let mut p = LoadParams::new(ENDPOINT, w);
    p.seed = 11;
    edit(&mut p);
    Loader::new(p.check().unwrap(), DetroitClock::new(), 0)
}

fn layer(w: Window, per_month: usize, max_record_count: usize) -> Layer {
    Layer::new(
        &months(w, &DetroitClock::new()),
        per_month,
        max_record_count,
    )
}

/// Every row of the layer loaded exactly once, and every month reconciled.
fn assert_complete(load: &Loader, out: &Outcome, layer: &Layer) {
    assert_eq!(out.state, LoadState::Done, "notices: {:#?}", out.notices);
    let oids = out.oids();
    let unique: HashSet<i64> = oids.iter().copied().collect();
    assert_eq!(unique.len(), oids.len(), "a row was loaded twice");
    assert_eq!(oids.len(), layer.rows.len());
    for c in load.reconciliation() {
        assert_eq!(c.check, Check::Agrees, "{}: {c:?}", c.month.label());
    }
}

#[test]
fn a_clean_load_counts_first_then_pages_newest_first() {
    let w = window("2024-01-01", "2024-12-31");
    let layer = layer(w, 700, 1000);
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_complete(&load, &out, &layer);
    let plan = load.plan();
    assert!(plan.from_metadata && plan.count_distinct);
    assert_eq!((plan.page_size, plan.format), (1000, Format::Json));
    // The description, then the window, then the months newest first, then pages.
    let kinds: Vec<Request> = out.sent.iter().map(|s| s.send.request).collect();
    assert_eq!(kinds[0], Request::Metadata);
    assert_eq!(kinds[1], Request::WindowStats);
    assert_eq!(kinds[2], Request::WindowIncidents);
    assert_eq!(kinds[3], Request::MonthStats(11));
    let first_page = kinds
        .iter()
        .position(|k| matches!(k, Request::Page { .. }))
        .unwrap();
    assert_eq!(
        first_page,
        3 + 2 * 12,
        "every count is asked for before any page"
    );
    // The first run is the newest months, packed to at least 4 pages (700 rows a month:
    // December back to June, 4,900 rows → 5 pages, the last one short).
    let run0: Vec<(u64, u32)> = out
        .page_sends()
        .iter()
        .filter_map(|s| match s.send.request {
            Request::Page {
                run: 0,
                offset,
                size,
            } => Some((offset, size)),
            _ => None,
        })
        .collect();
    assert_eq!(
        run0,
        vec![
            (0, 1000),
            (1000, 1000),
            (2000, 1000),
            (3000, 1000),
            (4000, 1000)
        ]
    );
    let counts = load.counts();
    assert_eq!(counts.totals().rows, 12 * 700);
    assert_eq!(counts.complete_months().len(), 12);
    let distinct: HashSet<&str> = layer.rows.iter().map(|r| r.report.as_str()).collect();
    assert_eq!(counts.totals().incidents, Some(distinct.len() as u64));
    // Trailing spaces merged: 3 categories, and junk precincts kept apart.
    assert_eq!(counts.by_category().len(), 3);
    let junk: Vec<String> = counts
        .by_precinct()
        .into_iter()
        .filter(|p| p.code.is_none())
        .map(|p| p.label)
        .collect();
    assert_eq!(junk, vec!["0".to_string(), "HP".to_string()]);
    // Load time: 28 count requests at 6 a time, then 9 runs' pages at 6 a time.
    assert!(out.end_ms < 10_000, "{} ms", out.end_ms);
}

#[test]
fn the_oldest_page_failing_late_while_later_pages_wait_is_retried_and_the_load_ends() {
    // One month a run of 20 pages; the first page of the newest run answers 503 after 6 s,
    // by when its later pages have arrived and wait. The old pump stopped sending anything
    // once 8 pages waited, the retry included, and froze for good.
    let w = window("2024-09-01", "2024-12-31");
    let layer = layer(w, 2000, 100);
    let mut load = loader(w, |p| p.held_pages = 8);
    let mut failed = false;
    let out = drive(&mut load, &layer, LATENCY, 600_000, |s, _, _| {
        match s.request {
            Request::Page {
                run: 0, offset: 0, ..
            } if !failed => {
                failed = true;
                Some((
                    Reply::Http {
                        status: 503,
                        retry_after_s: None,
                    },
                    6_000,
                ))
            }
            _ => None,
        }
    });
    assert_complete(&load, &out, &layer);
    let sends: Vec<_> = out
        .page_sends()
        .into_iter()
        .filter(|s| {
            matches!(
                s.send.request,
                Request::Page {
                    run: 0,
                    offset: 0,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(sends.len(), 2);
    let retry = sends[1];
    assert!(
        retry.progress.held_pages >= 8,
        "the retry went out while {} later pages waited",
        retry.progress.held_pages
    );
    // Backoff with jitter: 250..=500 ms after the failure at first send + 6 s.
    let delay = retry.at - (sends[0].at + 6_000);
    assert!((250..=500).contains(&delay), "{delay} ms");
    assert!(out
        .notices
        .iter()
        .any(|n| n.contains("HTTP 503") && n.contains("attempt 2 of 6")));
}

#[test]
fn a_429_with_retry_after_on_page_40_pauses_every_request_then_resumes() {
    let w = window("2024-07-01", "2024-12-31");
    let layer = layer(w, 1000, 100);
    // At most 8 pages wait, as in the old pump (twice its 4 requests in flight).
    let mut load = loader(w, |p| p.held_pages = 8);
    let mut pages_seen = 0;
    let mut hit: Option<Request> = None;
    let out = drive(&mut load, &layer, LATENCY, 600_000, |s, _, _| {
        if !matches!(s.request, Request::Page { .. }) {
            return None;
        }
        pages_seen += 1;
        // Page 40 counting from 0: the first page of the fifth month's run (10 pages a run).
        if pages_seen == 41 {
            hit = Some(s.request);
            // Answered late, as the old pump's third page was: later pages pile up meanwhile.
            return Some((
                Reply::Http {
                    status: 429,
                    retry_after_s: Some(5.0),
                },
                4_000,
            ));
        }
        None
    });
    assert_complete(&load, &out, &layer);
    let hit = hit.unwrap();
    let sends: Vec<_> = out.sent.iter().filter(|s| s.send.request == hit).collect();
    assert_eq!(sends.len(), 2);
    assert_eq!(
        hit,
        Request::Page {
            run: 4,
            offset: 0,
            size: 100
        }
    );
    assert!(
        sends[1].progress.held_pages >= 8,
        "{}",
        sends[1].progress.held_pages
    );
    let refused_at = sends[0].at + 4_000;
    assert_eq!(
        sends[1].at,
        refused_at + 5_000,
        "Retry-After honoured to the millisecond"
    );
    assert!(
        out.sent
            .iter()
            .all(|s| s.at < refused_at || s.at >= refused_at + 5_000),
        "nothing is sent while the server asked to wait"
    );
}

#[test]
fn pages_of_1000_rows_work_with_and_without_a_description() {
    let w = window("2024-10-01", "2024-12-31");
    // Described: the plan asks for 1000-row pages at once.
    let layer = layer(w, 3100, 1000);
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_complete(&load, &out, &layer);
    assert!(out.page_sends().iter().all(|s| match s.send.request {
        Request::Page { size, .. } => size == 1000,
        _ => false,
    }));
    // Undescribed (404): the defaults ask for 2000, the server sends 1000 and says more
    // follow; the rows are taken, the rest asked for, and later pages shrink to 1000. The
    // old pump took such a page for a gap and never got past it.
    let mut layer = layer.clone();
    layer.metadata = false;
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_complete(&load, &out, &layer);
    assert_eq!(load.plan().page_size, 1000);
    assert!(!load.plan().from_metadata);
    let sizes: Vec<u32> = out
        .page_sends()
        .iter()
        .filter_map(|s| match s.send.request {
            Request::Page { size, .. } => Some(size),
            _ => None,
        })
        .collect();
    assert!(
        sizes.iter().filter(|&&s| s == 2000).count() <= 6,
        "{sizes:?}"
    );
    assert!(
        sizes.iter().skip_while(|&&s| s == 2000).all(|&s| s <= 1000),
        "{sizes:?}"
    );
    assert!(out.notices.iter().any(|n| n.contains("pages of 1000 rows")));
}

#[test]
fn without_a_description_the_defaults_load_everything() {
    let w = window("2024-11-01", "2024-12-31");
    let mut layer = layer(w, 900, 2000);
    layer.metadata = false;
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_complete(&load, &out, &layer);
    // One 404 and no retry: the defaults follow at once.
    assert_eq!(
        out.sent
            .iter()
            .filter(|s| s.send.request == Request::Metadata)
            .count(),
        1
    );
    let page = &out.page_sends()[0].send;
    assert!(page.url.contains("outFields=%2A") && page.url.ends_with("&f=json"));
    assert!(!page.binary);
    assert!(out
        .notices
        .iter()
        .any(|n| n.contains("did not describe itself (HTTP 404)")));
    // Statistics are tried (they work here), distinct counts are not.
    assert!(load.counts().has_breakdown(0));
    assert_eq!(load.counts().totals().incidents, None);
}

#[test]
fn a_statistics_error_object_is_retried_and_a_lasting_one_falls_back_to_plain_counts() {
    let w = window("2024-10-01", "2024-12-31");
    let layer = layer(w, 500, 250);
    let busy = br#"{"error":{"code":500,"message":"Unable to perform query","details":[]}}"#;
    let mut load = loader(w, |_| {});
    let mut first = true;
    let out = drive(&mut load, &layer, LATENCY, 600_000, |s, _, _| {
        match s.request {
            Request::MonthStats(2) if first => {
                first = false;
                Some((Reply::Body(busy.to_vec()), LATENCY))
            }
            _ => None,
        }
    });
    assert_complete(&load, &out, &layer);
    let n = out
        .sent
        .iter()
        .filter(|s| s.send.request == Request::MonthStats(2))
        .count();
    assert_eq!(
        n, 2,
        "the error object (HTTP 200) is retried like a failed request"
    );
    assert!(load.counts().has_breakdown(2));
    // A bad-query error object every time: no retries, plain counts instead, rows still load.
    let bad = br#"{"error":{"code":400,"message":"'Invalid field: police_precinct' parameter is invalid","details":[]}}"#;
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |s, _, _| {
        match s.request {
            Request::MonthStats(_) | Request::WindowStats => {
                Some((Reply::Body(bad.to_vec()), LATENCY))
            }
            _ => None,
        }
    });
    assert_complete(&load, &out, &layer);
    assert_eq!(
        out.sent
            .iter()
            .filter(|s| s.send.request == Request::MonthStats(0))
            .count(),
        1
    );
    assert_eq!(
        out.sent
            .iter()
            .filter(|s| s.send.request == Request::MonthCount(0))
            .count(),
        1
    );
    assert!(!load.counts().has_breakdown(0));
    assert_eq!(load.counts().month_rows(0), Some(500));
}

#[test]
fn pbf_pages_load_through_the_same_rows() {
    let w = window("2024-11-01", "2024-12-31");
    let mut layer = layer(w, 800, 500);
    layer.pbf = true;
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_complete(&load, &out, &layer);
    let page = &out.page_sends()[0].send;
    assert!(page.binary && page.url.ends_with("&f=pbf"));
    assert!(page.url.contains("returnGeometry=false"));
    let (attrs, _) = &out.pages[0].page.features[0];
    let oid = attrs["ESRI_OID"].as_i64().unwrap();
    let row = layer.rows.iter().find(|r| r.oid == oid).unwrap();
    assert_eq!(attrs["report_number"], row.report.as_str());
    assert_eq!(attrs["incident_occurred_at"].as_i64(), Some(row.utc_ms));
    assert_eq!(attrs["police_precinct"], row.precinct);
}

#[test]
fn a_silent_server_is_reported_in_words_then_given_up() {
    let w = window("2024-12-01", "2024-12-31");
    let layer = layer(w, 10, 100);
    let mut load = loader(w, |p| {
        p.watchdog_ms = 20_000;
        p.give_up_ms = 100_000;
        p.max_retry_after_ms = 60_000;
        p.timeout_ms = 10_000;
    });
    let out = drive(&mut load, &layer, LATENCY, 1_000_000, |s, _, _| {
        // The description comes; nothing after it ever does.
        (s.request != Request::Metadata).then_some((Reply::TimedOut, 1_000_000_000))
    });
    let stalled = out
        .states
        .iter()
        .find_map(|s| match s {
            LoadState::Stalled(m) => Some(m.clone()),
            _ => None,
        })
        .expect("the watchdog spoke");
    assert!(stalled.contains("for 20 s"), "{stalled}");
    assert!(
        stalled.contains("Waiting for the counts of 2024-12"),
        "{stalled}"
    );
    assert!(stalled.contains("no answer within 10 s"), "{stalled}");
    match &out.state {
        LoadState::Failed(m) => assert!(m.contains("Loading stopped"), "{m}"),
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(out.end_ms <= 100_300 + LATENCY, "{}", out.end_ms);
}

#[test]
fn rows_that_differ_from_the_count_are_explained() {
    // The server counted one row more in November than it sends: rows removed meanwhile.
    let w = window("2024-11-01", "2024-12-31");
    let layer = layer(w, 300, 1000);
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, LATENCY, 600_000, |s, _, layer| {
        match s.request {
            Request::MonthStats(0) => {
                let Reply::Body(b) = layer.answer(&s.url) else {
                    unreachable!()
                };
                let mut v: serde_json::Value = serde_json::from_slice(&b).unwrap();
                let n = v["features"][0]["attributes"]["n"].as_u64().unwrap();
                v["features"][0]["attributes"]["n"] = (n + 1).into();
                Some((Reply::Body(v.to_string().into_bytes()), LATENCY))
            }
            _ => None,
        }
    });
    assert_eq!(out.state, LoadState::Done);
    let rec = load.reconciliation();
    assert_eq!((rec[0].server, rec[0].loaded), (Some(301), 300));
    match &rec[0].check {
        Check::Differs(why) => assert!(
            why.contains("1 row(s) counted by the server were not sent"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(rec[1].check, Check::Agrees);
}

#[test]
fn a_page_that_repeats_rows_is_refused_and_fetched_again() {
    // The server answers the second page of the newest run with the first page's rows once:
    // loading it would count them twice; continuity by object id refuses it.
    let w = window("2024-12-01", "2024-12-31");
    let layer = layer(w, 1000, 250);
    let mut load = loader(w, |_| {});
    let mut repeated = false;
    let out = drive(&mut load, &layer, LATENCY, 600_000, |s, _, layer| {
        match s.request {
            Request::Page {
                run: 0,
                offset: 250,
                ..
            } if !repeated => {
                repeated = true;
                let url = s.url.replace("resultOffset=250", "resultOffset=0");
                Some((layer.answer(&url), 2_000))
            }
            _ => None,
        }
    });
    assert_complete(&load, &out, &layer);
    let n = out
        .page_sends()
        .iter()
        .filter(|s| {
            matches!(
                s.send.request,
                Request::Page {
                    run: 0,
                    offset: 250,
                    ..
                }
            )
        })
        .count();
    assert_eq!(n, 2);
    assert!(
        out.notices.iter().any(|n| n.contains("repeats 250 row(s)")),
        "{:#?}",
        out.notices
    );
}

#[test]
fn counts_go_wider_than_pages_and_incidents_first_when_asked() {
    let w = window("2024-01-01", "2024-12-31");
    let layer = layer(w, 700, 1000);
    let mut load = loader(w, |p| {
        p.concurrency = 4;
        p.count_concurrency = 10;
        p.incidents_first = true;
    });
    let out = drive(&mut load, &layer, LATENCY, 600_000, |_, _, _| None);
    assert_complete(&load, &out, &layer);
    let kinds: Vec<Request> = out.sent.iter().map(|s| s.send.request).collect();
    // Every month's incidents (newest first) before any month's statistics.
    let first_stats = kinds
        .iter()
        .position(|k| matches!(k, Request::MonthStats(_)))
        .unwrap();
    assert!(kinds[3..first_stats]
        .iter()
        .all(|k| matches!(k, Request::MonthIncidents(_))));
    assert_eq!(first_stats, 3 + 12);
    assert_eq!(kinds[3], Request::MonthIncidents(11));
    // With every answer LATENCY ms after its send, the requests sent at one instant are the
    // ones in flight together: counts up to 10 at once, pages never more than 4.
    let mut at: std::collections::BTreeMap<i64, (usize, usize)> = Default::default();
    for s in &out.sent {
        let e = at.entry(s.at).or_default();
        if matches!(s.send.request, Request::Page { .. }) {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
    assert_eq!(at.values().map(|c| c.0).max(), Some(10));
    assert!(at.values().all(|c| c.1 <= 4), "{at:?}");
    assert!(at.values().all(|c| c.0 + c.1 <= 10), "{at:?}");
}
