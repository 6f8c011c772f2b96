//! The server counts a snapshot carries, as plain records per month, so a page can answer the
//! overview and the forecast before (or without) reading a row.

use super::varint::{corrupt, put_bytes, put_i64, put_u64, Cursor};
use crate::data::arcgis::{months, Cell, ServerCounts, Window};
use crate::data::time::DetroitClock;
use crate::data::Result;

/// One local month's counts as the server gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCounts {
    /// Calendar year.
    pub year: i32,
    /// Month 1..=12.
    pub month: u32,
    /// Offense rows, when known (the cells' sum, or a plain count).
    pub rows: Option<u64>,
    /// Incidents (distinct report numbers), when the service counted them.
    pub incidents: Option<u64>,
    /// Offense rows per precinct × category, when the breakdown came in.
    pub cells: Option<Vec<Cell>>,
}

/// Every month's server counts and the whole window's incidents. The whole window's
/// precinct × category cells and the headline windows' counts are not kept: once every month
/// is in, [`ServerCounts`] answers from the months.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotCounts {
    /// The window's months, oldest first.
    pub months: Vec<MonthCounts>,
    /// Incidents over the whole window, when counted.
    pub window_incidents: Option<u64>,
}

impl SnapshotCounts {
    /// The counts of a load (its months, as far as they are known).
    pub fn from_server(counts: &ServerCounts) -> Self {
        let months = counts
            .months()
            .iter()
            .enumerate()
            .map(|(m, slot)| MonthCounts {
                year: slot.year,
                month: slot.month,
                rows: counts.month_rows(m),
                incidents: counts.month_incidents(m),
                cells: counts.month_cells(m),
            })
            .collect();
        SnapshotCounts {
            months,
            window_incidents: counts.window_incidents(),
        }
    }

    /// Rebuild the cube over `window`'s months: each month of the window takes the counts
    /// stored under its year and month; months not stored stay unknown.
    pub fn to_server(&self, window: Window, clock: &DetroitClock) -> ServerCounts {
        let slots = months(window, clock);
        let mut out = ServerCounts::new(slots.clone());
        for (m, slot) in slots.iter().enumerate() {
            let Some(mc) = self
                .months
                .iter()
                .find(|c| c.year == slot.year && c.month == slot.month)
            else {
                continue;
            };
            match (&mc.cells, mc.rows) {
                (Some(cells), _) => out.set_month_cells(m, cells),
                (None, Some(rows)) => out.set_month_rows(m, rows),
                (None, None) => {}
            }
            if let Some(n) = mc.incidents {
                out.set_month_incidents(m, n);
            }
        }
        if let Some(n) = self.window_incidents {
            out.set_window_incidents(n);
        }
        out
    }

    /// Layout: precinct labels, category labels (each a count then length-prefixed
    /// strings), window incidents (flag, value), months (count; each: year, month, flags
    /// rows=1 incidents=2 cells=4, the values flagged, cells as label ids and rows).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut precincts: Vec<&str> = Vec::new();
        let mut categories: Vec<&str> = Vec::new();
        let mut body = Vec::new();
        put_opt(&mut body, self.window_incidents);
        put_u64(&mut body, self.months.len() as u64);
        for mc in &self.months {
            put_i64(&mut body, i64::from(mc.year));
            put_u64(&mut body, u64::from(mc.month));
            let flags = u64::from(mc.rows.is_some())
                | u64::from(mc.incidents.is_some()) << 1
                | u64::from(mc.cells.is_some()) << 2;
            put_u64(&mut body, flags);
            for v in [mc.rows, mc.incidents].into_iter().flatten() {
                put_u64(&mut body, v);
            }
            if let Some(cells) = &mc.cells {
                put_u64(&mut body, cells.len() as u64);
                for c in cells {
                    put_u64(&mut body, intern(&mut precincts, &c.precinct));
                    put_u64(&mut body, intern(&mut categories, &c.category));
                    put_u64(&mut body, c.rows);
                }
            }
        }
        for list in [&precincts, &categories] {
            put_u64(out, list.len() as u64);
            for s in list {
                put_bytes(out, s.as_bytes());
            }
        }
        out.extend_from_slice(&body);
    }

    /// Read what [`SnapshotCounts::write`] wrote.
    pub(crate) fn parse(c: &mut Cursor<'_>) -> Result<Self> {
        let mut lists: [Vec<String>; 2] = Default::default();
        for list in &mut lists {
            let n = c.len(c.remaining(), "count labels")?;
            for _ in 0..n {
                list.push(c.str("count labels")?.to_string());
            }
        }
        let window_incidents = get_opt(c)?;
        let n = c.len(c.remaining(), "months")?;
        let mut months = Vec::with_capacity(n);
        for _ in 0..n {
            let year = i32::try_from(c.i64("month year")?)
                .map_err(|_| corrupt("a month's year is out of range"))?;
            let month = c.len(12, "month")? as u32;
            let flags = c.len(7, "month flags")?;
            let rows = (flags & 1 != 0).then(|| c.u64("month rows")).transpose()?;
            let incidents = (flags & 2 != 0)
                .then(|| c.u64("month incidents"))
                .transpose()?;
            let cells = if flags & 4 != 0 {
                let k = c.len(c.remaining(), "cells")?;
                let mut cells = Vec::with_capacity(k);
                for _ in 0..k {
                    let p = label(&lists[0], c.u64("cell precinct")?)?;
                    let category = label(&lists[1], c.u64("cell category")?)?;
                    cells.push(Cell {
                        precinct: p,
                        category,
                        rows: c.u64("cell rows")?,
                    });
                }
                Some(cells)
            } else {
                None
            };
            months.push(MonthCounts {
                year,
                month,
                rows,
                incidents,
                cells,
            });
        }
        Ok(SnapshotCounts {
            months,
            window_incidents,
        })
    }
}

fn intern<'a>(list: &mut Vec<&'a str>, key: &'a str) -> u64 {
    let i = list.iter().position(|k| *k == key).unwrap_or_else(|| {
        list.push(key);
        list.len() - 1
    });
    i as u64
}

fn label(list: &[String], id: u64) -> Result<String> {
    usize::try_from(id)
        .ok()
        .and_then(|i| list.get(i))
        .cloned()
        .ok_or_else(|| corrupt(format_args!("count label {id} past its list")))
}

fn put_opt(out: &mut Vec<u8>, v: Option<u64>) {
    match v {
        None => put_u64(out, 0),
        Some(v) => {
            put_u64(out, 1);
            put_u64(out, v);
        }
    }
}

fn get_opt(c: &mut Cursor<'_>) -> Result<Option<u64>> {
    match c.len(1, "window incidents")? {
        0 => Ok(None),
        _ => c.u64("window incidents").map(Some),
    }
}
