//! Point-layer inputs: GeoJSON FeatureCollections and lone Features of Points, MultiPoints
//! and other geometries with junk coordinates, and CSV files with longitude/latitude columns
//! under any of their names and delimiters; valid, cut short, edited, or arbitrary.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Value};

use super::json::{json_scalar, json_value, to_text};
use super::text::{edits, field_text, mutate_bytes, mutate_text, AROUND_CITY};

/// A coordinate pair: mostly in Detroit, else anything (out of range, junk, short).
fn position() -> BoxedStrategy<Value> {
    let (w, s, e, n) = AROUND_CITY;
    prop_oneof![
        4 => (w..e, s..n).prop_map(|(x, y)| json!([x, y])),
        1 => (-400.0f64..400.0, -200.0f64..200.0).prop_map(|(x, y)| json!([x, y, 0.0])),
        2 => prop::collection::vec(json_scalar(), 0..4).prop_map(Value::Array),
        1 => json_value(),
    ]
    .boxed()
}

/// A geometry a layer may hold: Point, MultiPoint, another type, or junk.
pub fn layer_geometry() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => position().prop_map(|c| json!({"type": "Point", "coordinates": c})),
        2 => prop::collection::vec(position(), 0..5)
            .prop_map(|c| json!({"type": "MultiPoint", "coordinates": c})),
        1 => json_scalar().prop_map(|c| json!({"type": "MultiPoint", "coordinates": c})),
        1 => position().prop_map(|c| json!({"coordinates": c})),
        1 => Just(json!({"type": "LineString", "coordinates": [[-83.0, 42.3], [-83.1, 42.4]]})),
        1 => Just(Value::Null),
        1 => json_value(),
    ]
    .boxed()
}

/// A point-layer GeoJSON value: a FeatureCollection (with `type` before or after
/// `features`, or a wrong `type`), a lone Feature, or other JSON.
pub fn layer_geojson_value() -> BoxedStrategy<Value> {
    let feature = prop_oneof![
        6 => (layer_geometry(), json_value())
            .prop_map(|(g, p)| json!({"type": "Feature", "geometry": g, "properties": p})),
        1 => json_value(),
    ];
    let kind = prop_oneof![
        6 => Just(json!("FeatureCollection")),
        1 => Just(json!("Feature")),
        1 => Just(json!("Topology")),
        1 => json_scalar(),
    ];
    prop_oneof![
        6 => (kind, prop::collection::vec(feature, 0..6), any::<bool>()).prop_map(
            |(kind, features, missing)| {
                let mut v = json!({"type": kind, "features": features});
                if missing {
                    v.as_object_mut().map(|o| o.remove("features"));
                }
                v
            }
        ),
        2 => layer_geometry().prop_map(|g| json!({"type": "Feature", "geometry": g})),
        1 => json_value(),
    ]
    .boxed()
}

/// Point-layer GeoJSON texts: values (compact or pretty), cut or edited, and any text.
pub fn layer_geojson_text() -> BoxedStrategy<String> {
    let text = (layer_geojson_value(), any::<bool>())
        .prop_map(|(v, p)| to_text(&v, p))
        .boxed();
    prop_oneof![
        6 => text.clone(),
        2 => (text.clone(), any::<Index>()).prop_map(|(t, at)| {
            let cut = crate::fuzz_common::floor_boundary(&t, at.index(t.len()));
            t[..cut].to_string()
        }),
        2 => (text, edits()).prop_map(|(t, e)| mutate_text(&t, &e)),
        1 => ".{0,40}",
    ]
    .boxed()
}

/// Point-layer CSV files: a header naming the coordinate columns in any accepted way (or
/// not), any delimiter, rows of numbers, blanks and junk; edited or arbitrary bytes too.
pub fn layer_csv_bytes() -> BoxedStrategy<Vec<u8>> {
    let (w, s, e, n) = AROUND_CITY;
    let lon = select(vec![
        "lon",
        "Longitude",
        "LNG",
        "long",
        "x",
        "X",
        "\"lon\"",
        "easting",
    ]);
    let lat = select(vec!["lat", "Latitude", "y", "Y", " lat ", "northing"]);
    let cell = prop_oneof![
        4 => (w..e).prop_map(|v| v.to_string()),
        4 => (s..n).prop_map(|v| v.to_string()),
        2 => field_text(),
        1 => any::<f64>().prop_map(|v| v.to_string()),
    ];
    let structured = (
        lon,
        lat,
        select(vec![",", ";", "\t"]),
        any::<bool>(),
        prop::collection::vec(prop::collection::vec(cell, 0..4), 0..12),
    )
        .prop_map(|(lon, lat, d, bom, rows)| {
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            out.push_str(&["name", lon, lat].join(d));
            for r in rows {
                out.push('\n');
                out.push_str(&r.join(d));
            }
            out.into_bytes()
        });
    prop_oneof![
        6 => structured.clone(),
        2 => (structured, edits()).prop_map(|(b, e)| mutate_bytes(b, &e)),
        1 => prop::collection::vec(any::<u8>(), 0..200),
    ]
    .boxed()
}
