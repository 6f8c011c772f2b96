//! Generators of inputs shaped like crimecast's sources (portal CSV, ArcGIS pages, GeoJSON),
//! valid or nearly so, with hostile values mixed in, plus arbitrary JSON and byte mutations.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Map, Value};

/// Column names of both CSV schemas, plus a few unknown ones.
pub const CSV_COLUMNS: &[&str] = &[
    "incident_occurred_at",
    "incident_timestamp",
    "offense_category",
    "offense_description",
    "police_precinct",
    "precinct",
    "report_number",
    "neighborhood",
    "council_district",
    "zip_code",
    "nearest_intersection",
    "address",
    "longitude",
    "latitude",
    "x",
    "y",
    "ESRI_OID",
    "objectid",
    "crime_id",
    "\u{feff}incident_occurred_at",
    "",
    "junk",
];

/// Timestamps in every form the parsers accept, and near misses.
pub fn timestamp() -> BoxedStrategy<String> {
    let parts = (
        0i32..10_000,
        0u32..14,
        0u32..33,
        0u32..26,
        0u32..62,
        0u32..62,
        0usize..9,
    )
        .prop_map(|(y, mo, d, h, mi, s, form)| match form {
            0 => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}+00"),
            1 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
            2 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.123456789-04:00"),
            3 => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}"),
            4 => format!("{y:04}-{mo:02}-{d:02}"),
            5 => format!("{mo}/{d}/{y} {}:{mi:02}:{s:02} PM", h % 13),
            6 => format!("{mo}/{d}/{y}"),
            7 => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}+{h:02}{mi:02}"),
            _ => format!("{y:04}-{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"),
        });
    prop_oneof![
        6 => parts,
        1 => any::<i64>().prop_map(|v| v.to_string()),
        1 => select(vec![
            "-9223372036854775808",
            "9223372036854775807",
            "99999999999999999999",
            "-",
            "+5",
            "0000/00/00 00:00:00+00",
            "9999-12-31T23:59:59.999999999999-99:99",
            "2025-10-23T20:00:00+",
            "2025-10-23 20:00:00 +00:0",
            "2025/10/23 20:00:00+00 trailing",
            "1/1/+99999999999",
            "12/31/-262144",
            "2025-02-29",
            "2024-02-29",
        ])
        .prop_map(str::to_string),
        1 => "[0-9/:+TZ .-]{0,24}",
    ]
    .boxed()
}

/// Text values a field of a source might hold, hostile ones included.
pub fn field_text() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(vec![
            "LARCENY", " ASSAULT ", "02", "12", "HP", "0W", "00", "", " ", "-83.05", "42.35",
            "-83.1", "42.4", "1e309", "-1e309", "NaN", "inf", "-0", "0", "R123", "48201",
            "Jefferson Chalmers", "9223372036854775807", "-9223372036854775808",
            "a,b", "x\"y", "line\nbreak", "cr\rhere", "\"", "\u{feff}", "\u{0}", "ü€😀",
        ])
        .prop_map(str::to_string),
        2 => timestamp(),
        1 => ".{0,10}",
        1 => any::<f64>().prop_map(|v| v.to_string()),
        1 => (-84.0f64..-82.0).prop_map(|v| format!("{v:.5}")),
        1 => (42.0f64..43.0).prop_map(|v| format!("{v:.5}")),
    ]
    .boxed()
}

