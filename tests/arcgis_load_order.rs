//! The loader's order of work as the page uses it (every month's incidents before any month's
//! statistics), the runs it announces as loaded, a layer that changes a field halfway, and a
//! service that answers nothing usable.
#![cfg(not(target_arch = "wasm32"))]

mod arcgis_sim;

use std::collections::HashSet;

use arcgis_sim::{drive, Layer};
use crimecast::data::arcgis::schedule::{Event, LoadParams, LoadState, Loader, Reply, Request};
use crimecast::data::arcgis::{months, Window};
use crimecast::data::time::{parse_day, DetroitClock};

const ENDPOINT: &str = "https://sim.example/arcgis/rest/services/RMS/FeatureServer/0/query";

fn window(first: &str, last: &str) -> Window {
    Window::new(parse_day(first).unwrap(), parse_day(last).unwrap()).unwrap()
}

fn loader(w: Window, edit: impl FnOnce(&mut LoadParams)) -> Loader {
    let mut p = LoadParams::new(ENDPOINT, w);
    p.seed = 5;
    edit(&mut p);
    Loader::new(p.check().unwrap(), DetroitClock::new(), 0)
}

#[test]
fn incidents_first_asks_every_months_incidents_before_any_statistics() {
    let w = window("2024-01-01", "2024-12-31");
    let layer = Layer::new(&months(w, &DetroitClock::new()), 400, 1000);
    let mut load = loader(w, |p| p.incidents_first = true);
    let out = drive(&mut load, &layer, 300, 600_000, |_, _, _| None);
    assert_eq!(out.state, LoadState::Done);
    assert_eq!(out.oids().len(), layer.rows.len());
    let kinds: Vec<Request> = out.sent.iter().map(|s| s.send.request).collect();
    let expected: Vec<Request> = [
        Request::Metadata,
        Request::WindowStats,
        Request::WindowIncidents,
    ]
    .into_iter()
    .chain((0..12).rev().map(Request::MonthIncidents))
    .chain((0..12).rev().map(Request::MonthStats))
    .collect();
    assert_eq!(kinds[..expected.len()], expected[..]);
    // 6 at a time, 300 ms each: the incidents of all 12 months are in after 4 rounds of
    // requests (description; window and the first 4 months; then 6 and 2 more months), at
    // 1.2 s, before the last statistics is even sent.
    let answered = |pick: &dyn Fn(&Request) -> bool| {
        out.sent
            .iter()
            .filter(|s| pick(&s.send.request))
            .map(|s| s.at + 300)
            .max()
            .unwrap()
    };
    let incidents = answered(&|r| matches!(r, Request::MonthIncidents(_)));
    let last_stats_sent = out
        .sent
        .iter()
        .filter(|s| matches!(s.send.request, Request::MonthStats(_)))
        .map(|s| s.at)
        .max()
        .unwrap();
    assert_eq!(incidents, 1_200);
    assert!(last_stats_sent >= incidents, "{last_stats_sent} ms");
    // The default order is unchanged: statistics first.
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, 300, 600_000, |_, _, _| None);
    assert_eq!(out.sent[3].send.request, Request::MonthStats(11));
}

