//! Aggregation of filtered rows: the overview (KPIs, 24×7 heatmap, categories, precincts)
//! and daily / ISO-weekly / monthly count series with partial periods flagged.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::calendar::weekday_of;
use super::filter::Compiled;
use super::store::Store;
use super::time::{date_of, day_of};

/// Time resolution of a count series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Resolution {
    /// Calendar days.
    Daily,
    /// ISO weeks, Monday to Sunday.
    #[default]
    Weekly,
    /// Calendar months.
    Monthly,
}

impl Resolution {
    /// First day of the period holding `day`.
    pub fn period_start(self, day: i32) -> i32 {
        match self {
            Resolution::Daily => day,
            Resolution::Weekly => day - i32::from(weekday_of(day)),
            Resolution::Monthly => {
                let d = date_of(day);
                day_of(d.year(), d.month(), 1).unwrap_or(day)
            }
        }
    }

    /// First day of the period after the one starting at `start`.
    pub fn next_start(self, start: i32) -> i32 {
        match self {
            Resolution::Daily => start + 1,
            Resolution::Weekly => start + 7,
            Resolution::Monthly => {
                let d = date_of(start);
                let (y, m) = if d.month() == 12 {
                    (d.year() + 1, 1)
                } else {
                    (d.year(), d.month() + 1)
                };
                day_of(y, m, 1).unwrap_or(start + 31)
            }
        }
    }

    /// Seasonal period in periods per year (7 for daily data's week cycle).
    pub fn season(self) -> usize {
        match self {
            Resolution::Daily => 7,
            Resolution::Weekly => 52,
            Resolution::Monthly => 12,
        }
    }
}

/// Counts per period over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Resolution.
    pub resolution: Resolution,
    /// First day of each period.
    pub starts: Vec<i32>,
    /// Count in each period.
    pub values: Vec<f64>,
    /// The first period is only partly covered by the window or the data.
    pub partial_first: bool,
    /// The last period is only partly covered.
    pub partial_last: bool,
}

impl Series {
    /// The values without partial first/last periods (what models are fitted on).
    pub fn complete(&self) -> (&[i32], &[f64]) {
        let a = usize::from(self.partial_first);
        let b = self
            .values
            .len()
            .saturating_sub(usize::from(self.partial_last))
            .max(a);
        (&self.starts[a..b], &self.values[a..b])
    }
}

/// Count filtered rows per period over days `first..=last`.
pub fn series(
    store: &Store,
    filter: &Compiled,
    resolution: Resolution,
    first: i32,
    last: i32,
) -> Series {
    if first > last {
        return Series {
            resolution,
            starts: vec![],
            values: vec![],
            partial_first: false,
            partial_last: false,
        };
    }
    let mut starts = Vec::new();
    let mut s = resolution.period_start(first);
    while s <= last {
        starts.push(s);
        s = resolution.next_start(s);
    }
    let mut values = vec![0.0; starts.len()];
    match resolution {
        Resolution::Daily => {
            for i in 0..store.len() {
                let d = store.day[i];
                if d >= first && d <= last && filter.matches_attrs(store, i) {
                    values[(d - starts[0]) as usize] += 1.0;
                }
            }
        }
        _ => {
            // Map each day to its period index once.
            let base = starts[0];
            let mut index = vec![0u32; (last - base + 1) as usize];
            for (k, w) in starts.windows(2).enumerate() {
                for d in w[0]..w[1] {
                    index[(d - base) as usize] = k as u32;
                }
            }
            let lastk = starts.len() - 1;
            for d in starts[lastk]..=last {
                index[(d - base) as usize] = lastk as u32;
            }
            for i in 0..store.len() {
                let d = store.day[i];
                if d >= first && d <= last && filter.matches_attrs(store, i) {
                    values[index[(d - base) as usize] as usize] += 1.0;
                }
            }
        }
    }
    let partial_first = starts.first().is_some_and(|&s0| s0 < first);
    let partial_last = starts
        .last()
        .is_some_and(|&sl| resolution.next_start(sl) - 1 > last);
    Series {
        resolution,
        starts,
        values,
        partial_first,
        partial_last,
    }
}

/// The overview dashboard's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Window actually covered: filter window ∩ data range.
    pub window: (i32, i32),
    /// Rows (offenses or incidents) in the window.
    pub total: u64,
    /// Days in the window.
    pub days: u32,
    /// Mean per day.
    pub daily_mean: f64,
    /// Count in the same window one year earlier, when the data cover it.
    pub prior_total: Option<u64>,
    /// Percent change against that prior window.
    pub change_pct: Option<f64>,
    /// Counts by weekday (0 = Monday) × hour, index `weekday * 24 + hour`.
    pub heatmap: Vec<u64>,
    /// Counts by category, largest first (counting incidents, a report counts under each
    /// category it contains, so these can add up to more than `total`).
    pub by_category: Vec<(String, u64)>,
    /// Counts by precinct (0 = unknown), largest first.
    pub by_precinct: Vec<(u8, u64)>,
    /// Daily counts.
    pub daily: Series,
    /// ISO-weekly counts.
    pub weekly: Series,
    /// Where the numbers come from, in words, when not from every row (a live load in
    /// progress: the server's counts, or the rows loaded so far).
    #[serde(default)]
    pub basis: Option<String>,
    /// Whether `total` counts offense rows whatever the filter's unit (the server's counts
    /// where it could not count incidents).
    #[serde(default)]
    pub offense_rows: bool,
}

impl Overview {
    /// The most frequent category.
    pub fn top_category(&self) -> Option<&(String, u64)> {
        self.by_category.first()
    }

