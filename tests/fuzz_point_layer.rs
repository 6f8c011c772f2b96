//! Property tests of the point-layer reader (`src/data/point_layer.rs`) on GeoJSON and CSV
//! layers, valid, cut short, edited or arbitrary, small and large (up to 10,000 points). Nothing
//! may panic; GeoJSON layers must hold exactly the points the JSON says (checked against a
//! reading of the whole document as a `serde_json::Value`), read in memory bounded by the
//! largest feature; every layer must keep only valid points and account for every row.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::data::point_layer::{
    parse_csv, parse_geojson, parse_layer, PointLayer, MAX_LAYER_BYTES, MAX_LAYER_POINTS,
};
use crimecast::data::Error;
use fuzz_common::alloc::measure;
use fuzz_common::{config, config_large, gen, line_breaks, top_level_keys};
use proptest::prelude::*;
use serde_json::Value;

/// Fixed allowance of every read, bytes.
const BASE: usize = 64 * 1024;
/// Peak memory allowed per byte of the largest single feature.
const PER_FEATURE_BYTE: usize = 16;

/// One feature's points: (lon, lat) per point, `None` where a coordinate is not a number;
/// `None` for a feature with no point geometry.
type FeaturePoints = Option<Vec<(Option<f64>, Option<f64>)>>;

/// What a layer file should give: per feature, the (lon, lat) each point offers (`None` where
/// a coordinate is not a number), or `None` for a feature with no point geometry; `Err` for
/// a file to refuse. Read from the whole document as a tree.
fn expected(text: &str) -> Result<Vec<FeaturePoints>, ()> {
    let v: Value = serde_json::from_str(text).map_err(|_| ())?;
    if top_level_keys(text)
        .iter()
        .filter(|k| *k == "features")
        .count()
        > 1
    {
        return Err(());
    }
    let features: Vec<&Value> = match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => v
            .get("features")
            .and_then(Value::as_array)
            .ok_or(())?
            .iter()
            .collect(),
        Some("Feature") => vec![&v],
        _ => return Err(()),
    };
    let xy = |c: &Value| {
        let a = c.as_array();
        (
            a.and_then(|a| a.first()).and_then(Value::as_f64),
            a.and_then(|a| a.get(1)).and_then(Value::as_f64),
        )
    };
    Ok(features
        .iter()
        .map(|f| {
            let g = f.get("geometry")?;
            let c = g.get("coordinates")?;
            match g.get("type").and_then(Value::as_str)? {
                "Point" => Some(vec![xy(c)]),
                "MultiPoint" => Some(c.as_array()?.iter().map(xy).collect()),
                _ => None,
            }
        })
        .collect())
}

/// The layer `expected` describes (before the count limit and the empty-layer error).
fn layer_of(features: &[FeaturePoints]) -> (Vec<(f64, f64)>, usize) {
    let mut points = Vec::new();
    let mut rows = 0;
    for f in features {
        match f {
            Some(pts) => {
                rows += pts.len();
                points.extend(pts.iter().filter_map(|p| match *p {
                    (Some(x), Some(y))
                        if x.is_finite()
                            && y.is_finite()
                            && (-180.0..=180.0).contains(&x)
                            && (-90.0..=90.0).contains(&y) =>
                    {
                        Some((x, y))
                    }
                    _ => None,
                }));
            }
            None => rows += 1,
        }
    }
    (points, rows)
}

/// The largest feature of `text` as compact JSON (the whole text when it is no collection).
fn largest_feature(text: &str) -> usize {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return text.len();
    };
    match v.get("features").and_then(Value::as_array) {
        Some(features) => features
            .iter()
            .map(|f| f.to_string().len())
            .max()
            .unwrap_or(0),
        None => text.len(),
    }
}

