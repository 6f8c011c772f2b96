//! Detroit-local months as UTC ranges: the unit in which server counts are asked for and rows
//! are reconciled. Boundaries are local midnights converted with [`DetroitClock`], so a month
//! that starts in winter and ends in summer is 743 hours long, not 744.

use chrono::Datelike;

use super::query::{utc_range_where, Window};
use crate::data::time::{date_of, day_of, DetroitClock};
use crate::data::{Error, Result};

/// The first month of the City's current RMS data (January 2017).
pub const HISTORY_START: (i32, u32) = (2017, 1);

/// A half-open UTC range `[from_ms, to_ms)` in epoch milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcRange {
    /// First instant inside.
    pub from_ms: i64,
    /// First instant past the end.
    pub to_ms: i64,
}

impl UtcRange {
    /// The `where` clause selecting `field` in this range.
    pub fn where_clause(&self, field: &str) -> String {
        utc_range_where(field, self.from_ms, self.to_ms)
    }

    /// Whether `utc_ms` lies inside.
    pub fn contains(&self, utc_ms: i64) -> bool {
        (self.from_ms..self.to_ms).contains(&utc_ms)
    }
}

/// One local calendar month, clipped to the load's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSlot {
    /// Calendar year.
    pub year: i32,
    /// Month 1..=12.
    pub month: u32,
    /// UTC bounds of the (clipped) month.
    pub range: UtcRange,
    /// Whether the slot covers the whole calendar month (false for a window's partial ends).
    pub full: bool,
}

impl MonthSlot {
    /// `YYYY-MM`.
    pub fn label(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
}

/// The whole history: January 2017 to `today - 1` (yesterday, local days).
pub fn whole_history(today: i32) -> Result<Window> {
    let first = day_of(HISTORY_START.0, HISTORY_START.1, 1)
        .ok_or_else(|| Error::Params("the history start is not a date".into()))?;
    Window::new(first, today - 1)
}

/// The local months a window covers, oldest first, each clipped to the window.
pub fn months(window: Window, clock: &DetroitClock) -> Vec<MonthSlot> {
    let mut out = Vec::new();
    let first = date_of(window.first_day);
    let (mut y, mut m) = (first.year(), first.month());
    while let Some(start) = day_of(y, m, 1) {
        if start > window.last_day {
            break;
        }
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let Some(next) = day_of(ny, nm, 1) else { break };
        let from_day = start.max(window.first_day);
        let to_day = next.min(window.last_day + 1);
        out.push(MonthSlot {
            year: y,
            month: m,
            range: UtcRange {
                from_ms: clock.to_utc(from_day, 0),
                to_ms: clock.to_utc(to_day, 0),
            },
            full: from_day == start && to_day == next,
        });
        (y, m) = (ny, nm);
    }
    out
}

/// Index of the month holding `utc_ms` in `months` (sorted, non-overlapping), if any.
pub fn month_of(months: &[MonthSlot], utc_ms: i64) -> Option<usize> {
    let i = months.partition_point(|s| s.range.to_ms <= utc_ms);
    months
        .get(i)
        .filter(|s| s.range.contains(utc_ms))
        .map(|_| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::parse_day;

    #[test]
    fn months_follow_detroit_dst() {
        let clock = DetroitClock::new();
        let w = Window::new(
            parse_day("2025-02-01").unwrap(),
            parse_day("2025-04-30").unwrap(),
        )
        .unwrap();
        let m = months(w, &clock);
        assert_eq!(m.len(), 3);
        assert!(m.iter().all(|s| s.full));
        // February starts at 05:00Z (EST); March ends at 04:00Z (EDT, after 9 March).
        assert_eq!(
            m[0].range.where_clause("incident_occurred_at"),
            "incident_occurred_at >= TIMESTAMP '2025-02-01 05:00:00' AND incident_occurred_at < TIMESTAMP '2025-03-01 05:00:00'"
        );
        assert_eq!(
            m[1].range.where_clause("t"),
            "t >= TIMESTAMP '2025-03-01 05:00:00' AND t < TIMESTAMP '2025-04-01 04:00:00'"
        );
        assert_eq!(
            m[1].range.to_ms - m[1].range.from_ms,
            (31 * 24 - 1) * 3_600_000
        );
        assert_eq!(m[1].label(), "2025-03");
        // Consecutive slots share their boundary.
        assert_eq!(m[0].range.to_ms, m[1].range.from_ms);
    }

    #[test]
    fn window_ends_clip_the_first_and_last_months() {
        let clock = DetroitClock::new();
        let w = Window::new(
            parse_day("2024-12-15").unwrap(),
            parse_day("2025-01-09").unwrap(),
        )
        .unwrap();
        let m = months(w, &clock);
        assert_eq!(m.len(), 2);
        assert!(!m[0].full && !m[1].full);
        assert_eq!(
            (m[0].year, m[0].month, m[1].year, m[1].month),
            (2024, 12, 2025, 1)
        );
        assert_eq!(
            m[0].range.from_ms,
            clock.to_utc(parse_day("2024-12-15").unwrap(), 0)
        );
        assert_eq!(
            m[1].range.to_ms,
            clock.to_utc(parse_day("2025-01-10").unwrap(), 0)
        );
        assert_eq!(month_of(&m, m[1].range.from_ms), Some(1));
        assert_eq!(month_of(&m, m[1].range.from_ms - 1), Some(0));
        assert_eq!(month_of(&m, m[1].range.to_ms), None);
        assert_eq!(month_of(&m, m[0].range.from_ms - 1), None);
    }

    #[test]
    fn the_whole_history_runs_from_january_2017_to_yesterday() {
        let today = parse_day("2025-10-24").unwrap();
        let w = whole_history(today).unwrap();
        assert_eq!(w.first_day, parse_day("2017-01-01").unwrap());
        assert_eq!(w.last_day, parse_day("2025-10-23").unwrap());
        let m = months(w, &DetroitClock::new());
        assert_eq!(m.len(), 8 * 12 + 10);
        assert!(m[..m.len() - 1].iter().all(|s| s.full));
        assert!(!m[m.len() - 1].full, "October 2025 is still running");
    }
}
