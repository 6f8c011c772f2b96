use super::*;

/// A layer description of the current schema, shaped like the City's layer (fields, counts,
/// formats and capabilities as the service publishes them).
pub(crate) fn current_layer(max: u32, formats: &str) -> String {
    let fields = [
        ("ESRI_OID", "esriFieldTypeOID"),
        ("report_number", "esriFieldTypeString"),
        ("incident_occurred_at", "esriFieldTypeDate"),
        ("offense_category", "esriFieldTypeString"),
        ("offense_description", "esriFieldTypeString"),
        ("police_precinct", "esriFieldTypeString"),
        ("neighborhood", "esriFieldTypeString"),
        ("council_district", "esriFieldTypeInteger"),
        ("zip_code", "esriFieldTypeString"),
        ("nearest_intersection", "esriFieldTypeString"),
        ("longitude", "esriFieldTypeDouble"),
        ("latitude", "esriFieldTypeDouble"),
    ];
    let fields: Vec<String> = fields
        .iter()
        .map(|(n, t)| format!(r#"{{"name":"{n}","type":"{t}","alias":"{n}"}}"#))
        .collect();
    format!(
        r#"{{"currentVersion":11.5,"id":0,"name":"RMS_Crime_Incidents","type":"Feature Layer",
        "geometryType":"esriGeometryPoint","objectIdField":"ESRI_OID","fields":[{}],
        "maxRecordCount":{max},"standardMaxRecordCount":32000,"tileMaxRecordCount":8000,
        "supportedQueryFormats":"{formats}",
        "advancedQueryCapabilities":{{"supportsPagination":true,"supportsStatistics":true,
        "supportsOrderBy":true,"supportsDistinct":true,"supportsCountDistinct":true,
        "supportsQueryWithResultType":false}}}}"#,
        fields.join(",")
    )
}

#[test]
fn layer_url_drops_the_query_suffix() {
    assert_eq!(
        layer_url("https://h/x/FeatureServer/0/query"),
        "https://h/x/FeatureServer/0?f=json"
    );
    assert_eq!(
        layer_url("http://127.0.0.1:9/mock/ok/query?"),
        "http://127.0.0.1:9/mock/ok?f=json"
    );
}

#[test]
fn the_current_layer_gives_a_compact_pbf_plan() {
    let info = parse_layer(&current_layer(2000, "JSON, geoJSON, PBF")).unwrap();
    assert_eq!(info.object_id(), Some("ESRI_OID"));
    assert!(info.offers_pbf());
    let plan = Plan::from_layer(&info).unwrap();
    assert_eq!(plan.page_size, 2000);
    assert!(!plan.result_type_standard);
    assert_eq!(plan.format, Format::Pbf);
    assert!(!plan.return_geometry, "coordinates are attributes");
    assert!(plan.statistics && plan.count_distinct && plan.from_metadata);
    assert_eq!(
        plan.out_fields_param(),
        "ESRI_OID,report_number,incident_occurred_at,offense_category,offense_description,\
         police_precinct,neighborhood,longitude,latitude"
    );
    assert_eq!(plan.date_field, "incident_occurred_at");
    assert_eq!(plan.precinct_field, "police_precinct");
}

#[test]
fn the_page_size_follows_max_record_count_and_standard_pages_are_capped() {
    let info = parse_layer(&current_layer(1000, "JSON")).unwrap();
    let plan = Plan::from_layer(&info).unwrap();
    assert_eq!(plan.page_size, 1000);
    assert_eq!(plan.format, Format::Json);
    let text = current_layer(2000, "JSON").replace(
        r#""supportsQueryWithResultType":false"#,
        r#""supportsQueryWithResultType":true"#,
    );
    let info = parse_layer(&text).unwrap();
    let plan = Plan::from_layer(&info).unwrap();
    assert!(!plan.result_type_standard, "standard pages are opt-in");
    assert_eq!(plan.page_size, 2000);
    let plan = plan.with_standard_pages(&info);
    assert!(plan.result_type_standard);
    assert_eq!(plan.page_size, MAX_STANDARD_PAGE);
    // Not offered: unchanged.
    let plain = parse_layer(&current_layer(2000, "JSON")).unwrap();
    let p = Plan::from_layer(&plain).unwrap();
    assert_eq!(p.with_standard_pages(&plain), p);
    let smaller = plan.with_page_size(1000);
    assert_eq!(smaller.page_size, 1000);
    assert!(!smaller.result_type_standard);
}

#[test]
fn the_old_schema_keeps_its_names_and_asks_for_geometry_without_coordinates() {
    let text = r#"{"objectIdFieldName":"oid","maxRecordCount":2000,"fields":[
        {"name":"crime_id","type":"esriFieldTypeString"},
        {"name":"report_number","type":"esriFieldTypeString"},
        {"name":"address","type":"esriFieldTypeString"},
        {"name":"offense_category","type":"esriFieldTypeString"},
        {"name":"incident_timestamp","type":"esriFieldTypeDate"},
        {"name":"precinct","type":"esriFieldTypeString"},
        {"name":"oid","type":"esriFieldTypeOID"}]}"#;
    let plan = Plan::from_layer(&parse_layer(text).unwrap()).unwrap();
    assert_eq!(plan.object_id_field, "oid");
    assert_eq!(plan.date_field, "incident_timestamp");
    assert_eq!(plan.precinct_field, "precinct");
    assert!(plan.return_geometry);
    assert_eq!(
        plan.out_fields_param(),
        "oid,report_number,incident_timestamp,offense_category,precinct"
    );
    assert!(!plan.statistics, "nothing declares statistics");
}

#[test]
fn a_missing_needed_field_is_one_error_naming_it() {
    let text = current_layer(2000, "JSON").replace("police_precinct", "precinct_name");
    let e = Plan::from_layer(&parse_layer(&text).unwrap()).unwrap_err();
    match &e {
        Error::Schema { missing, found } => {
            assert_eq!(missing, "police_precinct");
            assert!(found.contains("precinct_name"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(e.to_string().contains("police_precinct"));
}

#[test]
fn error_replies_and_other_json_are_not_descriptions() {
    let e = parse_layer(r#"{"error":{"code":499,"message":"Token Required"}}"#).unwrap_err();
    assert!(matches!(e, Error::Service { code: 499, .. }));
    assert!(parse_layer(r#"{"count":3}"#).is_err());
    assert!(parse_layer("<html>").is_err());
    let plan = Plan::fallback();
    assert_eq!(plan.page_size, 2000);
    assert_eq!(plan.out_fields_param(), "*");
    assert_eq!(plan.format, Format::Json);
    assert!(plan.return_geometry && !plan.from_metadata);
}