fn csv_quote(field: &str, force: bool) -> String {
    if force || field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A CSV file shaped like the portal's export (either schema, random column order and
/// case, quoting, line endings, wrong-length rows, blank lines), as bytes.
pub fn csv_structured() -> BoxedStrategy<Vec<u8>> {
    let header = (
        prop::collection::vec(select(CSV_COLUMNS), 0..8),
        any::<bool>(),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(mut cols, required, bom, case_bits)| {
            if required {
                cols.push("incident_occurred_at");
                cols.push("offense_category");
            }
            let mut names: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if case_bits >> (i % 64) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            // Rotate so the required columns are not always last.
            if !names.is_empty() {
                let k = (case_bits as usize) % names.len();
                names.rotate_left(k);
            }
            (names, bom)
        });
    let row = (
        prop::collection::vec(field_text(), 0..10),
        any::<bool>(),
        0usize..4,
    );
    (
        header,
        prop::collection::vec(row, 0..10),
        select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
    )
        .prop_map(|((names, bom), rows, eol, trailing)| {
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            let quoted: Vec<String> = names.iter().map(|n| csv_quote(n, false)).collect();
            out.push_str(&quoted.join(","));
            let width = names.len();
            for (mut fields, force, shape) in rows {
                out.push_str(eol);
                match shape {
                    // Usually the header's width; sometimes as generated (wrong width).
                    0 | 1 => fields.resize(width, String::new()),
                    2 => {}
                    _ => {
                        fields.clear(); // a blank line
                    }
                }
                let cells: Vec<String> = fields.iter().map(|f| csv_quote(f, force)).collect();
                out.push_str(&cells.join(","));
            }
            if trailing {
                out.push_str(eol);
            }
            out.into_bytes()
        })
        .boxed()
}

/// Byte edits applied to an input: (position, kind, byte).
pub type Edits = Vec<(Index, u8, u8)>;

/// Up to six random byte edits.
pub fn edits() -> BoxedStrategy<Edits> {
    prop::collection::vec((any::<Index>(), 0u8..4, any::<u8>()), 1..6).boxed()
}

/// Apply byte edits: overwrite, insert, delete, or truncate at the chosen position.
pub fn mutate_bytes(mut bytes: Vec<u8>, edits: &Edits) -> Vec<u8> {
    for (at, kind, b) in edits {
        let i = at.index(bytes.len() + 1);
        match kind {
            0 if i < bytes.len() => bytes[i] = *b,
            1 => bytes.insert(i, *b),
            2 if i < bytes.len() => {
                bytes.remove(i);
            }
            3 => bytes.truncate(i),
            _ => {}
        }
    }
    bytes
}

/// Apply edits to text, replacing edited bytes with ASCII so the result stays UTF-8
/// (a cut inside a multi-byte character is moved back to its start).
pub fn mutate_text(text: &str, edits: &Edits) -> String {
    let mut s = text.to_string();
    for (at, kind, b) in edits {
        let i = super::floor_boundary(&s, at.index(s.len() + 1));
        let c = char::from(b % 128);
        match kind {
            0 if i < s.len() => {
                let len = s[i..].chars().next().map_or(0, char::len_utf8);
                s.replace_range(i..i + len, c.encode_utf8(&mut [0; 4]));
            }
            1 => s.insert(i, c),
            2 if i < s.len() => {
                s.remove(i);
            }
            3 => s.truncate(i),
            _ => {}
        }
    }
    s
}

/// CSV bytes: structured files, structured files with byte edits, and arbitrary bytes.
pub fn csv_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        5 => csv_structured(),
        2 => (csv_structured(), edits()).prop_map(|(b, e)| mutate_bytes(b, &e)),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => prop::collection::vec(select(b",\"\r\n a0".to_vec()), 0..200),
    ]
    .boxed()
}

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

/// An attribute map: field aliases and junk names with values of any type.
pub fn attributes() -> BoxedStrategy<Map<String, Value>> {
    let value = prop_oneof![6 => json_scalar(), 1 => json_value()];
    prop::collection::vec((attr_name(), value), 0..8)
        .prop_map(|kv| kv.into_iter().collect())
        .boxed()
}

/// An attribute map that passes the schema check (both required fields present).
pub fn complete_attributes() -> BoxedStrategy<Map<String, Value>> {
    (attributes(), json_scalar(), json_scalar(), any::<bool>())
        .prop_map(|(mut a, t, c, legacy)| {
            let date = if legacy {
                "incident_timestamp"
            } else {
                "incident_occurred_at"
            };
            a.insert(date.into(), t);
            a.insert("offense_category".into(), c);
            a
        })
        .boxed()
}

/// An ArcGIS point geometry, or something else where one is expected.
pub fn esri_geometry() -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        3 => (json_scalar(), json_scalar()).prop_map(|(x, y)| Some(json!({"x": x, "y": y}))),
        2 => (-84.0f64..-82.0, 42.0f64..43.0).prop_map(|(x, y)| Some(json!({"x": x, "y": y}))),
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
            let cut = super::floor_boundary(&t, at.index(t.len()));
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
        3 => (-84.0f64..-82.0, 42.0f64..43.0)
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
            let cut = super::floor_boundary(&t, at.index(t.len()));
            t[..cut].to_string()
        }),
        2 => (fc, edits()).prop_map(|(t, e)| mutate_text(&t, &e)),
        1 => ".{0,40}",
    ]
    .boxed()
}
