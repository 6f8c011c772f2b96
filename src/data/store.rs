//! Compact columnar storage of cleaned offense rows: interned text, `f32` coordinates,
//! `i64` timestamps, local day/minute precomputed. About 50 bytes a row.
//!
//! Incidents: the rows sharing a report number are one incident. [`Store::mark_representatives`]
//! orders each report's rows by time, then by content (category, description, precinct,
//! neighborhood, coordinates), never by load order, and marks the first row of each report
//! ([`FLAG_REPRESENTATIVE`]) and the first row of each of its categories
//! ([`FLAG_CATEGORY_FIRST`]); so a report counts once in a total and once under each
//! category it contains, whatever order its rows arrived in.

use std::cmp::Ordering;
use std::hash::BuildHasher;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;

/// Row flag: this row represents its report (the earliest row of its report number; ties
/// broken by content, see the module docs).
pub const FLAG_REPRESENTATIVE: u8 = 1;
/// Row flag: the local time is exactly 00:00 or 12:00 (a likely default time).
pub const FLAG_DEFAULT_TIME: u8 = 2;
/// Row flag: no usable coordinates.
pub const FLAG_NO_COORDS: u8 = 4;
/// Row flag: precinct missing or not one of the 11 real precincts (kept by choice).
pub const FLAG_NO_PRECINCT: u8 = 8;
/// Row flag: coordinates outside Detroit's extent (kept by choice).
pub const FLAG_OUTSIDE_CITY: u8 = 16;
/// Row flag: this row is the first of its report in its category (ordered as for
/// [`FLAG_REPRESENTATIVE`]): the row that counts the report under that category.
pub const FLAG_CATEGORY_FIRST: u8 = 32;
/// The flags set by [`Store::mark_representatives`].
const INCIDENT_FLAGS: u8 = FLAG_REPRESENTATIVE | FLAG_CATEGORY_FIRST;

