//! Large inputs shaped like the City's data: up to 10,000 rows of plausible incidents (multi-
//! offense reports, a few junk precincts, blank coordinates and unreadable dates, text with
//! commas, quotes, line breaks and non-ASCII letters, now and then a field tens of kilobytes
//! long), in either field schema or both, as portal CSV, GeoJSON, ArcGIS pages or point
//! layers. Proptest draws only the [`Large`] settings; the rows come from its seed, so a case
//! costs little to make and a failure reports settings that rebuild it exactly.

use std::fmt::Write as _;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use super::text::AROUND_CITY;

/// The drawn settings of a large input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Large {
    /// Rows (or features, or points).
    pub rows: usize,
    /// The older export schema (`incident_timestamp`, `precinct`, `address`, `x`/`y`).
    pub legacy: bool,
    /// Both schemas in one input (JSON features alternate), or extra unknown columns in a
    /// shuffled order (CSV).
    pub mixed: bool,
    /// Length of the occasional long field, in characters (0 = none).
    pub long: usize,
    /// Seed of the rows.
    pub seed: u64,
}

/// Large-input settings: mostly 1,000–10,000 rows, sometimes fewer; long fields of up to
/// 70,000 characters in about one row in 200.
pub fn large() -> BoxedStrategy<Large> {
    (
        prop_oneof![1 => 1usize..100, 3 => 1_000usize..=10_000],
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop_oneof![2 => Just(0usize), 1 => Just(300usize), 1 => Just(5_000usize), 1 => Just(70_000usize)],
        any::<u64>(),
    )
        .prop_map(|(rows, legacy, mixed, long, seed)| Large {
            rows,
            legacy,
            mixed,
            long,
            seed,
        })
        .boxed()
}

const CATEGORIES: &[&str] = &[
    "LARCENY",
    "ASSAULT",
    "AGGRAVATED ASSAULT",
    "BURGLARY",
    "STOLEN VEHICLE",
    "DAMAGE TO PROPERTY",
    "FRAUD",
    "ROBBERY",
    "WEAPONS OFFENSES",
    "ARSON",
    " LARCENY ",
    "",
];

const NEIGHBORHOODS: &[&str] = &[
    "Downtown",
    "Midtown",
    "Jefferson Chalmers",
    "Brightmoor",
    "Corktown",
    "Southwest Detroit",
    "Boston-Edison",
    "Mexicantown, Hubbard Farms",
    "Ravendale \"East\"",
    "Côte-Nord",
    "",
];

const PRECINCTS: &[&str] = &[
    "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "0", "HP", "",
];

/// One generated incident row, as text fields and coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Report number (several rows share one).
    pub report: String,
    /// Occurrence time, epoch ms (`None`: an unreadable date is written).
    pub ms: Option<i64>,
    /// Category.
    pub category: &'static str,
    /// Description (sometimes long, with commas, quotes and line breaks).
    pub description: String,
    /// Precinct text.
    pub precinct: &'static str,
    /// Neighborhood.
    pub neighborhood: &'static str,
    /// Intersection or address.
    pub location: String,
    /// Longitude and latitude, when given.
    pub point: Option<(f64, f64)>,
    /// Object id.
    pub oid: i64,
    /// Written in the older schema.
    pub legacy: bool,
}

/// Text of `len` characters with commas, quotes, line breaks and non-ASCII letters.
fn long_text(rng: &mut ChaCha8Rng, len: usize) -> String {
    const PIECES: &[&str] = &["a", "b", " ", ",", "\"", "\n", "é", "😀", "x;y", "\t", "\\"];
    let mut s = String::with_capacity(len + 4);
    let mut chars = 0;
    while chars < len {
        let piece = PIECES[rng.gen_range(0..PIECES.len())];
        s.push_str(piece);
        chars += piece.chars().count();
    }
    s
}