/// Every point of `layer` is a valid WGS84 position and every row is accounted for.
fn valid(layer: &PointLayer) -> Result<(), TestCaseError> {
    prop_assert_eq!(layer.lon.len(), layer.lat.len());
    prop_assert!(!layer.is_empty() && layer.len() <= MAX_LAYER_POINTS);
    prop_assert_eq!(layer.rows, layer.len() + layer.skipped);
    prop_assert!(!layer.synthetic);
    for (x, y) in layer.lon.iter().zip(&layer.lat) {
        prop_assert!(x.is_finite() && (-180.0..=180.0).contains(x));
        prop_assert!(y.is_finite() && (-90.0..=90.0).contains(y));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Any GeoJSON-ish text: no panic; exactly the points, rows and skipped rows the JSON
    /// says, or an error exactly when it is no FeatureCollection or Feature (or has no
    /// valid point); memory within a small multiple of the largest feature plus the points.
    #[test]
    fn geojson_layers_hold_what_the_json_says(text in gen::layer::layer_geojson_text()) {
        let (got, usage) = measure(|| parse_geojson("layer.geojson", &text));
        let points = got.as_ref().map_or(0, PointLayer::len);
        let held = 2 * 2 * 8 * points.next_power_of_two();
        let largest = largest_feature(&text);
        prop_assert!(
            usage.peak <= BASE + PER_FEATURE_BYTE * largest + held,
            "{} bytes, largest feature {largest}: {:?}", text.len(), usage
        );
        let want = expected(&text).map(|f| layer_of(&f));
        match (got, want) {
            (Ok(layer), Ok((points, rows))) => {
                valid(&layer)?;
                let got: Vec<(u64, u64)> =
                    layer.lon.iter().zip(&layer.lat).map(|(x, y)| (x.to_bits(), y.to_bits())).collect();
                let want: Vec<(u64, u64)> = points.iter().map(|(x, y)| (x.to_bits(), y.to_bits())).collect();
                prop_assert_eq!(got, want);
                prop_assert_eq!(layer.rows, rows);
            }
            (Err(e), Ok((points, _))) => {
                prop_assert!(points.is_empty(), "refused {} points: {e}", points.len());
                prop_assert!(matches!(e, Error::Empty(_)), "{e:?}");
            }
            (Err(e), Err(())) => {
                prop_assert!(matches!(e, Error::Parse(_)), "{e:?}");
                prop_assert!(e.to_string().len() <= 200 + 2 * text.len());
            }
            (Ok(layer), Err(())) => prop_assert!(false, "read {} points from {text:?}", layer.len()),
        }
    }

    /// Any CSV-ish bytes: no panic; a layer of valid points with every row accounted for (at
    /// most one per line), or an error in words; memory proportional to the input.
    #[test]
    fn csv_layers_keep_only_valid_points(bytes in gen::layer::layer_csv_bytes()) {
        let (got, usage) = measure(|| parse_layer("layer.csv", &bytes));
        prop_assert!(usage.peak <= BASE + 32 * bytes.len(), "{} bytes: {:?}", bytes.len(), usage);
        match got {
            Ok(layer) => {
                valid(&layer)?;
                prop_assert!(layer.rows <= line_breaks(&bytes) + 1);
            }
            Err(e) => {
                prop_assert!(matches!(e, Error::Schema { .. } | Error::Empty(_) | Error::Parse(_)), "{e:?}");
                prop_assert!(e.to_string().len() <= 200 + 3 * bytes.len());
            }
        }
    }

    /// Any bytes under any name: read as CSV or GeoJSON without a panic, valid or refused.
    #[test]
    fn any_file_is_read_or_refused(
        name in prop_oneof![
            prop::sample::select(vec!["a.csv", "b.geojson", "c.JSON", "d"]).prop_map(String::from),
            ".{0,12}",
        ],
        bytes in prop_oneof![
            gen::layer::layer_csv_bytes(),
            gen::layer::layer_geojson_text().prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 0..300),
        ],
    ) {
        if let Ok(layer) = parse_layer(&name, &bytes) {
            valid(&layer)?;
        }
    }
}

proptest! {
    #![proptest_config(config_large())]

    /// Large layers (up to 10,000 points; long names; Points and MultiPoints): every point
    /// read, in order, from the CSV and from the GeoJSON alike.
    #[test]
    fn large_layers_read_every_point(l in gen::large::large()) {
        let (csv, geojson, points) = gen::large::point_layer(&l);
        let bits: Vec<(u64, u64)> = points.iter().map(|(x, y)| (x.to_bits(), y.to_bits())).collect();
        for (name, text) in [("stores.csv", &csv), ("stores.geojson", &geojson)] {
            let (layer, usage) = measure(|| parse_layer(name, text.as_bytes()));
            let layer = layer.map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            valid(&layer)?;
            let got: Vec<(u64, u64)> =
                layer.lon.iter().zip(&layer.lat).map(|(x, y)| (x.to_bits(), y.to_bits())).collect();
            prop_assert_eq!(&got, &bits, "{}", name);
            prop_assert_eq!((layer.rows, layer.skipped), (points.len(), 0));
            prop_assert!(usage.peak <= BASE + 32 * text.len(), "{name}: {} bytes, {:?}", text.len(), usage);
        }
    }
}

/// A layer over the size limit is refused before it is read, in words.
#[test]
fn a_layer_over_the_size_limit_is_refused_in_words() {
    let bytes = vec![b' '; MAX_LAYER_BYTES + 1];
    let (got, usage) = measure(|| parse_layer("big.csv", &bytes));
    let e = got.unwrap_err();
    assert!(e.to_string().contains("64 MB"), "{e}");
    assert!(usage.peak <= BASE, "{usage:?}");
}

/// More points than the layer keeps: refused in words (CSV and GeoJSON alike).
#[test]
fn a_layer_with_too_many_points_is_refused_in_words() {
    let mut csv = String::from("lon,lat\n");
    let mut geojson = String::from(r#"{"type":"FeatureCollection","features":["#);
    for k in 0..=MAX_LAYER_POINTS {
        csv.push_str("-83.05,42.35\n");
        if k > 0 {
            geojson.push(',');
        }
        geojson.push_str(r#"{"geometry":{"type":"Point","coordinates":[-83.05,42.35]}}"#);
    }
    geojson.push_str("]}");
    for e in [
        parse_csv("many.csv", &csv).unwrap_err(),
        parse_geojson("many.geojson", &geojson).unwrap_err(),
    ] {
        assert!(e.to_string().contains("more than 200000 points"), "{e}");
    }
}
