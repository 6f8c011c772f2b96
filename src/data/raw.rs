//! Raw incident rows as read from any source, before cleaning, and the two field schemas.

use std::borrow::Cow;

use super::{Error, Result};

/// A timestamp as it appears in a source.
#[derive(Debug, Clone, PartialEq)]
pub enum RawTime<'a> {
    /// Milliseconds since the Unix epoch, UTC (ArcGIS JSON dates).
    EpochMs(i64),
    /// Text such as `2025/10/23 20:00:00+00` (portal CSV export).
    Text(Cow<'a, str>),
    /// Nothing given.
    Missing,
}

/// One offense-level row as read, text untrimmed, values unchecked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord<'a> {
    /// Police report number (several rows may share it).
    pub report_number: Cow<'a, str>,
    /// When the incident occurred.
    pub occurred: RawTime<'a>,
    /// Offense category (one of 32).
    pub offense_category: Cow<'a, str>,
    /// Offense description.
    pub offense_description: Cow<'a, str>,
    /// Police precinct code as given ("02".."12", or junk such as "0", "HP").
    pub precinct: Cow<'a, str>,
    /// Neighborhood name.
    pub neighborhood: Cow<'a, str>,
    /// Council district, as text.
    pub council_district: Cow<'a, str>,
    /// ZIP code.
    pub zip_code: Cow<'a, str>,
    /// Nearest intersection (current schema) or block address (older exports).
    pub location_text: Cow<'a, str>,
    /// Longitude in degrees, if given.
    pub longitude: Option<f64>,
    /// Latitude in degrees, if given.
    pub latitude: Option<f64>,
    /// Object id from the service, if given (used to order rows and check page continuity).
    pub object_id: Option<i64>,
}

impl Default for RawRecord<'_> {
    fn default() -> Self {
        RawRecord {
            report_number: Cow::Borrowed(""),
            occurred: RawTime::Missing,
            offense_category: Cow::Borrowed(""),
            offense_description: Cow::Borrowed(""),
            precinct: Cow::Borrowed(""),
            neighborhood: Cow::Borrowed(""),
            council_district: Cow::Borrowed(""),
            zip_code: Cow::Borrowed(""),
            location_text: Cow::Borrowed(""),
            longitude: None,
            latitude: None,
            object_id: None,
        }
    }
}

/// The logical fields crimecast reads, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Report number.
    ReportNumber,
    /// Occurred-at timestamp.
    Occurred,
    /// Offense category.
    Category,
    /// Offense description.
    Description,
    /// Precinct.
    Precinct,
    /// Neighborhood.
    Neighborhood,
    /// Council district.
    CouncilDistrict,
    /// ZIP code.
    ZipCode,
    /// Intersection or address.
    LocationText,
    /// Longitude.
    Longitude,
    /// Latitude.
    Latitude,
    /// Object id.
    ObjectId,
}

/// Every logical field, in column-map order.
pub const FIELDS: [Field; 12] = [
    Field::ReportNumber,
    Field::Occurred,
    Field::Category,
    Field::Description,
    Field::Precinct,
    Field::Neighborhood,
    Field::CouncilDistrict,
    Field::ZipCode,
    Field::LocationText,
    Field::Longitude,
    Field::Latitude,
    Field::ObjectId,
];

impl Field {
    /// Source column names accepted for this field, current schema first, then older exports.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::ReportNumber => &["report_number"],
            Field::Occurred => &["incident_occurred_at", "incident_timestamp"],
            Field::Category => &["offense_category"],
            Field::Description => &["offense_description"],
            Field::Precinct => &["police_precinct", "precinct"],
            Field::Neighborhood => &["neighborhood"],
            Field::CouncilDistrict => &["council_district"],
            Field::ZipCode => &["zip_code"],
            Field::LocationText => &["nearest_intersection", "address"],
            Field::Longitude => &["longitude", "x"],
            Field::Latitude => &["latitude", "y"],
            Field::ObjectId => &["esri_oid", "objectid", "oid", "fid"],
        }
    }

    /// Whether a source must carry this field to be read at all.
    pub fn required(self) -> bool {
        matches!(self, Field::Occurred | Field::Category)
    }

    /// Index of this field in [`FIELDS`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Which of the two known schemas a source follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SchemaKind {
    /// The current layer (`incident_occurred_at`, `police_precinct`, ...).
    Current,
    /// Older exports (`incident_timestamp`, `precinct`, `address`, ...).
    Legacy,
}

/// A resolved mapping from logical fields to source column positions.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    /// For each logical field (in [`FIELDS`] order), the source column index.
    pub columns: [Option<usize>; 12],
    /// The detected schema.
    pub kind: SchemaKind,
}

impl ColumnMap {
    /// Resolve source column names (case-insensitive, trimmed) to logical fields.
    /// Errors name every required field that is missing.
    pub fn resolve<S: AsRef<str>>(names: &[S]) -> Result<ColumnMap> {
        let lower: Vec<String> = names
            .iter()
            .map(|n| {
                n.as_ref()
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_ascii_lowercase()
            })
            .collect();
        let mut columns = [None; 12];
        for field in FIELDS {
            columns[field.index()] = field
                .aliases()
                .iter()
                .find_map(|alias| lower.iter().position(|n| n == alias));
        }
        let missing: Vec<&str> = FIELDS
            .iter()
            .filter(|f| f.required() && columns[f.index()].is_none())
            .map(|f| f.aliases()[0])
            .collect();
        if !missing.is_empty() {
            return Err(Error::Schema {
                missing: missing.join(", "),
                found: lower.join(", "),
            });
        }
        let kind = if lower.iter().any(|n| n == "incident_occurred_at") {
            SchemaKind::Current
        } else {
            SchemaKind::Legacy
        };
        Ok(ColumnMap { columns, kind })
    }

    /// Column index of `field`, if the source has it.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.columns[field.index()]
    }
}

/// Parse a number field leniently: trims, empty → None, unparsable → None.
pub fn parse_f64(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_both_schemas() {
        let current = [
            "ESRI_OID",
            "report_number",
            "incident_occurred_at",
            "offense_category",
            "police_precinct",
        ];
        let m = ColumnMap::resolve(&current).unwrap();
        assert_eq!(m.kind, SchemaKind::Current);
        assert_eq!(m.get(Field::Precinct), Some(4));
        assert_eq!(m.get(Field::ObjectId), Some(0));
        let legacy = [
            "crime_id",
            "report_number",
            "incident_timestamp",
            "offense_category",
            "precinct",
            "address",
        ];
        let m = ColumnMap::resolve(&legacy).unwrap();
        assert_eq!(m.kind, SchemaKind::Legacy);
        assert_eq!(m.get(Field::LocationText), Some(5));
    }

    #[test]
    fn unknown_schema_names_missing_fields() {
        let err = ColumnMap::resolve(&["foo", "offense_category"]).unwrap_err();
        match err {
            Error::Schema { missing, .. } => assert_eq!(missing, "incident_occurred_at"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
