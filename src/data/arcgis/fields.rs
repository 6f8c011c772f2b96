//! Attribute names to logical fields: the current and older schemas' names resolved once
//! per distinct name, and the schema check on a page's first feature.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::reply::value_text;
use crate::data::raw::{Field, RawRecord, RawTime, FIELDS};

fn value_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => crate::data::raw::parse_f64(s),
        _ => None,
    }
}

/// Maps attribute names to logical fields, caching each distinct name once.
#[derive(Debug, Default)]
pub struct FieldResolver {
    cache: HashMap<String, Option<(Field, usize)>>,
}

impl FieldResolver {
    /// A resolver with an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The logical field of an attribute name, with the alias rank (0 = current schema).
    pub fn field(&mut self, name: &str) -> Option<(Field, usize)> {
        if let Some(f) = self.cache.get(name) {
            return *f;
        }
        let lower = name.to_ascii_lowercase();
        let found = FIELDS.iter().find_map(|f| {
            f.aliases()
                .iter()
                .position(|a| *a == lower)
                .map(|r| (*f, r))
        });
        if self.cache.len() < 4096 {
            self.cache.insert(name.to_string(), found);
        }
        found
    }

    /// Build a raw record from an attribute map and optional geometry (used when the
    /// attributes carry no coordinates).
    pub fn record<'a>(
        &mut self,
        attrs: &'a Map<String, Value>,
        geometry: Option<(f64, f64)>,
    ) -> RawRecord<'a> {
        let mut r = RawRecord::default();
        let mut ranks = [usize::MAX; 12];
        for (k, v) in attrs {
            let Some((field, rank)) = self.field(k) else {
                continue;
            };
            if rank > ranks[field.index()] {
                continue;
            }
            ranks[field.index()] = rank;
            match field {
                Field::ReportNumber => r.report_number = value_text(v),
                Field::Occurred => {
                    r.occurred = match v {
                        Value::Number(n) => n
                            .as_i64()
                            .or_else(|| n.as_f64().map(|x| x as i64))
                            .map_or(RawTime::Missing, RawTime::EpochMs),
                        Value::String(s) => RawTime::Text(Cow::Borrowed(s.as_str())),
                        _ => RawTime::Missing,
                    }
                }
                Field::Category => r.offense_category = value_text(v),
                Field::Description => r.offense_description = value_text(v),
                Field::Precinct => r.precinct = value_text(v),
                Field::Neighborhood => r.neighborhood = value_text(v),
                Field::CouncilDistrict => r.council_district = value_text(v),
                Field::ZipCode => r.zip_code = value_text(v),
                Field::LocationText => r.location_text = value_text(v),
                Field::Longitude => r.longitude = value_f64(v),
                Field::Latitude => r.latitude = value_f64(v),
                Field::ObjectId => r.object_id = v.as_i64(),
            }
        }
        if let (None, Some((x, y))) = (r.longitude, geometry) {
            r.longitude = Some(x);
            r.latitude = Some(y);
        }
        r
    }
}

/// Which of the required fields a page's first feature lacks (schema check), as names.
pub fn missing_fields(attrs: &Map<String, Value>) -> Vec<&'static str> {
    let mut resolver = FieldResolver::new();
    let present: Vec<Field> = attrs
        .keys()
        .filter_map(|k| resolver.field(k).map(|f| f.0))
        .collect();
    FIELDS
        .iter()
        .filter(|f| f.required() && !present.contains(f))
        .map(|f| f.aliases()[0])
        .collect()
}
