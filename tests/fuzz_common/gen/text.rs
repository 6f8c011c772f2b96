//! Text inputs: timestamps in every form, field values, portal CSV files, byte edits.

use proptest::prelude::*;
use proptest::sample::{select, Index};

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
pub const AROUND_CITY: (f64, f64, f64, f64) = (-83.35, 42.2, -82.85, 42.5);

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
        let i = crate::fuzz_common::floor_boundary(&s, at.index(s.len() + 1));
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
