//! One GeoJSON Feature as typed values: the incident fields found in its `properties` and
//! its geometry. Any JSON value is accepted where a feature is expected; what does not have
//! the expected shape reads as absent, as `serde_json::Value::get` would see it.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::geometry::{Geometry, MaybeGeometry, Member};
use super::properties::{Properties, PropertiesSeed};
use super::skip::Skip;
use crate::data::raw::RawRecord;

/// One feature: its incident properties (when asked for) and its geometry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feature<'de> {
    /// The incident fields of `properties` (empty when not an object, or not asked for).
    pub properties: Properties<'de>,
    /// The `geometry`, when it is an object.
    pub geometry: Option<Geometry>,
}

impl Feature<'_> {
    /// The raw incident record of this feature (Point coordinates used when the properties
    /// carry none).
    pub fn record(&self) -> RawRecord<'_> {
        self.properties
            .record(self.geometry.as_ref().and_then(Geometry::point))
    }
}

/// Reads one element of `features` as a [`Feature`].
#[derive(Debug, Clone, Copy)]
pub struct FeatureSeed {
    /// Read the incident properties (else skip them).
    pub properties: bool,
    /// Keep the property names (for a schema error).
    pub names: bool,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed {
    type Value = Feature<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed {
    type Value = Feature<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut f = Feature::default();
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Properties if self.properties => {
                    f.properties = map.next_value_seed(PropertiesSeed { names: self.names })?;
                }
                Member::Geometry => f.geometry = map.next_value::<MaybeGeometry>()?.0,
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Feature::default())
    }

    scalars_as!(Feature::default(); bool, i64, u64, f64, str, unit);
}
