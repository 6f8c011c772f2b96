//! GeoJSON FeatureCollections of incident points (either schema in `properties`), read one
//! feature at a time: no document tree is built. Each element of `features` becomes a typed
//! [`Feature`] (the incident fields of its properties, its geometry), is handed on as a
//! [`RawRecord`] and dropped, so memory stays a small multiple of the largest single feature
//! whatever the number of features. The first feature's properties must name both required
//! fields; a document whose first feature lacks them is refused as soon as that feature is
//! read.

/// Visitor methods reading the listed kinds of scalar as `$value`.
macro_rules! scalars_as {
    ($value:expr; $($kind:ident),+) => {
        $(scalars_as!(@one $kind, $value);)+
    };
    (@one bool, $value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> ::std::result::Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one i64, $value:expr) => {
        fn visit_i64<E: de::Error>(self, _: i64) -> ::std::result::Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one u64, $value:expr) => {
        fn visit_u64<E: de::Error>(self, _: u64) -> ::std::result::Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one f64, $value:expr) => {
        fn visit_f64<E: de::Error>(self, _: f64) -> ::std::result::Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one str, $value:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> ::std::result::Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one unit, $value:expr) => {
        fn visit_unit<E: de::Error>(self) -> ::std::result::Result<Self::Value, E> {
            Ok($value)
        }
    };
}

pub mod collection;
pub mod feature;
pub mod geometry;
pub mod properties;
pub mod skip;

use std::io;

use serde_json::de::{IoRead, StrRead};

pub use collection::{scan, Elements, Scan, Top, TopType};
pub use feature::{Feature, FeatureSeed};
pub use geometry::{Coords, GeomKind, Geometry};
pub use properties::{PropValue, Properties};

use super::raw::RawRecord;
use super::{Error, Result};

/// Refuse `properties` (the first feature's) that do not name both required fields.
fn check_schema(p: &Properties<'_>) -> Result<()> {
    let missing = p.missing();
    if missing.is_empty() {
        return Ok(());
    }
    let mut found = p.names.join(", ");
    if p.more_names {
        found.push_str(", …");
    }
    Err(Error::Schema {
        missing: missing.join(", "),
        found,
    })
}

/// The number of features of a scanned collection: an error when `features` is missing or
/// not an array ([`Error::Parse`]) or empty ([`Error::Empty`]).
fn feature_count(top: &Top) -> Result<usize> {
    match top.features {
        None => Err(Error::Parse(
            "not a GeoJSON FeatureCollection (no \"features\")".into(),
        )),
        Some(0) => Err(Error::Empty("the FeatureCollection has no features".into())),
        Some(n) => Ok(n),
    }
}

/// Parse a FeatureCollection and call `on_row` for each feature; returns the number of
/// features. Features whose geometry is not a Point keep the coordinates from their
/// properties (if any).
///
/// The text is read twice: first to check it (syntax, the `features` array, the first
/// feature's fields: a missing field stops this pass at the first feature), then to hand out
/// the rows. On an error no row has been handed out.
pub fn read(text: &str, on_row: &mut dyn FnMut(RawRecord<'_>)) -> Result<usize> {
    let mut check = |_: usize, f: Feature<'_>| check_schema(&f.properties);
    let top = scan(
        StrRead::new(text),
        &mut Scan {
            elements: Elements::First,
            properties: true,
            names: true,
            geometry: false,
            on_feature: &mut check,
        },
    )?;
    let n = feature_count(&top)?;
    let mut emit = |_: usize, f: Feature<'_>| {
        on_row(f.record());
        Ok(())
    };
    scan(
        StrRead::new(text),
        &mut Scan {
            elements: Elements::All,
            properties: true,
            names: false,
            geometry: false,
            on_feature: &mut emit,
        },
    )?;
    Ok(n)
}

/// [`read`] from a byte stream, in one pass: rows are handed out as their features are read,
/// so on an error (a syntax error late in the stream, say) the rows already handed out are
/// to be discarded. The first feature is checked before any row is handed out.
pub fn read_from(reader: impl io::Read, on_row: &mut dyn FnMut(RawRecord<'_>)) -> Result<usize> {
    let mut emit = |i: usize, f: Feature<'_>| {
        if i == 0 {
            check_schema(&f.properties)?;
        }
        on_row(f.record());
        Ok(())
    };
    let top = scan(
        IoRead::new(io::BufReader::new(reader)),
        &mut Scan {
            elements: Elements::All,
            properties: true,
            names: true,
            geometry: false,
            on_feature: &mut emit,
        },
    )?;
    feature_count(&top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_and_properties() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[-83.05,42.35]},
             "properties":{"incident_occurred_at":1761249600000,"offense_category":"LARCENY","police_precinct":"02"}},
            {"type":"Feature","geometry":null,"properties":{"incident_occurred_at":"2025/10/23 20:00:00+00","offense_category":"ARSON","longitude":-83.1,"latitude":42.4}}]}"#;
        let mut rows = vec![];
        let n = read(text, &mut |r| {
            rows.push((r.offense_category.to_string(), r.longitude))
        })
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            rows,
            vec![
                ("LARCENY".into(), Some(-83.05)),
                ("ARSON".into(), Some(-83.1))
            ]
        );
        assert!(matches!(
            read(r#"{"features":[{"properties":{"x":1}}]}"#, &mut |_| {}),
            Err(Error::Schema { .. })
        ));
        assert!(read("[1,2", &mut |_| {}).is_err());
    }

    #[test]
    fn arrays_and_objects_read_as_their_json_text() {
        let text = r#"{"features":[{"properties":{"incident_occurred_at":1,
            "offense_category":["A", {"b": 1.5, "c": null}, "\u00e9\n"],"junk":{"x":[1,2]}}}]}"#;
        let mut category = String::new();
        read(text, &mut |r| category = r.offense_category.to_string()).unwrap();
        assert_eq!(category, r#"["A",{"b":1.5,"c":null},"é\n"]"#);
    }

    #[test]
    fn a_second_features_member_is_refused() {
        let text = r#"{"features":[],"features":[{"properties":{}}]}"#;
        let err = read(text, &mut |_| {}).unwrap_err();
        assert!(
            err.to_string().contains("more than one \"features\""),
            "{err}"
        );
    }

    #[test]
    fn the_first_feature_is_checked_before_the_rest_is_read() {
        // The schema error wins over the syntax error further on: the pass stopped first.
        let text = r#"{"features":[{"properties":{"Name":"x","b":1}}, {oops"#;
        match read(text, &mut |_| {}) {
            Err(Error::Schema { missing, found }) => {
                assert_eq!(missing, "incident_occurred_at, offense_category");
                assert_eq!(found, "Name, b");
            }
            other => panic!("{other:?}"),
        }
        let stream = read_from(text.as_bytes(), &mut |_| {});
        assert!(matches!(stream, Err(Error::Schema { .. })), "{stream:?}");
        assert!(matches!(
            read(r#"{"type":"FeatureCollection","features":[]}"#, &mut |_| {}),
            Err(Error::Empty(_))
        ));
        assert!(matches!(
            read(r#"{"features":{}}"#, &mut |_| {}),
            Err(Error::Parse(_))
        ));
    }
}
