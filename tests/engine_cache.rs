//! A return visit, natively: the engine loads a simulated layer keeping a snapshot; a second
//! engine starts from that snapshot after the server gained a day of rows and one old month
//! changed, shows the snapshot at its first poll (its counts, then its rows), asks only for
//! the changes, and ends
//! holding exactly the server's rows, with a refreshed snapshot to keep.
#![cfg(not(target_arch = "wasm32"))]

mod arcgis_sim;

use std::collections::{BTreeMap, HashSet};

use arcgis_sim::Layer;
use crimecast::data::arcgis::schedule::Request;
use crimecast::data::arcgis::{months, MonthSlot, Window};
use crimecast::data::clean::{CleanRules, Quality, Rule, RULES};
use crimecast::data::filter::Filter;
use crimecast::data::snapshot::Snapshot;
use crimecast::data::time::{parse_day, DetroitClock};
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::{BaseKind, Dataset, Response};

const ENDPOINT: &str = "https://sim.example/arcgis/rest/services/RMS/FeatureServer/0/query";

fn window(last: &str) -> Window {
    Window::new(parse_day("2024-01-01").unwrap(), parse_day(last).unwrap()).unwrap()
}

fn slots(w: Window) -> Vec<MonthSlot> {
    months(w, &DetroitClock::new())
}

fn rules(w: Window) -> CleanRules {
    CleanRules {
        first_day: w.first_day,
        last_day: w.last_day,
        ..CleanRules::default()
    }
}

/// Drive job 1 (already begun) to its end, every answer 300 ms after its send. Returns the
/// datasets announced and the requests sent.
fn drive(e: &mut Engine, layer: &Layer, mut now: i64) -> (Vec<Dataset>, Vec<Request>) {
    let mut queue: BTreeMap<(i64, u64), _> = BTreeMap::new();
    let (mut datasets, mut sent) = (Vec::new(), Vec::new());
    loop {
        let tick = e.live_poll(1, now);
        for s in tick.send {
            sent.push(s.request);
            queue.insert((now + 300, s.id), layer.answer(&s.url));
        }
        for r in tick.responses {
            match r {
                Response::Loaded { dataset, .. } => datasets.push(*dataset),
                Response::Failed { message, .. } => panic!("the load failed: {message}"),
                _ => {}
            }
        }
        if tick.over {
            return (datasets, sent);
        }
        let next = queue.keys().next().map(|k| k.0);
        now = match (next, tick.wake_at) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).expect("the load waits for nothing"),
        }
        .max(now);
        while let Some(entry) = queue.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let id = entry.key().1;
            let reply = entry.remove();
            e.live_reply(1, id, now, reply);
        }
    }
}

/// (time, report hash, category) of every row, sorted.
type Rows = Vec<(i64, u64, String)>;

/// The rows a plain full load of `layer` over `w` ends with.
fn full_load(layer: &Layer, w: Window) -> Rows {
    let mut e = Engine::new();
    e.live_begin(1, ENDPOINT, w, rules(w), 0).unwrap();
    drive(&mut e, layer, 0);
    store_rows(&e)
}

/// The cleaning accounting a plain full load of `layer` over `w` ends with.
fn full_quality(layer: &Layer, w: Window) -> Quality {
    let mut e = Engine::new();
    e.live_begin(1, ENDPOINT, w, rules(w), 0).unwrap();
    let (datasets, _) = drive(&mut e, layer, 0);
    datasets.last().expect("a dataset").quality.clone()
}

