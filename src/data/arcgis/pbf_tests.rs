use super::*;
use crate::data::arcgis::FieldResolver;
use crate::data::raw::RawTime;

fn v(t: ValueType) -> Value {
    Value {
        value_type: Some(t),
    }
}

fn field(name: &str, field_type: i32) -> Field {
    Field {
        name: name.into(),
        field_type,
        alias: name.into(),
    }
}

fn reply(result: FeatureResult) -> Vec<u8> {
    FeatureCollectionPBuffer {
        version: "1.0".into(),
        query_result: Some(QueryResult {
            results: Some(Results::FeatureResult(result)),
        }),
    }
    .encode_to_vec()
}

#[test]
fn attributes_of_every_kind_and_nulls_decode_into_the_json_row_path() {
    let bytes = reply(FeatureResult {
        object_id_field_name: "ESRI_OID".into(),
        exceeded_transfer_limit: true,
        fields: vec![
            field("ESRI_OID", 6),
            field("report_number", 4),
            field("incident_occurred_at", 5),
            field("offense_category", 4),
            field("police_precinct", 4),
            field("longitude", 3),
            field("latitude", 3),
            field("council_district", 1),
        ],
        features: vec![Feature {
            attributes: vec![
                v(ValueType::Uint64Value(17)),
                v(ValueType::StringValue("2501230001".into())),
                v(ValueType::Sint64Value(1_761_249_600_000)),
                v(ValueType::StringValue("LARCENY ".into())),
                v(ValueType::StringValue("02".into())),
                v(ValueType::DoubleValue(-83.05)),
                v(ValueType::FloatValue(42.25)),
                Value { value_type: None },
            ],
            geometry: None,
        }],
        ..FeatureResult::default()
    });
    let page = decode_page(&bytes).unwrap();
    assert!(page.exceeded_transfer_limit);
    assert_eq!(page.features.len(), 1);
    let (attrs, geom) = &page.features[0];
    assert_eq!(geom, &None);
    assert_eq!(attrs["council_district"], Json::Null);
    assert_eq!(attrs["ESRI_OID"], Json::from(17));
    let rec = FieldResolver::new().record(attrs, None);
    assert_eq!(rec.object_id, Some(17));
    assert_eq!(rec.report_number, "2501230001");
    assert_eq!(rec.occurred, RawTime::EpochMs(1_761_249_600_000));
    assert_eq!(rec.offense_category, "LARCENY ");
    assert_eq!(rec.precinct, "02");
    assert_eq!(rec.longitude, Some(-83.05));
    assert_eq!(rec.latitude, Some(42.25));
}

#[test]
fn quantised_points_follow_the_transform() {
    // Upper-left origin: y = translate − q × scale. Lower-left: y = translate + q × scale.
    let t = Transform {
        quantize_origin_postion: 0,
        scale: Some(Scale {
            x_scale: 1e-6,
            y_scale: 1e-6,
        }),
        translate: Some(Translate {
            x_translate: -84.0,
            y_translate: 43.0,
        }),
    };
    let g = Geometry {
        geometry_type: GEOMETRY_POINT,
        lengths: vec![],
        coords: vec![950_000, 650_000],
    };
    let (x, y) = point(&g, Some(&t)).unwrap();
    assert!(
        (x - -83.05).abs() < 1e-9 && (y - 42.35).abs() < 1e-9,
        "{x} {y}"
    );
    let lower = Transform {
        quantize_origin_postion: ORIGIN_LOWER_LEFT,
        translate: Some(Translate {
            x_translate: -84.0,
            y_translate: 42.0,
        }),
        ..t.clone()
    };
    let (_, y) = point(&g, Some(&lower)).unwrap();
    assert!((y - 42.65).abs() < 1e-9, "{y}");
    // The service's own grid: 1e-9 degrees from (-400, 400) needs more than 32 bits.
    let service = Transform {
        quantize_origin_postion: 0,
        scale: Some(Scale {
            x_scale: 1e-9,
            y_scale: 1e-9,
        }),
        translate: Some(Translate {
            x_translate: -400.0,
            y_translate: 400.0,
        }),
    };
    let fine = Geometry {
        geometry_type: GEOMETRY_POINT,
        lengths: vec![],
        coords: vec![316_950_000_000, 357_650_000_000],
    };
    let (x, y) = point(&fine, Some(&service)).unwrap();
    assert!(
        (x - -83.05).abs() < 1e-6 && (y - 42.35).abs() < 1e-6,
        "{x} {y}"
    );
    let bytes = reply(FeatureResult {
        fields: vec![field("oid", 6)],
        transform: Some(t),
        features: vec![Feature {
            attributes: vec![v(ValueType::SintValue(3))],
            geometry: Some(g),
        }],
        ..FeatureResult::default()
    });
    let page = decode_page(&bytes).unwrap();
    let (attrs, geom) = &page.features[0];
    let rec = FieldResolver::new().record(attrs, *geom);
    assert!((rec.longitude.unwrap() - -83.05).abs() < 1e-9);
    assert!((rec.latitude.unwrap() - 42.35).abs() < 1e-9);
    assert!(!page.exceeded_transfer_limit);
}

#[test]
fn error_objects_and_damaged_bytes_are_errors() {
    let e =
        decode_page(br#" {"error":{"code":500,"message":"Unable to perform query"}}"#).unwrap_err();
    assert!(matches!(e, Error::Service { code: 500, .. }));
    let good = reply(FeatureResult {
        fields: vec![field("oid", 6)],
        features: vec![Feature {
            attributes: vec![v(ValueType::StringValue("x".repeat(40)))],
            geometry: None,
        }],
        ..FeatureResult::default()
    });
    assert!(decode_page(&good[..good.len() - 5]).is_err(), "cut short");
    let count = FeatureCollectionPBuffer {
        version: String::new(),
        query_result: Some(QueryResult {
            results: Some(Results::CountResult(CountResult { count: 42 })),
        }),
    }
    .encode_to_vec();
    assert!(decode_page(&count).is_err(), "a count is not a page");
    assert_eq!(decode_count(&count).unwrap(), 42);
    let too_many = reply(FeatureResult {
        fields: vec![field("oid", 6)],
        features: vec![Feature {
            attributes: vec![v(ValueType::BoolValue(true)), v(ValueType::UintValue(1))],
            geometry: None,
        }],
        ..FeatureResult::default()
    });
    assert!(decode_page(&too_many).is_err());
}
