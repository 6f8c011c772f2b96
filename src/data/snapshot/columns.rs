//! The column encoders of the writer and their decoders, one per kind of value. Every column
//! is a self-contained byte run; [`super::reader`] slices the file into them.

use std::collections::HashMap;

use super::parts::Parts;
use super::varint::{corrupt, put_bytes, put_i64, put_u64, unzigzag, zigzag, Cursor};
use crate::data::raw::RawTime;
use crate::data::Result;

/// Time units tried in turn for a delta: whole minutes, whole seconds, milliseconds.
const TIME_UNITS: [i64; 3] = [60_000, 1_000, 1];
/// One millionth of a degree: the coordinates' grid.
pub const COORD_SCALE: f64 = 1e6;

/// A dictionary-coded text column: the distinct values once, then one varint id a row.
#[derive(Debug, Default)]
pub struct DictColumn {
    index: HashMap<Box<str>, u32>,
    dict: Vec<u8>,
    ids: Vec<u8>,
}

impl DictColumn {
    /// Append one value.
    pub fn push(&mut self, text: &str) {
        let id = self.id(text);
        self.push_id(id);
    }

    /// The id of `text`, a new entry if it is new (no row is appended).
    pub fn id(&mut self, text: &str) -> u32 {
        let next = self.index.len() as u32;
        match self.index.get(text) {
            Some(&id) => id,
            None => {
                self.index.insert(text.into(), next);
                put_bytes(&mut self.dict, text.as_bytes());
                next
            }
        }
    }

    /// Append a row holding entry `id`.
    pub fn push_id(&mut self, id: u32) {
        put_u64(&mut self.ids, u64::from(id));
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.dict.len() + self.ids.len() + self.index.len() * 40
    }

    /// Layout: entries, the entries (length-prefixed UTF-8), the ids' bytes (length-prefixed).
    pub fn write<'a>(&'a self, out: &mut Parts<'a>) {
        put_u64(out.small(), self.index.len() as u64);
        out.raw(&self.dict);
        out.bytes(&self.ids);
    }
}

/// Reads a [`DictColumn`].
#[derive(Debug, Clone)]
pub struct DictReader<'a> {
    dict: Vec<&'a str>,
    ids: Cursor<'a>,
}

impl<'a> DictReader<'a> {
    /// Parse the dictionary; the ids are read row by row.
    pub fn parse(c: &mut Cursor<'a>, what: &str) -> Result<Self> {
        let n = c.len(c.remaining(), what)?;
        let mut dict = Vec::with_capacity(n);
        for _ in 0..n {
            dict.push(c.str(what)?);
        }
        let ids = Cursor::new(c.bytes(what)?);
        Ok(DictReader { dict, ids })
    }

    /// The next row's value.
    pub fn next(&mut self, what: &str) -> Result<&'a str> {
        let id = self.next_id(what)?;
        Ok(self.dict[id as usize])
    }

    /// The next row's entry id (checked against the dictionary).
    pub fn next_id(&mut self, what: &str) -> Result<u32> {
        let id = self.ids.u64(what)?;
        u32::try_from(id)
            .ok()
            .filter(|&i| (i as usize) < self.dict.len())
            .ok_or_else(|| corrupt(format_args!("{what} id {id} past its dictionary")))
    }

    /// Entry `id` ("" past the end).
    pub fn entry(&self, id: u32) -> &'a str {
        self.dict.get(id as usize).copied().unwrap_or("")
    }

    /// Whether every id was read.
    pub fn done(&self) -> bool {
        self.ids.is_empty()
    }

    /// Entries in the dictionary.
    pub fn entries(&self) -> usize {
        self.dict.len()
    }
}

/// Occurrence times: a varint a row, `kind | payload << 2`. Kinds 0, 1, 2: a zig-zag delta
/// from the previous epoch time in whole minutes, seconds or milliseconds; kind 3: payload 0
/// missing, 1 a text time (the next entry of the text column), 2 a delta in milliseconds too
/// large for the payload, as the next varint.
#[derive(Debug, Default)]
pub struct TimeColumn {
    last: i64,
    codes: Vec<u8>,
    texts: DictColumn,
}

impl TimeColumn {
    /// Room for `rows` more rows (3 bytes each: a delta of up to about a week in minutes).
    pub fn reserve(&mut self, rows: usize) {
        self.codes.reserve(rows.saturating_mul(3));
    }

    /// Append one value.
    pub fn push(&mut self, time: &RawTime<'_>) {
        match time {
            RawTime::Missing => put_u64(&mut self.codes, 3),
            RawTime::Text(t) => {
                put_u64(&mut self.codes, 3 | 1 << 2);
                self.texts.push(t);
            }
            RawTime::EpochMs(ms) => {
                let delta = ms.wrapping_sub(self.last);
                self.last = *ms;
                for (kind, unit) in TIME_UNITS.iter().enumerate() {
                    let z = zigzag(delta / unit);
                    if delta % unit == 0 && z < 1 << 62 {
                        put_u64(&mut self.codes, kind as u64 | z << 2);
                        return;
                    }
                }
                put_u64(&mut self.codes, 3 | 2 << 2);
                put_i64(&mut self.codes, delta);
            }
        }
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.codes.len() + self.texts.heap_bytes()
    }

