//! Boundary query replies: a GeoJSON FeatureCollection of Polygons and MultiPolygons
//! (`f=geojson`) or the service's own JSON with `rings` (`f=json`), either with the error
//! object the service sends with HTTP 200; and whether more pages follow.

use serde_json::{Map, Value};

use super::{BoundaryLayer, Part};
use crate::data::arcgis::reply::{check_error, value_text};
use crate::data::geography::Ring;
use crate::data::{Error, Result};

/// One page of a boundary layer: named parts, and whether the server has more.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryPage {
    /// Each feature's name and rings, in the reply's order.
    pub features: Vec<(String, Part)>,
    /// Whether the server has more features past this page.
    pub exceeded_transfer_limit: bool,
}

/// Parse a boundary reply for `layer` (GeoJSON or ArcGIS JSON, told apart by content).
/// Features without a name or without polygon rings are left out.
pub fn parse_reply(text: &str, layer: &BoundaryLayer) -> Result<BoundaryPage> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Error::Parse(format!("not JSON: {e}")))?;
    check_error(&v)?;
    let features = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Parse("the boundary reply has no features array".into()))?;
    let exceeded = v
        .get("exceededTransferLimit")
        .or_else(|| v.pointer("/properties/exceededTransferLimit"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut out = Vec::with_capacity(features.len());
    for f in features {
        let attrs = f
            .get("properties")
            .or_else(|| f.get("attributes"))
            .and_then(Value::as_object);
        let Some(name) = attrs.and_then(|a| name_of(a, layer.name_fields)) else {
            continue;
        };
        let rings = f.get("geometry").map(rings_of).unwrap_or_default();
        if !rings.is_empty() {
            out.push((name, Part { rings }));
        }
    }
    Ok(BoundaryPage {
        features: out,
        exceeded_transfer_limit: exceeded,
    })
}

/// The first non-empty value among `fields` (case-insensitive), trimmed.
fn name_of(attrs: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields.iter().find_map(|field| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| value_text(v).trim().to_string())
            .filter(|s| !s.is_empty())
    })
}

/// Every ring of a geometry: GeoJSON `Polygon`/`MultiPolygon` coordinates or ArcGIS `rings`.
fn rings_of(g: &Value) -> Vec<Ring> {
    if let Some(rings) = g.get("rings").and_then(Value::as_array) {
        return rings.iter().filter_map(ring_of).collect();
    }
    let coords = g.get("coordinates").and_then(Value::as_array);
    match (g.get("type").and_then(Value::as_str), coords) {
        (Some("Polygon"), Some(c)) => c.iter().filter_map(ring_of).collect(),
        (Some("MultiPolygon"), Some(c)) => c
            .iter()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(ring_of)
            .collect(),
        _ => Vec::new(),
    }
}

/// A ring from `[[x, y], ...]`, the closing vertex dropped; `None` under three vertices.
fn ring_of(v: &Value) -> Option<Ring> {
    let mut ring: Ring = v
        .as_array()?
        .iter()
        .filter_map(|p| {
            let p = p.as_array()?;
            let (x, y) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
            (x.is_finite() && y.is_finite()).then_some((x, y))
        })
        .collect();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    (ring.len() >= 3).then_some(ring)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::boundaries::{NEIGHBORHOOD_LAYER, PRECINCT_LAYER};

    #[test]
    fn geojson_polygons_and_multipolygons() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"nhood_name":"A "},"geometry":{"type":"Polygon",
            "coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}},
          {"type":"Feature","properties":{"NHOOD_NAME":"B"},"geometry":{"type":"MultiPolygon",
            "coordinates":[[[[10,10],[11,10],[11,11],[10,10]]],[[[20,20],[21,20],[21,21]]]]}},
          {"type":"Feature","properties":{"nhood_name":""},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}},
          {"type":"Feature","properties":{"nhood_name":"C"},"geometry":null}],
          "properties":{"exceededTransferLimit":true}}"#;
        let page = parse_reply(text, &NEIGHBORHOOD_LAYER).unwrap();
        assert!(page.exceeded_transfer_limit);
        let names: Vec<&str> = page.features.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        let a = &page.features[0].1;
        assert_eq!(a.rings.len(), 2);
        assert_eq!(a.rings[0].len(), 4, "the closing vertex is dropped");
        assert!(a.contains(3.0, 3.0) && !a.contains(1.5, 1.5));
        assert_eq!(page.features[1].1.rings.len(), 2);
    }

    #[test]
    fn arcgis_json_rings_and_errors() {
        let text = r#"{"features":[{"attributes":{"name":"07"},"geometry":{"rings":
            [[[0,0],[0,4],[4,4],[4,0],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]}}],
            "exceededTransferLimit":false}"#;
        let page = parse_reply(text, &PRECINCT_LAYER).unwrap();
        assert_eq!(page.features.len(), 1);
        assert_eq!(page.features[0].0, "07");
        assert!(!page.exceeded_transfer_limit);
        assert!(page.features[0].1.contains(0.5, 0.5));
        assert!(!page.features[0].1.contains(1.5, 1.5));
        let err = parse_reply(
            r#"{"error":{"code":400,"message":"Invalid URL"}}"#,
            &PRECINCT_LAYER,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Service { code: 400, .. }), "{err}");
        assert!(parse_reply("{\"features\":", &PRECINCT_LAYER).is_err());
        assert!(parse_reply("{}", &PRECINCT_LAYER).is_err());
    }
}

