//! Calendar features of a local day: weekday, ISO week, month, quarter, year, weekend, and
//! US federal holidays (with Saturday→Friday / Sunday→Monday observance).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::time::date_of;

/// Calendar features of one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFeatures {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Quarter 1–4.
    pub quarter: u8,
    /// Day of month.
    pub day: u8,
    /// Weekday, 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// ISO week-numbering year.
    pub iso_year: i32,
    /// ISO week 1–53.
    pub iso_week: u8,
    /// Saturday or Sunday.
    pub weekend: bool,
    /// A US federal holiday (observed date).
    pub holiday: bool,
}

/// Weekday of a day number, 0 = Monday.
pub fn weekday_of(day: i32) -> u8 {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    ((i64::from(day) + 3).rem_euclid(7)) as u8
}

/// Features of a day number (days since 1970-01-01, local calendar).
pub fn features(day: i32) -> DayFeatures {
    let d = date_of(day);
    let iso = d.iso_week();
    let wd = weekday_of(day);
    DayFeatures {
        year: d.year(),
        month: d.month() as u8,
        quarter: ((d.month() - 1) / 3 + 1) as u8,
        day: d.day() as u8,
        weekday: wd,
        iso_year: iso.year(),
        iso_week: iso.week() as u8,
        weekend: wd >= 5,
        holiday: is_federal_holiday(d),
    }
}

fn nth_weekday(year: i32, month: u32, wd: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, wd, n)
}

fn last_weekday(year: i32, month: u32, wd: Weekday) -> Option<NaiveDate> {
    nth_weekday(year, month, wd, 5).or_else(|| nth_weekday(year, month, wd, 4))
}

fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d.pred_opt().unwrap_or(d),
        Weekday::Sun => d.succ_opt().unwrap_or(d),
        _ => d,
    }
}

/// The observed US federal holidays of `year` (Juneteenth from 2021, MLK Day from 1986).
pub fn federal_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d).map(observed);
    let mut v: Vec<Option<NaiveDate>> = vec![
        fixed(1, 1),
        nth_weekday(year, 2, Weekday::Mon, 3),
        last_weekday(year, 5, Weekday::Mon),
        fixed(7, 4),
        nth_weekday(year, 9, Weekday::Mon, 1),
        nth_weekday(year, 10, Weekday::Mon, 2),
        fixed(11, 11),
        nth_weekday(year, 11, Weekday::Thu, 4),
        fixed(12, 25),
    ];
    if year >= 1986 {
        v.push(nth_weekday(year, 1, Weekday::Mon, 3));
    }
    if year >= 2021 {
        v.push(fixed(6, 19));
    }
    // New Year's Day of the next year observed on Dec 31 of this year.
    if let Some(d) = NaiveDate::from_ymd_opt(year + 1, 1, 1) {
        if d.weekday() == Weekday::Sat {
            v.push(d.pred_opt());
        }
    }
    let mut out: Vec<NaiveDate> = v
        .into_iter()
        .flatten()
        .filter(|d| d.year() == year)
        .collect();
    out.sort();
    out
}

/// Whether `d` is an observed US federal holiday.
pub fn is_federal_holiday(d: NaiveDate) -> bool {
    federal_holidays(d.year()).contains(&d)
}

/// Precomputed holiday flags for a range of day numbers (fast lookups in aggregation loops).
#[derive(Debug, Clone)]
pub struct HolidayTable {
    first: i32,
    flags: Vec<bool>,
}

impl HolidayTable {
    /// Build the table for days `first..=last`.
    pub fn new(first: i32, last: i32) -> Self {
        let len = (last - first + 1).max(0) as usize;
        let mut flags = vec![false; len];
        if len > 0 {
            for y in date_of(first).year()..=date_of(last).year() {
                for h in federal_holidays(y) {
                    let dn =
                        (h - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(h)).num_days() as i32;
                    if dn >= first && dn <= last {
                        flags[(dn - first) as usize] = true;
                    }
                }
            }
        }
        HolidayTable { first, flags }
    }

    /// Whether day number `day` is a holiday (false outside the table).
    pub fn is_holiday(&self, day: i32) -> bool {
        let i = day - self.first;
        i >= 0 && self.flags.get(i as usize).copied().unwrap_or(false)
    }
}

/// Calendar counts of one month: the regressors a monthly model can use, known in advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCounts {
    /// Days in the month (28–31).
    pub days: u8,
    /// Saturdays and Sundays in the month.
    pub weekend_days: u8,
    /// Observed US federal holidays in the month.
    pub holidays: u8,
}

