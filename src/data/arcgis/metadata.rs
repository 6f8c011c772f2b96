//! The layer's own description (`<layer>?f=json`) and the load plan derived from it: page
//! size, the compact field list, query format, and which server-side statistics can be used.
//! Without a description (an older server, a 404, an error reply) [`Plan::fallback`] keeps
//! the defaults that work on any ArcGIS layer of this data: 2000-row JSON pages of every field.

use serde::Deserialize;
use serde_json::Value;

use super::query::MAX_PAGE;
use super::reply::check_error;
use crate::data::raw::Field;
use crate::data::{Error, Result};

/// Largest page the plan asks for with `resultType=standard`, whatever the layer allows
/// (a page is held in memory until loaded).
pub const MAX_STANDARD_PAGE: u32 = 8000;

/// One field of the layer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LayerField {
    /// Field name as the service spells it.
    pub name: String,
    /// Esri field type, e.g. `esriFieldTypeDate`.
    #[serde(rename = "type", default)]
    pub field_type: String,
}

/// The query abilities the layer declares (`advancedQueryCapabilities`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Capabilities {
    /// `outStatistics` queries.
    pub supports_statistics: bool,
    /// `returnDistinctValues` with `returnCountOnly`.
    pub supports_count_distinct: bool,
    /// `resultOffset`/`resultRecordCount` paging.
    pub supports_pagination: bool,
    /// `orderByFields`.
    pub supports_order_by: bool,
    /// `returnDistinctValues`.
    pub supports_distinct: bool,
    /// `resultType=standard` (pages of `standardMaxRecordCount` rows).
    pub supports_query_with_result_type: bool,
}

/// What the layer says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerInfo {
    /// The layer's fields.
    #[serde(default)]
    pub fields: Vec<LayerField>,
    /// Name of the object id field, when given.
    #[serde(default)]
    pub object_id_field: Option<String>,
    /// Largest page of a default query.
    #[serde(default)]
    pub max_record_count: Option<u32>,
    /// Largest page of a `resultType=standard` query.
    #[serde(default)]
    pub standard_max_record_count: Option<u32>,
    /// Reply formats, e.g. `"JSON, geoJSON, PBF"`.
    #[serde(default)]
    pub supported_query_formats: String,
    /// Query abilities.
    #[serde(default)]
    pub advanced_query_capabilities: Capabilities,
    /// Older servers say whether they do statistics at the top level.
    #[serde(default)]
    pub supports_statistics: bool,
}

/// The layer description URL of a `/query` endpoint (the endpoint without `/query`).
pub fn layer_url(query_endpoint: &str) -> String {
    let base = query_endpoint.trim_end_matches('?').trim_end_matches('/');
    let base = base.strip_suffix("/query").unwrap_or(base);
    format!("{base}?f=json")
}

/// Parse a layer description, or its error object.
pub fn parse_layer(text: &str) -> Result<LayerInfo> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Error::Parse(format!("not JSON: {e}")))?;
    check_error(&v)?;
    if v.get("fields").is_none() {
        return Err(Error::Parse("the layer description has no fields".into()));
    }
    serde_json::from_value(v).map_err(|e| Error::Parse(format!("layer description: {e}")))
}

impl LayerInfo {
    /// The object id field: `objectIdField`, else the field typed `esriFieldTypeOID`.
    pub fn object_id(&self) -> Option<&str> {
        self.object_id_field
            .as_deref()
            .filter(|n| !n.is_empty())
            .or_else(|| {
                self.fields
                    .iter()
                    .find(|f| f.field_type == "esriFieldTypeOID")
                    .map(|f| f.name.as_str())
            })
    }

    /// The layer's name for a logical field (the current schema's name first), if present.
    pub fn field_name(&self, field: Field) -> Option<&str> {
        field.aliases().iter().find_map(|alias| {
            self.fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(alias))
                .map(|f| f.name.as_str())
        })
    }

    /// Whether the layer offers `f=pbf`.
    pub fn offers_pbf(&self) -> bool {
        self.supported_query_formats
            .split(',')
            .any(|f| f.trim().eq_ignore_ascii_case("pbf"))
    }
}

/// Reply format of page queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `f=json`.
    Json,
    /// `f=pbf` (Esri's FeatureCollection protocol buffer).
    Pbf,
}

impl Format {
    /// The `f=` value.
    pub fn param(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Pbf => "pbf",
        }
    }
}

/// The logical fields a page asks for: what cleaning and storage keep (report number, time,
/// category, description, precinct, neighborhood, coordinates); the rest is never read.
pub const PAGE_FIELDS: [Field; 8] = [
    Field::ReportNumber,
    Field::Occurred,
    Field::Category,
    Field::Description,
    Field::Precinct,
    Field::Neighborhood,
    Field::Longitude,
    Field::Latitude,
];

/// Logical fields without which the load cannot go on: time and category (every analysis),
/// precinct (the server counts are grouped by it) and report number (incidents).
pub const NEEDED_FIELDS: [Field; 4] = [
    Field::Occurred,
    Field::Category,
    Field::Precinct,
    Field::ReportNumber,
];