/// A string interner: id ↔ text, id 0 is the empty string. Each distinct text is stored
/// once: the index holds only ids, hashed and compared through the stored texts.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    names: Vec<Box<str>>,
    index: HashTable<u32>,
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
        let hash = FxBuildHasher.hash_one(text);
        let names = &self.names;
        match self.index.entry(
            hash,
            |&id| &*names[id as usize] == text,
            |&id| FxBuildHasher.hash_one(&*names[id as usize]),
        ) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let id = names.len() as u32;
                e.insert(id);
                self.names.push(text.into());
                id
            }
        }
    }

    /// The id of `text` if already known.
    pub fn get(&self, text: &str) -> Option<u32> {
        let hash = FxBuildHasher.hash_one(text);
        self.index
            .find(hash, |&id| &*self.names[id as usize] == text)
            .copied()
    }

    /// The text of `id` (empty for unknown ids).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
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
    /// Flags (`FLAG_*`), incident bits excluded (set by [`Store::mark_representatives`]).
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
    /// Row indices grouped by report and ordered within each report as the incident flags
    /// were set (see [`Store::incident_order`]); empty until marked.
    by_report: Vec<u32>,
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

    /// Make room for `additional` more rows in every column at once (a load that knows its
    /// size grows each column once instead of by doubling).
    pub fn reserve(&mut self, additional: usize) {
        self.utc_ms.reserve_exact(additional);
        self.day.reserve_exact(additional);
        self.minute.reserve_exact(additional);
        self.category.reserve_exact(additional);
        self.description.reserve_exact(additional);
        self.precinct.reserve_exact(additional);
        self.neighborhood.reserve_exact(additional);
        self.lon.reserve_exact(additional);
        self.lat.reserve_exact(additional);
        self.report.reserve_exact(additional);
        self.flags.reserve_exact(additional);
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
        self.flags.push(row.flags & !INCIDENT_FLAGS);
    }

    /// How rows `a` and `b` are ordered within a report: by report, time, then content
    /// (names compared as text, so the order does not depend on load order).
    fn incident_cmp(&self, a: usize, b: usize) -> Ordering {
        let name = |i: &Interner, x: &[u32]| i.name(x[a]).cmp(i.name(x[b]));
        self.report[a]
            .cmp(&self.report[b])
            .then(self.utc_ms[a].cmp(&self.utc_ms[b]))
            .then_with(|| name(&self.categories, &self.category))
            .then_with(|| name(&self.descriptions, &self.description))
            .then(self.precinct[a].cmp(&self.precinct[b]))
            .then_with(|| name(&self.neighborhoods, &self.neighborhood))
            .then(self.lon[a].to_bits().cmp(&self.lon[b].to_bits()))
            .then(self.lat[a].to_bits().cmp(&self.lat[b].to_bits()))
            .then((self.flags[a] & !INCIDENT_FLAGS).cmp(&(self.flags[b] & !INCIDENT_FLAGS)))
    }

    /// Row indices grouped by report number and ordered within each report by time, then
    /// content (rows equal in all of these are interchangeable). Rows without a report number
    /// (hash 0) come first, each an incident of its own.
    pub fn incident_order(&self) -> std::borrow::Cow<'_, [u32]> {
        if self.by_report.len() == self.len() {
            return std::borrow::Cow::Borrowed(&self.by_report);
        }
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.incident_cmp(a as usize, b as usize).then(a.cmp(&b)));
        std::borrow::Cow::Owned(order)
    }

    /// Mark, for every report number, its first row in [`Store::incident_order`] as the
    /// representative of the incident, and its first row in each of its categories; rows
    /// without a report number represent themselves. Returns the number of distinct
    /// incidents. The marks do not depend on the order the rows were loaded in.
    pub fn mark_representatives(&mut self) -> usize {
        self.by_report = Vec::new(); // freed before the new order is built
        let order = self.incident_order().into_owned();
        let mut incidents = 0u32;
        let mut prev: Option<u64> = None;
        // Per category, the last incident (1-based) it was counted under.
        let mut counted_in = vec![0u32; self.categories.len()];
        for &i in &order {
            let i = i as usize;
            let r = self.report[i];
            let first = r == 0 || prev != Some(r);
            if first {
                incidents += 1;
            }
            let mut flags = self.flags[i] & !INCIDENT_FLAGS;
            if first {
                flags |= FLAG_REPRESENTATIVE;
            }
            if let Some(last) = counted_in.get_mut(self.category[i] as usize) {
                if *last != incidents {
                    *last = incidents;
                    flags |= FLAG_CATEGORY_FIRST;
                }
            }
            self.flags[i] = flags;
            prev = Some(r);
        }
        self.by_report = order;
        incidents as usize
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
            + self.by_report.capacity() * 4
    }

    /// Remove every row whose time lies in `from_ms..to_ms` (UTC ms, end excluded), keeping
    /// the others in their order, then mark the incidents again. Returns the rows removed.
    pub fn remove_time_range(&mut self, from_ms: i64, to_ms: i64) -> usize {
        let keep: Vec<bool> = self
            .utc_ms
            .iter()
            .map(|t| !(from_ms..to_ms).contains(t))
            .collect();
        let removed = keep.iter().filter(|k| !**k).count();
        if removed == 0 {
            return 0;
        }
        fn retain<T>(col: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            col.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        retain(&mut self.utc_ms, &keep);
        retain(&mut self.day, &keep);
        retain(&mut self.minute, &keep);
        retain(&mut self.category, &keep);
        retain(&mut self.description, &keep);
        retain(&mut self.precinct, &keep);
        retain(&mut self.neighborhood, &keep);
        retain(&mut self.lon, &keep);
        retain(&mut self.lat, &keep);
        retain(&mut self.report, &keep);
        retain(&mut self.flags, &keep);
        self.mark_representatives();
        removed
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

    #[test]
    fn removing_a_time_range_keeps_the_rest_and_its_incidents() {
        let mut s = Store::new();
        // Report A has rows at 10 (in the range) and 30 (kept): after the removal its row at
        // 30 represents it. Report B lies wholly in the range and goes.
        s.push(row("A", 10));
        s.push(row("B", 15));
        s.push(row("A", 30));
        s.push(row("C", 5));
        s.push(row("", 20));
        assert_eq!(s.mark_representatives(), 4);
        assert_eq!(s.remove_time_range(10, 21), 3);
        assert_eq!(s.utc_ms, vec![30, 5]);
        assert_eq!(s.report, vec![report_hash("A"), report_hash("C")]);
        assert_eq!(s.len(), 2);
        let rep: Vec<bool> = s
            .flags
            .iter()
            .map(|f| f & FLAG_REPRESENTATIVE != 0)
            .collect();
        assert_eq!(rep, vec![true, true]);
        assert_eq!(s.mark_representatives(), 2);
        // The range's end is excluded; an empty range removes nothing.
        assert_eq!(s.remove_time_range(0, 5), 0);
        assert_eq!(s.remove_time_range(5, 6), 1);
        assert_eq!(s.utc_ms, vec![30]);
    }

    #[test]
    fn incident_order_groups_reports_then_orders_by_time_and_content() {
        let mut s = Store::new();
        let (hi, lo) = (7u64 << 32, 2u64 << 32);
        for (report, t, cat) in [
            (hi | 5, 30, "B"),
            (hi | 3, 20, "B"),
            (0, 9, "A"),
            (hi | 3, 20, "A"),
            (lo | 9, 1, "A"),
            (hi | 5, 10, "A"),
            (0, 4, "A"),
            (hi | 3, 5, "C"),
            (u64::MAX, 0, "A"),
        ] {
            s.push(Row {
                report,
                category: cat,
                ..row("", t)
            });
        }
        // No report first, then by report, time within a report, then content.
        assert_eq!(&*s.incident_order(), &[6, 2, 4, 7, 3, 1, 5, 0, 8]);
    }

    #[test]
    fn incident_flags_do_not_depend_on_load_order() {
        let rows = |cat: &'static str, precinct: u8, t: i64| Row {
            category: cat,
            precinct,
            ..row("R", t)
        };
        let load = |order: &[Row<'static>]| {
            let mut s = Store::new();
            for r in order {
                s.push(*r);
            }
            assert_eq!(s.mark_representatives(), 1);
            // (category, precinct, representative, first in its category) per row, sorted.
            let mut marks: Vec<(String, u8, bool, bool)> = (0..s.len())
                .map(|i| {
                    (
                        s.categories.name(s.category[i]).to_string(),
                        s.precinct[i],
                        s.flags[i] & FLAG_REPRESENTATIVE != 0,
                        s.flags[i] & FLAG_CATEGORY_FIRST != 0,
                    )
                })
                .collect();
            marks.sort();
            marks
        };
        let a = [
            rows("ROBBERY", 3, 10),
            rows("ASSAULT", 5, 10),
            rows("ASSAULT", 4, 10),
            rows("ARSON", 2, 11),
        ];
        let want = vec![
            ("ARSON".to_string(), 2, false, true),
            ("ASSAULT".to_string(), 4, true, true),
            ("ASSAULT".to_string(), 5, false, false),
            ("ROBBERY".to_string(), 3, false, true),
        ];
        assert_eq!(load(&a), want);
        assert_eq!(load(&[a[3], a[2], a[1], a[0]]), want);
        assert_eq!(load(&[a[1], a[0], a[3], a[2]]), want);
    }
}
