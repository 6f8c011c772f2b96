//! Parsing and cleaning on the real captured files in `../shared/data` (read in place, never
//! copied). Each test prints a notice and passes vacuously where the folder is absent.

mod common;

use common::shared;
use crimecast::data::arcgis::{parse_page, FieldResolver};
use crimecast::data::calendar::weekday_of;
use crimecast::data::clean::{CleanRules, Cleaner, Rule, RULES};
use crimecast::data::store::Store;
use crimecast::data::time::{parse_utc_ms, DetroitClock};

#[test]
fn old_schema_api_page_parses_and_cleans() {
    let Some(path) = shared("arcgis/rms_page_old_schema.json") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let page = parse_page(&text).unwrap();
    assert_eq!(page.features.len(), 2000);
    assert!(page.exceeded_transfer_limit);
    let mut resolver = FieldResolver::new();
    let mut cleaner = Cleaner::new(CleanRules {
        first_day: i32::MIN,
        ..CleanRules::default()
    });
    let mut store = Store::new();
    for (attrs, geom) in &page.features {
        let rec = resolver.record(attrs, *geom);
        cleaner.push(&rec, &mut store);
    }
    let q = cleaner.finish(&mut store);
    assert_eq!(q.read, 2000);
    assert!(q.balances());
    let junk = RULES.iter().position(|r| *r == Rule::JunkPrecinct).unwrap();
    assert_eq!(q.dropped[junk], 2, "the page has precinct \"0\" twice");
    assert!(store.categories.get("LARCENY").is_some());
    assert!(q.incidents <= q.kept);
}

#[test]
fn local_time_matches_the_sources_own_hour_and_weekday() {
    let Some(path) = shared("arcgis/rms_page_old_schema.json") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let page = parse_page(&text).unwrap();
    let clock = DetroitClock::new();
    let mut resolver = FieldResolver::new();
    let (mut checked, mut hour_ok, mut dow_ok) = (0, 0, 0);
    for (attrs, geom) in &page.features {
        let rec = resolver.record(attrs, *geom);
        // Junk dates (the page has one from 1961) predate today's DST rules; skip them.
        let Some(ms) = parse_utc_ms(&rec.occurred).filter(|&ms| ms >= 946_684_800_000) else {
            continue;
        };
        let (Some(h), Some(dow)) = (
            attrs.get("hour_of_day").and_then(|v| v.as_f64()),
            attrs.get("day_of_week").and_then(|v| v.as_f64()),
        ) else {
            continue;
        };
        let local = clock.local(ms);
        checked += 1;
        if f64::from(local.minute / 60) == h {
            hour_ok += 1;
        }
        // The source's day_of_week is ISO (1 = Monday … 7 = Sunday).
        if f64::from(weekday_of(local.day) + 1) == dow {
            dow_ok += 1;
        }
    }
    assert!(checked > 1900);
    assert_eq!(
        hour_ok, checked,
        "every local hour equals the source's hour_of_day"
    );
    assert_eq!(
        dow_ok, checked,
        "every weekday equals the source's ISO day_of_week"
    );
}

#[test]
fn sample_points_lie_in_the_city_extent() {
    let Some(path) = shared("crime-cartography/points.json") else {
        return;
    };
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (w, s, e, n) = crimecast::data::clean::CITY_BBOX;
    let mut count = 0;
    let mut inside_outline = 0;
    for month in v["pts"].as_array().unwrap() {
        for p in month.as_array().unwrap() {
            let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            assert!((w..=e).contains(&lon) && (s..=n).contains(&lat));
            count += 1;
            if crimecast::data::geography::in_city(lon, lat) {
                inside_outline += 1;
            }
        }
    }
    assert_eq!(count, 11_400);
    // The project's hand-drawn outline is approximate; nearly every real point falls inside it.
    let share = inside_outline as f64 / count as f64;
    println!("share of real sample points inside the approximate outline: {share:.4}");
    assert!(share > 0.99, "outline covers {share}");
}

/// The app's default forecast on real monthly counts: the citywide sum of the
/// crime-cartography timeline (deduplicated incidents placed in a neighbourhood, 2017-01 to
/// 2026-06), fitted on all but the last 12 months and scored on those 12.
#[test]
fn default_forecast_on_real_monthly_counts_is_calibrated() {
    let Some(p) = shared("crime-cartography/timeline.json") else {
        return;
    };
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
    let months = v["months"].as_array().unwrap().len();
    let mut y = vec![0.0; months];
    for cells in v["cells"].as_object().unwrap().values() {
        for (i, c) in cells.as_array().unwrap().iter().enumerate() {
            y[i] += c
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_f64().unwrap())
                .sum::<f64>();
        }
    }
    assert_eq!(months, 114);
    let (train, test) = y.split_at(months - 12);
    let input = serde_json::json!({"y": train, "period": 12, "steps": 12}).to_string();
    let out = crimecast::cli::run(&["forecast".to_string()], &input).unwrap();
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let get = |k: &str| -> Vec<f64> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let (mean, lo, hi) = (get("mean"), get("lower95"), get("upper95"));
    let mape = test
        .iter()
        .zip(&mean)
        .map(|(a, f)| (a - f).abs() / a)
        .sum::<f64>()
        / 12.0
        * 100.0;
    let covered = (0..12)
        .filter(|&i| lo[i] <= test[i] && test[i] <= hi[i])
        .count();
    println!(
        "real monthly counts: model {}, 12-month MAPE {mape:.2} %, {covered} of 12 inside the 95 % band",
        r["model"]
    );
    assert!(mape < 15.0, "MAPE {mape}");
    assert!(
        covered >= 9,
        "only {covered} of 12 months inside the 95 % band"
    );
}
