//! Bytes on the wire per row, on the real captured page in `../shared/data` (read in place,
//! skipped with a notice when absent): the page as captured (every field and geometry,
//! `f=json`), the same rows with the compact field list of the plan (`f=json`,
//! `returnGeometry=false`), and the same compact rows as `f=pbf`. The PBF page must decode to
//! exactly the rows the compact JSON page gives.
//!
//! Measured on the 2000-row old-schema page (gzip level 6, as servers compress):
//!
//! | reply                        | bytes/row | gzip bytes/row |
//! |------------------------------|-----------|----------------|
//! | as captured, every field     |     684.6 |           95.0 |
//! | compact fields, JSON         |     276.3 |           37.9 |
//! | compact fields, PBF          |     115.9 |           33.1 |
//!
//! So the compact field list does most of the saving on the wire (95 → 38 gzip bytes a row);
//! PBF takes it to 33 and is 2.4 times smaller before compression (less to inflate and parse).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;

use common::shared;
use crimecast::data::arcgis::metadata::{parse_layer, Plan};
use crimecast::data::arcgis::pbf;
use crimecast::data::arcgis::{parse_page, FieldResolver};
use prost::Message;
use serde_json::{json, Map, Value};

fn gzip(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// The PBF field type code of an Esri JSON field type.
fn field_type(t: &str) -> i32 {
    match t {
        "esriFieldTypeInteger" => 1,
        "esriFieldTypeDouble" => 3,
        "esriFieldTypeDate" => 5,
        "esriFieldTypeOID" => 6,
        _ => 4,
    }
}

fn pbf_value(v: &Value) -> pbf::Value {
    use pbf::ValueType as T;
    pbf::Value {
        value_type: match v {
            Value::String(s) => Some(T::StringValue(s.clone())),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Some(T::Sint64Value(i)),
                None => Some(T::DoubleValue(n.as_f64().unwrap())),
            },
            _ => None,
        },
    }
}

#[test]
fn compact_pbf_pages_carry_the_same_rows_in_fewer_bytes() {
    let Some(path) = shared("arcgis/rms_page_old_schema.json") else {
        return;
    };
    let captured = std::fs::read_to_string(path).unwrap();
    let page = parse_page(&captured).unwrap();
    let rows = page.features.len();
    assert_eq!(rows, 2000);
    // The captured page describes its fields as the layer does: plan from them.
    let info = parse_layer(&captured).unwrap();
    let plan = Plan::from_layer(&info).unwrap();
    let fields = plan.out_fields.clone().unwrap();
    assert_eq!(
        fields.join(","),
        "oid,report_number,incident_timestamp,offense_category,offense_description,precinct,neighborhood,longitude,latitude"
    );
    assert!(!plan.return_geometry);
    let types: Vec<(String, String)> = fields
        .iter()
        .map(|f| {
            let t = info.fields.iter().find(|x| &x.name == f).unwrap();
            (f.clone(), t.field_type.clone())
        })
        .collect();
    // The compact JSON reply: the fields asked for, no geometry.
    let compact: Vec<Value> = page
        .features
        .iter()
        .map(|(a, _)| {
            let m: Map<String, Value> = fields.iter().map(|f| (f.clone(), a[f].clone())).collect();
            json!({ "attributes": m })
        })
        .collect();
    let json_fields: Vec<Value> = types
        .iter()
        .map(|(n, t)| json!({"name": n, "type": t, "alias": n}))
        .collect();
    let compact_json = json!({
        "objectIdFieldName": "oid",
        "fields": json_fields,
        "features": compact,
        "exceededTransferLimit": true,
    })
    .to_string();
    // The same rows as a protocol buffer.
    let result = pbf::FeatureResult {
        object_id_field_name: "oid".into(),
        exceeded_transfer_limit: true,
        fields: types
            .iter()
            .map(|(n, t)| pbf::Field {
                name: n.clone(),
                field_type: field_type(t),
                alias: n.clone(),
            })
            .collect(),
        features: page
            .features
            .iter()
            .map(|(a, _)| pbf::Feature {
                attributes: fields.iter().map(|f| pbf_value(&a[f])).collect(),
                geometry: None,
            })
            .collect(),
        ..pbf::FeatureResult::default()
    };
    let pbf_bytes = pbf::FeatureCollectionPBuffer {
        version: "1.0".into(),
        query_result: Some(pbf::QueryResult {
            results: Some(pbf::Results::FeatureResult(result)),
        }),
    }
    .encode_to_vec();

    // Same rows, same values, through the one row path.
    let from_json = parse_page(&compact_json).unwrap();
    let from_pbf = pbf::decode_page(&pbf_bytes).unwrap();
    assert_eq!(from_pbf.features.len(), rows);
    assert!(from_pbf.exceeded_transfer_limit);
    let (mut rj, mut rp) = (FieldResolver::new(), FieldResolver::new());
    for ((aj, gj), (ap, gp)) in from_json.features.iter().zip(&from_pbf.features) {
        assert_eq!(rj.record(aj, *gj), rp.record(ap, *gp));
    }

    let per_row = |n: usize| n as f64 / rows as f64;
    let sizes = [
        ("captured", captured.len(), gzip(captured.as_bytes())),
        (
            "compact json",
            compact_json.len(),
            gzip(compact_json.as_bytes()),
        ),
        ("compact pbf", pbf_bytes.len(), gzip(&pbf_bytes)),
    ];
    for (name, raw, z) in sizes {
        println!(
            "{name}: {:.1} bytes/row, {:.1} gzip bytes/row",
            per_row(raw),
            per_row(z)
        );
    }
    let [(_, full, full_z), (_, json, json_z), (_, pbf, pbf_z)] = sizes;
    // The table above, within a byte a row (gzip output may vary by a few bytes a page).
    for (got, want) in [
        (full, 684.6),
        (full_z, 95.0),
        (json, 276.3),
        (json_z, 37.9),
        (pbf, 115.9),
        (pbf_z, 33.1),
    ] {
        assert!(
            (per_row(got) - want).abs() < 1.0,
            "{} vs {want}",
            per_row(got)
        );
    }
    assert!(pbf_z < json_z && json_z < full_z);
}
