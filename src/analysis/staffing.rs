//! Staffing patterns from a weekday × hour table of counts (168 cells, index
//! `weekday * 24 + hour`, Monday 00:00 first): the share of each shift, the busiest window of a
//! fixed length across the week, and the average count of each calendar month.
//!
//! # Shifts
//! Shifts are given by their start hours, e.g. `[7, 15, 23]`: each runs to the next start,
//! and the last wraps past midnight to the first (23:00–07:00). Start hours are sorted and must
//! be 1 to [`MAX_SHIFTS`] distinct hours 0–23 ([`Shifts`]); one start hour is a single 24-hour
//! shift.
//!
//! # Peak window
//! The window of `length` consecutive hours with the most counts, treating the week as a
//! circle: a window may run past midnight and from Sunday into Monday. Equal sums go to the
//! earliest start in the week (Monday 00:00 first).

use serde::{Deserialize, Serialize};

use super::{Error, ParamGuard, Result};

/// Hours in a week.
pub const WEEK_HOURS: usize = 168;

/// The default shift start hours: 07–15, 15–23, 23–07.
pub const DEFAULT_SHIFTS: [u8; 3] = [7, 15, 23];

/// One shift's share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftShare {
    /// Start hour (0–23).
    pub start: u8,
    /// End hour (0–23; equal to `start` for a single 24-hour shift).
    pub end: u8,
    /// Hours covered.
    pub hours: u8,
    /// Count in the shift.
    pub count: u64,
    /// Share of all counts, percent (0 when there are none).
    pub share: f64,
}

/// Most shifts a day is split into.
pub const MAX_SHIFTS: usize = 6;

/// Shift start hours, sorted (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shifts(Vec<u8>);

impl Shifts {
    /// Start hours given in any order (kept sorted).
    pub fn new(starts: &[u8]) -> Self {
        let mut s = starts.to_vec();
        s.sort_unstable();
        Shifts(s)
    }

    /// The start hours, sorted.
    pub fn hours(&self) -> &[u8] {
        &self.0
    }
}

/// A rule the shift start hours break, with the value that broke it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftsError {
    /// 1 to [`MAX_SHIFTS`] shifts.
    #[error("give 1 to {MAX_SHIFTS} shift start hours (got {0})")]
    Count(usize),
    /// Start hours are 0–23.
    #[error("shift start hours are 0–23, got {0}")]
    Hour(u8),
    /// No two shifts start at the same hour.
    #[error("two shifts cannot start at the same hour ({0:02}:00)")]
    Repeated(u8),
}

impl ParamGuard for Shifts {
    type Checked = Shifts;
    type Error = ShiftsError;

    /// Rules: 1 to [`MAX_SHIFTS`] start hours, each 0–23, all different.
    fn check_ref(&self) -> std::result::Result<&Shifts, ShiftsError> {
        let s = &self.0;
        if s.is_empty() || s.len() > MAX_SHIFTS {
            return Err(ShiftsError::Count(s.len()));
        }
        if let Some(&h) = s.iter().find(|h| **h > 23) {
            return Err(ShiftsError::Hour(h));
        }
        if let Some(w) = s.windows(2).find(|w| w[0] == w[1]) {
            return Err(ShiftsError::Repeated(w[0]));
        }
        Ok(self)
    }

    fn check(self) -> std::result::Result<Shifts, ShiftsError> {
        self.check_ref()?;
        Ok(self)
    }
}

/// Counts per hour of day (summed over weekdays) of a 168-cell table.
///
/// # Errors
/// `Data` when `week` does not have 168 cells.
pub fn hour_totals(week: &[u64]) -> Result<[u64; 24]> {
    check_week(week)?;
    let mut h = [0u64; 24];
    for (i, c) in week.iter().enumerate() {
        h[i % 24] += c;
    }
    Ok(h)
}

fn check_week(week: &[u64]) -> Result<()> {
    if week.len() != WEEK_HOURS {
        return Err(Error::Data(format!(
            "a weekday × hour table has {WEEK_HOURS} cells, got {}",
            week.len()
        )));
    }
    Ok(())
}

/// The share of each shift in a 168-cell table, in order of start hour.
///
/// # Errors
/// As [`Shifts`]' check and [`hour_totals`].
pub fn shift_shares(week: &[u64], starts: &[u8]) -> Result<Vec<ShiftShare>> {
    let hours = hour_totals(week)?;
    let shifts = Shifts::new(starts).check()?;
    let s = shifts.hours();
    let total: u64 = hours.iter().sum();
    Ok(s.iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = s[(k + 1) % s.len()];
            let len = (usize::from(end) + 24 - usize::from(start) - 1) % 24 + 1;
            let count = (0..len)
                .map(|j| hours[(usize::from(start) + j) % 24])
                .sum::<u64>();
            ShiftShare {
                start,
                end,
                hours: len as u8,
                count,
                share: if total > 0 {
                    100.0 * count as f64 / total as f64
                } else {
                    0.0
                },
            }
        })
        .collect())
}

