//! A row's offense and place as ids into two tuple dictionaries: offenses (category,
//! description) and places (location text, precinct, neighborhood, council district, ZIP
//! code, longitude, latitude). Each text column keeps its own dictionary of strings; a tuple
//! entry holds the ids of its texts and its coordinates (zig-zag deltas in millionths of a
//! degree from the previous entry's), and a row holds one varint of each kind: 0 for a new
//! entry, else the entry's id + 1. The City
//! places rows at the nearest intersection, so a few tens of thousands of places cover
//! years of rows.

use std::collections::HashMap;

use super::columns::{quantise, DictColumn, DictReader, COORD_SCALE};
use super::parts::Parts;
use super::varint::{corrupt, put_u64, unzigzag, zigzag, Cursor};
use crate::data::clean::CITY_BBOX;
use crate::data::raw::RawRecord;
use crate::data::Result;

/// A coordinate as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
enum Coord {
    /// None given.
    #[default]
    Missing,
    /// Millionths of a degree (see [`quantise`]).
    Grid(i64),
    /// The value's bits, where it has no grid form.
    Exact(u64),
}

impl Coord {
    fn of(v: Option<f64>, (lo, hi): (f64, f64)) -> Coord {
        match v {
            None => Coord::Missing,
            Some(v) => quantise(v, lo, hi).map_or(Coord::Exact(v.to_bits()), Coord::Grid),
        }
    }

    fn value(self) -> Option<f64> {
        match self {
            Coord::Missing => None,
            Coord::Grid(q) => Some(q as f64 / COORD_SCALE),
            Coord::Exact(bits) => Some(f64::from_bits(bits)),
        }
    }

    /// 0 missing, 1 the exact value's 8 bytes, else a zig-zag delta + 2 from `last`.
    fn write(self, out: &mut Vec<u8>, last: &mut i64) {
        match self {
            Coord::Missing => put_u64(out, 0),
            Coord::Exact(bits) => {
                put_u64(out, 1);
                out.extend_from_slice(&bits.to_le_bytes());
            }
            Coord::Grid(q) => {
                put_u64(out, zigzag(q - *last) + 2);
                *last = q;
            }
        }
    }

    fn read(c: &mut Cursor<'_>, last: &mut i64) -> Result<Coord> {
        Ok(match c.u64("coordinates")? {
            0 => Coord::Missing,
            1 => Coord::Exact(c.u64_le("coordinates")?),
            z => {
                let q = last
                    .checked_add(unzigzag(z - 2))
                    .filter(|q| q.unsigned_abs() <= 1 << 60)
                    .ok_or_else(|| corrupt("coordinate out of range"))?;
                *last = q;
                Coord::Grid(q)
            }
        })
    }
}

/// Text ids of an offense (category, description) or a place (location, precinct,
/// neighborhood, council district, ZIP code) and the place's coordinates.
type Key<const N: usize> = ([u32; N], [Coord; 2]);

/// A tuple dictionary: `N` text columns (and coordinates), one code a row: 0 for the next new
/// entry, else the entry's id + 1.
#[derive(Debug)]
struct Tuples<const N: usize> {
    texts: [DictColumn; N],
    index: HashMap<Key<N>, u32>,
    entries: Vec<u8>,
    last_grid: [i64; 2],
    ids: Vec<u8>,
}

impl<const N: usize> Default for Tuples<N> {
    fn default() -> Self {
        Tuples {
            texts: std::array::from_fn(|_| DictColumn::default()),
            index: HashMap::new(),
            entries: Vec::new(),
            last_grid: [0; 2],
            ids: Vec::new(),
        }
    }
}

impl<const N: usize> Tuples<N> {
    fn push(&mut self, texts: [&str; N], coords: [Coord; 2]) {
        let mut key: Key<N> = ([0; N], coords);
        for ((id, col), text) in key.0.iter_mut().zip(&mut self.texts).zip(texts) {
            *id = col.id(text);
        }
        if let Some(&id) = self.index.get(&key) {
            put_u64(&mut self.ids, u64::from(id) + 1);
            return;
        }
        self.index.insert(key, self.index.len() as u32);
        for id in key.0 {
            put_u64(&mut self.entries, u64::from(id));
        }
        for (c, last) in key.1.iter().zip(&mut self.last_grid) {
            c.write(&mut self.entries, last);
        }
        put_u64(&mut self.ids, 0);
    }

    /// Room for `rows` more rows of `per_row` code bytes each.
    fn reserve(&mut self, rows: usize, per_row: usize) {
        self.ids.reserve(rows.saturating_mul(per_row));
    }

    fn heap_bytes(&self) -> usize {
        self.texts.iter().map(DictColumn::heap_bytes).sum::<usize>()
            + self.entries.len()
            + self.index.len() * (std::mem::size_of::<Key<N>>() + 8)
            + self.ids.len()
    }

    /// Layout: the text columns' dictionaries (no row ids), the entries (count, then
    /// length-prefixed bytes), the row ids (length-prefixed).
    fn write<'a>(&'a self, out: &mut Parts<'a>) {
        for col in &self.texts {
            col.write(out);
        }
        put_u64(out.small(), self.index.len() as u64);
        out.bytes(&self.entries);
        out.bytes(&self.ids);
    }
}