/// The incidents of `l`: about one report in eight has two or three offense rows.
pub fn incidents(l: &Large) -> Vec<Incident> {
    let mut rng = ChaCha8Rng::seed_from_u64(l.seed);
    let (w, s, e, n) = AROUND_CITY;
    let mut out = Vec::with_capacity(l.rows);
    let mut report = 0u64;
    let mut ms = 0i64;
    let mut left = 0;
    for k in 0..l.rows {
        if left == 0 {
            report += 1;
            left = if rng.gen_bool(0.12) {
                rng.gen_range(2..=3)
            } else {
                1
            };
            ms = rng.gen_range(1_470_009_600_000i64..1_790_000_000_000);
        }
        left -= 1;
        let long = l.long > 0 && rng.gen_bool(1.0 / 200.0);
        out.push(Incident {
            report: format!("{:02}{:07}", 16 + report % 10, report),
            ms: (!rng.gen_bool(0.01)).then_some(ms),
            category: CATEGORIES[rng.gen_range(0..CATEGORIES.len())],
            description: if long {
                long_text(&mut rng, l.long)
            } else {
                format!("OFFENSE {}", rng.gen_range(0..400))
            },
            precinct: PRECINCTS[rng.gen_range(0..PRECINCTS.len())],
            neighborhood: NEIGHBORHOODS[rng.gen_range(0..NEIGHBORHOODS.len())],
            location: format!("{} & {}", rng.gen_range(0..20_000), rng.gen_range(0..300)),
            point: (!rng.gen_bool(0.03)).then(|| {
                let x: f64 = rng.gen_range(w..e);
                let y: f64 = rng.gen_range(s..n);
                ((x * 1e6).round() / 1e6, (y * 1e6).round() / 1e6)
            }),
            oid: k as i64 + 1,
            legacy: if l.mixed { k % 2 == 1 } else { l.legacy },
        });
    }
    out
}