/// How a load asks the layer for data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Rows per page.
    pub page_size: u32,
    /// Whether pages ask for `resultType=standard` (larger pages, see [`MAX_STANDARD_PAGE`]).
    pub result_type_standard: bool,
    /// Fields to ask for (`outFields`); `None` asks for every field (`*`).
    pub out_fields: Option<Vec<String>>,
    /// The object id field (page order and continuity).
    pub object_id_field: String,
    /// The date field of the `where` clauses.
    pub date_field: String,
    /// The precinct field (statistics grouping).
    pub precinct_field: String,
    /// The offense category field (statistics grouping).
    pub category_field: String,
    /// The report number field (distinct counts of incidents).
    pub report_field: String,
    /// Whether pages ask for geometry (only when coordinates are not attributes).
    pub return_geometry: bool,
    /// Reply format of pages.
    pub format: Format,
    /// Whether `outStatistics` queries can be used.
    pub statistics: bool,
    /// Whether distinct report numbers can be counted by the server.
    pub count_distinct: bool,
    /// Whether the plan follows the layer's description (false: the defaults).
    pub from_metadata: bool,
}

impl Plan {
    /// Today's defaults, for a layer that does not describe itself: 2000-row JSON pages of
    /// every field with geometry, the current schema's names, statistics tried (a failure
    /// falls back to plain counts), no distinct counts.
    pub fn fallback() -> Plan {
        Plan {
            page_size: MAX_PAGE,
            result_type_standard: false,
            out_fields: None,
            object_id_field: "ESRI_OID".into(),
            date_field: "incident_occurred_at".into(),
            precinct_field: "police_precinct".into(),
            category_field: "offense_category".into(),
            report_field: "report_number".into(),
            return_geometry: true,
            format: Format::Json,
            statistics: true,
            count_distinct: false,
            from_metadata: false,
        }
    }

    /// The plan a layer description calls for. A needed field that is missing is an
    /// [`Error::Schema`] naming it (and every other missing one).
    pub fn from_layer(info: &LayerInfo) -> Result<Plan> {
        let missing: Vec<&str> = NEEDED_FIELDS
            .iter()
            .filter(|f| info.field_name(**f).is_none())
            .map(|f| f.aliases()[0])
            .collect();
        if !missing.is_empty() {
            let found: Vec<&str> = info.fields.iter().map(|f| f.name.as_str()).collect();
            return Err(Error::Schema {
                missing: missing.join(", "),
                found: found.join(", "),
            });
        }
        let name = |f: Field| info.field_name(f).unwrap_or(f.aliases()[0]).to_string();
        let object_id_field = info
            .object_id()
            .map(str::to_string)
            .or_else(|| info.field_name(Field::ObjectId).map(str::to_string))
            .unwrap_or_else(|| "ESRI_OID".into());
        let coords_as_attributes = info.field_name(Field::Longitude).is_some()
            && info.field_name(Field::Latitude).is_some();
        let mut out_fields = vec![object_id_field.clone()];
        for f in PAGE_FIELDS {
            if let Some(n) = info.field_name(f) {
                if !out_fields.iter().any(|o| o.eq_ignore_ascii_case(n)) {
                    out_fields.push(n.to_string());
                }
            }
        }
        let caps = info.advanced_query_capabilities;
        let max = info.max_record_count.filter(|&n| n > 0).unwrap_or(MAX_PAGE);
        Ok(Plan {
            page_size: max,
            result_type_standard: false,
            out_fields: Some(out_fields),
            date_field: name(Field::Occurred),
            precinct_field: name(Field::Precinct),
            category_field: name(Field::Category),
            report_field: name(Field::ReportNumber),
            object_id_field,
            return_geometry: !coords_as_attributes,
            format: if info.offers_pbf() {
                Format::Pbf
            } else {
                Format::Json
            },
            statistics: caps.supports_statistics || info.supports_statistics,
            count_distinct: caps.supports_count_distinct,
            from_metadata: true,
        })
    }

    /// The same plan with `resultType=standard` pages of `standardMaxRecordCount` rows (at
    /// most [`MAX_STANDARD_PAGE`]) where the layer offers them and they are larger; unchanged
    /// otherwise. Opt-in: fewer requests, but larger pages to wait for and to retry.
    pub fn with_standard_pages(&self, info: &LayerInfo) -> Plan {
        let standard = info
            .standard_max_record_count
            .filter(|_| {
                info.advanced_query_capabilities
                    .supports_query_with_result_type
            })
            .map(|n| n.min(MAX_STANDARD_PAGE))
            .filter(|&n| n > self.page_size);
        match standard {
            Some(rows) => Plan {
                page_size: rows,
                result_type_standard: true,
                ..self.clone()
            },
            None => self.clone(),
        }
    }

    /// The `outFields` value.
    pub fn out_fields_param(&self) -> String {
        self.out_fields
            .as_ref()
            .map_or_else(|| "*".to_string(), |f| f.join(","))
    }

    /// The same plan with smaller pages (a server that sends fewer rows than its description
    /// says); `resultType=standard` is dropped since the server does not honour it.
    pub fn with_page_size(&self, rows: u32) -> Plan {
        Plan {
            page_size: rows.max(1),
            result_type_standard: false,
            ..self.clone()
        }
    }
}

#[cfg(test)]
#[path = "metadata_tests.rs"]
pub(crate) mod tests;
