//! Property tests of the ArcGIS reply parsers on arbitrary and ArcGIS-shaped JSON: pages with
//! attribute values of every type, error objects, count and statistics replies, pages cut
//! short or edited. Nothing may panic, every result must match what the JSON says, and
//! outputs and memory must stay proportional to the reply.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::data::arcgis::{
    check_error, missing_fields, parse_count, parse_page, parse_stats, FieldResolver,
};
use crimecast::data::clean::{CleanRules, Cleaner};
use crimecast::data::raw::{RawRecord, RawTime};
use crimecast::data::store::Store;
use crimecast::data::Error;
use fuzz_common::alloc::measure;
use fuzz_common::{braces, config, config_large, gen};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn text_bytes(r: &RawRecord<'_>) -> usize {
    let time = match &r.occurred {
        RawTime::Text(t) => t.len(),
        _ => 0,
    };
    time + [
        &r.report_number,
        &r.offense_category,
        &r.offense_description,
        &r.precinct,
        &r.neighborhood,
        &r.council_district,
        &r.zip_code,
        &r.location_text,
    ]
    .iter()
    .map(|s| s.len())
    .sum::<usize>()
}

/// Whether `attrs` has a key naming one of `aliases` (any case).
fn has(attrs: &Map<String, Value>, aliases: &[&str]) -> bool {
    attrs
        .keys()
        .any(|k| aliases.contains(&k.to_ascii_lowercase().as_str()))
}