/// The portal's time formats, chosen per row.
fn time_text(ms: Option<i64>, form: u8) -> String {
    let Some(ms) = ms else {
        return "not a date".into();
    };
    let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    match form % 3 {
        0 => t.format("%Y/%m/%d %H:%M:%S+00").to_string(),
        1 => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        _ => t.format("%m/%d/%Y %I:%M:%S %p").to_string(),
    }
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A portal CSV export of `l`'s incidents (one record per incident row), with its number of
/// records.
pub fn csv(l: &Large) -> (Vec<u8>, usize) {
    let rows = incidents(l);
    let mut names: Vec<&str> = if l.legacy {
        vec![
            "crime_id",
            "report_number",
            "incident_timestamp",
            "offense_category",
            "offense_description",
            "precinct",
            "neighborhood",
            "address",
            "x",
            "y",
        ]
    } else {
        vec![
            "ESRI_OID",
            "report_number",
            "incident_occurred_at",
            "offense_category",
            "offense_description",
            "police_precinct",
            "neighborhood",
            "nearest_intersection",
            "longitude",
            "latitude",
        ]
    };
    if l.mixed {
        names.extend(["zip_code", "Council District", "junk"]);
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    if l.mixed {
        order.rotate_left((l.seed % names.len() as u64) as usize);
    }
    let mut out = String::new();
    let header: Vec<&str> = order.iter().map(|&i| names[i]).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for (k, r) in rows.iter().enumerate() {
        let (x, y) = r.point.map_or((String::new(), String::new()), |(x, y)| {
            (x.to_string(), y.to_string())
        });
        let cells = [
            r.oid.to_string(),
            r.report.clone(),
            time_text(r.ms, k as u8),
            r.category.to_string(),
            r.description.clone(),
            r.precinct.to_string(),
            r.neighborhood.to_string(),
            r.location.clone(),
            x,
            y,
            "48201".into(),
            "5".into(),
            String::new(),
        ];
        let line: Vec<String> = order.iter().map(|&i| quote(&cells[i])).collect();
        out.push_str(&line.join(","));
        out.push_str(if k % 7 == 0 { "\r\n" } else { "\n" });
    }
    (out.into_bytes(), rows.len())
}

/// The properties (or attributes) of one incident in its schema.
fn properties(r: &Incident, epoch: bool) -> Map<String, Value> {
    let time = match (r.ms, epoch) {
        (Some(ms), true) => json!(ms),
        (ms, _) => json!(time_text(ms, r.oid as u8)),
    };
    let mut p = Map::new();
    let names = if r.legacy {
        [
            "incident_timestamp",
            "precinct",
            "address",
            "x",
            "y",
            "crime_id",
        ]
    } else {
        [
            "incident_occurred_at",
            "police_precinct",
            "nearest_intersection",
            "longitude",
            "latitude",
            "ESRI_OID",
        ]
    };
    p.insert("report_number".into(), json!(r.report));
    p.insert(names[0].into(), time);
    p.insert("offense_category".into(), json!(r.category));
    p.insert("offense_description".into(), json!(r.description));
    p.insert(names[1].into(), json!(r.precinct));
    p.insert("neighborhood".into(), json!(r.neighborhood));
    p.insert(names[2].into(), json!(r.location));
    if let (Some((x, y)), true) = (r.point, r.oid % 3 == 0) {
        p.insert(names[3].into(), json!(x));
        p.insert(names[4].into(), json!(y));
    }
    p.insert(names[5].into(), json!(r.oid));
    p
}

/// A GeoJSON FeatureCollection of `l`'s incidents (Point geometries; every third feature also
/// carries its coordinates in its properties), with each feature's expected coordinates.
pub fn geojson(l: &Large) -> (String, Vec<Option<(f64, f64)>>) {
    let rows = incidents(l);
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    let mut points = Vec::with_capacity(rows.len());
    for (k, r) in rows.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let geometry = r.point.map_or(
            Value::Null,
            |(x, y)| json!({"type": "Point", "coordinates": [x, y]}),
        );
        let f = json!({"type": "Feature", "geometry": geometry,
            "properties": properties(r, !r.legacy)});
        let _ = write!(out, "{f}");
        points.push(r.point);
    }
    out.push_str("]}");
    (out, points)
}

/// An ArcGIS query page of `l`'s incidents (attributes and `{x, y}` geometries).
pub fn arcgis_page(l: &Large) -> String {
    let rows = incidents(l);
    let features: Vec<Value> = rows
        .iter()
        .map(|r| {
            let geometry = r
                .point
                .map_or(Value::Null, |(x, y)| json!({"x": x, "y": y}));
            json!({"attributes": properties(r, true), "geometry": geometry})
        })
        .collect();
    json!({"objectIdFieldName": "ESRI_OID", "features": features,
        "exceededTransferLimit": l.rows.is_multiple_of(2)})
    .to_string()
}

/// A point layer of `l.rows` points as CSV (column names varying with the settings) and as
/// GeoJSON (Points, and MultiPoints of two when `mixed`), with the points expected from
/// each, in order.
pub fn point_layer(l: &Large) -> (String, String, Vec<(f64, f64)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(l.seed);
    let (w, s, e, n) = AROUND_CITY;
    // On the City's 1e-9 degree grid (JSON readers need not round 17-digit numbers exactly).
    let grid = |v: f64| (v * 1e9).round() / 1e9;
    let points: Vec<(f64, f64)> = (0..l.rows)
        .map(|_| (grid(rng.gen_range(w..e)), grid(rng.gen_range(s..n))))
        .collect();
    let (lon, lat) = if l.legacy {
        ("X", "Y")
    } else {
        ("Longitude", "lat")
    };
    let mut csv = format!("name,{lon},{lat}\n");
    for (k, (x, y)) in points.iter().enumerate() {
        let name = if l.long > 0 && k % 200 == 0 {
            quote(&long_text(&mut rng, l.long))
        } else {
            format!("Store {k}")
        };
        let _ = writeln!(csv, "{name},{x},{y}");
    }
    let mut geo = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    let mut k = 0;
    while k < points.len() {
        if k > 0 {
            geo.push(',');
        }
        let f = if l.mixed && k + 1 < points.len() {
            let (a, b) = (points[k], points[k + 1]);
            k += 2;
            json!({"type": "Feature", "properties": {"n": k},
                "geometry": {"type": "MultiPoint", "coordinates": [[a.0, a.1], [b.0, b.1]]}})
        } else {
            let a = points[k];
            k += 1;
            json!({"type": "Feature", "properties": {"n": k},
                "geometry": {"coordinates": [a.0, a.1], "type": "Point"}})
        };
        let _ = write!(geo, "{f}");
    }
    geo.push_str("]}");
    (csv, geo, points)
}
