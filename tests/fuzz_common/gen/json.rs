//! JSON inputs: arbitrary values, ArcGIS attributes, pages and error objects, GeoJSON
//! collections; and cleaning rules.

use crimecast::data::clean::{Action, CleanRules};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Map, Value};

use super::text::{
    edits, field_text, mutate_text, recent_timestamp, timestamp, AROUND_CITY, CSV_COLUMNS,
    RECENT_MS,
};

/// JSON scalars, with the extremes of each number kind.
pub fn json_scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(vec![
            json!(i64::MIN),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(-1e300),
            json!(1e300),
            json!(f64::MIN_POSITIVE),
            json!(-0.0),
            json!(1.5),
            json!(1_761_249_600_000i64),
            json!(-83.05),
            json!(42.35),
        ]),
        field_text().prop_map(Value::from),
    ]
    .boxed()
}

/// Attribute and property names: every alias of every field (random case), and junk.
pub fn attr_name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (select(CSV_COLUMNS), any::<bool>()).prop_map(|(n, up)| if up {
            n.to_ascii_uppercase()
        } else {
            n.to_string()
        }),
        1 => select(vec!["fid", "oid", "ESRI_OID", "error", "features", "geometry", "count", "n"])
            .prop_map(str::to_string),
        1 => "[a-zA-Z_]{0,8}",
    ]
    .boxed()
}

