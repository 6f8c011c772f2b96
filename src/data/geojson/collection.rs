//! The top level of a GeoJSON document, read member by member with no document tree: its
//! `type`, its `features` array one element at a time (each element a typed [`Feature`] handed
//! to a callback and dropped, or skipped unread), and its own `geometry` (a lone Feature).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::feature::{Feature, FeatureSeed};
use super::geometry::{Geometry, MaybeGeometry, Member};
use super::skip::Skip;
use crate::data::{Error, Result};

/// The top-level `type` (the last one when repeated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopType {
    /// No `type` member.
    #[default]
    Missing,
    /// `"FeatureCollection"`.
    FeatureCollection,
    /// `"Feature"`.
    Feature,
    /// Anything else.
    Other,
}

impl<'de> Deserialize<'de> for TopType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(TopTypeVisitor)
    }
}

struct TopTypeVisitor;

impl<'de> Visitor<'de> for TopTypeVisitor {
    type Value = TopType;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(match v {
            "FeatureCollection" => TopType::FeatureCollection,
            "Feature" => TopType::Feature,
            _ => TopType::Other,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<TopType, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(TopType::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<TopType, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(TopType::Other)
    }

    scalars_as!(TopType::Other; bool, i64, u64, f64, unit);
}

/// What a scan found at the top level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Top {
    /// The document is a JSON object.
    pub object: bool,
    /// Its `type`.
    pub kind: TopType,
    /// The number of elements of `features`, when that member is an array.
    pub features: Option<usize>,
    /// Its own `geometry` (when asked for and an object).
    pub geometry: Option<Geometry>,
}

/// Which elements of `features` a scan reads as typed [`Feature`]s (the others are only
/// checked for syntax and counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elements {
    /// None.
    None,
    /// The first one.
    First,
    /// Every one.
    All,
}

/// A scan's settings and callback.
pub struct Scan<'h, 'de> {
    /// The elements read as features.
    pub elements: Elements,
    /// Read the features' incident properties (else only their geometry).
    pub properties: bool,
    /// Keep the first feature's property names (for a schema error).
    pub names: bool,
    /// Read the document's own `geometry`.
    pub geometry: bool,
    /// Called with each feature read, with its index; an error stops the scan.
    pub on_feature: &'h mut dyn FnMut(usize, Feature<'de>) -> Result<()>,
}

/// Read a document from `read` (a `serde_json::de::StrRead` or `IoRead`) as `scan` says.
/// A syntax error, trailing text or a second `features` member is an [`Error::Parse`]; an
/// error from the callback is returned as is, at once.
pub fn scan<'de, R: serde_json::de::Read<'de>>(read: R, scan: &mut Scan<'_, 'de>) -> Result<Top> {
    let mut de = serde_json::Deserializer::new(read);
    let mut failure = None;
    let out = TopSeed {
        scan,
        failure: &mut failure,
    }
    .deserialize(&mut de)
    .and_then(|top| de.end().map(|()| top));
    match (out, failure) {
        (_, Some(e)) => Err(e),
        (Ok(top), None) => Ok(top),
        (Err(e), None) => Err(Error::Parse(format!("not GeoJSON: {e}"))),
    }
}

/// Stops a scan with `e`, kept in `failure` (serde errors carry only text).
fn stop<E: de::Error>(failure: &mut Option<Error>, e: Error) -> E {
    let text = e.to_string();
    *failure = Some(e);
    E::custom(text)
}

struct TopSeed<'s, 'h, 'de> {
    scan: &'s mut Scan<'h, 'de>,
    failure: &'s mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_, 'de> {
    type Value = Top;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Top, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_, 'de> {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Top, A::Error> {
        let mut top = Top {
            object: true,
            ..Top::default()
        };
        let mut seen_features = false;
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Type => top.kind = map.next_value()?,
                Member::Features if seen_features => {
                    let e =
                        Error::Parse("the document has more than one \"features\" member".into());
                    return Err(stop(self.failure, e));
                }
                Member::Features => {
                    seen_features = true;
                    top.features = map.next_value_seed(FeaturesSeed {
                        scan: &mut *self.scan,
                        failure: &mut *self.failure,
                    })?;
                }
                Member::Geometry if self.scan.geometry => {
                    top.geometry = map.next_value::<MaybeGeometry>()?.0;
                }
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(top)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Top, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Top::default())
    }

    scalars_as!(Top::default(); bool, i64, u64, f64, str, unit);
}

/// Reads the `features` member: its element count when it is an array, else `None`.
struct FeaturesSeed<'s, 'h, 'de> {
    scan: &'s mut Scan<'h, 'de>,
    failure: &'s mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_, 'de> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_, 'de> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut n = 0usize;
        loop {
            let typed = match self.scan.elements {
                Elements::All => true,
                Elements::First => n == 0,
                Elements::None => false,
            };
            if typed {
                let seed = FeatureSeed {
                    properties: self.scan.properties,
                    names: self.scan.names && n == 0,
                };
                let Some(feature) = seq.next_element_seed(seed)? else {
                    break;
                };
                if let Err(e) = (self.scan.on_feature)(n, feature) {
                    return Err(stop(self.failure, e));
                }
            } else if seq.next_element::<Skip>()?.is_none() {
                break;
            }
            n += 1;
        }
        Ok(Some(n))
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(None)
    }

    scalars_as!(None; bool, i64, u64, f64, str, unit);
}
