use std::borrow::Cow;

use proptest::prelude::*;

use super::*;
use crate::data::arcgis::{months, Cell, ServerCounts, Subset};
use crate::data::clean::{CleanRules, Cleaner, Quality};
use crate::data::raw::{RawRecord, RawTime};
use crate::data::store::Store;
use crate::data::time::{day_of, DetroitClock};
use crate::data::Error;

fn window() -> Window {
    Window::new(day_of(2024, 11, 15).unwrap(), day_of(2025, 2, 10).unwrap()).unwrap()
}

fn write(rows: &[RawRecord<'_>]) -> Vec<u8> {
    let mut w = SnapshotWriter::new(1_764_000_000_123, "https://example.org/0/query", window());
    for r in rows {
        w.push(r);
    }
    w.finish()
}

/// Every cleaned column, with floats as bits (NaN marks missing coordinates).
pub(super) type Cleaned = (
    Vec<i64>,
    Vec<u32>,
    Vec<u32>,
    Vec<u8>,
    Vec<u32>,
    Vec<u32>,
    Vec<u32>,
    Vec<u64>,
    Vec<u8>,
);

pub(super) fn clean<'a>(
    rows: impl Iterator<Item = RawRecord<'a>>,
) -> (Cleaned, Quality, Vec<String>) {
    let rules = CleanRules {
        first_day: day_of(1900, 1, 1).unwrap(),
        last_day: day_of(2100, 1, 1).unwrap(),
        ..CleanRules::default()
    };
    let mut cleaner = Cleaner::new(rules);
    let mut s = Store::new();
    for r in rows {
        cleaner.push(&r, &mut s);
    }
    let names = (0..s.categories.len() as u32)
        .map(|i| s.categories.name(i).to_string())
        .collect();
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
    let cols = (
        s.utc_ms.clone(),
        s.category.clone(),
        s.description.clone(),
        s.precinct.clone(),
        s.neighborhood.clone(),
        bits(&s.lon),
        bits(&s.lat),
        s.report.clone(),
        s.flags.clone(),
    );
    (cols, cleaner.quality.clone(), names)
}

/// A coordinate read back: the same single-precision value, the same side of the city's
/// box, within 3.5e-6 degree; exactly the value when it lies on the 1e-6 grid or has no
/// grid form.
fn same_coord(orig: Option<f64>, back: Option<f64>, lo: f64, hi: f64) {
    match (orig, back) {
        (None, None) => {}
        (Some(a), Some(b)) => match quantise(a, lo, hi) {
            None => assert_eq!(a.to_bits(), b.to_bits()),
            Some(_) => {
                assert_eq!(a as f32, b as f32, "{a} vs {b}");
                assert_eq!((a >= lo, a <= hi), (b >= lo, b <= hi));
                assert!((a - b).abs() <= 3.5e-6, "{a} vs {b}");
                if ((a * 1e6).round() / 1e6) == a {
                    assert_eq!(a, b);
                }
            }
        },
        other => panic!("coordinate {other:?}"),
    }
}

fn strip<'a>(r: &RawRecord<'a>) -> RawRecord<'a> {
    RawRecord {
        longitude: None,
        latitude: None,
        ..r.clone()
    }
}

fn assert_round_trip(rows: &[RawRecord<'_>]) {
    let bytes = write(rows);
    let snap = Snapshot::read(&bytes).unwrap();
    assert_eq!(snap.header().rows, rows.len() as u64);
    let back: Vec<RawRecord<'_>> = snap.rows().collect();
    assert_eq!(back.len(), rows.len());
    let (w, s, e, n) = crate::data::clean::CITY_BBOX;
    for (a, b) in rows.iter().zip(&back) {
        assert_eq!(strip(a), strip(b));
        same_coord(a.longitude, b.longitude, w, e);
        same_coord(a.latitude, b.latitude, s, n);
    }
    assert_eq!(clean(rows.iter().cloned()), clean(back.into_iter()));
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Z ]{0,12}",
        "[a-zé東🚓 ]{0,6}",
        Just("ASSAULT".to_string()),
        Just("02".to_string()),
    ]
}

fn time() -> impl Strategy<Value = RawTime<'static>> {
    prop_oneof![
        Just(RawTime::Missing),
        "[0-9/: +]{0,22}".prop_map(|t| RawTime::Text(Cow::Owned(t))),
        (1_400_000_000i64..1_800_000_000).prop_map(|s| RawTime::EpochMs(s * 60_000 / 60)),
        (1_400_000_000_000i64..1_800_000_000_000).prop_map(RawTime::EpochMs),
        any::<i64>().prop_map(RawTime::EpochMs),
    ]
}

