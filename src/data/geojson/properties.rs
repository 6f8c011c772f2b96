//! A feature's `properties` as typed values: per incident field, the value of its
//! best-ranked alias; other properties are skipped without being stored.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Number, Value};

use super::skip::Skip;
use crate::data::arcgis::value_text;
use crate::data::raw::{parse_f64, Field, RawRecord, RawTime, FIELDS};

/// Most property names kept from the first feature to quote in a schema error.
pub const MAX_NAMES: usize = 32;
/// Longest property name quoted in a schema error, in bytes (longer ones are cut).
pub const MAX_NAME_BYTES: usize = 64;

/// The logical field named `name` (any ASCII case) and the alias's rank (0 = current schema).
pub fn field_of(name: &str) -> Option<(Field, usize)> {
    FIELDS.iter().find_map(|f| {
        f.aliases()
            .iter()
            .position(|a| a.eq_ignore_ascii_case(name))
            .map(|r| (*f, r))
    })
}

/// A property value: text (borrowed from the input when it has no escapes), an array or
/// object kept as its compact JSON text (members in document order), or a scalar (numbers,
/// booleans and null cost no allocation).
#[derive(Debug, Clone, PartialEq)]
pub enum PropValue<'de> {
    /// A JSON string.
    Str(Cow<'de, str>),
    /// An array or object, as JSON text.
    Json(String),
    /// A number, boolean or null.
    Other(Value),
}

impl PropValue<'_> {
    fn text(&self) -> Cow<'_, str> {
        match self {
            PropValue::Str(s) => Cow::Borrowed(s.as_ref()),
            PropValue::Json(s) => Cow::Borrowed(s.as_str()),
            PropValue::Other(v) => value_text(v),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            PropValue::Str(s) => parse_f64(s),
            PropValue::Other(Value::Number(n)) => n.as_f64(),
            PropValue::Json(_) | PropValue::Other(_) => None,
        }
    }

    fn time(&self) -> RawTime<'_> {
        match self {
            PropValue::Str(s) => RawTime::Text(Cow::Borrowed(s.as_ref())),
            PropValue::Other(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|x| x as i64))
                .map_or(RawTime::Missing, RawTime::EpochMs),
            PropValue::Json(_) | PropValue::Other(_) => RawTime::Missing,
        }
    }
}

impl<'de> Deserialize<'de> for PropValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PropValueVisitor)
    }
}

struct PropValueVisitor;

