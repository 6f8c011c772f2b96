use super::tests::clean;
use super::*;
use crate::data::arcgis::{parse_page, FieldResolver};
use crate::data::demo::{Demo, DemoConfig};
use crate::data::raw::{RawRecord, RawTime};
use crate::data::time::day_of;

/// 100,000 rows of the demo data (from 2024-01-01, in generation order) with object ids
/// 1, 2, ... as the layer numbers its rows.
fn demo_rows(n: usize) -> Vec<RawRecord<'static>> {
    let demo = Demo::new(DemoConfig::default());
    let first = day_of(2024, 1, 1).unwrap();
    let mut out: Vec<RawRecord<'static>> = Vec::with_capacity(n);
    demo.generate(first, first + 800, &mut |r| {
        if out.len() < n {
            let id = out.len() as i64 + 1;
            out.push(RawRecord {
                report_number: r.report_number.to_string().into(),
                occurred: match &r.occurred {
                    RawTime::EpochMs(ms) => RawTime::EpochMs(*ms),
                    RawTime::Text(t) => RawTime::Text(t.to_string().into()),
                    RawTime::Missing => RawTime::Missing,
                },
                offense_category: r.offense_category.to_string().into(),
                offense_description: r.offense_description.to_string().into(),
                precinct: r.precinct.to_string().into(),
                neighborhood: r.neighborhood.to_string().into(),
                council_district: r.council_district.to_string().into(),
                zip_code: r.zip_code.to_string().into(),
                location_text: r.location_text.to_string().into(),
                object_id: Some(id),
                longitude: r.longitude,
                latitude: r.latitude,
            });
        }
    });
    assert_eq!(out.len(), n);
    out
}

/// Measured: 8.16 bytes a row for 100,000 demo rows (the bound leaves a little room).
const MAX_BYTES_PER_ROW: f64 = 9.0;

#[test]
fn demo_rows_take_few_bytes_and_round_trip() {
    let rows = demo_rows(100_000);
    let window = Window::new(day_of(2024, 1, 1).unwrap(), day_of(2026, 3, 1).unwrap()).unwrap();
    let mut w = SnapshotWriter::new(0, "demo", window);
    for r in &rows {
        w.push(r);
    }
    let held = w.heap_bytes();
    let bytes = w.finish();
    let per_row = bytes.len() as f64 / rows.len() as f64;
    println!(
        "{} bytes, {per_row:.2} a row; the writer held {held} bytes",
        bytes.len()
    );
    assert!(per_row < MAX_BYTES_PER_ROW, "{per_row:.2} bytes a row");
    let snap = Snapshot::read(&bytes).unwrap();
    let back: Vec<RawRecord<'_>> = snap.rows().collect();
    assert_eq!(back.len(), rows.len());
    for (a, b) in rows.iter().zip(&back) {
        assert_eq!(a.report_number, b.report_number);
        assert_eq!(a.occurred, b.occurred);
        assert_eq!(a.offense_category, b.offense_category);
        assert_eq!(a.location_text, b.location_text);
        assert_eq!(a.object_id, b.object_id);
        assert_eq!(a.longitude.map(|x| x as f32), b.longitude.map(|x| x as f32));
        assert_eq!(a.latitude.map(|x| x as f32), b.latitude.map(|x| x as f32));
    }
    assert_eq!(clean(rows.iter().cloned()), clean(back.into_iter()));
}

/// A page of the City's layer as served (old schema, 2,000 rows; see shared/data/README.md).
const REAL_PAGE: &str = "/work/shared/data/arcgis/rms_page_old_schema.json";

#[test]
fn a_real_page_round_trips() {
    let Ok(text) = std::fs::read_to_string(REAL_PAGE) else {
        println!("skipped: {REAL_PAGE} is absent");
        return;
    };
    let page = parse_page(&text).unwrap();
    let mut resolver = FieldResolver::new();
    let rows: Vec<RawRecord<'_>> = page
        .features
        .iter()
        .map(|(attrs, geom)| resolver.record(attrs, *geom))
        .collect();
    assert_eq!(rows.len(), 2_000);
    let window = Window::new(day_of(2017, 1, 1).unwrap(), day_of(2022, 12, 31).unwrap()).unwrap();
    let mut w = SnapshotWriter::new(0, "page", window);
    for r in &rows {
        w.push(r);
    }
    let bytes = w.finish();
    println!(
        "{} bytes for {} real rows, {:.2} a row",
        bytes.len(),
        rows.len(),
        bytes.len() as f64 / rows.len() as f64
    );
    // The fields the page's loader asks for only (no location, council district, ZIP code).
    let mut page_only = SnapshotWriter::new(0, "page", window);
    for r in &rows {
        page_only.push(&RawRecord {
            location_text: "".into(),
            council_district: "".into(),
            zip_code: "".into(),
            ..r.clone()
        });
    }
    let n = page_only.finish().len();
    println!(
        "{n} bytes with the page's fields only, {:.2} a row",
        n as f64 / rows.len() as f64
    );
    let snap = Snapshot::read(&bytes).unwrap();
    let back: Vec<RawRecord<'_>> = snap.rows().collect();
    for (a, b) in rows.iter().zip(&back) {
        assert_eq!(a.report_number, b.report_number);
        assert_eq!(a.occurred, b.occurred);
        assert_eq!(a.location_text, b.location_text);
        assert_eq!(a.council_district, b.council_district);
        assert_eq!(a.object_id, b.object_id);
        assert!((a.longitude.unwrap() - b.longitude.unwrap()).abs() < 3.5e-6);
    }
    assert_eq!(snap.header().max_object_id, Some(2014));
    assert_eq!(clean(rows.into_iter()), clean(back.into_iter()));
}
