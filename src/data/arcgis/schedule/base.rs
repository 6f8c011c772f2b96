//! What the page already holds when it loads again (a copy kept from an earlier load, or a
//! snapshot shipped with the site): the base a refresh starts from, and its rules.

use chrono::Datelike;

use crate::data::arcgis::query::Window;
use crate::data::arcgis::stats::Cell;
use crate::data::time::{date_of, day_of, format_day};
use crate::data::{Error, Result};

/// The rows a page holds before loading, described month by month. With a base the loader
/// asks the service only for what changed (see [`super::Loader`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The largest object id (`ESRI_OID`) among the rows held; rows above it are new.
    pub max_oid: i64,
    /// The months of the load's window that hold rows, each once, in any order. A month of
    /// the window missing here holds no rows.
    pub months: Vec<BaseMonth>,
}

/// One Detroit-local month of a base, with the server counts it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseMonth {
    /// The month's first local day (days since 1970-01-01, as [`crate::data::time::day_of`]),
    /// whatever day the window starts on: the month of [`crate::data::arcgis::MonthSlot`]s
    /// `year` and `month`.
    pub first_day: i32,
    /// Offense rows held whose occurred time lies in the month's slot of the window (its UTC
    /// range in [`super::Loader::months`]).
    pub rows: u64,
    /// Incidents (distinct report numbers) of the month as the service counted them, if known
    /// (if not, they stay unknown unless the month gains rows or is loaded again).
    pub incidents: Option<u64>,
    /// Offense rows per precinct × category, keys as published (as the service's statistics
    /// give them); they add up to `rows`.
    pub cells: Vec<Cell>,
}

/// The local day after the last day of the month starting on `first_day`.
fn next_month(first_day: i32) -> Option<i32> {
    let d = date_of(first_day);
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    day_of(y, m, 1)
}

impl Base {
    /// Check the base against the load's window: a non-negative largest object id, and every
    /// month named once by its first day, overlapping the window, its cells adding up to its
    /// rows.
    pub fn check(&self, window: Window) -> Result<()> {
        if self.max_oid < 0 {
            return Err(Error::Params(format!(
                "the base's largest object id must be at least 0, got {}",
                self.max_oid
            )));
        }
        let mut seen = Vec::with_capacity(self.months.len());
        for m in &self.months {
            let day = format_day(m.first_day);
            let next = next_month(m.first_day)
                .filter(|_| date_of(m.first_day).day() == 1)
                .ok_or_else(|| {
                    Error::Params(format!("base month {day} is not the first day of a month"))
                })?;
            if m.first_day > window.last_day || next <= window.first_day {
                return Err(Error::Params(format!(
                    "base month {day} lies outside the window {} to {}",
                    format_day(window.first_day),
                    format_day(window.last_day)
                )));
            }
            if seen.contains(&m.first_day) {
                return Err(Error::Params(format!("base month {day} is given twice")));
            }
            seen.push(m.first_day);
            let sum = m.cells.iter().fold(0u64, |a, c| a.saturating_add(c.rows));
            if sum != m.rows {
                return Err(Error::Params(format!(
                    "base month {day}: its cells add up to {sum} rows, not {}",
                    m.rows
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::parse_day;

    fn day(s: &str) -> i32 {
        parse_day(s).unwrap()
    }

    fn month(first: &str, rows: u64) -> BaseMonth {
        BaseMonth {
            first_day: day(first),
            rows,
            incidents: Some(rows / 2),
            cells: vec![Cell {
                precinct: "05".into(),
                category: "ASSAULT".into(),
                rows,
            }],
        }
    }

    fn window() -> Window {
        Window::new(day("2024-01-15"), day("2024-03-10")).unwrap()
    }

    #[test]
    fn months_overlapping_the_window_pass() {
        let base = Base {
            max_oid: 0,
            months: vec![month("2024-03-01", 4), month("2024-01-01", 7)],
        };
        assert!(base.check(window()).is_ok());
        assert!(Base {
            max_oid: 9,
            months: vec![]
        }
        .check(window())
        .is_ok());
    }

    #[test]
    fn each_rule_is_checked() {
        let cases: [(i64, Vec<BaseMonth>, &str); 6] = [
            (-1, vec![], "at least 0, got -1"),
            (5, vec![month("2023-12-01", 1)], "outside the window"),
            (5, vec![month("2024-04-01", 1)], "outside the window"),
            (5, vec![month("2024-02-02", 1)], "not the first day"),
            (
                5,
                vec![month("2024-02-01", 1), month("2024-02-01", 2)],
                "given twice",
            ),
            (
                5,
                vec![BaseMonth {
                    rows: 3,
                    ..month("2024-02-01", 2)
                }],
                "add up to 2 rows, not 3",
            ),
        ];
        for (max_oid, months, why) in cases {
            match (Base { max_oid, months }).check(window()) {
                Err(Error::Params(m)) => assert!(m.contains(why), "{m}"),
                other => panic!("{why}: {other:?}"),
            }
        }
    }
}
