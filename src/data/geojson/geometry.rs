//! A feature's `geometry` as typed values: its type and, for Points and MultiPoints, its
//! coordinates; anything else is skipped.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::skip::Skip;

/// A geometry's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeomKind {
    /// `"Point"`.
    Point,
    /// `"MultiPoint"`.
    MultiPoint,
    /// Any other type, or a `type` that is not a string.
    Other,
    /// No `type`.
    #[default]
    Missing,
}

impl<'de> Deserialize<'de> for GeomKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

/// Reads a `type` value: a string compared with the geometry names, anything else skipped.
struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = GeomKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match v {
            "Point" => GeomKind::Point,
            "MultiPoint" => GeomKind::MultiPoint,
            _ => GeomKind::Other,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(GeomKind::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(GeomKind::Other)
    }

    scalars_as!(GeomKind::Other; bool, i64, u64, f64, unit);
}

/// A `coordinates` value, read for both a Point (`[x, y, ...]`) and a MultiPoint
/// (`[[x, y, ...], ...]`) without knowing which.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coords {
    /// Whether the value is an array.
    pub is_array: bool,
    /// Its first element, when a number.
    pub first: Option<f64>,
    /// Its second element, when a number.
    pub second: Option<f64>,
    /// Its elements that are arrays starting with two numbers, as (x, y), in order.
    pub pairs: Vec<(f64, f64)>,
    /// Its other elements.
    pub others: usize,
}

impl Coords {
    /// The Point these coordinates give: the first two elements, both numbers.
    pub fn point(&self) -> Option<(f64, f64)> {
        Some((self.first?, self.second?))
    }
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CoordsVisitor)
    }
}

struct CoordsVisitor;

/// One element of `coordinates`.
enum Item {
    Number(f64),
    Pair(Option<f64>, Option<f64>),
    Other,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

/// A number, or `None` for anything else (skipped).
struct MaybeNumber(Option<f64>);

impl<'de> Deserialize<'de> for MaybeNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor).map(|i| match i {
            Item::Number(x) => MaybeNumber(Some(x)),
            _ => MaybeNumber(None),
        })
    }
}

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Item::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Item::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Item::Number(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let x = seq.next_element::<MaybeNumber>()?.and_then(|m| m.0);
        let y = seq.next_element::<MaybeNumber>()?.and_then(|m| m.0);
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Item::Pair(x, y))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Item::Other)
    }

    scalars_as!(Item::Other; bool, str, unit);
}

impl<'de> Visitor<'de> for CoordsVisitor {
    type Value = Coords;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut c = Coords {
            is_array: true,
            ..Coords::default()
        };
        let mut k = 0usize;
        while let Some(item) = seq.next_element::<Item>()? {
            match item {
                Item::Number(v) => {
                    match k {
                        0 => c.first = Some(v),
                        1 => c.second = Some(v),
                        _ => {}
                    }
                    c.others += 1;
                }
                Item::Pair(Some(x), Some(y)) => c.pairs.push((x, y)),
                Item::Pair(..) | Item::Other => c.others += 1,
            }
            k += 1;
        }
        Ok(c)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Coords::default())
    }

    scalars_as!(Coords::default(); bool, i64, u64, f64, str, unit);
}

/// A geometry object: its `type` and `coordinates` (the last of each when repeated).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geometry {
    /// The `type`.
    pub kind: GeomKind,
    /// The `coordinates`, when present.
    pub coords: Option<Coords>,
}

impl Geometry {
    /// The point of a Point geometry with two numeric coordinates.
    pub fn point(&self) -> Option<(f64, f64)> {
        match (self.kind, &self.coords) {
            (GeomKind::Point, Some(c)) if c.is_array => c.point(),
            _ => None,
        }
    }
}

/// A `geometry` value: `Some` for an object, `None` for anything else (skipped).
pub struct MaybeGeometry(pub Option<Geometry>);

impl<'de> Deserialize<'de> for MaybeGeometry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(GeometryVisitor)
    }
}

/// The member names a geometry or feature reader looks at.
pub(super) enum Member {
    /// `type`.
    Type,
    /// `coordinates`.
    Coordinates,
    /// `properties`.
    Properties,
    /// `geometry`.
    Geometry,
    /// `features`.
    Features,
    /// Any other name.
    Other,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(MemberVisitor)
    }
}

struct MemberVisitor;

impl<'de> Visitor<'de> for MemberVisitor {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match v {
            "type" => Member::Type,
            "coordinates" => Member::Coordinates,
            "properties" => Member::Properties,
            "geometry" => Member::Geometry,
            "features" => Member::Features,
            _ => Member::Other,
        })
    }
}

struct GeometryVisitor;

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = MaybeGeometry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut g = Geometry::default();
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Type => g.kind = map.next_value()?,
                Member::Coordinates => g.coords = Some(map.next_value()?),
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(MaybeGeometry(Some(g)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(MaybeGeometry(None))
    }

    scalars_as!(MaybeGeometry(None); bool, i64, u64, f64, str, unit);
}
