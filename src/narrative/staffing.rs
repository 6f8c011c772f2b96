//! Staffing patterns in words: weekday names, shift hours and the busiest window of the week.

use crate::analysis::staffing::{PeakWindow, ShiftShare, WEEK_HOURS};

/// Weekday names, Monday first (also the page's weekday labels).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A shift's hours, e.g. "07:00–15:00".
pub fn shift_hours(s: &ShiftShare) -> String {
    format!("{:02}:00–{:02}:00", s.start, s.end)
}

/// The window in words, e.g. "Fridays 20:00–02:00" (a 24-hour window: "Fridays 20:00 to
/// Saturdays 20:00").
pub fn peak_window(w: &PeakWindow) -> String {
    let day = WEEKDAYS[w.start / 24 % 7];
    let h0 = w.start % 24;
    let end = (w.start + w.length) % WEEK_HOURS;
    if w.length >= 24 {
        format!(
            "{day}s {h0:02}:00 to {}s {:02}:00",
            WEEKDAYS[end / 24 % 7],
            end % 24
        )
    } else {
        format!("{day}s {h0:02}:00–{:02}:00", end % 24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::staffing::{peak_window as find_peak, shift_shares};

    fn week_with(cells: &[(usize, u64)]) -> Vec<u64> {
        let mut w = vec![0; WEEK_HOURS];
        for (i, c) in cells {
            w[*i] = *c;
        }
        w
    }

    #[test]
    fn peak_windows_in_words_wrap_midnight_and_the_week() {
        // Friday 20:00 (4·24 + 20 = 116) to Saturday 02:00.
        let fri = week_with(&[(115, 1), (116, 5), (118, 5), (121, 5), (122, 1), (10, 3)]);
        let p = find_peak(&fri, 6).unwrap().unwrap();
        assert_eq!(peak_window(&p), "Fridays 20:00–02:00");
        // Sunday 22:00 to Monday 02:00: the window wraps the end of the week.
        let sun = week_with(&[(166, 4), (167, 4), (0, 4), (1, 4), (50, 5)]);
        let p = find_peak(&sun, 4).unwrap().unwrap();
        assert_eq!(peak_window(&p), "Sundays 22:00–02:00");
        let day = find_peak(&sun, 24).unwrap().unwrap();
        assert!(peak_window(&day).contains(" to "), "{}", peak_window(&day));
        let whole_day = PeakWindow {
            start: 116,
            length: 24,
            count: 1,
            share: 1.0,
        };
        assert_eq!(peak_window(&whole_day), "Fridays 20:00 to Saturdays 20:00");
    }

    #[test]
    fn shifts_are_named_by_their_hours() {
        let s = shift_shares(&[1; WEEK_HOURS], &[23, 7, 15]).unwrap();
        let names: Vec<String> = s.iter().map(shift_hours).collect();
        assert_eq!(names, ["07:00–15:00", "15:00–23:00", "23:00–07:00"]);
    }
}