fn coord(centre: f64) -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (-0.3f64..0.3).prop_map(move |d| Some(centre + d)),
        (-300_000i64..300_000).prop_map(move |q| Some(((centre * 1e6).round() + q as f64) / 1e6)),
        any::<f64>().prop_map(Some),
        Just(Some(0.0)),
    ]
}

fn record() -> impl Strategy<Value = RawRecord<'static>> {
    let report = prop_oneof![
        (1_700_000_000u64..2_700_000_000).prop_map(|n| n.to_string()),
        "0?[0-9]{1,20}",
        text(),
    ];
    let oid = prop_oneof![
        Just(None),
        (1i64..1_000_000).prop_map(Some),
        any::<i64>().prop_map(Some)
    ];
    (
        (report, time(), text(), text(), text(), text()),
        (text(), text(), text(), coord(-83.1), coord(42.38), oid),
    )
        .prop_map(
            |((rn, occurred, cat, desc, pct, nb), (cd, zip, loc, lon, lat, oid))| RawRecord {
                report_number: rn.into(),
                occurred,
                offense_category: cat.into(),
                offense_description: desc.into(),
                precinct: pct.into(),
                neighborhood: nb.into(),
                council_district: cd.into(),
                zip_code: zip.into(),
                location_text: loc.into(),
                longitude: lon,
                latitude: lat,
                object_id: oid,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_rows_round_trip(rows in prop::collection::vec(record(), 0..200)) {
        // Repeat some rows (multi-offense reports) so back-references are exercised.
        let mut all = rows.clone();
        all.extend(rows.iter().step_by(3).cloned());
        assert_round_trip(&all);
    }

    #[test]
    fn random_bytes_are_rejected(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(Snapshot::read(&bytes).is_err());
    }

    #[test]
    fn damaged_snapshots_are_rejected(rows in prop::collection::vec(record(), 1..20), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let mut bytes = write(&rows);
        let i = at.index(bytes.len());
        bytes[i] ^= flip;
        prop_assert!(matches!(Snapshot::read(&bytes), Err(Error::Snapshot(_))));
    }
}

/// `n` larceny rows a minute apart along a line, two offenses a report.
fn minute_rows(n: i64) -> Vec<RawRecord<'static>> {
    (0..n)
        .map(|i| RawRecord {
            report_number: format!("25010{}", i / 2).into(),
            occurred: RawTime::EpochMs(1_735_700_000_000 + i * 60_000),
            offense_category: "LARCENY".into(),
            longitude: Some(-83.0 - i as f64 * 1e-4),
            latitude: Some(42.3),
            object_id: Some(i + 1),
            ..RawRecord::default()
        })
        .collect()
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = write(&minute_rows(40));
    for n in 0..bytes.len() {
        let err = Snapshot::read(&bytes[..n]).unwrap_err();
        assert!(matches!(err, Error::Snapshot(_)), "{n}: {err}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Snapshot::read(&longer).is_err());
}

#[test]
fn reread_gives_the_rows_of_read_and_survives_damage() {
    let rows = minute_rows(60);
    let bytes = write(&rows);
    let (a, b) = (
        Snapshot::read(&bytes).unwrap(),
        Snapshot::reread(&bytes).unwrap(),
    );
    let read: Vec<_> = a.rows().collect();
    let reread: Vec<_> = b.rows().collect();
    assert_eq!(read.len(), 60);
    assert_eq!(read, reread);
    let c = Snapshot::open(&bytes).unwrap();
    assert_eq!(read, c.rows().collect::<Vec<_>>());
    // Every truncation and every flipped byte: an error or fewer rows, never a panic.
    for n in 0..bytes.len() {
        if let Ok(s) = Snapshot::reread(&bytes[..n]) {
            assert!(s.rows().count() <= 60);
        }
        let mut flipped = bytes.clone();
        flipped[n] ^= 0x5a;
        if let Ok(s) = Snapshot::reread(&flipped) {
            assert!(s.rows().count() <= 60);
        }
        // The checksum sees every flipped byte and every truncation.
        assert!(Snapshot::open(&flipped).is_err(), "{n}");
        assert!(Snapshot::open(&bytes[..n]).is_err(), "{n}");
    }
}

#[test]
fn wrong_magic_and_version_say_so() {
    let mut bytes = write(&[]);
    let ok = Snapshot::read(&bytes).unwrap();
    assert_eq!(ok.rows().count(), 0);
    assert_eq!(ok.header().max_object_id, None);
    bytes[MAGIC.len()] = 2;
    let err = Snapshot::read(&bytes).unwrap_err().to_string();
    assert!(err.contains("version 2"), "{err}");
    bytes[0] = b'X';
    let err = Snapshot::read(&bytes).unwrap_err().to_string();
    assert!(err.contains("magic"), "{err}");
}

#[test]
fn header_fields_read_back() {
    let rows = [5i64, 9, 3].map(|id| RawRecord {
        object_id: Some(id),
        ..RawRecord::default()
    });
    let bytes = write(&rows);
    let snap = Snapshot::read(&bytes).unwrap();
    let h = snap.header();
    assert_eq!(h.version, VERSION);
    assert_eq!(h.retrieved_ms, 1_764_000_000_123);
    assert_eq!(h.endpoint, "https://example.org/0/query");
    assert_eq!(h.window, window());
    assert_eq!(h.max_object_id, Some(9));
    assert_eq!(h.rows, 3);
}

#[test]
fn grid_values_keep_the_single_precision_value() {
    // A value just past a half-millionth: plain rounding would flip its f32.
    let (lo, hi) = (-83.29, -82.91);
    for k in 0..2_000 {
        let v = -83.1 + k as f64 * 1.234_567e-7;
        let q = quantise(v, lo, hi).unwrap();
        assert_eq!((q as f64 / 1e6) as f32, v as f32);
        assert!((q as f64 / 1e6 - v).abs() <= 3.5e-6);
    }
    assert_eq!(quantise(-83.123456, lo, hi), Some(-83_123_456));
    assert_eq!(quantise(f64::NAN, lo, hi), None);
    // The box's edge: a value just inside stays inside.
    let q = quantise(-83.29 + 1e-9, lo, hi).unwrap();
    assert!(q as f64 / 1e6 >= lo);
}

#[test]
fn counts_rebuild_the_same_cube() {
    let clock = DetroitClock::new();
    let slots = months(window(), &clock);
    let mut sc = ServerCounts::new(slots.clone());
    let cell = |p: &str, c: &str, rows| Cell {
        precinct: p.into(),
        category: c.into(),
        rows,
    };
    sc.set_month_cells(0, &[cell("02", "ASSAULT", 10), cell("HP", "ARSON", 1)]);
    sc.set_month_incidents(0, 9);
    sc.set_month_rows(1, 40);
    sc.set_month_cells(3, &[cell("12", "ASSAULT", 7), cell("", "", 2)]);
    sc.set_month_incidents(3, 8);
    sc.set_window_incidents(123);
    let stored = SnapshotCounts::from_server(&sc);
    assert_eq!(stored.months.len(), slots.len());
    let mut w = SnapshotWriter::new(0, "e", window());
    w.set_counts(stored.clone());
    let bytes = w.finish();
    let snap = Snapshot::read(&bytes).unwrap();
    assert_eq!(snap.counts(), &stored);
    let back = snap.counts().to_server(window(), &clock);
    let all = Subset {
        include_junk: true,
        ..Subset::default()
    };
    assert_eq!(back.monthly(&all), sc.monthly(&all));
    assert_eq!(back.monthly(&all), vec![Some(11), None, None, Some(9)]);
    assert_eq!(back.monthly_incidents(), sc.monthly_incidents());
    assert_eq!(back.totals(), sc.totals());
    assert_eq!(back.by_precinct(), sc.by_precinct());
    assert_eq!(back.by_category(), sc.by_category());
    assert_eq!(back.month_rows(1), Some(40));
    assert_eq!(back.window_incidents(), Some(123));
}

#[test]
fn live_window_matches_the_page() {
    let today = day_of(2026, 12, 5).unwrap();
    let all = live_window(today, None).unwrap();
    assert_eq!(all.first_day, day_of(2017, 1, 1).unwrap());
    assert_eq!(all.last_day, day_of(2026, 12, 4).unwrap());
    let two = live_window(today, Some(2)).unwrap();
    assert_eq!(two.first_day, day_of(2024, 12, 5).unwrap());
    assert_eq!(
        live_window(today, Some(1)).unwrap().first_day,
        day_of(2025, 12, 5).unwrap()
    );
    assert_eq!(two.last_day, all.last_day);
}