    /// The precinct with most rows (unknown precinct excluded).
    pub fn top_precinct(&self) -> Option<&(u8, u64)> {
        self.by_precinct.iter().find(|(p, _)| *p != 0)
    }
}

/// Shift a day number back one calendar year (29 Feb → 28 Feb).
pub fn year_before(day: i32) -> i32 {
    let d = date_of(day);
    let y = d.year() - 1;
    day_of(y, d.month(), d.day())
        .or_else(|| day_of(y, d.month(), 28))
        .unwrap_or(day - 365)
}

/// Compute the overview of `filter` over `store`, whose kept days span `data_range`.
pub fn overview(store: &Store, filter: &Compiled, data_range: (i32, i32)) -> Overview {
    let (fa, fb) = filter.window();
    let first = fa.max(data_range.0);
    let last = fb.min(data_range.1);
    let (pa, pb) = (year_before(first), year_before(last));
    let prior_covered = pa >= data_range.0 && first <= last;
    let mut total = 0u64;
    let mut prior = 0u64;
    let mut heat = vec![0u64; 7 * 24];
    let mut by_cat = vec![0u64; store.categories.len()];
    let mut by_pre = [0u64; 13];
    for i in 0..store.len() {
        let d = store.day[i];
        let in_window = d >= first && d <= last;
        let in_prior = prior_covered && d >= pa && d <= pb;
        if !(in_window || in_prior) {
            continue;
        }
        if in_window && filter.counts_in_category(store, i) {
            by_cat[store.category[i] as usize] += 1;
        }
        if !filter.matches_attrs(store, i) {
            continue;
        }
        if in_prior {
            prior += 1;
        }
        if in_window {
            total += 1;
            let h = usize::from(store.minute[i] / 60).min(23);
            heat[usize::from(weekday_of(d)) * 24 + h] += 1;
            by_pre[usize::from(store.precinct[i].min(12))] += 1;
        }
    }
    let days = if first <= last {
        (last - first + 1) as u32
    } else {
        0
    };
    let mut by_category: Vec<(String, u64)> = by_cat
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(id, &n)| (store.categories.name(id as u32).to_string(), n))
        .collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut by_precinct: Vec<(u8, u64)> = by_pre
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(p, &n)| (p as u8, n))
        .collect();
    by_precinct.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let prior_total = prior_covered.then_some(prior);
    let change_pct = prior_total
        .filter(|&p| p > 0)
        .map(|p| 100.0 * (total as f64 - p as f64) / p as f64);
    Overview {
        window: (first, last),
        total,
        days,
        daily_mean: if days > 0 {
            total as f64 / f64::from(days)
        } else {
            0.0
        },
        prior_total,
        change_pct,
        heatmap: heat,
        by_category,
        by_precinct,
        daily: series(store, filter, Resolution::Daily, first, last),
        weekly: series(store, filter, Resolution::Weekly, first, last),
        basis: None,
        offense_rows: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::filter::{Filter, Unit};
    use crate::data::store::{report_hash, Row};

    fn store_with_days(days: &[(i32, &str, u8)]) -> Store {
        let mut s = Store::new();
        for (k, &(day, cat, p)) in days.iter().enumerate() {
            s.push(Row {
                utc_ms: i64::from(day) * 86_400_000,
                day,
                minute: 600,
                category: cat,
                description: "",
                precinct: p,
                neighborhood: "",
                lon: f32::NAN,
                lat: f32::NAN,
                report: report_hash(&k.to_string()),
                flags: 0,
            });
        }
        s.mark_representatives();
        s
    }

    #[test]
    fn weekly_series_flags_partial_weeks() {
        let mon = day_of(2025, 1, 6).unwrap();
        let s = store_with_days(&[(mon + 1, "A", 2), (mon + 8, "A", 2), (mon + 9, "B", 3)]);
        let f = Filter::default().compile(&s);
        let w = series(&s, &f, Resolution::Weekly, mon + 1, mon + 13);
        assert_eq!(w.starts, vec![mon, mon + 7]);
        assert_eq!(w.values, vec![1.0, 2.0]);
        assert!(w.partial_first && !w.partial_last);
        assert_eq!(w.complete().1, &[2.0]);
        let m = series(
            &s,
            &f,
            Resolution::Monthly,
            day_of(2025, 1, 1).unwrap(),
            day_of(2025, 1, 31).unwrap(),
        );
        assert_eq!(m.values, vec![3.0]);
        assert!(!m.partial_first && !m.partial_last);
    }

    #[test]
    fn overview_counts_and_compares_with_the_year_before() {
        let d = day_of(2025, 3, 3).unwrap();
        let p = year_before(d);
        let s = store_with_days(&[
            (d, "A", 2),
            (d, "A", 3),
            (d, "B", 0),
            (p, "A", 2),
            (p, "A", 2),
        ]);
        let filter = Filter {
            from_day: Some(d),
            to_day: Some(d),
            unit: Unit::Offenses,
            ..Filter::default()
        };
        let o = overview(&s, &filter.compile(&s), (p, d));
        assert_eq!(o.total, 3);
        assert_eq!(o.prior_total, Some(2));
        assert_eq!(o.change_pct, Some(50.0));
        assert_eq!(o.top_category().unwrap().0, "A");
        assert_eq!(o.top_precinct().unwrap().0, 2);
        assert_eq!(o.heatmap.iter().sum::<u64>(), 3);
        assert_eq!(o.heatmap[10], 3); // Monday 10:00
        let only_b = Filter {
            categories: vec!["B".into()],
            ..filter.clone()
        };
        assert_eq!(overview(&s, &only_b.compile(&s), (p, d)).total, 1);
        assert_eq!(
            year_before(day_of(2024, 2, 29).unwrap()),
            day_of(2023, 2, 28).unwrap()
        );
    }
}