/// The busiest window of the week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeakWindow {
    /// First hour of the week in the window (0 = Monday 00:00 … 167 = Sunday 23:00).
    pub start: usize,
    /// Length in hours.
    pub length: usize,
    /// Count in the window.
    pub count: u64,
    /// Share of the week's counts, percent.
    pub share: f64,
}

/// The window of `length` consecutive hours (1–24) with the most counts, wrapping midnight and
/// Sunday → Monday. None when the table holds no counts.
///
/// # Errors
/// `Params` for a length outside 1–24; `Data` when `week` does not have 168 cells.
pub fn peak_window(week: &[u64], length: usize) -> Result<Option<PeakWindow>> {
    check_week(week)?;
    if !(1..=24).contains(&length) {
        return Err(Error::Params(format!(
            "the peak window is 1–24 hours long, got {length}"
        )));
    }
    let total: u64 = week.iter().sum();
    if total == 0 {
        return Ok(None);
    }
    let mut sum: u64 = week[..length].iter().sum();
    let (mut best, mut best_start) = (sum, 0);
    for start in 1..WEEK_HOURS {
        sum = sum + week[(start + length - 1) % WEEK_HOURS] - week[start - 1];
        if sum > best {
            best = sum;
            best_start = start;
        }
    }
    Ok(Some(PeakWindow {
        start: best_start,
        length,
        count: best,
        share: 100.0 * best as f64 / total as f64,
    }))
}

/// The `n` best windows that do not overlap, best first (greedy: the best window, then the best
/// one not overlapping any chosen, …; equal sums go to the earliest start).
///
/// # Errors
/// As [`peak_window`].
pub fn peak_windows(week: &[u64], length: usize, n: usize) -> Result<Vec<PeakWindow>> {
    let Some(first) = peak_window(week, length)? else {
        return Ok(Vec::new());
    };
    let total: u64 = week.iter().sum();
    let sums: Vec<u64> = (0..WEEK_HOURS)
        .map(|s| (0..length).map(|j| week[(s + j) % WEEK_HOURS]).sum())
        .collect();
    let mut out = vec![first];
    while out.len() < n {
        let best = (0..WEEK_HOURS)
            .filter(|&s| sums[s] > 0 && !out.iter().any(|o| overlaps(o, s, length)))
            .fold(None::<usize>, |b, s| match b {
                Some(b) if sums[b] >= sums[s] => Some(b),
                _ => Some(s),
            });
        let Some(s) = best else { break };
        out.push(PeakWindow {
            start: s,
            length,
            count: sums[s],
            share: 100.0 * sums[s] as f64 / total as f64,
        });
    }
    Ok(out)
}

fn overlaps(w: &PeakWindow, start: usize, length: usize) -> bool {
    (0..length).any(|j| {
        let h = (start + j) % WEEK_HOURS;
        (h + WEEK_HOURS - w.start) % WEEK_HOURS < w.length
    })
}

