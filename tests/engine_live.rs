//! The worker engine driving a whole-history live load against a simulated layer: the
//! overview, the monthly forecast's series and the allocation's per-precinct series come from
//! the server's counts while rows load, then from the rows, with the same numbers where the
//! counts and the rows count the same thing; pages arriving in any order give the same data.
#![cfg(not(target_arch = "wasm32"))]

mod arcgis_sim;

use std::collections::BTreeMap;

use arcgis_sim::Layer;
use crimecast::data::arcgis::{months, Window};
use crimecast::data::clean::CleanRules;
use crimecast::data::filter::{Filter, Unit};
use crimecast::data::time::{parse_day, DetroitClock};
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::{
    AllocationSpec, AnalysisResult, AnalysisSpec, Dataset, ForecastResult, ForecastSpec, Response,
};

const ENDPOINT: &str = "https://sim.example/arcgis/rest/services/RMS/FeatureServer/0/query";
const ORDER: [u8; 6] = [0, 1, 1, 0, 1, 1];

fn window() -> Window {
    Window::new(
        parse_day("2021-01-01").unwrap(),
        parse_day("2024-12-31").unwrap(),
    )
    .unwrap()
}

/// 48 months of up to 120 rows, some months busier than others (a seasonal pattern and a
/// trend), in pages of at most 500 rows.
fn layer() -> Layer {
    let slots = months(window(), &DetroitClock::new());
    let mut layer = Layer::new(&slots, 120, 500);
    layer.rows.retain(|r| {
        let m = slots
            .iter()
            .position(|s| s.range.contains(r.utc_ms))
            .unwrap();
        let keep = 60 + (m % 12) * 4 + m / 2;
        (r.oid as usize * 7919) % 120 < keep
    });
    layer
}

fn filter(unit: Unit) -> Filter {
    let w = window();
    Filter {
        from_day: Some(w.first_day),
        to_day: Some(w.last_day),
        unit,
        ..Filter::default()
    }
}