/// Arbitrary JSON of modest size (depth ≤ 3).
pub fn json_value() -> BoxedStrategy<Value> {
    json_scalar()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((attr_name(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// A JSON value for an attribute called `name`: mostly plausible for that field, in any
/// of the types a service might use, else any JSON.
pub fn attr_value(name: &str) -> BoxedStrategy<Value> {
    let (w, s, e, n) = AROUND_CITY;
    let good: BoxedStrategy<Value> = match name.to_ascii_lowercase().as_str() {
        "incident_occurred_at" | "incident_timestamp" => prop_oneof![
            RECENT_MS.prop_map(Value::from),
            RECENT_MS.prop_map(|v| Value::from(v as f64 + 0.5)),
            recent_timestamp().prop_map(Value::from),
            timestamp().prop_map(Value::from),
        ]
        .boxed(),
        "police_precinct" | "precinct" => prop_oneof![
            (1u8..14).prop_map(|p| Value::from(format!("{p:02}"))),
            (1u8..14).prop_map(Value::from),
        ]
        .boxed(),
        "longitude" | "x" => prop_oneof![
            (w..e).prop_map(Value::from),
            (w..e).prop_map(|v| Value::from(v.to_string())),
        ]
        .boxed(),
        "latitude" | "y" => prop_oneof![
            (s..n).prop_map(Value::from),
            (s..n).prop_map(|v| Value::from(v.to_string())),
        ]
        .boxed(),
        _ => return prop_oneof![6 => json_scalar(), 1 => json_value()].boxed(),
    };
    prop_oneof![4 => good, 2 => json_scalar(), 1 => json_value()].boxed()
}

/// An attribute: a field's alias (any case) with a value mostly plausible for it, or any
/// name with any value.
pub fn attribute() -> BoxedStrategy<(String, Value)> {
    let named = |names: Vec<&'static str>| {
        (select(names), any::<bool>()).prop_map(|(n, up)| {
            if up {
                n.to_ascii_uppercase()
            } else {
                n.to_string()
            }
        })
    };
    prop_oneof![
        1 => (named(vec!["incident_occurred_at", "incident_timestamp"]),
            attr_value("incident_occurred_at")),
        1 => (named(vec!["police_precinct", "precinct"]), attr_value("precinct")),
        1 => (named(vec!["longitude", "x"]), attr_value("longitude")),
        1 => (named(vec!["latitude", "y"]), attr_value("latitude")),
        4 => (attr_name(), attr_value("")),
    ]
    .boxed()
}

/// An attribute map: field aliases and junk names with values of any type.
pub fn attributes() -> BoxedStrategy<Map<String, Value>> {
    prop::collection::vec(attribute(), 0..8)
        .prop_map(|kv| kv.into_iter().collect())
        .boxed()
}

/// An attribute map that passes the schema check (both required fields present).
pub fn complete_attributes() -> BoxedStrategy<Map<String, Value>> {
    (
        attributes(),
        any::<bool>(),
        attr_value("incident_occurred_at"),
        attr_value("offense_category"),
        prop::option::weighted(0.8, attr_value("police_precinct")),
        prop::option::weighted(0.8, (attr_value("longitude"), attr_value("latitude"))),
    )
        .prop_map(|(mut a, legacy, t, c, precinct, coords)| {
            let date = if legacy {
                "incident_timestamp"
            } else {
                "incident_occurred_at"
            };
            a.insert(date.into(), t);
            a.insert("offense_category".into(), c);
            if let Some(p) = precinct {
                a.insert("police_precinct".into(), p);
            }
            if let Some((x, y)) = coords {
                a.insert("longitude".into(), x);
                a.insert("latitude".into(), y);
            }
            a
        })
        .boxed()
}

/// An ArcGIS point geometry, or something else where one is expected.
pub fn esri_geometry() -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        3 => (json_scalar(), json_scalar()).prop_map(|(x, y)| Some(json!({"x": x, "y": y}))),
        2 => (AROUND_CITY.0..AROUND_CITY.2, AROUND_CITY.1..AROUND_CITY.3)
            .prop_map(|(x, y)| Some(json!({"x": x, "y": y}))),
        1 => Just(None),
        1 => json_value().prop_map(Some),
    ]
    .boxed()
}

/// An ArcGIS query page value (features with random attribute types and geometries).
pub fn arcgis_page_value() -> BoxedStrategy<Value> {
    let feature = (
        prop_oneof![3 => complete_attributes(), 1 => attributes()],
        esri_geometry(),
    )
        .prop_map(|(attrs, geometry)| {
            let mut f = Map::new();
            f.insert("attributes".into(), Value::Object(attrs));
            if let Some(g) = geometry {
                f.insert("geometry".into(), g);
            }
            Value::Object(f)
        });
    (
        prop::collection::vec(prop_oneof![8 => feature, 1 => json_value()], 0..6),
        json_scalar(),
        any::<bool>(),
    )
        .prop_map(|(features, exceeded, with_fields)| {
            let mut page = json!({"features": features, "exceededTransferLimit": exceeded});
            if with_fields {
                page["objectIdFieldName"] = json!("ESRI_OID");
                page["geometryType"] = json!("esriGeometryPoint");
            }
            page
        })
        .boxed()
}

/// An ArcGIS error object with fields of random types.
pub fn arcgis_error_value() -> BoxedStrategy<Value> {
    (
        json_scalar(),
        json_scalar(),
        prop_oneof![
            prop::collection::vec(json_scalar(), 0..4).prop_map(Value::Array),
            json_scalar()
        ],
        any::<u8>(),
    )
        .prop_map(|(code, message, details, shape)| match shape % 4 {
            0 => json!({"error": {"code": code, "message": message, "details": details}}),
            1 => json!({"error": {"code": 400, "message": "Invalid query", "details": details}}),
            2 => json!({"error": code}),
            _ => json!({"error": {}, "features": []}),
        })
        .boxed()
}

/// Serialise compactly or pretty-printed.
pub fn to_text(v: &Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(v).unwrap_or_default()
    } else {
        v.to_string()
    }
}

/// Texts an ArcGIS endpoint might send: pages, error objects, count and statistics replies,
/// arbitrary JSON, pages cut short or edited, and arbitrary text.
pub fn arcgis_text() -> BoxedStrategy<String> {
    let page = (arcgis_page_value(), any::<bool>())
        .prop_map(|(v, p)| to_text(&v, p))
        .boxed();
    prop_oneof![
        6 => page.clone(),
        2 => arcgis_error_value().prop_map(|v| v.to_string()),
        1 => json_scalar().prop_map(|c| json!({"count": c}).to_string()),
        1 => (prop::collection::vec(attributes(), 0..4)).prop_map(|a| {
            let f: Vec<Value> = a.into_iter().map(|a| json!({"attributes": a})).collect();
            json!({"features": f}).to_string()
        }),
        2 => json_value().prop_map(|v| v.to_string()),
        2 => (page.clone(), any::<Index>()).prop_map(|(t, at)| {
            let cut = crate::fuzz_common::floor_boundary(&t, at.index(t.len()));
            t[..cut].to_string()
        }),
        2 => (page, edits()).prop_map(|(t, e)| mutate_text(&t, &e)),
        1 => ".{0,40}",
    ]
    .boxed()
}