impl<'de> Visitor<'de> for PropValueVisitor {
    type Value = PropValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(PropValue::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PropValue::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(PropValue::Str(Cow::Owned(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PropValue::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(PropValue::Other(Value::Number(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(PropValue::Other(Value::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PropValue::Other(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    scalars_as!(PropValue::Other(Value::Null); unit);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let mut text = String::new();
        JsonText(&mut text).visit_seq(seq)?;
        Ok(PropValue::Json(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut text = String::new();
        JsonText(&mut text).visit_map(map)?;
        Ok(PropValue::Json(text))
    }
}

/// Appends the value it reads to a string as compact JSON, with no tree in between.
struct JsonText<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for JsonText<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonText<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        match Number::from_f64(v) {
            Some(n) => self.0.push_str(&n.to_string()),
            None => self.0.push_str("null"),
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0
            .push_str(&serde_json::to_string(v).map_err(E::custom)?);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.push('[');
        let mut first = true;
        loop {
            let mark = self.0.len();
            if !first {
                self.0.push(',');
            }
            if seq.next_element_seed(JsonText(&mut *self.0))?.is_none() {
                self.0.truncate(mark);
                break;
            }
            first = false;
        }
        self.0.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.push('{');
        let mut first = true;
        loop {
            let mark = self.0.len();
            if !first {
                self.0.push(',');
            }
            if map.next_key_seed(JsonText(&mut *self.0))?.is_none() {
                self.0.truncate(mark);
                break;
            }
            self.0.push(':');
            map.next_value_seed(JsonText(&mut *self.0))?;
            first = false;
        }
        self.0.push('}');
        Ok(())
    }
}

/// The incident fields of one feature's `properties`: per field, the value of its
/// best-ranked alias (the last one when an alias repeats), as [`FieldResolver::record`] reads
/// an attribute map.
///
/// [`FieldResolver::record`]: crate::data::arcgis::FieldResolver::record
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties<'de> {
    values: [Option<(usize, PropValue<'de>)>; 12],
    /// Fields named by some property (whatever its value), bit `Field::index()`.
    present: u16,
    /// Property names (first [`MAX_NAMES`], cut to [`MAX_NAME_BYTES`]), sorted, when asked
    /// for.
    pub names: Vec<String>,
    /// Whether there were more names than [`MAX_NAMES`].
    pub more_names: bool,
}

impl Properties<'_> {
    /// Whether some property names `field` (any alias, any value).
    pub fn has(&self, field: Field) -> bool {
        self.present & (1 << field.index()) != 0
    }

    /// The required fields no property names, by their current-schema names.
    pub fn missing(&self) -> Vec<&'static str> {
        FIELDS
            .iter()
            .filter(|f| f.required() && !self.has(**f))
            .map(|f| f.aliases()[0])
            .collect()
    }

    /// The raw record these properties describe; `point` fills the coordinates when the
    /// properties carry no longitude.
    pub fn record(&self, point: Option<(f64, f64)>) -> RawRecord<'_> {
        let mut r = RawRecord::default();
        for field in FIELDS {
            let Some((_, v)) = &self.values[field.index()] else {
                continue;
            };
            match field {
                Field::ReportNumber => r.report_number = v.text(),
                Field::Occurred => r.occurred = v.time(),
                Field::Category => r.offense_category = v.text(),
                Field::Description => r.offense_description = v.text(),
                Field::Precinct => r.precinct = v.text(),
                Field::Neighborhood => r.neighborhood = v.text(),
                Field::CouncilDistrict => r.council_district = v.text(),
                Field::ZipCode => r.zip_code = v.text(),
                Field::LocationText => r.location_text = v.text(),
                Field::Longitude => r.longitude = v.number(),
                Field::Latitude => r.latitude = v.number(),
                Field::ObjectId => {
                    r.object_id = match v {
                        PropValue::Other(v) => v.as_i64(),
                        PropValue::Str(_) | PropValue::Json(_) => None,
                    }
                }
            }
        }
        if let (None, Some((x, y))) = (r.longitude, point) {
            r.longitude = Some(x);
            r.latitude = Some(y);
        }
        r
    }
}

/// Reads `properties`: incident fields kept, the rest skipped; names kept when `names`.
pub(super) struct PropertiesSeed {
    /// Keep the property names (for a schema error).
    pub names: bool,
}

impl<'de> DeserializeSeed<'de> for PropertiesSeed {
    type Value = Properties<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A property name, resolved to a field without being stored (unless kept for a message).
struct PropertyKey<'a> {
    names: Option<(&'a mut Vec<String>, &'a mut bool)>,
}

impl<'de> DeserializeSeed<'de> for PropertyKey<'_> {
    type Value = Option<(Field, usize)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for PropertyKey<'_> {
    type Value = Option<(Field, usize)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if let Some((names, more)) = self.names {
            *more |= names.len() >= MAX_NAMES;
            if names.len() < MAX_NAMES {
                let mut cut = v.len().min(MAX_NAME_BYTES);
                while !v.is_char_boundary(cut) {
                    cut -= 1;
                }
                names.push(v[..cut].to_string());
            }
        }
        Ok(field_of(v))
    }
}

impl<'de> Visitor<'de> for PropertiesSeed {
    type Value = Properties<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut p = Properties::default();
        loop {
            let key = PropertyKey {
                names: self.names.then_some((&mut p.names, &mut p.more_names)),
            };
            let Some(found) = map.next_key_seed(key)? else {
                break;
            };
            let Some((field, rank)) = found else {
                map.next_value::<Skip>()?;
                continue;
            };
            p.present |= 1 << field.index();
            let slot = &mut p.values[field.index()];
            if slot.as_ref().is_some_and(|(r, _)| rank > *r) {
                map.next_value::<Skip>()?;
                continue;
            }
            *slot = Some((rank, map.next_value::<PropValue<'de>>()?));
        }
        p.names.sort_unstable();
        p.names.dedup();
        Ok(p)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Properties::default())
    }

    scalars_as!(Properties::default(); bool, i64, u64, f64, str, unit);
}
