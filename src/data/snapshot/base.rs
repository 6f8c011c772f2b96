//! The [`Base`] a refresh starts from, built from a snapshot: per month of the load's window,
//! the snapshot's rows whose time lies in the month's slot, with the server counts stored for
//! the month when they agree with those rows.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::data::arcgis::{months, Base, BaseMonth, Cell, Window};
use crate::data::time::{day_of, parse_utc_ms, DetroitClock};

use super::varint::{fnv1a_from, FNV_START};
use super::Snapshot;

/// FNV-1a as a map's hasher: short keys (precinct codes, category names) hash faster than
/// with the default.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_START)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a_from(self.0, bytes);
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The base of a refresh over `window` from `snap`: its largest object id (0 without one),
/// and every month of the window holding rows, with their count. A month's precinct ×
/// category cells and incidents are the snapshot's counts for it when those cells add up to
/// the rows found; otherwise the cells are counted from the rows themselves (keys as
/// published: the precinct as sent, the category trimmed) and the incidents are unknown.
pub fn base_of(snap: &Snapshot<'_>, window: Window, clock: &DetroitClock) -> Base {
    let slots = months(window, clock);
    // The month slot holding `t`: the first ending after it, if it holds it.
    let slot_of = |t: i64| {
        let m = slots.partition_point(|s| s.range.to_ms <= t);
        slots
            .get(m)
            .is_some_and(|s| s.range.contains(t))
            .then_some(m)
    };
    // The rows per month from the time column alone; the stored cells of the months they
    // agree with; the cells of the others counted from their rows in a second pass.
    let mut rows = vec![0u64; slots.len()];
    for m in snap
        .times()
        .filter_map(|t| parse_utc_ms(&t))
        .filter_map(slot_of)
    {
        rows[m] += 1;
    }
    let stored: Vec<Option<(Vec<Cell>, Option<u64>)>> = slots
        .iter()
        .zip(&rows)
        .map(|(slot, &n)| {
            let c = snap
                .counts()
                .months
                .iter()
                .find(|c| c.year == slot.year && c.month == slot.month)?;
            let cells = c.cells.as_ref()?;
            (n > 0 && cells.iter().map(|x| x.rows).sum::<u64>() == n)
                .then(|| (cells.clone(), c.incidents))
        })
        .collect();
    let mut own = if stored
        .iter()
        .zip(&rows)
        .all(|(s, &n)| s.is_some() || n == 0)
    {
        vec![Vec::new(); slots.len()]
    } else {
        own_cells(snap, &stored, slot_of)
    };
    let mut out = Vec::new();
    for (m, (slot, stored)) in slots.iter().zip(stored).enumerate() {
        let Some(first_day) = day_of(slot.year, slot.month, 1) else {
            continue;
        };
        if rows[m] == 0 {
            continue;
        }
        let (cells, incidents) = stored.unwrap_or_else(|| (std::mem::take(&mut own[m]), None));
        out.push(BaseMonth {
            first_day,
            rows: rows[m],
            incidents,
            cells,
        });
    }
    Base {
        max_oid: snap.header().max_object_id.unwrap_or(0).max(0),
        months: out,
    }
}

/// The precinct × category cells of the months without `stored` ones, counted from their
/// rows (keys as published: the precinct as sent, the category trimmed).
fn own_cells<T>(
    snap: &Snapshot<'_>,
    stored: &[Option<T>],
    slot_of: impl Fn(i64) -> Option<usize>,
) -> Vec<Vec<Cell>> {
    let mut own: Vec<Vec<Cell>> = vec![Vec::new(); stored.len()];
    // Per month, precinct → category → the cell's index in `own` (rows come in any order).
    let mut index: Vec<FnvMap<String, FnvMap<String, usize>>> =
        vec![FnvMap::default(); stored.len()];
    for r in snap.rows() {
        let Some(m) = parse_utc_ms(&r.occurred).and_then(&slot_of) else {
            continue;
        };
        if stored[m].is_some() {
            continue;
        }
        let (precinct, category) = (r.precinct.as_ref(), r.offense_category.trim());
        let at = index[m]
            .get(precinct)
            .and_then(|c| c.get(category))
            .copied();
        match at {
            Some(i) => own[m][i].rows += 1,
            None => {
                index[m]
                    .entry(precinct.to_string())
                    .or_default()
                    .insert(category.to_string(), own[m].len());
                own[m].push(Cell {
                    precinct: precinct.to_string(),
                    category: category.to_string(),
                    rows: 1,
                });
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::raw::{RawRecord, RawTime};
    use crate::data::snapshot::{MonthCounts, SnapshotCounts, SnapshotWriter};

    fn cell(precinct: &str, category: &str, rows: u64) -> Cell {
        Cell {
            precinct: precinct.into(),
            category: category.into(),
            rows,
        }
    }

    #[test]
    fn months_cells_and_largest_id_come_from_the_rows_and_agreeing_counts() {
        let clock = DetroitClock::new();
        let day = |y, m, d| day_of(y, m, d).unwrap();
        let window = Window::new(day(2024, 11, 15), day(2025, 2, 10)).unwrap();
        let at = |y, m, d| RawTime::EpochMs(clock.to_utc(day(y, m, d), 720));
        let row = |oid: i64, occurred, precinct: &'static str, category: &'static str| RawRecord {
            report_number: format!("R{oid}").into(),
            occurred,
            precinct: precinct.into(),
            offense_category: category.into(),
            object_id: Some(oid),
            ..RawRecord::default()
        };
        let mut w = SnapshotWriter::new(5, "https://example.org/0/query", window);
        for r in [
            row(3, at(2024, 12, 5), "05", "ASSAULT"),
            row(9, at(2024, 12, 20), "05", " ASSAULT "),
            row(4, at(2025, 1, 10), "HP", "LARCENY"),
            row(2, RawTime::Missing, "05", "ASSAULT"),
            // Before the window: in no month.
            row(1, at(2024, 11, 1), "05", "ASSAULT"),
        ] {
            w.push(&r);
        }
        let month = |month, cells: Vec<Cell>, incidents| MonthCounts {
            year: if month == 12 { 2024 } else { 2025 },
            month,
            rows: Some(cells.iter().map(|c| c.rows).sum()),
            incidents: Some(incidents),
            cells: Some(cells),
        };
        w.set_counts(SnapshotCounts {
            months: vec![
                month(12, vec![cell("05", "ASSAULT", 2)], 2),
                // Five rows counted, one held: the counts disagree with the rows.
                month(1, vec![cell("07", "LARCENY", 5)], 4),
            ],
            window_incidents: None,
        });
        let bytes = w.finish();
        let snap = Snapshot::read(&bytes).unwrap();
        let base = base_of(&snap, window, &clock);
        assert_eq!(
            base,
            Base {
                max_oid: 9,
                months: vec![
                    BaseMonth {
                        first_day: day(2024, 12, 1),
                        rows: 2,
                        incidents: Some(2),
                        cells: vec![cell("05", "ASSAULT", 2)],
                    },
                    BaseMonth {
                        first_day: day(2025, 1, 1),
                        rows: 1,
                        incidents: None,
                        cells: vec![cell("HP", "LARCENY", 1)],
                    },
                ],
            }
        );
        assert!(base.check(window).is_ok());
    }
}
