//! `f=pbf` replies: Esri's FeatureCollection protocol buffer (proto3), decoded with prost
//! into the same [`Page`] that `f=json` replies give, so both feed one row path
//! ([`super::FieldResolver`] → `RawRecord`). The structs mirror `FeatureCollection.proto`
//! beside this file (the subset crimecast reads, with Esri's field numbers).

use prost::Message;
use serde_json::{Map, Number, Value as Json};

use super::reply::{check_error, Page};
use crate::data::{Error, Result};

/// The whole reply.
#[derive(Clone, PartialEq, Message)]
pub struct FeatureCollectionPBuffer {
    /// Format version.
    #[prost(string, tag = "1")]
    pub version: String,
    /// The result.
    #[prost(message, optional, tag = "2")]
    pub query_result: Option<QueryResult>,
}

/// One of the result kinds.
#[derive(Clone, PartialEq, Message)]
pub struct QueryResult {
    /// Features or a count.
    #[prost(oneof = "Results", tags = "1, 2")]
    pub results: Option<Results>,
}

/// The result kinds crimecast reads.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum Results {
    /// Features.
    #[prost(message, tag = "1")]
    FeatureResult(FeatureResult),
    /// A count.
    #[prost(message, tag = "2")]
    CountResult(CountResult),
}

/// A count result.
#[derive(Clone, PartialEq, Message)]
pub struct CountResult {
    /// The count.
    #[prost(uint64, tag = "1")]
    pub count: u64,
}

/// A page of features.
#[derive(Clone, PartialEq, Message)]
pub struct FeatureResult {
    /// The object id field's name.
    #[prost(string, tag = "1")]
    pub object_id_field_name: String,
    /// Geometry type (0 = point).
    #[prost(int32, tag = "7")]
    pub geometry_type: i32,
    /// Whether more rows follow this page.
    #[prost(bool, tag = "9")]
    pub exceeded_transfer_limit: bool,
    /// Whether coordinates carry z.
    #[prost(bool, tag = "10")]
    pub has_z: bool,
    /// Whether coordinates carry m.
    #[prost(bool, tag = "11")]
    pub has_m: bool,
    /// How quantised coordinates map to the world.
    #[prost(message, optional, tag = "12")]
    pub transform: Option<Transform>,
    /// The attribute fields, in attribute order.
    #[prost(message, repeated, tag = "13")]
    pub fields: Vec<Field>,
    /// The features.
    #[prost(message, repeated, tag = "15")]
    pub features: Vec<Feature>,
}

/// One attribute field.
#[derive(Clone, PartialEq, Message)]
pub struct Field {
    /// Name.
    #[prost(string, tag = "1")]
    pub name: String,
    /// Esri field type (5 = date, 6 = object id).
    #[prost(int32, tag = "2")]
    pub field_type: i32,
    /// Alias.
    #[prost(string, tag = "3")]
    pub alias: String,
}

/// One attribute value; `None` is null.
#[derive(Clone, PartialEq, Message)]
pub struct Value {
    /// The value.
    #[prost(oneof = "ValueType", tags = "1, 2, 3, 4, 5, 6, 7, 8, 9")]
    pub value_type: Option<ValueType>,
}

/// The value kinds.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum ValueType {
    /// Text.
    #[prost(string, tag = "1")]
    StringValue(String),
    /// 32-bit float.
    #[prost(float, tag = "2")]
    FloatValue(f32),
    /// 64-bit float.
    #[prost(double, tag = "3")]
    DoubleValue(f64),
    /// Signed 32-bit (zigzag).
    #[prost(sint32, tag = "4")]
    SintValue(i32),
    /// Unsigned 32-bit.
    #[prost(uint32, tag = "5")]
    UintValue(u32),
    /// Signed 64-bit.
    #[prost(int64, tag = "6")]
    Int64Value(i64),
    /// Unsigned 64-bit.
    #[prost(uint64, tag = "7")]
    Uint64Value(u64),
    /// Signed 64-bit (zigzag).
    #[prost(sint64, tag = "8")]
    Sint64Value(i64),
    /// Boolean.
    #[prost(bool, tag = "9")]
    BoolValue(bool),
}

/// Quantised, delta-encoded geometry.
#[derive(Clone, PartialEq, Message)]
pub struct Geometry {
    /// Geometry type.
    #[prost(int32, tag = "1")]
    pub geometry_type: i32,
    /// Vertices per part.
    #[prost(uint32, repeated, packed = "true", tag = "2")]
    pub lengths: Vec<u32>,
    /// Delta-encoded integer coordinates.
    #[prost(sint64, repeated, packed = "true", tag = "3")]
    pub coords: Vec<i64>,
}

/// One feature.
#[derive(Clone, PartialEq, Message)]
pub struct Feature {
    /// Values in field order.
    #[prost(message, repeated, tag = "1")]
    pub attributes: Vec<Value>,
    /// Geometry, when asked for.
    #[prost(message, optional, tag = "2")]
    pub geometry: Option<Geometry>,
}

/// Scale of quantised coordinates.
#[derive(Clone, PartialEq, Message)]
pub struct Scale {
    /// x units per step.
    #[prost(double, tag = "1")]
    pub x_scale: f64,
    /// y units per step.
    #[prost(double, tag = "2")]
    pub y_scale: f64,
}