/// Reads what [`Tuples`] wrote: every entry's texts and coordinates, and the row ids.
#[derive(Debug, Clone)]
struct TupleReader<'a, const N: usize> {
    entries: Vec<([&'a str; N], [Option<f64>; 2])>,
    ids: Cursor<'a>,
    /// Entries sighted so far.
    seen: usize,
}

impl<'a, const N: usize> TupleReader<'a, N> {
    fn parse(c: &mut Cursor<'a>, names: [&str; N]) -> Result<Self> {
        let mut dicts = Vec::with_capacity(N);
        for name in names {
            let d = DictReader::parse(c, name)?;
            if !d.done() {
                return Err(corrupt(format_args!("{name}: row ids where none belong")));
            }
            dicts.push(d);
        }
        let n = c.len(c.remaining(), "tuples")?;
        let mut e = Cursor::new(c.bytes("tuples")?);
        let mut entries = Vec::with_capacity(n);
        let mut last = [0i64; 2];
        for _ in 0..n {
            let mut texts = [""; N];
            for ((t, d), name) in texts.iter_mut().zip(&dicts).zip(names) {
                let id = e.u64(name)?;
                *t = usize::try_from(id)
                    .ok()
                    .filter(|&i| i < d.entries())
                    .map(|i| d.entry(i as u32))
                    .ok_or_else(|| corrupt(format_args!("{name} id {id} past its dictionary")))?;
            }
            let lon = Coord::read(&mut e, &mut last[0])?.value();
            let lat = Coord::read(&mut e, &mut last[1])?.value();
            entries.push((texts, [lon, lat]));
        }
        if !e.is_empty() {
            return Err(corrupt("tuples: bytes past the last entry"));
        }
        let ids = Cursor::new(c.bytes("tuple ids")?);
        Ok(TupleReader {
            entries,
            ids,
            seen: 0,
        })
    }

    fn next(&mut self) -> Result<([&'a str; N], [Option<f64>; 2])> {
        let code = self.ids.u64("tuple ids")?;
        let id = match code {
            0 => {
                self.seen += 1;
                self.seen - 1
            }
            c => usize::try_from(c - 1)
                .ok()
                .filter(|&i| i < self.seen)
                .ok_or_else(|| corrupt(format_args!("tuple id {code} not yet sighted")))?,
        };
        self.entries
            .get(id)
            .copied()
            .ok_or_else(|| corrupt(format_args!("tuple id {id} past its dictionary")))
    }
}

/// Writes the offense and place columns.
#[derive(Debug, Default)]
pub struct PlaceColumns {
    offenses: Tuples<2>,
    places: Tuples<5>,
}

impl PlaceColumns {
    /// Append one row's offense and place.
    pub fn push(&mut self, r: &RawRecord<'_>) {
        let none = [Coord::Missing; 2];
        self.offenses
            .push([&r.offense_category, &r.offense_description], none);
        let (w, s, e, n) = CITY_BBOX;
        let coords = [
            Coord::of(r.longitude, (w, e)),
            Coord::of(r.latitude, (s, n)),
        ];
        let texts = [
            &*r.location_text,
            &r.precinct,
            &r.neighborhood,
            &r.council_district,
            &r.zip_code,
        ];
        self.places.push(texts, coords);
    }

    /// Room for `rows` more rows (an offense's code a byte, a place's up to three).
    pub fn reserve(&mut self, rows: usize) {
        self.offenses.reserve(rows, 1);
        self.places.reserve(rows, 3);
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.offenses.heap_bytes() + self.places.heap_bytes()
    }

    /// Layout: the offenses' tuple dictionary and ids, then the places'.
    pub fn write<'a>(&'a self, out: &mut Parts<'a>) {
        self.offenses.write(out);
        self.places.write(out);
    }
}

/// One row's offense and place, as read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceRow<'a> {
    /// Offense category and description.
    pub offense: [&'a str; 2],
    /// Location text, precinct, neighborhood, council district, ZIP code.
    pub place: [&'a str; 5],
    /// Longitude, latitude.
    pub coords: [Option<f64>; 2],
}

/// Reads what [`PlaceColumns`] wrote.
#[derive(Debug, Clone)]
pub struct PlaceReader<'a> {
    offenses: TupleReader<'a, 2>,
    places: TupleReader<'a, 5>,
}

impl<'a> PlaceReader<'a> {
    /// Parse both tuple dictionaries; rows are read one by one.
    pub fn parse(c: &mut Cursor<'a>) -> Result<Self> {
        let offenses = TupleReader::parse(c, ["offense categories", "offense descriptions"])?;
        let places = TupleReader::parse(
            c,
            [
                "locations",
                "precincts",
                "neighborhoods",
                "council districts",
                "ZIP codes",
            ],
        )?;
        Ok(PlaceReader { offenses, places })
    }

    /// The next row's offense and place.
    pub fn next(&mut self) -> Result<PlaceRow<'a>> {
        let (offense, _) = self.offenses.next()?;
        let (place, coords) = self.places.next()?;
        Ok(PlaceRow {
            offense,
            place,
            coords,
        })
    }

    /// Whether every row id was read.
    pub fn done(&self) -> bool {
        self.offenses.ids.is_empty() && self.places.ids.is_empty()
    }
}
