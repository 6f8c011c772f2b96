//! Export and import of a fitted model as a small self-describing JSON document.
//!
//! Layout (version 1):
//! ```json
//! {"format":"crimecast-lstm","version":1,
//!  "params":{...},"summary":{...},
//!  "scaler":{"kind":"min_max","offset":"1234.5","scale":"321"},
//!  "tail":["1500","1498.5",...],
//!  "residuals":"<base64 of little-endian f32>",
//!  "weights":[{"name":"lstm0.kernel","rows":1,"cols":200,"data":"<base64 f32>"},...]}
//! ```
//! Values that must survive exactly are written either as Rust's shortest round-trip
//! decimal strings (f64) or as base64 little-endian f32, so an imported model forecasts
//! bit-for-bit like the exported one. Imports check every size against the parameters
//! before decoding and bound every array while reading it, so a corrupted or hostile file
//! yields a short error, never a panic, and memory stays within a small multiple of the
//! file's size (`tests/fuzz_lstm.rs` checks this on mutated and hostile files).

use serde::{Deserialize, Serialize};

use super::data::Scaler;
use super::fitted::{FittedLstm, TrainingSummary};
use super::net::{layout, Net};
use super::params::{LstmParams, Scaling};
use crate::analysis::{Error, ParamGuard, Result};

/// Value of the `format` field.
pub const FORMAT: &str = "crimecast-lstm";
/// Current format version.
pub const VERSION: u32 = 1;
/// Largest accepted model document, in bytes.
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// Largest accepted number of stored residuals.
const MAX_RESIDUALS: usize = 100_000;
/// Most forecast-origin values read: a window and a seasonal lag of at most
/// [`MAX_WINDOW`](super::MAX_WINDOW) weeks each.
const MAX_TAIL: usize = 2 * super::params::MAX_WINDOW;
/// Most weight matrices read: three per layer for two layers, and the dense head's two.
const MAX_WEIGHTS: usize = 8;

/// Read a sequence of at most `max` elements. A longer one is an error as soon as element
/// `max + 1` is met, so an array of tiny elements (`["","",...]`) in a hostile file cannot
/// grow a vector many times the size of the file before the lengths are checked.
pub(crate) fn bounded_seq<'de, D, T>(d: D, max: usize) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T> {
        max: usize,
        item: std::marker::PhantomData<T>,
    }
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Bounded<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a sequence of at most {} elements", self.max)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element()? {
                if out.len() == self.max {
                    return Err(serde::de::Error::invalid_length(self.max + 1, &self));
                }
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Bounded {
        max,
        item: std::marker::PhantomData,
    })
}

fn tail_values<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    bounded_seq(d, MAX_TAIL)
}

fn weight_docs<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<WeightDoc>, D::Error> {
    bounded_seq(d, MAX_WEIGHTS)
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Serialize, Deserialize)]
struct ScalerDoc {
    kind: Scaling,
    offset: String,
    scale: String,
}

#[derive(Serialize, Deserialize)]
struct WeightDoc {
    name: String,
    rows: usize,
    cols: usize,
    data: String,
}

#[derive(Serialize, Deserialize)]
struct ModelDoc {
    format: String,
    version: u32,
    params: LstmParams,
    summary: TrainingSummary,
    scaler: ScalerDoc,
    #[serde(deserialize_with = "tail_values")]
    tail: Vec<String>,
    residuals: String,
    #[serde(deserialize_with = "weight_docs")]
    weights: Vec<WeightDoc>,
}

/// Longest error message, in characters: a hostile file's values are quoted only in part.
const MAX_MESSAGE_CHARS: usize = 300;

fn bad(msg: impl std::fmt::Display) -> Error {
    let mut m = format!("model file: {msg}");
    if let Some((cut, _)) = m.char_indices().nth(MAX_MESSAGE_CHARS) {
        m.truncate(cut);
        m.push('…');
    }
    Error::Data(m)
}

/// A value from the file, quoted for a message and cut to 40 characters.
fn quoted(s: &str) -> String {
    let mut q: String = s.chars().take(40).collect();
    if q.len() < s.len() {
        q.push('…');
    }
    format!("{q:?}")
}

impl FittedLstm {
    /// Serialise parameters, scaler, forecast origin, residuals and weights.
    pub fn to_json(&self) -> Result<String> {
        let weights = layout(&self.net.units, self.net.n_in)
            .into_iter()
            .zip(self.net.values())
            .map(|((name, rows, cols), v)| WeightDoc {
                name,
                rows,
                cols,
                data: encode_f32(&v),
            })
            .collect();
        let doc = ModelDoc {
            format: FORMAT.into(),
            version: VERSION,
            params: LstmParams::from(self.params.clone()),
            summary: self.summary,
            scaler: ScalerDoc {
                kind: self.scaler.kind,
                offset: self.scaler.offset.to_string(),
                scale: self.scaler.scale.to_string(),
            },
            tail: self.tail.iter().map(ToString::to_string).collect(),
            residuals: encode_f32(&self.residuals),
            weights,
        };
        serde_json::to_string(&doc).map_err(|e| Error::Fit(format!("cannot serialise model: {e}")))
    }