/// A GeoJSON geometry: a Point (valid or with junk coordinates) or anything else.
pub fn geojson_geometry() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => (AROUND_CITY.0..AROUND_CITY.2, AROUND_CITY.1..AROUND_CITY.3)
            .prop_map(|(x, y)| json!({"type": "Point", "coordinates": [x, y]})),
        2 => prop::collection::vec(json_scalar(), 0..4)
            .prop_map(|c| json!({"type": "Point", "coordinates": c})),
        1 => json_scalar().prop_map(|c| json!({"type": "Point", "coordinates": c})),
        1 => Just(json!({"type": "LineString", "coordinates": [[-83.0, 42.3], [-83.1, 42.4]]})),
        1 => Just(Value::Null),
        1 => json_value(),
    ]
    .boxed()
}

/// A GeoJSON FeatureCollection value with random properties and geometries; the boolean
/// tells whether its first feature carries both required properties.
pub fn geojson_value() -> BoxedStrategy<(Value, bool)> {
    let feature = |props: BoxedStrategy<Map<String, Value>>| {
        (props, geojson_geometry())
            .prop_map(|(p, g)| json!({"type": "Feature", "geometry": g, "properties": p}))
    };
    let complete = feature(complete_attributes().boxed());
    let any_feature = prop_oneof![
        4 => feature(complete_attributes().boxed()),
        2 => feature(attributes().boxed()),
        1 => json_value(),
    ]
    .boxed();
    (
        any::<bool>(),
        complete,
        any_feature.clone(),
        prop::collection::vec(any_feature, 0..5),
    )
        .prop_map(|(first_ok, good, first_any, rest)| {
            let first = if first_ok { good } else { first_any };
            let valid_first = first
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| {
                    let keys: Vec<String> = p.keys().map(|k| k.to_ascii_lowercase()).collect();
                    let has = |names: &[&str]| keys.iter().any(|k| names.contains(&k.as_str()));
                    has(&["incident_occurred_at", "incident_timestamp"])
                        && has(&["offense_category"])
                });
            let mut features = vec![first];
            features.extend(rest);
            (
                json!({"type": "FeatureCollection", "features": features}),
                valid_first,
            )
        })
        .boxed()
}

/// GeoJSON texts: collections (compact or pretty), arbitrary JSON, cut or edited
/// collections, and arbitrary text.
pub fn geojson_text() -> BoxedStrategy<String> {
    let fc = (geojson_value(), any::<bool>())
        .prop_map(|((v, _), p)| to_text(&v, p))
        .boxed();
    prop_oneof![
        6 => fc.clone(),
        1 => json_value().prop_map(|v| v.to_string()),
        2 => (fc.clone(), any::<Index>()).prop_map(|(t, at)| {
            let cut = crate::fuzz_common::floor_boundary(&t, at.index(t.len()));
            t[..cut].to_string()
        }),
        2 => (fc, edits()).prop_map(|(t, e)| mutate_text(&t, &e)),
        1 => ".{0,40}",
    ]
    .boxed()
}

/// Cleaning rules: the default, and every action with narrow or open windows.
pub fn clean_rules() -> BoxedStrategy<CleanRules> {
    let action = || prop_oneof![Just(Action::Drop), Just(Action::Flag)];
    let day = prop_oneof![
        Just(i32::MIN),
        Just(i32::MAX),
        Just(17_014), // 2016-08-01
        any::<i32>(),
    ];
    prop_oneof![
        1 => Just(CleanRules::default()),
        3 => (day.clone(), day, action(), action(), action()).prop_map(|(a, b, j, m, o)| {
            CleanRules {
                first_day: a.min(b),
                last_day: a.max(b),
                junk_precinct: j,
                missing_coords: m,
                outside_city: o,
            }
        }),
    ]
    .boxed()
}
