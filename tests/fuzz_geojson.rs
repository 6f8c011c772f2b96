//! Property tests of the GeoJSON reader on arbitrary JSON and on FeatureCollections with
//! properties and geometries of every type, cut short or edited. Nothing may panic, the rows
//! read must match what the JSON says, and memory must stay proportional to the text.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::data::geojson::read;
use crimecast::data::Error;
use fuzz_common::alloc::measure;
use fuzz_common::{config, gen};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Whether `props` has a key naming one of `aliases` (any case).
fn has(props: &Map<String, Value>, aliases: &[&str]) -> bool {
    props
        .keys()
        .any(|k| aliases.contains(&k.to_ascii_lowercase().as_str()))
}

/// What the reader should make of `text`: `Err(())` for an error, else per feature the
/// coordinates its Point geometry supplies (when its properties carry none).
fn expected(text: &str) -> Result<Vec<Option<(f64, f64)>>, ()> {
    let v: Value = serde_json::from_str(text).map_err(|_| ())?;
    let features = v.get("features").and_then(Value::as_array).ok_or(())?;
    fn props<'a>(f: &'a Value, empty: &'a Map<String, Value>) -> &'a Map<String, Value> {
        f.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(empty)
    }
    let empty = Map::new();
    let first = features.first().ok_or(())?;
    if !has(
        props(first, &empty),
        &["incident_occurred_at", "incident_timestamp"],
    ) || !has(props(first, &empty), &["offense_category"])
    {
        return Err(());
    }
    Ok(features
        .iter()
        .map(|f| {
            if has(props(f, &empty), &["longitude", "x"]) {
                return None;
            }
            let g = f.get("geometry")?;
            if g.get("type")?.as_str()? != "Point" {
                return None;
            }
            let c = g.get("coordinates")?.as_array()?;
            Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?))
        })
        .collect())
}

proptest! {
    #![proptest_config(config())]

    /// Any text: no panic; rows exactly as the JSON says (one per feature, Point
    /// coordinates used where the properties have none, nothing on an error), and memory
    /// proportional to the text.
    #[test]
    fn rows_match_the_json(text in gen::geojson_text()) {
        let mut coords = Vec::new();
        let (result, usage) = measure(|| {
            read(&text, &mut |r| coords.push((r.longitude, r.latitude)))
        });
        prop_assert!(usage.peak <= 64 * 1024 + 160 * text.len(), "{} bytes: {:?}", text.len(), usage);
        match (result, expected(&text)) {
            (Ok(n), Ok(points)) => {
                prop_assert_eq!(n, points.len());
                prop_assert_eq!(coords.len(), n);
                for (got, want) in coords.iter().zip(&points) {
                    if let Some((x, y)) = want {
                        prop_assert_eq!(got.0.map(f64::to_bits), Some(x.to_bits()));
                        prop_assert_eq!(got.1.map(f64::to_bits), Some(y.to_bits()));
                    }
                }
            }
            (Err(e), Err(())) => {
                prop_assert!(e.to_string().len() <= 200 + 2 * text.len());
                prop_assert!(coords.is_empty());
                prop_assert!(
                    matches!(e, Error::Parse(_) | Error::Schema { .. } | Error::Empty(_)),
                    "{e:?}"
                );
            }
            (got, want) => prop_assert!(false, "got {got:?}, expected {want:?}"),
        }
    }

    /// A collection whose first feature carries both required properties reads every
    /// feature, whatever the others hold.
    #[test]
    fn complete_collections_read_every_feature((fc, valid_first) in gen::geojson_value()) {
        let n = fc["features"].as_array().map_or(0, Vec::len);
        let got = read(&fc.to_string(), &mut |_| {});
        if valid_first {
            prop_assert_eq!(got, Ok(n));
        } else {
            prop_assert!(got.is_err());
        }
    }
}