/// Average count per calendar month: `months` holds (month 1–12, count) for each complete
/// month. None for a calendar month that never occurs.
pub fn month_profile(months: &[(u8, f64)]) -> [Option<f64>; 12] {
    let mut sum = [0.0; 12];
    let mut n = [0u32; 12];
    for &(m, v) in months {
        if (1..=12).contains(&m) && v.is_finite() {
            sum[usize::from(m - 1)] += v;
            n[usize::from(m - 1)] += 1;
        }
    }
    std::array::from_fn(|i| (n[i] > 0).then(|| sum[i] / f64::from(n[i])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week_with(cells: &[(usize, u64)]) -> Vec<u64> {
        let mut w = vec![0u64; WEEK_HOURS];
        for &(i, c) in cells {
            w[i] = c;
        }
        w
    }

    #[test]
    fn shift_shares_sum_to_100_percent() {
        let week: Vec<u64> = (0..WEEK_HOURS as u64)
            .map(|i| (i * 7919) % 23 + 1)
            .collect();
        for starts in [
            &[7u8, 15, 23][..],
            &[23, 7, 15],
            &[0, 6, 12, 18],
            &[5],
            &[22, 2],
        ] {
            let s = shift_shares(&week, starts).unwrap();
            let total: f64 = s.iter().map(|x| x.share).sum();
            assert!((total - 100.0).abs() < 1e-9, "{starts:?}: {total}");
            assert_eq!(s.iter().map(|x| u32::from(x.hours)).sum::<u32>(), 24);
            assert_eq!(
                s.iter().map(|x| x.count).sum::<u64>(),
                week.iter().sum::<u64>()
            );
        }
        let s = shift_shares(&week, &[23, 7, 15]).unwrap();
        let hours: Vec<(u8, u8)> = s.iter().map(|x| (x.start, x.end)).collect();
        assert_eq!(hours, [(7, 15), (15, 23), (23, 7)]);
        assert_eq!(s[2].hours, 8);
        // Hand check: everything at 02:00 on Tuesday falls in the night shift.
        let t = shift_shares(&week_with(&[(24 + 2, 10)]), &DEFAULT_SHIFTS).unwrap();
        assert_eq!((t[2].count, t[2].share), (10, 100.0));
        assert!(shift_shares(&[0; WEEK_HOURS], &DEFAULT_SHIFTS)
            .unwrap()
            .iter()
            .all(|x| x.share == 0.0));
    }

    #[test]
    fn bad_shifts_and_tables_are_errors() {
        assert!(Shifts::new(&[]).check().is_err());
        assert!(Shifts::new(&[7, 7, 15]).check().is_err());
        assert!(Shifts::new(&[7, 24]).check().is_err());
        assert!(shift_shares(&[1; 24], &DEFAULT_SHIFTS).is_err());
        assert!(peak_window(&[1; WEEK_HOURS], 0).is_err());
        assert!(peak_window(&[1; WEEK_HOURS], 25).is_err());
    }

    #[test]
    fn one_to_six_shifts() {
        assert_eq!(Shifts::new(&[]).check_ref(), Err(ShiftsError::Count(0)));
        assert_eq!(
            Shifts::new(&[1, 2, 3, 4, 5, 6, 7]).check(),
            Err(ShiftsError::Count(7))
        );
        assert!(Shifts::new(&[0, 4, 8, 12, 16, 20]).check().is_ok());
    }

    #[test]
    fn start_hours_must_be_hours_of_the_day() {
        assert_eq!(Shifts::new(&[7, 24]).check(), Err(ShiftsError::Hour(24)));
    }

    #[test]
    fn shifts_must_start_at_different_hours() {
        let e = Shifts::new(&[15, 7, 15]).check().unwrap_err();
        assert_eq!(e, ShiftsError::Repeated(15));
        assert!(e.to_string().contains("same hour"), "{e}");
        let ok = Shifts::new(&[23, 7, 15]).check().unwrap();
        assert_eq!(ok.hours(), &[7, 15, 23]);
    }

    #[test]
    fn peak_window_wraps_midnight_and_the_week() {
        // Friday 20:00 (4·24 + 20 = 116) to Saturday 02:00.
        let fri = week_with(&[(115, 1), (116, 5), (118, 5), (121, 5), (122, 1), (10, 3)]);
        let p = peak_window(&fri, 6).unwrap().unwrap();
        assert_eq!((p.start, p.count), (116, 15));
        assert!((p.share - 100.0 * 15.0 / 20.0).abs() < 1e-12);
        // Sunday 22:00 to Monday 02:00: the window wraps the end of the week.
        let sun = week_with(&[(166, 4), (167, 4), (0, 4), (1, 4), (50, 5)]);
        let p = peak_window(&sun, 4).unwrap().unwrap();
        assert_eq!((p.start, p.count), (166, 16));
        // Ties go to the earliest start; an empty week has no peak.
        let flat = peak_window(&[2; WEEK_HOURS], 3).unwrap().unwrap();
        assert_eq!(flat.start, 0);
        assert_eq!(peak_window(&[0; WEEK_HOURS], 3).unwrap(), None);
    }

    #[test]
    fn several_windows_do_not_overlap() {
        let w = week_with(&[(116, 9), (117, 9), (40, 5), (41, 5), (100, 1)]);
        let p = peak_windows(&w, 2, 3).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!((p[0].start, p[0].count), (116, 18));
        assert_eq!((p[1].start, p[1].count), (40, 10));
        for (i, a) in p.iter().enumerate() {
            for b in &p[i + 1..] {
                assert!(!overlaps(a, b.start, b.length));
            }
        }
        assert!(peak_windows(&[0; WEEK_HOURS], 2, 3).unwrap().is_empty());
    }

    #[test]
    fn month_profile_averages_each_calendar_month() {
        let p = month_profile(&[(1, 10.0), (1, 20.0), (7, 5.0), (13, 1.0)]);
        assert_eq!(p[0], Some(15.0));
        assert_eq!(p[6], Some(5.0));
        assert_eq!(p[1], None);
    }
}