/// Drive job 1 to its end; every answer comes 300 ms after its send plus a jitter drawn from
/// `seed` (0: none), so pages arrive out of order. `during` is called after every poll while
/// the load runs. Returns the datasets announced.
fn drive(
    e: &mut Engine,
    layer: &Layer,
    seed: u64,
    mut during: impl FnMut(&mut Engine),
) -> Vec<Dataset> {
    let rules = CleanRules {
        first_day: window().first_day,
        last_day: window().last_day,
        ..CleanRules::default()
    };
    e.live_begin(1, ENDPOINT, window(), rules, 0).unwrap();
    let mut queue: BTreeMap<(i64, u64), _> = BTreeMap::new();
    let (mut now, mut datasets) = (0i64, Vec::new());
    loop {
        let tick = e.live_poll(1, now);
        for s in tick.send {
            let jitter = if seed == 0 {
                0
            } else {
                ((s.id.wrapping_mul(2_654_435_761).wrapping_add(seed) >> 3) % 1_500) as i64
            };
            queue.insert((now + 300 + jitter, s.id), layer.answer(&s.url));
        }
        for r in tick.responses {
            match r {
                Response::Loaded { dataset, .. } => datasets.push(*dataset),
                Response::Failed { message, .. } => panic!("the load failed: {message}"),
                _ => {}
            }
        }
        if tick.over {
            return datasets;
        }
        during(e);
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

fn forecast(e: &mut Engine, unit: Unit) -> ForecastResult {
    let spec = AnalysisSpec::Forecast(ForecastSpec {
        order: Some(ORDER),
        origins: 1,
        ..ForecastSpec::default()
    });
    match e.analyze(&filter(unit), &spec).unwrap() {
        AnalysisResult::Forecast(f) => *f,
        other => panic!("not a forecast: {other:?}"),
    }
}

/// One area's monthly series: precinct, first days, counts, total.
type Area = (u8, Vec<i32>, Vec<f64>, u64);

/// The allocation's areas and where their counts come from.
fn areas(e: &mut Engine) -> (Vec<Area>, Option<String>) {
    let spec = AllocationSpec {
        order: Some(ORDER),
        ..AllocationSpec::default()
    };
    let job = e.allocation(&filter(Unit::Offenses), &spec).unwrap();
    let r = job.result();
    let areas = r
        .areas
        .iter()
        .map(|a| (a.precinct, a.starts.clone(), a.values.clone(), a.total))
        .collect();
    (areas, r.basis.clone())
}

#[test]
fn counts_answer_first_then_rows_with_the_same_numbers() {
    let layer = layer();
    let mut e = Engine::new();
    let mut early = None;
    let datasets = drive(&mut e, &layer, 0, |e| {
        let status = e.live_status().unwrap();
        if early.is_some() || status.months_counted < status.months || status.complete {
            return;
        }
        if status.rows_received >= layer.rows.len() as u64 {
            return;
        }
        let overview = e.overview(&filter(Unit::Offenses)).unwrap();
        early = Some((
            overview,
            forecast(e, Unit::Offenses),
            areas(e),
            status.rows_received,
        ));
    });
    let (o, f, (a, a_basis), rows_then) = early.expect("the counts were in before the rows");
    assert!(rows_then < layer.rows.len() as u64);
    // From the counts, labelled in their unit.
    let basis = o.basis.clone().unwrap();
    assert!(
        basis.starts_with("from the custom source's server counts (offense rows)"),
        "{basis}"
    );
    // Rows with a junk precinct code are dropped by the default cleaning, and left out of
    // the counts too.
    let valid = layer
        .rows
        .iter()
        .filter(|r| !["HP", "0"].contains(&r.precinct))
        .count();
    assert_eq!(o.total, valid as u64);
    assert_eq!(
        f.basis.as_deref(),
        Some("from the custom source's server counts (offense rows)")
    );
    assert_eq!(f.history.len(), 48);
    assert_eq!(a_basis.as_deref(), f.basis.as_deref());
    assert_eq!(a.len(), 12, "citywide and 11 precincts");
    // The datasets announced grow, and only the last is complete.
    let last = datasets.last().unwrap();
    assert!(last.complete);
    assert!(datasets[..datasets.len() - 1].iter().all(|d| !d.complete));
    assert_eq!(last.quality.read, layer.rows.len() as u64);
    let live = last.live.as_ref().unwrap();
    assert_eq!(live.reconciliation.checked, 48);
    assert_eq!(live.reconciliation.agree, 48);
    // From the rows: no label, the same offense rows month by month and precinct by precinct.
    let o_rows = e.overview(&filter(Unit::Offenses)).unwrap();
    assert_eq!(o_rows.basis, None);
    assert_eq!(o_rows.total, o.total);
    assert_eq!(o_rows.by_category, o.by_category);
    let rows_precincts: Vec<_> = o_rows.by_precinct.iter().filter(|p| p.0 != 0).collect();
    assert_eq!(rows_precincts, o.by_precinct.iter().collect::<Vec<_>>());
    let f_rows = forecast(&mut e, Unit::Offenses);
    assert_eq!(f_rows.basis, None);
    assert_eq!((&f_rows.starts, &f_rows.history), (&f.starts, &f.history));
    assert_eq!(f_rows.mean, f.mean);
    let (a_rows, a_rows_basis) = areas(&mut e);
    assert_eq!(a_rows_basis, None);
    assert_eq!(a_rows, a);
}

#[test]
fn pages_in_any_order_give_the_same_dataset() {
    let layer = layer();
    let loads: Vec<(Dataset, String)> = [0u64, 7, 1234]
        .into_iter()
        .map(|seed| {
            let mut e = Engine::new();
            let d = drive(&mut e, &layer, seed, |_| {}).pop().unwrap();
            let hash = e.fingerprint(&Filter::default()).unwrap().hash;
            (d, hash)
        })
        .collect();
    for (d, hash) in &loads[1..] {
        assert_eq!(d.quality, loads[0].0.quality);
        assert_eq!(d.facets, loads[0].0.facets);
        assert_eq!(hash, &loads[0].1);
    }
}

#[test]
fn the_whole_window_counts_answer_the_kpis_before_any_month_then_incidents_the_forecast() {
    let layer = layer();
    let mut e = Engine::new();
    let (mut window_kpis, mut incident_forecast) = (None, None);
    let datasets = drive(&mut e, &layer, 0, |e| {
        let status = e.live_status().unwrap();
        if window_kpis.is_none() && status.months_counted == 0 {
            if let (Ok(rows), Ok(incidents)) = (
                e.overview(&filter(Unit::Offenses)),
                e.overview(&filter(Unit::Incidents)),
            ) {
                window_kpis = Some((rows, incidents, status.rows_received));
            }
        }
        if incident_forecast.is_none()
            && status.months_counted < status.months
            && status.rows_received == 0
        {
            let spec = AnalysisSpec::Forecast(ForecastSpec {
                order: Some(ORDER),
                origins: 1,
                ..ForecastSpec::default()
            });
            if let Ok(AnalysisResult::Forecast(f)) = e.analyze(&filter(Unit::Incidents), &spec) {
                incident_forecast = Some((*f, status.months_counted));
            }
        }
    });
    let (rows, incidents, rows_then) =
        window_kpis.expect("the KPIs were answered before any month's counts");
    assert_eq!(rows_then, 0);
    let valid = layer
        .rows
        .iter()
        .filter(|r| !["HP", "0"].contains(&r.precinct))
        .count();
    assert_eq!(rows.total, valid as u64);
    assert!(rows.offense_rows);
    let basis = rows.basis.clone().unwrap();
    assert!(
        basis.starts_with("from the custom source's server counts (offense rows)"),
        "{basis}"
    );
    assert!(!basis.contains("whole months only"), "{basis}");
    let reports: std::collections::HashSet<&str> =
        layer.rows.iter().map(|r| r.report.as_str()).collect();
    assert_eq!(incidents.total, reports.len() as u64);
    assert!(!incidents.offense_rows);
    assert!(incidents.basis.unwrap().contains("(incidents"));
    // The same breakdowns as the rows give once they are in.
    let o_rows = e.overview(&filter(Unit::Offenses)).unwrap();
    assert_eq!(o_rows.by_category, rows.by_category);
    assert_eq!(o_rows.total, rows.total);
    // Every month's incidents come before the breakdowns: the monthly forecast in incidents
    // is ready before any month's statistics or any row.
    let (f, months_counted) =
        incident_forecast.expect("the incident forecast came before the breakdowns");
    assert!(months_counted < 48, "{months_counted}");
    assert_eq!(f.history.len(), 48);
    assert!(f.basis.unwrap().contains("(incidents"));
    assert!(datasets.last().unwrap().complete);
}

#[test]
fn the_latest_year_and_the_year_before_are_counted_first_for_the_overview() {
    let layer = layer();
    let mut e = Engine::new();
    let w = window();
    let latest = Filter {
        from_day: Some(w.last_day - 364),
        to_day: Some(w.last_day),
        unit: Unit::Offenses,
        ..Filter::default()
    };
    let mut first = None;
    drive(&mut e, &layer, 0, |e| {
        let status = e.live_status().unwrap();
        if first.is_none() && status.months_counted == 0 {
            if let Ok(o) = e.overview(&latest) {
                first = Some(o);
            }
        }
    });
    let o = first.expect("the latest year was answered before any month was counted");
    assert!(o
        .basis
        .clone()
        .unwrap()
        .starts_with("from the custom source's server counts (offense rows)"));
    // The same numbers as the rows give once they are all in, the change on a year included.
    let rows = e.overview(&latest).unwrap();
    assert_eq!(rows.basis, None);
    assert_eq!(
        (o.window, o.total, o.days),
        (rows.window, rows.total, rows.days)
    );
    assert_eq!(o.prior_total, rows.prior_total);
    assert!(o.prior_total.is_some());
    assert_eq!(o.change_pct, rows.change_pct);
    assert_eq!(o.by_category, rows.by_category);
    let rows_precincts: Vec<_> = rows
        .by_precinct
        .iter()
        .filter(|p| p.0 != 0)
        .copied()
        .collect();
    assert_eq!(o.by_precinct, rows_precincts);
}

/// Two official neighborhoods splitting the simulated city at longitude -83.1: every row
/// whose coordinates fall in one of them gets its name (the simulated rows carry none).
fn halves() -> crimecast::data::boundaries::Boundaries {
    use crimecast::data::boundaries::{group_areas, Boundaries, Part};
    let rect = |w: f64, e: f64| Part {
        rings: vec![vec![(w, 41.0), (e, 41.0), (e, 44.0), (w, 44.0)]],
    };
    Boundaries::new(group_areas([
        ("West".to_string(), rect(-85.0, -83.1)),
        ("East".to_string(), rect(-83.1, -81.0)),
    ]))
    .unwrap()
}

#[test]
fn official_neighborhoods_place_rows_loaded_before_and_after_they_arrive() {
    let layer = layer();
    let mut e = Engine::new();
    let mut polls = 0;
    let (mut placed_first, mut rows_then) = (None, 0u64);
    let datasets = drive(&mut e, &layer, 0, |e| {
        polls += 1;
        let rows = e.active().map_or(0, |a| a.quality.kept);
        if placed_first.is_none() && rows > 0 {
            rows_then = rows;
            placed_first = Some(e.set_neighborhoods(halves()));
        }
    });
    let placed_first = placed_first.expect("rows arrived while the load ran");
    assert_eq!(
        placed_first, rows_then,
        "every row loaded so far was placed"
    );
    let last = datasets.last().unwrap();
    assert!(last.complete);
    assert_eq!(
        last.quality.placed, last.quality.kept,
        "rows after the boundaries were placed as they arrived"
    );
    assert_eq!(
        last.facets.neighborhoods,
        ["East"],
        "every simulated row is at -83.05"
    );
    assert!(polls > 1);
}