proptest! {
    #![proptest_config(config())]

    /// Any reply: no panic; a page exactly when the JSON is an object with a features array
    /// and no error; one feature per object in it; records built from every feature clean
    /// with a balanced accounting; text and memory proportional to the reply.
    #[test]
    fn pages_match_their_json(text in gen::arcgis_text()) {
        let (page, usage) = measure(|| parse_page(&text));
        prop_assert!(usage.peak <= 64 * 1024 + 160 * text.len(), "{} bytes: {:?}", text.len(), usage);
        let json: Option<Value> = serde_json::from_str(&text).ok();
        let expected = json.as_ref().and_then(|v| {
            if v.get("error").is_some() {
                return None;
            }
            let features = v.as_object()?.get("features")?.as_array()?;
            Some(features.iter().filter(|f| f.is_object()).count())
        });
        match (&page, expected) {
            (Ok(p), Some(n)) => {
                prop_assert_eq!(p.features.len(), n);
                let v = json.as_ref().unwrap();
                let exceeded = v["exceededTransferLimit"].as_bool().unwrap_or(false);
                prop_assert_eq!(p.exceeded_transfer_limit, exceeded);
            }
            (Err(e), None) => {
                prop_assert!(e.to_string().len() <= 200 + 2 * text.len());
                let service = json.as_ref().is_some_and(|v| v.get("error").is_some());
                prop_assert!(
                    matches!(e, Error::Service { .. }) || matches!(e, Error::Parse(_)),
                    "{e:?}"
                );
                if !service {
                    prop_assert!(matches!(e, Error::Parse(_)), "{e:?}");
                }
            }
            (got, want) => prop_assert!(false, "got {got:?}, expected {want:?} features"),
        }
        let Ok(page) = page else { return Ok(()) };
        prop_assert!(page.features.len() <= braces(&text));
        let mut resolver = FieldResolver::new();
        let mut cleaner = Cleaner::new(CleanRules { first_day: i32::MIN, ..CleanRules::default() });
        let mut store = Store::new();
        for (attrs, geometry) in &page.features {
            prop_assert!(missing_fields(attrs).len() <= 2);
            let rec = resolver.record(attrs, *geometry);
            prop_assert!(text_bytes(&rec) <= 2 * text.len() + 8);
            if rec.longitude.is_none() {
                prop_assert!(geometry.is_none() || has(attrs, &["longitude", "x"]));
            }
            cleaner.push(&rec, &mut store);
        }
        let q = cleaner.finish(&mut store);
        prop_assert!(q.balances());
        prop_assert_eq!(q.read, page.features.len() as u64);
    }

    /// Any attribute map with any geometry: no panic; the schema check names exactly the
    /// required fields without an alias among the keys; geometry fills missing coordinates.
    #[test]
    fn records_from_any_attributes(
        attrs in gen::attributes(),
        geometry in prop::option::of((any::<f64>(), any::<f64>())),
    ) {
        let missing = missing_fields(&attrs);
        let occurred = has(&attrs, &["incident_occurred_at", "incident_timestamp"]);
        prop_assert_eq!(missing.contains(&"incident_occurred_at"), !occurred);
        prop_assert_eq!(missing.contains(&"offense_category"), !has(&attrs, &["offense_category"]));
        prop_assert!(missing.len() <= 2);
        let rec = FieldResolver::new().record(&attrs, geometry);
        if let (Some((x, y)), false) = (geometry, has(&attrs, &["longitude", "x"])) {
            prop_assert_eq!(rec.longitude.map(f64::to_bits), Some(x.to_bits()));
            prop_assert_eq!(rec.latitude.map(f64::to_bits), Some(y.to_bits()));
        }
        if !occurred {
            prop_assert_eq!(rec.occurred, RawTime::Missing);
        }
    }

    /// Any JSON value: an error exactly when it has an `error` member.
    #[test]
    fn error_objects_are_errors(value in prop_oneof![
        gen::json_value(),
        gen::arcgis_error_value(),
        gen::arcgis_page_value(),
    ]) {
        let r = check_error(&value);
        prop_assert_eq!(r.is_err(), value.get("error").is_some(), "{:?}", r);
        if let Err(Error::Service { details, .. }) = r {
            prop_assert!(details.len() <= 2 * value.to_string().len() + 8);
        }
    }

    /// Any count reply: no panic; a count exactly when `count` is an unsigned integer.
    #[test]
    fn count_replies(text in prop_oneof![
        gen::json_scalar().prop_map(|c| serde_json::json!({"count": c}).to_string()),
        gen::arcgis_text(),
    ]) {
        let got = parse_count(&text).ok();
        let want = serde_json::from_str::<Value>(&text)
            .ok()
            .filter(|v| v.get("error").is_none())
            .and_then(|v| v.get("count").and_then(Value::as_u64));
        prop_assert_eq!(got, want);
    }

    /// Any statistics reply grouped by any field: no panic; one pair per feature that has
    /// an attribute object, keys no longer than the reply.
    #[test]
    fn statistics_replies(text in gen::arcgis_text(), field in gen::attr_name()) {
        let want = serde_json::from_str::<Value>(&text)
            .ok()
            .filter(|v| v.get("error").is_none())
            .and_then(|v| {
                let features = v.get("features")?.as_array()?.clone();
                Some(features.iter().filter(|f| f["attributes"].is_object()).count())
            });
        let got = parse_stats(&text, &field);
        prop_assert_eq!(got.as_ref().ok().map(Vec::len), want, "{:?}", got);
        if let Ok(pairs) = got {
            prop_assert!(pairs.len() <= braces(&text));
            for (key, _) in &pairs {
                prop_assert!(key.len() <= 2 * text.len() + 8);
            }
        }
    }
}

proptest! {
    #![proptest_config(config_large())]

    /// Large pages (up to 10,000 features, either schema or both, long fields): every
    /// feature parsed and cleaned with a balanced accounting, memory proportional to the
    /// reply.
    #[test]
    fn large_pages_parse_every_feature(l in gen::large::large()) {
        let text = gen::large::arcgis_page(&l);
        let (page, usage) = measure(|| parse_page(&text));
        prop_assert!(usage.peak <= 64 * 1024 + 160 * text.len(), "{} bytes: {:?}", text.len(), usage);
        let page = page.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(page.features.len(), l.rows);
        prop_assert_eq!(page.exceeded_transfer_limit, l.rows % 2 == 0);
        let mut resolver = FieldResolver::new();
        let mut cleaner = Cleaner::new(CleanRules::default());
        let mut store = Store::new();
        for (attrs, geometry) in &page.features {
            prop_assert!(missing_fields(attrs).is_empty());
            cleaner.push(&resolver.record(attrs, *geometry), &mut store);
        }
        let q = cleaner.finish(&mut store);
        prop_assert!(q.balances());
        prop_assert_eq!(q.read, l.rows as u64);
    }
}