    /// Rebuild a model written by [`FittedLstm::to_json`]; every field is validated.
    pub fn from_json(text: &str) -> Result<Self> {
        if text.len() > MAX_FILE_BYTES {
            return Err(bad(format!(
                "{} bytes exceeds the {MAX_FILE_BYTES}-byte limit",
                text.len()
            )));
        }
        let header: Header = serde_json::from_str(text).map_err(bad)?;
        if header.format != FORMAT {
            return Err(bad(format!(
                "format is {}, expected {FORMAT:?}",
                quoted(&header.format)
            )));
        }
        if header.version != VERSION {
            return Err(bad(format!(
                "version {} is not supported (expected {VERSION})",
                header.version
            )));
        }
        let doc: ModelDoc = serde_json::from_str(text).map_err(bad)?;
        let params = doc.params.check().map_err(bad)?;
        let scaler = Scaler {
            kind: doc.scaler.kind,
            offset: parse_f64(&doc.scaler.offset, "scaler offset")?,
            scale: parse_f64(&doc.scaler.scale, "scaler scale")?,
        };
        if !scaler.is_valid() {
            return Err(bad("scaler scale must be positive"));
        }
        if doc.tail.len() != params.context() {
            return Err(bad(format!(
                "tail holds {} values but window and seasonal lag need {}",
                doc.tail.len(),
                params.context()
            )));
        }
        let tail = doc
            .tail
            .iter()
            .map(|s| parse_f64(s, "tail value"))
            .collect::<Result<Vec<f64>>>()?;
        let residuals = decode_f32(&doc.residuals, None, "residuals")?;
        if residuals.is_empty() || residuals.len() > MAX_RESIDUALS {
            return Err(bad(format!(
                "{} residuals stored; expected 1 to {MAX_RESIDUALS}",
                residuals.len()
            )));
        }
        let expected = layout(params.units(), params.n_inputs());
        if doc.weights.len() != expected.len() {
            return Err(bad(format!(
                "{} weight matrices stored; the parameters need {}",
                doc.weights.len(),
                expected.len()
            )));
        }
        let mut values = Vec::with_capacity(expected.len());
        for (wd, (name, rows, cols)) in doc.weights.iter().zip(&expected) {
            if &wd.name != name || wd.rows != *rows || wd.cols != *cols {
                return Err(bad(format!(
                    "weight {} ({}x{}) found where {name:?} ({rows}x{cols}) was expected",
                    quoted(&wd.name),
                    wd.rows,
                    wd.cols
                )));
            }
            values.push(decode_f32(&wd.data, Some(rows * cols), name)?);
        }
        let net = Net::from_values(params.units(), params.n_inputs(), values)?;
        FittedLstm::new(params, scaler, net, residuals, tail, doc.summary).map_err(bad)
    }
}

fn parse_f64(s: &str, what: &str) -> Result<f64> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(bad(format!("{what} {} is not a finite number", quoted(s)))),
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (with padding) of the little-endian bytes of `values`.
fn encode_f32(values: &[f32]) -> String {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Decode [`encode_f32`]; `expect` (if given) is the exact number of values required and is
/// checked against the text length before anything is allocated. Values must be finite.
fn decode_f32(text: &str, expect: Option<usize>, what: &str) -> Result<Vec<f32>> {
    let src = text.as_bytes();
    if !src.len().is_multiple_of(4) {
        return Err(bad(format!(
            "{what}: base64 length {} is not a multiple of 4",
            src.len()
        )));
    }
    let pad = src.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return Err(bad(format!("{what}: too much base64 padding")));
    }
    let n_bytes = src.len() / 4 * 3 - pad;
    if !n_bytes.is_multiple_of(4) {
        return Err(bad(format!(
            "{what}: {n_bytes} bytes is not a whole number of f32"
        )));
    }
    if let Some(n) = expect {
        if n_bytes != n * 4 {
            return Err(bad(format!(
                "{what}: holds {} values, expected {n}",
                n_bytes / 4
            )));
        }
    }
    let mut bytes = Vec::with_capacity(n_bytes);
    for (q, quad) in src.chunks(4).enumerate() {
        let last = q + 1 == src.len() / 4;
        let mut n = 0u32;
        for (k, &c) in quad.iter().enumerate() {
            let v = if c == b'=' && last && k >= 4 - pad {
                0
            } else {
                sextet(c).ok_or_else(|| bad(format!("{what}: invalid base64 character")))?
            };
            n = (n << 6) | v;
        }
        let take = if last { 3 - pad } else { 3 };
        bytes.extend_from_slice(&n.to_be_bytes()[1..1 + take]);
    }
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    if values.iter().any(|v| !v.is_finite()) {
        return Err(bad(format!("{what}: contains NaN or infinity")));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_and_rejections() {
        for n in 0..7 {
            let v: Vec<f32> = (0..n).map(|i| i as f32 * 1.25 - 3.0).collect();
            let s = encode_f32(&v);
            assert_eq!(decode_f32(&s, Some(n), "t").unwrap(), v);
        }
        let s = encode_f32(&[1.0, 2.0]);
        assert!(decode_f32(&s, Some(3), "t").is_err());
        assert!(decode_f32(&s[1..], None, "t").is_err());
        assert!(decode_f32("!!!!AAAA", None, "t").is_err());
        assert!(decode_f32(&encode_f32(&[f32::NAN]), None, "t").is_err());
        assert!(decode_f32("AAA=", None, "t").is_err());
    }
}
