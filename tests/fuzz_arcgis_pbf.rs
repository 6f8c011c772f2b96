//! Property tests of the whole-history load's parsers: `f=pbf` pages (encoded from random
//! features, then edited byte by byte, and arbitrary bytes), layer descriptions and grouped
//! statistics replies on arbitrary and ArcGIS-shaped JSON. Nothing may panic; what decodes
//! must say what was encoded; memory stays proportional to the reply.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::data::arcgis::metadata::{parse_layer, Plan};
use crimecast::data::arcgis::pbf::{self, decode_page, json_value, ValueType};
use crimecast::data::arcgis::stats::parse_grouped;
use crimecast::data::Error;
use fuzz_common::alloc::measure;
use fuzz_common::{config, gen};
use proptest::prelude::*;
use prost::Message;
use serde_json::Value;

fn value() -> BoxedStrategy<pbf::Value> {
    let kind = prop_oneof![
        Just(None),
        ".{0,12}".prop_map(|s| Some(ValueType::StringValue(s))),
        any::<f32>().prop_map(|x| Some(ValueType::FloatValue(x))),
        any::<f64>().prop_map(|x| Some(ValueType::DoubleValue(x))),
        any::<i32>().prop_map(|x| Some(ValueType::SintValue(x))),
        any::<u32>().prop_map(|x| Some(ValueType::UintValue(x))),
        any::<i64>().prop_map(|x| Some(ValueType::Int64Value(x))),
        any::<u64>().prop_map(|x| Some(ValueType::Uint64Value(x))),
        any::<i64>().prop_map(|x| Some(ValueType::Sint64Value(x))),
        any::<bool>().prop_map(|x| Some(ValueType::BoolValue(x))),
    ];
    kind.prop_map(|value_type| pbf::Value { value_type })
        .boxed()
}

/// A page of up to 8 fields and 20 features, each with one value per field, some with points.
fn page() -> BoxedStrategy<pbf::FeatureResult> {
    (1usize..8, any::<bool>())
        .prop_flat_map(|(nf, more)| {
            let feature = (
                prop::collection::vec(value(), nf),
                prop::option::of((-(1i64 << 50)..(1i64 << 50), -(1i64 << 50)..(1i64 << 50))),
            )
                .prop_map(|(attributes, xy)| pbf::Feature {
                    attributes,
                    geometry: xy.map(|(x, y)| pbf::Geometry {
                        geometry_type: pbf::GEOMETRY_POINT,
                        lengths: vec![],
                        coords: vec![x, y],
                    }),
                });
            (Just(nf), Just(more), prop::collection::vec(feature, 0..20))
        })
        .prop_map(|(nf, more, features)| pbf::FeatureResult {
            exceeded_transfer_limit: more,
            fields: (0..nf)
                .map(|i| pbf::Field {
                    name: format!("f{i}"),
                    field_type: 4,
                    alias: String::new(),
                })
                .collect(),
            features,
            ..pbf::FeatureResult::default()
        })
        .boxed()
}

fn encode(result: &pbf::FeatureResult) -> Vec<u8> {
    pbf::FeatureCollectionPBuffer {
        version: "1".into(),
        query_result: Some(pbf::QueryResult {
            results: Some(pbf::Results::FeatureResult(result.clone())),
        }),
    }
    .encode_to_vec()
}

proptest! {
    #![proptest_config(config())]

    /// Encoded pages decode to their values (as JSON), their points (no transform: the
    /// integers) and their flag.
    #[test]
    fn pbf_pages_decode_to_what_was_encoded(result in page()) {
        let page = decode_page(&encode(&result)).unwrap();
        prop_assert_eq!(page.exceeded_transfer_limit, result.exceeded_transfer_limit);
        prop_assert_eq!(page.features.len(), result.features.len());
        for ((attrs, xy), f) in page.features.iter().zip(&result.features) {
            for (i, v) in f.attributes.iter().enumerate() {
                prop_assert_eq!(&attrs[&format!("f{i}")], &json_value(v));
            }
            let want = f.geometry.as_ref().map(|g| (g.coords[0] as f64, g.coords[1] as f64));
            prop_assert_eq!(*xy, want);
        }
    }

    /// Edited and arbitrary bytes: no panic, errors are parse or service errors, memory
    /// proportional to the input.
    #[test]
    fn damaged_pbf_is_an_error_or_a_page(
        result in page(),
        edits in gen::edits(),
        junk in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        for bytes in [gen::mutate_bytes(encode(&result), &edits), junk.clone()] {
            let (r, usage) = measure(|| decode_page(&bytes));
            prop_assert!(usage.peak <= 64 * 1024 + 400 * bytes.len(), "{} bytes: {:?}", bytes.len(), usage);
            if let Err(e) = r {
                prop_assert!(matches!(e, Error::Parse(_) | Error::Service { .. }), "{e:?}");
            }
        }
    }

    /// Arbitrary and ArcGIS-shaped JSON: descriptions and statistics never panic; statistics
    /// that parse hold trimmed keys and every group's count.
    #[test]
    fn descriptions_and_statistics_never_panic(text in gen::arcgis_text()) {
        if let Ok(info) = parse_layer(&text) {
            let _ = Plan::from_layer(&info);
        }
        let plan = Plan::fallback();
        if let Ok(cells) = parse_grouped(&text, &plan) {
            for c in &cells {
                prop_assert_eq!(c.precinct.trim(), c.precinct.as_str());
                prop_assert_eq!(c.category.trim(), c.category.as_str());
            }
            let v: Value = serde_json::from_str(&text).unwrap();
            let groups = v["features"].as_array().map_or(0, Vec::len);
            prop_assert!(cells.len() <= groups);
        }
    }
}