/// A sans-IO paged load of one boundary layer: ask [`BoundaryLoad::next_url`], fetch it,
/// hand the reply to [`BoundaryLoad::take`], until it says the layer is complete.
#[derive(Debug, Clone)]
pub struct BoundaryLoad {
    api: String,
    layer: BoundaryLayer,
    features: Vec<(String, Part)>,
    offset: u64,
}

/// Most pages of one boundary layer read before the load gives up (a server that always
/// says "more" cannot keep it going).
pub const MAX_BOUNDARY_PAGES: u64 = 20;

impl BoundaryLoad {
    /// A load of `layer` next to the incidents' endpoint `api`.
    pub fn new(api: &str, layer: BoundaryLayer) -> BoundaryLoad {
        BoundaryLoad {
            api: api.to_string(),
            layer,
            features: Vec::new(),
            offset: 0,
        }
    }

    /// The layer being loaded.
    pub fn layer(&self) -> &BoundaryLayer {
        &self.layer
    }

    /// The URL of the next page.
    pub fn next_url(&self) -> String {
        super::boundary_url(&self.api, &self.layer, self.offset, super::BOUNDARY_PAGE)
    }

    /// Take the reply to [`BoundaryLoad::next_url`]: `Ok(None)` while more pages follow,
    /// the indexed boundaries once the last has arrived.
    pub fn take(&mut self, text: &str) -> Result<Option<super::Boundaries>> {
        let page = parse_reply(text, &self.layer)?;
        let got = page.features.len() as u64;
        self.features.extend(page.features);
        self.offset += got;
        if page.exceeded_transfer_limit && got > 0 {
            if self.offset / u64::from(super::BOUNDARY_PAGE) >= MAX_BOUNDARY_PAGES {
                return Err(Error::Parse(format!(
                    "the boundary layer {} did not end after {} polygons",
                    self.layer.service, self.offset
                )));
            }
            return Ok(None);
        }
        let areas = super::group_areas(std::mem::take(&mut self.features));
        super::Boundaries::new(areas).map(Some)
    }
}

#[cfg(test)]
mod load_tests {
    use super::*;
    use crate::data::boundaries::PRECINCT_LAYER;

    #[test]
    fn pages_until_the_server_has_no_more() {
        let mut load = BoundaryLoad::new("/mock/big/query", PRECINCT_LAYER);
        assert!(load.next_url().contains("resultOffset=0&"));
        let first = r#"{"features":[{"properties":{"name":"02"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}],"exceededTransferLimit":true}"#;
        assert!(load.take(first).unwrap().is_none());
        assert!(load.next_url().contains("resultOffset=1&"));
        let last = r#"{"features":[{"properties":{"name":"03"},"geometry":{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6]]]}}]}"#;
        let b = load.take(last).unwrap().unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b.name_at(0.9, 0.1), Some("02"));
        let mut empty = BoundaryLoad::new("/mock/big/query", PRECINCT_LAYER);
        assert!(empty.take(r#"{"features":[]}"#).is_err());
    }
}