/// Origin of quantised coordinates.
#[derive(Clone, PartialEq, Message)]
pub struct Translate {
    /// x of the origin.
    #[prost(double, tag = "1")]
    pub x_translate: f64,
    /// y of the origin.
    #[prost(double, tag = "2")]
    pub y_translate: f64,
}

/// Quantisation transform.
#[derive(Clone, PartialEq, Message)]
pub struct Transform {
    /// 0 = upper left (y grows downwards), 1 = lower left.
    #[prost(int32, tag = "1")]
    pub quantize_origin_postion: i32,
    /// Scale.
    #[prost(message, optional, tag = "2")]
    pub scale: Option<Scale>,
    /// Origin.
    #[prost(message, optional, tag = "3")]
    pub translate: Option<Translate>,
}

/// Geometry type code of a point.
pub const GEOMETRY_POINT: i32 = 0;
/// `quantizeOriginPostion` code of a lower-left origin.
pub const ORIGIN_LOWER_LEFT: i32 = 1;

/// A JSON value of an attribute value (null when none is set, or a non-finite float).
pub fn json_value(v: &Value) -> Json {
    let float = |x: f64| Number::from_f64(x).map_or(Json::Null, Json::Number);
    match &v.value_type {
        None => Json::Null,
        Some(ValueType::StringValue(s)) => Json::String(s.clone()),
        Some(ValueType::FloatValue(x)) => float(f64::from(*x)),
        Some(ValueType::DoubleValue(x)) => float(*x),
        Some(ValueType::SintValue(i)) => Json::from(*i),
        Some(ValueType::UintValue(u)) => Json::from(*u),
        Some(ValueType::Int64Value(i) | ValueType::Sint64Value(i)) => Json::from(*i),
        Some(ValueType::Uint64Value(u)) => Json::from(*u),
        Some(ValueType::BoolValue(b)) => Json::Bool(*b),
    }
}

/// The world coordinates (x, y) of a point geometry under `transform` (identity when absent).
pub fn point(geometry: &Geometry, transform: Option<&Transform>) -> Option<(f64, f64)> {
    let (&qx, &qy) = (geometry.coords.first()?, geometry.coords.get(1)?);
    let (qx, qy) = (qx as f64, qy as f64);
    let Some(t) = transform else {
        return Some((qx, qy));
    };
    let (sx, sy) = t
        .scale
        .as_ref()
        .map_or((1.0, 1.0), |s| (s.x_scale, s.y_scale));
    let (tx, ty) = t
        .translate
        .as_ref()
        .map_or((0.0, 0.0), |s| (s.x_translate, s.y_translate));
    let y = if t.quantize_origin_postion == ORIGIN_LOWER_LEFT {
        ty + qy * sy
    } else {
        ty - qy * sy
    };
    Some((tx + qx * sx, y))
}

/// Decode an `f=pbf` page. The service sends errors as JSON even when asked for PBF, so a
/// body that starts with `{` is read as JSON (its error object, or a JSON page).
pub fn decode_page(bytes: &[u8]) -> Result<Page> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::Parse("a JSON reply that is not UTF-8".into()))?;
        let v: Json =
            serde_json::from_str(text).map_err(|e| Error::Parse(format!("not JSON: {e}")))?;
        check_error(&v)?;
        return super::reply::parse_page(text);
    }
    let msg = FeatureCollectionPBuffer::decode(bytes)
        .map_err(|e| Error::Parse(format!("not a FeatureCollection protocol buffer: {e}")))?;
    let Some(Results::FeatureResult(result)) = msg.query_result.and_then(|q| q.results) else {
        return Err(Error::Parse(
            "the protocol buffer reply holds no features".into(),
        ));
    };
    let names: Vec<&str> = result.fields.iter().map(|f| f.name.as_str()).collect();
    let transform = result.transform.as_ref();
    let mut features = Vec::with_capacity(result.features.len());
    for f in &result.features {
        if f.attributes.len() > names.len() {
            return Err(Error::Parse(format!(
                "a feature has {} values for {} fields",
                f.attributes.len(),
                names.len()
            )));
        }
        let mut attrs = Map::new();
        for (name, v) in names.iter().zip(&f.attributes) {
            attrs.insert((*name).to_string(), json_value(v));
        }
        let geometry = f
            .geometry
            .as_ref()
            .filter(|g| g.geometry_type == GEOMETRY_POINT)
            .and_then(|g| point(g, transform));
        features.push((attrs, geometry));
    }
    Ok(Page {
        features,
        exceeded_transfer_limit: result.exceeded_transfer_limit,
    })
}

/// Decode an `f=pbf` count reply.
pub fn decode_count(bytes: &[u8]) -> Result<u64> {
    let msg = FeatureCollectionPBuffer::decode(bytes)
        .map_err(|e| Error::Parse(format!("not a FeatureCollection protocol buffer: {e}")))?;
    match msg.query_result.and_then(|q| q.results) {
        Some(Results::CountResult(c)) => Ok(c.count),
        _ => Err(Error::Parse(
            "the protocol buffer reply holds no count".into(),
        )),
    }
}

#[cfg(test)]
#[path = "pbf_tests.rs"]
mod tests;