    /// Layout: the codes (length-prefixed), then the text times as a [`DictColumn`].
    pub fn write<'a>(&'a self, out: &mut Parts<'a>) {
        out.bytes(&self.codes);
        self.texts.write(out);
    }
}

/// Reads a [`TimeColumn`].
#[derive(Debug, Clone)]
pub struct TimeReader<'a> {
    last: i64,
    codes: Cursor<'a>,
    texts: DictReader<'a>,
}

impl<'a> TimeReader<'a> {
    /// Parse the column's parts.
    pub fn parse(c: &mut Cursor<'a>) -> Result<Self> {
        let codes = Cursor::new(c.bytes("times")?);
        let texts = DictReader::parse(c, "text times")?;
        Ok(TimeReader {
            last: 0,
            codes,
            texts,
        })
    }

    /// The next row's time.
    pub fn next(&mut self) -> Result<RawTime<'a>> {
        let v = self.codes.u64("times")?;
        let (kind, payload) = (v & 3, v >> 2);
        let delta = match (kind, payload) {
            (3, 0) => return Ok(RawTime::Missing),
            (3, 1) => return Ok(RawTime::Text(self.texts.next("text times")?.into())),
            (3, 2) => self.codes.i64("times")?,
            (3, _) => return Err(corrupt(format_args!("unknown time code {v}"))),
            (k, p) => unzigzag(p).wrapping_mul(TIME_UNITS[k as usize]),
        };
        self.last = self.last.wrapping_add(delta);
        Ok(RawTime::EpochMs(self.last))
    }

    /// Whether every code was read.
    pub fn done(&self) -> bool {
        self.codes.is_empty() && self.texts.done()
    }
}

/// The grid value to store for `v`: the nearest millionth of a degree whose value keeps
/// `v`'s single-precision value (what the cleaner keeps), whether it is zero, and its side of
/// `lo` and `hi` (the city's box), or `None` (then the exact value is stored).
pub fn quantise(v: f64, lo: f64, hi: f64) -> Option<i64> {
    if !v.is_finite() || v.abs() > 1e9 {
        return None;
    }
    let r = (v * COORD_SCALE).round() as i64;
    [0i64, -1, 1, -2, 2, -3, 3]
        .iter()
        .map(|d| r + d)
        .find(|&q| {
            let back = q as f64 / COORD_SCALE;
            (back as f32).to_bits() == (v as f32).to_bits()
                && (back == 0.0) == (v == 0.0)
                && (back >= lo) == (v >= lo)
                && (back <= hi) == (v <= hi)
        })
}

/// Object ids: 0 missing, 1 the value follows as a zig-zag varint, else a zig-zag delta (+2)
/// from the previous id.
#[derive(Debug, Default)]
pub struct IdColumn {
    last: i64,
    codes: Vec<u8>,
}

impl IdColumn {
    /// Room for `rows` more rows (2 bytes each: ids a few thousand apart).
    pub fn reserve(&mut self, rows: usize) {
        self.codes.reserve(rows.saturating_mul(2));
    }

    /// Append one value.
    pub fn push(&mut self, v: Option<i64>) {
        let Some(v) = v else {
            return put_u64(&mut self.codes, 0);
        };
        match v.checked_sub(self.last).map(zigzag) {
            Some(z) if z <= u64::MAX - 2 => put_u64(&mut self.codes, z + 2),
            _ => {
                put_u64(&mut self.codes, 1);
                put_i64(&mut self.codes, v);
            }
        }
        self.last = v;
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.codes.len()
    }

    /// Layout: the codes, length-prefixed.
    pub fn write<'a>(&'a self, out: &mut Parts<'a>) {
        out.bytes(&self.codes);
    }
}

/// Reads an [`IdColumn`].
#[derive(Debug, Clone)]
pub struct IdReader<'a> {
    last: i64,
    codes: Cursor<'a>,
}

impl<'a> IdReader<'a> {
    /// Parse the column.
    pub fn parse(c: &mut Cursor<'a>) -> Result<Self> {
        Ok(IdReader {
            last: 0,
            codes: Cursor::new(c.bytes("object ids")?),
        })
    }

    /// The next row's value.
    pub fn next(&mut self) -> Result<Option<i64>> {
        let v = match self.codes.u64("object ids")? {
            0 => return Ok(None),
            1 => self.codes.i64("object ids")?,
            z => self
                .last
                .checked_add(unzigzag(z - 2))
                .ok_or_else(|| corrupt("object id out of range"))?,
        };
        self.last = v;
        Ok(Some(v))
    }

    /// Whether every code was read.
    pub fn done(&self) -> bool {
        self.codes.is_empty()
    }
}
