//! The City's boundary layers and their paged query URLs.

use crate::data::arcgis::query::query_url;

/// Which boundary a layer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BoundaryKind {
    /// Police precincts (names `"02"`..`"12"`).
    Precincts,
    /// Official neighbourhoods (205 names, as in the incidents' `neighborhood` field).
    Neighborhoods,
}

/// A boundary layer of the City's ArcGIS organisation: its service name and the attribute
/// that names each polygon (the first of `name_fields` present, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundaryLayer {
    /// What the layer holds.
    pub kind: BoundaryKind,
    /// The hosted feature service's name (the folder before `/FeatureServer/0`).
    pub service: &'static str,
    /// Attributes naming a polygon, in order of preference.
    pub name_fields: &'static [&'static str],
}

/// The police-precinct layer. The service name is the one the City's precinct export
/// carries (`DPD_Precincts`); a layer under another name fails to load and the page keeps
/// its approximate precinct areas.
pub const PRECINCT_LAYER: BoundaryLayer = BoundaryLayer {
    kind: BoundaryKind::Precincts,
    service: "DPD_Precincts",
    name_fields: &["name", "precinct", "police_precinct", "precinct_id"],
};

/// The official neighbourhood layer (205 polygons, named by `nhood_name`).
pub const NEIGHBORHOOD_LAYER: BoundaryLayer = BoundaryLayer {
    kind: BoundaryKind::Neighborhoods,
    service: "Current_City_of_Detroit_Neighborhoods",
    name_fields: &["nhood_name", "name"],
};

/// Largest page of polygons asked for at once.
pub const BOUNDARY_PAGE: u32 = 1000;

impl BoundaryLayer {
    /// The layer's `/query` endpoint next to the incidents' endpoint `api`: a sibling
    /// service in the same `/rest/services/` folder on an ArcGIS host
    /// (`…/rest/services/RMS_Crime_Incidents/FeatureServer/0/query` →
    /// `…/rest/services/DPD_Precincts/FeatureServer/0/query`); on any other path, beneath the
    /// incidents' layer path (`/mock/big/query` → `/mock/big/DPD_Precincts/FeatureServer/0/query`).
    pub fn endpoint(&self, api: &str) -> String {
        let api = api.trim_end_matches('?').trim_end_matches('/');
        let (path, _) = api.split_once('?').unwrap_or((api, ""));
        let layer = path.strip_suffix("/query").unwrap_or(path);
        let layer = match layer.rfind("/FeatureServer") {
            Some(i) => &layer[..i],
            None => layer,
        };
        let folder = match layer.rfind('/') {
            Some(i) if layer[..i].ends_with("/rest/services") => &layer[..i],
            _ => layer,
        };
        format!("{folder}/{}/FeatureServer/0/query", self.service)
    }
}

/// URL of the page of at most `size` polygons from `offset` of `layer` (next to `api`), as
/// GeoJSON in WGS84 with every attribute (the layers hold a few hundred polygons: one page).
pub fn boundary_url(api: &str, layer: &BoundaryLayer, offset: u64, size: u32) -> String {
    let (offset, size) = (offset.to_string(), size.min(BOUNDARY_PAGE).to_string());
    query_url(
        &layer.endpoint(api),
        "1=1",
        &[
            ("outFields", "*"),
            ("returnGeometry", "true"),
            ("outSR", "4326"),
            ("geometryPrecision", "6"),
            ("resultOffset", &offset),
            ("resultRecordCount", &size),
        ],
        "geojson",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::arcgis::DEFAULT_API;

    #[test]
    fn endpoints_next_to_the_incidents() {
        assert_eq!(
            PRECINCT_LAYER.endpoint(DEFAULT_API),
            "https://services2.arcgis.com/qvkbeam7Wirps6zC/arcgis/rest/services/DPD_Precincts/FeatureServer/0/query"
        );
        assert_eq!(
            NEIGHBORHOOD_LAYER.endpoint("/mock/big/FeatureServer/0/query"),
            "/mock/big/Current_City_of_Detroit_Neighborhoods/FeatureServer/0/query"
        );
        assert_eq!(
            PRECINCT_LAYER.endpoint("/mock/slow/query"),
            "/mock/slow/DPD_Precincts/FeatureServer/0/query"
        );
        assert_eq!(
            PRECINCT_LAYER.endpoint("http://h/x/FeatureServer/3/query?"),
            "http://h/x/DPD_Precincts/FeatureServer/0/query"
        );
    }

    #[test]
    fn paged_geojson_urls() {
        let u = boundary_url("/mock/big/query", &NEIGHBORHOOD_LAYER, 1000, 5000);
        assert!(u.starts_with(
            "/mock/big/Current_City_of_Detroit_Neighborhoods/FeatureServer/0/query?where=1%3D1&"
        ));
        assert!(
            u.contains("&resultOffset=1000&resultRecordCount=1000&"),
            "{u}"
        );
        assert!(u.ends_with("&f=geojson"));
        assert!(u.contains("&outSR=4326&"));
    }
}
