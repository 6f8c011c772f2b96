//! The column encoders of the writer and their decoders, one per kind of value. Every column
//! is a self-contained byte run; [`super::reader`] slices the file into them.

use std::collections::{HashMap, VecDeque};

use super::varint::{corrupt, put_bytes, put_i64, put_u64, unzigzag, zigzag, Cursor};
use crate::data::raw::RawTime;
use crate::data::Result;

/// How many of the latest report numbers a repeat may refer back to.
const RECENT_REPORTS: usize = 32;
/// Time units tried in turn for a delta: whole minutes, whole seconds, milliseconds.
const TIME_UNITS: [i64; 3] = [60_000, 1_000, 1];
/// One millionth of a degree: the coordinates' grid.
const COORD_SCALE: f64 = 1e6;

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
        let next = self.index.len() as u32;
        let id = match self.index.get(text) {
            Some(&id) => id,
            None => {
                self.index.insert(text.into(), next);
                put_bytes(&mut self.dict, text.as_bytes());
                next
            }
        };
        put_u64(&mut self.ids, u64::from(id));
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.dict.len() + self.ids.len() + self.index.len() * 40
    }

    /// Layout: entries, the entries (length-prefixed UTF-8), the ids' bytes (length-prefixed).
    pub fn write(&self, out: &mut Vec<u8>) {
        put_u64(out, self.index.len() as u64);
        out.extend_from_slice(&self.dict);
        put_bytes(out, &self.ids);
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
        let id = self.ids.u64(what)?;
        usize::try_from(id)
            .ok()
            .and_then(|i| self.dict.get(i).copied())
            .ok_or_else(|| corrupt(format_args!("{what} id {id} past its dictionary")))
    }

    /// Whether every id was read.
    pub fn done(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Report numbers: a per-row code (0: a new dictionary entry; k: the k-th latest entry), and
/// entries stored as a delta from the previous numeric entry when they are plain decimal
/// numbers (as the City's are), else as text.
#[derive(Debug, Default)]
pub struct ReportColumn {
    recent: VecDeque<Box<str>>,
    entries: u64,
    last_number: i64,
    dict: Vec<u8>,
    codes: Vec<u8>,
}

/// A canonical decimal number (no sign, no leading zero, at most 18 digits) as its value.
fn plain_number(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let canonical = !b.is_empty()
        && b.len() <= 18
        && b.iter().all(u8::is_ascii_digit)
        && (b[0] != b'0' || b.len() == 1);
    canonical.then(|| text.parse().ok()).flatten()
}

impl ReportColumn {
    /// Append one value.
    pub fn push(&mut self, text: &str) {
        if let Some(k) = self.recent.iter().rev().position(|r| &**r == text) {
            put_u64(&mut self.codes, k as u64 + 1);
            return;
        }
        put_u64(&mut self.codes, 0);
        self.entries += 1;
        match plain_number(text) {
            Some(v) => {
                put_u64(&mut self.dict, zigzag(v - self.last_number) << 1);
                self.last_number = v;
            }
            None => {
                put_u64(&mut self.dict, ((text.len() as u64) << 1) | 1);
                self.dict.extend_from_slice(text.as_bytes());
            }
        }
        if self.recent.len() == RECENT_REPORTS {
            self.recent.pop_front();
        }
        self.recent.push_back(text.into());
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.dict.len() + self.codes.len() + RECENT_REPORTS * 32
    }

    /// Layout: entries, the entries' bytes (length-prefixed), the codes (length-prefixed).
    pub fn write(&self, out: &mut Vec<u8>) {
        put_u64(out, self.entries);
        put_bytes(out, &self.dict);
        put_bytes(out, &self.codes);
    }
}

/// The report numbers' dictionary of a [`ReportColumn`], spelled out into one string.
#[derive(Debug, Clone, Default)]
pub struct ReportDict {
    text: String,
    ends: Vec<usize>,
}

impl ReportDict {
    /// Parse the entries; returns them and the per-row codes.
    pub fn parse<'a>(c: &mut Cursor<'a>) -> Result<(Self, Cursor<'a>)> {
        const WHAT: &str = "report numbers";
        let n = c.len(c.remaining(), WHAT)?;
        let mut d = Cursor::new(c.bytes(WHAT)?);
        let codes = Cursor::new(c.bytes(WHAT)?);
        let mut text = String::new();
        let mut ends = Vec::with_capacity(n);
        let mut last = 0i64;
        for _ in 0..n {
            let v = d.u64(WHAT)?;
            if v & 1 == 1 {
                let len = usize::try_from(v >> 1).unwrap_or(usize::MAX);
                let b = d.take(len, WHAT)?;
                let s =
                    std::str::from_utf8(b).map_err(|_| corrupt("a report number is not UTF-8"))?;
                text.push_str(s);
            } else {
                last = last
                    .checked_add(unzigzag(v >> 1))
                    .filter(|x| *x >= 0)
                    .ok_or_else(|| corrupt("report number out of range"))?;
                text.push_str(&last.to_string());
            }
            ends.push(text.len());
        }
        if !d.is_empty() {
            return Err(corrupt("report numbers: bytes past the last entry"));
        }
        Ok((ReportDict { text, ends }, codes))
    }

    /// Entry `id`'s text ("" past the end).
    pub fn entry(&self, id: usize) -> &str {
        let start = id
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(id).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Entries.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Reads the per-row codes of a [`ReportColumn`] into entry ids.
#[derive(Debug, Clone)]
pub struct ReportCodes<'a> {
    codes: Cursor<'a>,
    seen: usize,
    entries: usize,
}

impl<'a> ReportCodes<'a> {
    /// Codes over a dictionary of `entries` entries.
    pub fn new(codes: Cursor<'a>, entries: usize) -> Self {
        ReportCodes {
            codes,
            seen: 0,
            entries,
        }
    }

    /// The next row's entry id.
    pub fn next_id(&mut self) -> Result<usize> {
        let k = self.codes.u64("report numbers")?;
        let id = if k == 0 {
            self.seen += 1;
            self.seen - 1
        } else {
            usize::try_from(k)
                .ok()
                .filter(|&k| k <= self.seen && k <= RECENT_REPORTS)
                .map(|k| self.seen - k)
                .ok_or_else(|| corrupt(format_args!("report number back-reference {k}")))?
        };
        if id >= self.entries {
            return Err(corrupt(
                "report numbers: more new entries than the dictionary",
            ));
        }
        Ok(id)
    }

    /// Whether every code was read.
    pub fn done(&self) -> bool {
        self.codes.is_empty()
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
    pub fn write(&self, out: &mut Vec<u8>) {
        put_bytes(out, &self.codes);
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

/// A coordinate: 0 missing, 1 the exact value's bits as 8 bytes, else a zig-zag delta (+2)
/// from the previous grid value in millionths of a degree; see [`quantise`].
#[derive(Debug)]
pub struct CoordColumn {
    lo: f64,
    hi: f64,
    last: i64,
    codes: Vec<u8>,
}

impl CoordColumn {
    /// A column whose values keep their side of `lo..=hi`.
    pub fn new(lo: f64, hi: f64) -> Self {
        CoordColumn {
            lo,
            hi,
            last: 0,
            codes: Vec::new(),
        }
    }

    /// Append one value.
    pub fn push(&mut self, v: Option<f64>) {
        let Some(v) = v else {
            return put_u64(&mut self.codes, 0);
        };
        match quantise(v, self.lo, self.hi) {
            Some(q) => {
                put_u64(&mut self.codes, zigzag(q - self.last) + 2);
                self.last = q;
            }
            None => {
                put_u64(&mut self.codes, 1);
                self.codes.extend_from_slice(&v.to_bits().to_le_bytes());
            }
        }
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.codes.len()
    }

    /// Layout: the codes, length-prefixed.
    pub fn write(&self, out: &mut Vec<u8>) {
        put_bytes(out, &self.codes);
    }
}

/// Reads a [`CoordColumn`].
#[derive(Debug, Clone)]
pub struct CoordReader<'a> {
    last: i64,
    codes: Cursor<'a>,
}

impl<'a> CoordReader<'a> {
    /// Parse the column.
    pub fn parse(c: &mut Cursor<'a>, what: &str) -> Result<Self> {
        Ok(CoordReader {
            last: 0,
            codes: Cursor::new(c.bytes(what)?),
        })
    }

    /// The next row's value.
    pub fn next(&mut self) -> Result<Option<f64>> {
        match self.codes.u64("coordinates")? {
            0 => Ok(None),
            1 => Ok(Some(f64::from_bits(self.codes.u64_le("coordinates")?))),
            z => {
                let q = self
                    .last
                    .checked_add(unzigzag(z - 2))
                    .filter(|q| q.unsigned_abs() <= 1_000_000_000_000_000)
                    .ok_or_else(|| corrupt("coordinate out of range"))?;
                self.last = q;
                Ok(Some(q as f64 / COORD_SCALE))
            }
        }
    }

    /// Whether every code was read.
    pub fn done(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Object ids: 0 missing, 1 the value follows as a zig-zag varint, else a zig-zag delta (+2)
/// from the previous id.
#[derive(Debug, Default)]
pub struct IdColumn {
    last: i64,
    codes: Vec<u8>,
}

impl IdColumn {
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
    pub fn write(&self, out: &mut Vec<u8>) {
        put_bytes(out, &self.codes);
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