fn store_rows(e: &Engine) -> Rows {
    let s = &e.active().unwrap().store;
    let mut rows: Rows = (0..s.len())
        .map(|i| {
            (
                s.utc_ms[i],
                s.report[i],
                s.categories.name(s.category[i]).to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_return_visit_starts_from_the_snapshot_and_loads_only_the_changes() {
    let (old, new) = (window("2024-06-29"), window("2024-06-30"));
    let mut held = Layer::new(&slots(old), 60, 500);
    // Two March rows that cleaning drops (junk precincts): their accounting must leave with
    // March when it is loaded again.
    let march = slots(old)[2].range;
    let junk: Vec<usize> = (0..held.rows.len())
        .filter(|&i| march.contains(held.rows[i].utc_ms))
        .skip(5)
        .take(2)
        .collect();
    for &i in &junk {
        held.rows[i].precinct = "HP";
    }
    let mut e = Engine::new();
    let used = e
        .live_begin_cached(1, ENDPOINT, old, rules(old), 0, None)
        .unwrap();
    assert!(!used);
    drive(&mut e, &held, 0);
    let first_rows = store_rows(&e);
    assert_eq!(first_rows, full_load(&held, old));
    let kept = e.take_snapshot().expect("a snapshot is kept");
    assert_eq!((kept.endpoint.as_str(), kept.window), (ENDPOINT, old));
    assert!(e.take_snapshot().is_none());
    assert_eq!(
        Snapshot::read(&kept.bytes()).unwrap().header().rows,
        held.rows.len() as u64
    );

    // Since: March lost a row and had another's category changed; 30 rows came on 30 June.
    let mut server = held.clone();
    let march = slots(new)[2].range;
    let in_march: Vec<usize> = (0..server.rows.len())
        .filter(|&i| march.contains(server.rows[i].utc_ms))
        .collect();
    server.rows[in_march[1]].category = "ARSON";
    server.rows.remove(in_march[0]);
    let june_30 = slots(new)[5].range.to_ms;
    server.add_rows(june_30 - 86_400_000, june_30, 30);

    let mut e = Engine::new();
    let used = e
        .live_begin_cached(
            1,
            ENDPOINT,
            new,
            rules(new),
            1_000,
            Some((kept.bytes(), BaseKind::Cache)),
        )
        .unwrap();
    assert!(used);
    // The snapshot is shown at the first poll, before any answer: first from its counts
    // (the overview's incidents are the months' stored distinct report numbers), its rows
    // cleaned in once the page has had that overview.
    let loaded = |tick: crimecast::worker::engine::LiveTick| {
        tick.responses.into_iter().find_map(|r| match r {
            Response::Loaded { dataset, .. } => Some(dataset),
            _ => None,
        })
    };
    let shown = loaded(e.live_poll(1, 1_000)).expect("the snapshot is shown at once");
    assert!(shown.source.label().contains("cached data retrieved"));
    assert_eq!(shown.quality.kept, 0);
    assert!(!e.live_base_asked());
    let o = e.overview(&Filter::default()).unwrap();
    let by_month: u64 = slots(old)
        .iter()
        .map(|s| {
            let reports = held.rows.iter().filter(|r| s.range.contains(r.utc_ms));
            reports.map(|r| &r.report).collect::<HashSet<_>>().len() as u64
        })
        .sum();
    assert_eq!(o.total, by_month);
    assert!(
        o.basis.as_deref().unwrap_or("").contains("count"),
        "{:?}",
        o.basis
    );
    assert!(e.live_base_asked());
    let shown = loaded(e.live_poll(1, 1_001)).expect("the snapshot's rows are shown");
    assert_eq!(shown.quality.kept, first_rows.len() as u64);
    assert_eq!(store_rows(&e), first_rows);
    assert!(!e.live_base_asked());
    // Unasked, they go in a moment after the first announcement.
    let mut e = Engine::new();
    let from = Some((kept.bytes(), BaseKind::Cache));
    e.live_begin_cached(1, ENDPOINT, new, rules(new), 1_000, from)
        .unwrap();
    assert_eq!(loaded(e.live_poll(1, 1_000)).unwrap().quality.kept, 0);
    let tick = e.live_poll(1, 1_100);
    assert!(loaded(tick).is_none_or(|d| d.quality.kept == 0));
    let shown = loaded(e.live_poll(1, 1_150)).expect("the snapshot's rows are shown");
    assert_eq!(shown.quality.kept, first_rows.len() as u64);
    // Drive from scratch: the first poll's sends are sent again by a fresh engine.
    let mut e = Engine::new();
    e.live_begin_cached(
        1,
        ENDPOINT,
        new,
        rules(new),
        1_000,
        Some((kept.bytes(), BaseKind::Cache)),
    )
    .unwrap();
    let (datasets, sent) = drive(&mut e, &server, 1_000);
    let want = full_load(&server, new);
    assert_ne!(want, first_rows);
    assert_eq!(store_rows(&e), want);
    let last = datasets.last().unwrap();
    assert!(last.complete);
    assert!(last.source.label().ends_with("+ live updates"));
    assert_eq!(last.quality.kept, want.len() as u64);
    // The accounting is a plain full load's: rows read, kept and dropped per rule.
    let plain = full_quality(&server, new);
    let junk_rule = RULES.iter().position(|r| *r == Rule::JunkPrecinct).unwrap();
    assert!(plain.dropped[junk_rule] >= 2);
    assert_eq!(
        (last.quality.read, last.quality.kept, last.quality.dropped),
        (plain.read, plain.kept, plain.dropped)
    );
    assert!(last.quality.balances());
    // Only the refresh: the description, a plain count of each of the 6 months, the new rows
    // (one page), March again (its counts and one page), June's counts again.
    let pages = sent
        .iter()
        .filter(|r| matches!(r, Request::Page { .. }))
        .count();
    let counts = sent
        .iter()
        .filter(|r| matches!(r, Request::RefreshCount(_)))
        .count();
    assert_eq!((pages, counts), (2, 6), "{sent:?}");
    for r in &sent {
        if let Request::MonthStats(m) | Request::MonthIncidents(m) = r {
            assert!(*m == 2 || *m == 5, "{r:?}");
        }
    }
    // The refreshed snapshot holds the server's rows.
    let again = e.take_snapshot().unwrap();
    let again = again.bytes();
    let snap = Snapshot::read(&again).unwrap();
    assert_eq!(snap.header().rows, server.rows.len() as u64);
    let mut oids: Vec<i64> = snap.rows().filter_map(|r| r.object_id).collect();
    oids.sort_unstable();
    let mut want: Vec<i64> = server.rows.iter().map(|r| r.oid).collect();
    want.sort_unstable();
    assert_eq!(oids, want);
}