/// Calendar counts of the month holding day number `day` (any day of it, usually its first).
pub fn month_counts(day: i32) -> MonthCounts {
    let d = date_of(day);
    let first = day - (d.day() as i32 - 1);
    let days: i32 = (28..=31)
        .rev()
        .find(|n| NaiveDate::from_ymd_opt(d.year(), d.month(), *n as u32).is_some())
        .unwrap_or(28);
    let weekend_days = (0..days).filter(|i| weekday_of(first + i) >= 5).count() as u8;
    let holidays = federal_holidays(d.year())
        .iter()
        .filter(|h| h.month() == d.month())
        .count() as u8;
    MonthCounts {
        days: days as u8,
        weekend_days,
        holidays,
    }
}

/// Observed US federal holidays in the 7 days from day number `start` (a week of the weekly
/// series): the weekly regressor known in advance, future weeks included.
pub fn week_holidays(start: i32) -> u8 {
    let last = start + 6;
    let (y0, y1) = (date_of(start).year(), date_of(last).year());
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1);
    (y0..=y1)
        .flat_map(federal_holidays)
        .filter_map(|h| epoch.map(|e| (h - e).num_days()))
        .filter(|d| (i64::from(start)..=i64::from(last)).contains(d))
        .count() as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::day_of;

    #[test]
    fn features_of_known_days() {
        let f = features(day_of(2025, 1, 1).unwrap());
        assert_eq!(
            (f.year, f.month, f.quarter, f.weekday, f.iso_year, f.iso_week),
            (2025, 1, 1, 2, 2025, 1)
        );
        assert!(f.holiday);
        let f = features(day_of(2021, 1, 3).unwrap()); // Sunday in ISO week 53 of 2020
        assert_eq!(
            (f.weekday, f.iso_year, f.iso_week, f.weekend),
            (6, 2020, 53, true)
        );
    }

    #[test]
    fn holidays_with_observance() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(is_federal_holiday(d(2021, 7, 5))); // July 4 was a Sunday
        assert!(is_federal_holiday(d(2020, 7, 3))); // July 4 was a Saturday
        assert!(is_federal_holiday(d(2025, 11, 27))); // Thanksgiving
        assert!(is_federal_holiday(d(2025, 5, 26))); // Memorial Day
        assert!(is_federal_holiday(d(2022, 6, 20))); // Juneteenth observed
        assert!(!is_federal_holiday(d(2020, 6, 19)));
        assert!(is_federal_holiday(d(2021, 12, 31))); // New Year 2022 on Saturday
        assert_eq!(federal_holidays(2025).len(), 11);
        let t = HolidayTable::new(day_of(2025, 1, 1).unwrap(), day_of(2025, 12, 31).unwrap());
        assert!(t.is_holiday(day_of(2025, 12, 25).unwrap()));
        assert!(!t.is_holiday(day_of(2025, 12, 24).unwrap()));
    }

    #[test]
    fn month_counts_of_known_months() {
        let c = |y, m| month_counts(day_of(y, m, 1).unwrap());
        // February 2024: 29 days, starts Thursday; weekends 3-4, 10-11, 17-18, 24-25; Presidents Day.
        assert_eq!(
            c(2024, 2),
            MonthCounts {
                days: 29,
                weekend_days: 8,
                holidays: 1
            }
        );
        // November 2025: 30 days from a Saturday (10 weekend days); Veterans Day, Thanksgiving.
        assert_eq!(
            month_counts(day_of(2025, 11, 17).unwrap()),
            MonthCounts {
                days: 30,
                weekend_days: 10,
                holidays: 2
            }
        );
        // December 2021: New Year 2022 observed on Friday Dec 31, plus Christmas observed Dec 24.
        assert_eq!(c(2021, 12).holidays, 2);
        assert_eq!((c(2023, 8).days, c(2023, 8).holidays), (31, 0));
    }

    #[test]
    fn week_holidays_of_known_weeks() {
        let w = |y, m, d| week_holidays(day_of(y, m, d).unwrap());
        assert_eq!(w(2025, 11, 24), 1); // Thanksgiving, Thursday Nov 27
        assert_eq!(w(2021, 7, 5), 1); // July 4 (a Sunday) observed Monday Jul 5
        assert_eq!(w(2021, 6, 28), 0); // the week before: Jul 4 itself is no observed holiday
        assert_eq!(w(2025, 8, 4), 0); // no holiday in August
                                      // Christmas 2021 observed Fri Dec 24 and New Year 2022 observed Fri Dec 31.
        assert_eq!(w(2021, 12, 20), 1);
        assert_eq!(w(2021, 12, 27), 1);
        assert_eq!(w(2022, 1, 3), 0);
        // A week across the new year: Christmas 2024 (Wed) then New Year 2025 (Wed).
        assert_eq!(w(2024, 12, 23), 1);
        assert_eq!(w(2024, 12, 30), 1);
        // 52 weeks from Monday 2024-12-30 hold all 11 holidays of 2025 (New Year on Wed Jan 1).
        let first = day_of(2024, 12, 30).unwrap();
        let sum: u32 = (0..52)
            .map(|k| u32::from(week_holidays(first + 7 * k)))
            .sum();
        assert_eq!(sum, 11);
    }
}