#[test]
fn every_run_is_announced_once_when_its_rows_are_in() {
    let w = window("2024-07-01", "2024-12-31");
    let layer = Layer::new(&months(w, &DetroitClock::new()), 900, 500);
    let mut load = loader(w, |_| {});
    let mut runs = Vec::new();
    let mut seen_rows = 0usize;
    let mut rows_at_run_end = Vec::new();
    let mut now = 0i64;
    let mut queue: Vec<(i64, u64, Reply)> = Vec::new();
    loop {
        let poll = load.poll(now);
        for s in poll.send {
            queue.push((now + 300, s.id, layer.answer(&s.url)));
        }
        for p in load.take_pages() {
            seen_rows += p.page.features.len();
        }
        for e in load.take_events() {
            if let Event::RunLoaded { run, first, last } = e {
                runs.push((run, first, last));
                rows_at_run_end.push(seen_rows);
            }
        }
        if matches!(poll.state, LoadState::Done | LoadState::Failed(_)) {
            assert_eq!(poll.state, LoadState::Done);
            break;
        }
        queue.sort_by_key(|q| q.0);
        let Some(next) = queue.first().map(|q| q.0).or(poll.wake_at) else {
            panic!("stalled")
        };
        now = next.max(now);
        while queue.first().is_some_and(|q| q.0 <= now) {
            let (_, id, reply) = queue.remove(0);
            load.on_reply(id, now, reply);
        }
    }
    // Runs of at least 4 pages (2,000 rows): 3 months each, newest first.
    assert_eq!(runs, vec![(0, 3, 5), (1, 0, 2)]);
    let ids: HashSet<usize> = runs.iter().map(|r| r.0).collect();
    assert_eq!(ids.len(), runs.len(), "each run once");
    // When a run is announced its rows have all been handed over.
    assert!(rows_at_run_end[0] >= 3 * 900);
    assert_eq!(*rows_at_run_end.last().unwrap(), 6 * 900);
}

#[test]
fn a_field_missing_from_a_later_page_stops_after_the_pages_before_it() {
    // One run of 4 pages; the third answers first and without the time field: the two
    // pages before it are still handed over, then the load stops naming the field.
    let w = window("2024-12-01", "2024-12-31");
    let layer = Layer::new(&months(w, &DetroitClock::new()), 1000, 250);
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, 300, 600_000, |s, _, layer| {
        match s.request {
            Request::Page { offset: 500, .. } => {
                let Reply::Body(b) = layer.answer(&s.url) else {
                    unreachable!()
                };
                let text = String::from_utf8(b).unwrap();
                let renamed = text.replace("incident_occurred_at", "occurred_when");
                Some((Reply::Body(renamed.into_bytes()), 100))
            }
            Request::Page { offset, .. } => Some((layer.answer(&s.url), 300 + offset as i64)),
            _ => None,
        }
    });
    match &out.state {
        LoadState::Failed(m) => {
            assert!(m.contains("changed its fields"), "{m}");
            assert!(m.contains("incident_occurred_at"), "{m}");
            assert!(m.contains("page at row 500"), "{m}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(out.oids().len(), 500, "pages 0 and 250 are loaded");
}

#[test]
fn a_service_that_answers_nothing_usable_stops_at_its_first_request_given_up() {
    let w = window("2024-01-01", "2024-12-31");
    let layer = Layer::new(&months(w, &DetroitClock::new()), 10, 100);
    let mut load = loader(w, |_| {});
    let down = Reply::Http {
        status: 503,
        retry_after_s: None,
    };
    let out = drive(&mut load, &layer, 300, 600_000, |_, _, _| {
        Some((down.clone(), 300))
    });
    match &out.state {
        LoadState::Failed(m) => {
            assert!(m.contains("answered nothing usable"), "{m}");
            assert!(m.contains("HTTP 503"), "{m}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    // The description twice, then the window's counts six times with backoff of at most
    // 0.5 + 1 + 2 + 4 + 8 s: stopped within 20 s, not after the 5-minute watchdog.
    assert!(out.end_ms < 20_000, "{} ms", out.end_ms);
    assert!(out
        .notices
        .iter()
        .any(|n| n.contains("did not describe itself")));
}

#[test]
fn a_month_count_no_month_can_hold_is_taken_as_no_count() {
    let w = window("2024-07-01", "2024-12-31");
    let mut layer = Layer::new(&months(w, &DetroitClock::new()), 300, 1000);
    layer.statistics = false;
    let mut load = loader(w, |_| {});
    let out = drive(&mut load, &layer, 100, 600_000, |s, _, _| {
        (s.request == Request::MonthCount(2))
            .then(|| (Reply::Body(br#"{"count": 99999999999999}"#.to_vec()), 100))
    });
    assert_eq!(out.state, LoadState::Done);
    assert_eq!(out.oids().len(), layer.rows.len());
    assert!(
        out.notices
            .iter()
            .any(|n| n.contains("more than any month can hold")),
        "{:?}",
        out.notices
    );
}
