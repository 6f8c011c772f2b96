//! Generators of inputs shaped like crimecast's sources (portal CSV, ArcGIS pages, GeoJSON),
//! valid or nearly so, with hostile values mixed in, plus arbitrary JSON and byte mutations.

use crimecast::data::clean::{Action, CleanRules};
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

/// Epoch milliseconds of 2016-01-01 and 2030-01-01.
pub const RECENT_MS: std::ops::Range<i64> = 1_451_606_400_000..1_893_456_000_000;

/// Detroit's extent in degrees, a little widened: (west, south, east, north).
const AROUND_CITY: (f64, f64, f64, f64) = (-83.35, 42.2, -82.85, 42.5);

/// Valid timestamps of 2016–2029 in the forms sources use.
pub fn recent_timestamp() -> BoxedStrategy<String> {
    (RECENT_MS, 0usize..4)
        .prop_map(|(ms, form)| {
            let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
            match form {
                0 => t.format("%Y/%m/%d %H:%M:%S+00").to_string(),
                1 => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                2 => t.format("%m/%d/%Y %I:%M:%S %p").to_string(),
                _ => ms.to_string(),
            }
        })
        .boxed()
}

/// Timestamps in every form the parsers accept, and near misses.
pub fn timestamp() -> BoxedStrategy<String> {
    let parts = (
        prop_oneof![3 => 2015i32..2030, 1 => 0i32..10_000],
        prop_oneof![3 => 1u32..13, 1 => 0u32..14],
        prop_oneof![3 => 1u32..29, 1 => 0u32..33],
        prop_oneof![3 => 0u32..24, 1 => 0u32..26],
        prop_oneof![3 => 0u32..60, 1 => 0u32..62],
        prop_oneof![3 => 0u32..60, 1 => 0u32..62],
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
        1 => RECENT_MS.prop_map(|v| v.to_string()),
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

/// Cell strategies per kind of column, built once and cloned (cheaply) per file.
struct Cells {
    date: BoxedStrategy<String>,
    category: BoxedStrategy<String>,
    precinct: BoxedStrategy<String>,
    lon: BoxedStrategy<String>,
    lat: BoxedStrategy<String>,
    report: BoxedStrategy<String>,
    other: BoxedStrategy<String>,
}

impl Cells {
    fn new() -> Self {
        let (w, s, e, n) = AROUND_CITY;
        let mostly =
            |good: BoxedStrategy<String>| prop_oneof![4 => good, 1 => field_text()].boxed();
        Cells {
            date: mostly(prop_oneof![3 => recent_timestamp(), 1 => timestamp()].boxed()),
            category: mostly(
                select(vec!["LARCENY", "ASSAULT", " ARSON ", "FRAUD", ""])
                    .prop_map(str::to_string)
                    .boxed(),
            ),
            precinct: mostly((1u8..14).prop_map(|p| format!("{p:02}")).boxed()),
            lon: mostly((w..e).prop_map(|v| format!("{v:.6}")).boxed()),
            lat: mostly((s..n).prop_map(|v| format!("{v:.6}")).boxed()),
            report: mostly((0u32..20).prop_map(|r| format!("R{r}")).boxed()),
            other: field_text(),
        }
    }

    /// Values for a column called `name`: mostly plausible for that field.
    fn pick(&self, name: &str) -> BoxedStrategy<String> {
        let lower = name.trim_start_matches('\u{feff}').to_ascii_lowercase();
        match lower.as_str() {
            "incident_occurred_at" | "incident_timestamp" => &self.date,
            "offense_category" => &self.category,
            "police_precinct" | "precinct" => &self.precinct,
            "longitude" | "x" => &self.lon,
            "latitude" | "y" => &self.lat,
            "report_number" => &self.report,
            _ => &self.other,
        }
        .clone()
    }
}

/// A CSV file shaped like the portal's export (either schema, random column order and
/// case, quoting, line endings, wrong-length rows, blank lines), as bytes.
pub fn csv_structured() -> BoxedStrategy<Vec<u8>> {
    let header = (
        prop::collection::vec(select(CSV_COLUMNS), 0..6),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.7),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(mut cols, required, located, bom, case_bits)| {
            let legacy = case_bits >> 63 == 1;
            if required {
                cols.push(if legacy {
                    "incident_timestamp"
                } else {
                    "incident_occurred_at"
                });
                cols.push("offense_category");
            }
            if located {
                cols.extend(if legacy {
                    ["precinct", "x", "y"]
                } else {
                    ["police_precinct", "longitude", "latitude"]
                });
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
    let kinds = Cells::new();
    (header, select(vec!["\n", "\r\n", "\r"]), any::<bool>())
        .prop_flat_map(move |((names, bom), eol, trailing)| {
            // Cells suited to their column (so rows often pass cleaning), then 0–2 extra.
            let mut cells: Vec<BoxedStrategy<String>> =
                names.iter().map(|n| kinds.pick(n)).collect();
            cells.push(kinds.other.clone());
            cells.push(kinds.other.clone());
            let row = (cells, 0usize..3, any::<bool>(), 0usize..5);
            (
                Just((names, bom, eol, trailing)),
                prop::collection::vec(row, 0..10),
            )
        })
        .prop_map(|((names, bom, eol, trailing), rows)| {
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            let quoted: Vec<String> = names.iter().map(|n| csv_quote(n, false)).collect();
            out.push_str(&quoted.join(","));
            let width = names.len();
            for (mut fields, extra, force, shape) in rows {
                out.push_str(eol);
                match shape {
                    // Usually the header's width; sometimes wider or narrower, or blank.
                    0..=2 => fields.truncate(width),
                    3 => fields.truncate((width + extra).saturating_sub(1)),
                    _ => fields.clear(),
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
            let cut = super::floor_boundary(&t, at.index(t.len()));
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
