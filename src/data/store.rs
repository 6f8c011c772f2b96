//! Compact columnar storage of cleaned offense rows: interned text, `f32` coordinates,
//! `i64` timestamps, local day/minute precomputed. About 45 bytes a row.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Row flag: this row represents its report (the earliest row of its report number).
pub const FLAG_REPRESENTATIVE: u8 = 1;
/// Row flag: the local time is exactly 00:00 or 12:00 (a likely default time).
pub const FLAG_DEFAULT_TIME: u8 = 2;
/// Row flag: no usable coordinates.
pub const FLAG_NO_COORDS: u8 = 4;
/// Row flag: precinct missing or not one of the 11 real precincts (kept by choice).
pub const FLAG_NO_PRECINCT: u8 = 8;
/// Row flag: coordinates outside Detroit's extent (kept by choice).
pub const FLAG_OUTSIDE_CITY: u8 = 16;

/// A string interner: id ↔ text, id 0 is the empty string.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Interner {
    names: Vec<String>,
    #[serde(skip)]
    index: HashMap<String, u32>,
}

impl Interner {
    /// A new interner holding only the empty string (id 0).
    pub fn new() -> Self {
        let mut i = Interner::default();
        i.intern("");
        i
    }

    /// The id of `text`, adding it if new.
    pub fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.index.get(text) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(text.to_string());
        self.index.insert(text.to_string(), id);
        id
    }

    /// The id of `text` if already known.
    pub fn get(&self, text: &str) -> Option<u32> {
        self.index.get(text).copied()
    }

    /// The text of `id` (empty for unknown ids).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// Number of entries, the empty string included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when only the empty string is held.
    pub fn is_empty(&self) -> bool {
        self.names.len() <= 1
    }
}

/// One cleaned row, as handed to [`Store::push`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// UTC instant in ms.
    pub utc_ms: i64,
    /// Local day number.
    pub day: i32,
    /// Local minute of day.
    pub minute: u16,
    /// Trimmed category.
    pub category: &'a str,
    /// Trimmed description.
    pub description: &'a str,
    /// Precinct 2..=12, or 0 when unknown.
    pub precinct: u8,
    /// Trimmed neighborhood.
    pub neighborhood: &'a str,
    /// Longitude (NaN when missing).
    pub lon: f32,
    /// Latitude (NaN when missing).
    pub lat: f32,
    /// Hash of the report number (0 when none).
    pub report: u64,
    /// Flags (`FLAG_*`), representative bit excluded (set by [`Store::mark_representatives`]).
    pub flags: u8,
}

/// The cleaned rows, one column per attribute.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// UTC instants, ms.
    pub utc_ms: Vec<i64>,
    /// Local day numbers (days since 1970-01-01, America/Detroit).
    pub day: Vec<i32>,
    /// Local minute of day.
    pub minute: Vec<u16>,
    /// Category ids into `categories`.
    pub category: Vec<u32>,
    /// Description ids into `descriptions`.
    pub description: Vec<u32>,
    /// Precinct 2..=12, 0 when unknown.
    pub precinct: Vec<u8>,
    /// Neighborhood ids into `neighborhoods`.
    pub neighborhood: Vec<u32>,
    /// Longitudes (NaN when missing).
    pub lon: Vec<f32>,
    /// Latitudes (NaN when missing).
    pub lat: Vec<f32>,
    /// Report-number hashes.
    pub report: Vec<u64>,
    /// `FLAG_*` bits.
    pub flags: Vec<u8>,
    /// Category names.
    pub categories: Interner,
    /// Description texts.
    pub descriptions: Interner,
    /// Neighborhood names.
    pub neighborhoods: Interner,
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Store {
            categories: Interner::new(),
            descriptions: Interner::new(),
            neighborhoods: Interner::new(),
            ..Store::default()
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.utc_ms.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.utc_ms.is_empty()
    }

    /// Append one cleaned row.
    pub fn push(&mut self, row: Row<'_>) {
        self.utc_ms.push(row.utc_ms);
        self.day.push(row.day);
        self.minute.push(row.minute);
        let c = self.categories.intern(row.category);
        self.category.push(c);
        let d = self.descriptions.intern(row.description);
        self.description.push(d);
        self.precinct.push(row.precinct);
        let n = self.neighborhoods.intern(row.neighborhood);
        self.neighborhood.push(n);
        self.lon.push(row.lon);
        self.lat.push(row.lat);
        self.report.push(row.report);
        self.flags.push(row.flags & !FLAG_REPRESENTATIVE);
    }

    /// Mark, for every report number, its earliest row (by time, then load order) as the
    /// representative of the incident; rows without a report number represent themselves.
    /// Returns the number of distinct incidents.
    pub fn mark_representatives(&mut self) -> usize {
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_unstable_by_key(|&i| (self.report[i as usize], self.utc_ms[i as usize], i));
        let mut incidents = 0;
        let mut prev: Option<u64> = None;
        for &i in &order {
            let i = i as usize;
            let r = self.report[i];
            let first = r == 0 || prev != Some(r);
            if first {
                self.flags[i] |= FLAG_REPRESENTATIVE;
                incidents += 1;
            } else {
                self.flags[i] &= !FLAG_REPRESENTATIVE;
            }
            prev = Some(r);
        }
        incidents
    }

    /// Approximate heap bytes used by the columns.
    pub fn heap_bytes(&self) -> usize {
        self.utc_ms.capacity() * 8
            + self.day.capacity() * 4
            + self.minute.capacity() * 2
            + self.category.capacity() * 4
            + self.description.capacity() * 4
            + self.precinct.capacity()
            + self.neighborhood.capacity() * 4
            + self.lon.capacity() * 4
            + self.lat.capacity() * 4
            + self.report.capacity() * 8
            + self.flags.capacity()
    }

    /// Remove every row.
    pub fn clear(&mut self) {
        *self = Store::new();
    }
}

/// FNV-1a 64-bit hash of a trimmed report number (0 for an empty one).
pub fn report_hash(text: &str) -> u64 {
    let t = text.trim();
    if t.is_empty() {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in t.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(report: &str, utc_ms: i64) -> Row<'static> {
        Row {
            utc_ms,
            day: 0,
            minute: 0,
            category: "LARCENY",
            description: "",
            precinct: 2,
            neighborhood: "",
            lon: f32::NAN,
            lat: f32::NAN,
            report: report_hash(report),
            flags: 0,
        }
    }

    #[test]
    fn representatives_are_the_earliest_row_per_report() {
        let mut s = Store::new();
        s.push(row("A", 20));
        s.push(row("A", 10));
        s.push(row("B", 5));
        s.push(row("", 1));
        s.push(row("", 1));
        assert_eq!(s.mark_representatives(), 4);
        let rep: Vec<bool> = s
            .flags
            .iter()
            .map(|f| f & FLAG_REPRESENTATIVE != 0)
            .collect();
        assert_eq!(rep, vec![false, true, true, true, true]);
        assert_eq!(s.categories.len(), 2);
    }
}
