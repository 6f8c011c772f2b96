//! GeoJSON FeatureCollections of incident points (either schema in `properties`).

use serde_json::Value;

use super::arcgis::FieldResolver;
use super::raw::{Field, RawRecord};
use super::{Error, Result};

/// Parse a FeatureCollection and call `on_row` for each feature. Features whose geometry is
/// not a Point keep the coordinates from their properties (if any).
pub fn read(text: &str, on_row: &mut dyn FnMut(RawRecord<'_>)) -> Result<usize> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Error::Parse(format!("not GeoJSON: {e}")))?;
    let features = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Parse("not a GeoJSON FeatureCollection (no \"features\")".into()))?;
    let mut resolver = FieldResolver::new();
    let mut checked = false;
    let empty = serde_json::Map::new();
    for f in features {
        let props = f
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if !checked {
            let present: Vec<Field> = props
                .keys()
                .filter_map(|k| resolver.field(k).map(|x| x.0))
                .collect();
            let missing: Vec<&str> = [Field::Occurred, Field::Category]
                .iter()
                .filter(|f| !present.contains(f))
                .map(|f| f.aliases()[0])
                .collect();
            if !missing.is_empty() {
                return Err(Error::Schema {
                    missing: missing.join(", "),
                    found: props.keys().cloned().collect::<Vec<_>>().join(", "),
                });
            }
            checked = true;
        }
        let point = f.get("geometry").and_then(|g| {
            if g.get("type").and_then(Value::as_str) != Some("Point") {
                return None;
            }
            let c = g.get("coordinates")?.as_array()?;
            Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?))
        });
        let rec = resolver.record(props, point);
        on_row(rec);
    }
    if features.is_empty() {
        return Err(Error::Empty("the FeatureCollection has no features".into()));
    }
    Ok(features.len())
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
}
