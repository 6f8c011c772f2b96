//! Answers from the server's counts while a live load's rows are still arriving: the
//! overview's headline numbers, the monthly series the forecast is fitted on and the
//! per-precinct series of the allocation ranking. A filter is answered from the counts when
//! it can be expressed in them: whole months of the load's window (a window that starts or
//! ends inside a month is narrowed to the whole months within it, and says so), categories
//! and precincts, but no neighbourhood. Counts are offense rows, or incidents where every
//! month's incidents were counted and no category or precinct filter applies; the result says
//! which.

use crate::data::aggregate::{year_before, Overview, Resolution, Series};
use crate::data::arcgis::{ServerCounts, Subset};
use crate::data::filter::{Filter, Unit};

use super::live_load::LiveLoad;
use super::Engine;
use crate::worker::messages::{AreaCounts, Basis, CountUnit, PRECINCTS};

/// Complete months counted: their first days, their counts, whether partial first / last
/// months were left out, and where the counts come from in words.
pub type MonthlyCounts = (Vec<i32>, Vec<f64>, (bool, bool), String);

/// A filter as the server's counts answer it.
#[derive(Debug, Clone)]
pub struct CountQuery {
    /// Months inside the filter's window (indices into the load's months, oldest first).
    pub months: Vec<usize>,
    /// First and last local day of those months.
    pub days: (i32, i32),
    /// Categories and precincts.
    pub subset: Subset,
    /// Whether incidents can be counted (unit incidents, no category or precinct filter,
    /// every month's incidents in).
    pub incidents: bool,
    /// Whether every month in it has its precinct × category breakdown.
    pub breakdown: bool,
    /// Whether the server is the City's own layer.
    pub city: bool,
}

impl CountQuery {
    /// The basis of a count in `unit`.
    pub fn basis(&self, unit: CountUnit) -> Basis {
        Basis::ServerCounts {
            unit,
            city: self.city,
        }
    }

    /// The unit of the totals and series.
    pub fn unit(&self) -> CountUnit {
        if self.incidents {
            CountUnit::Incidents
        } else {
            CountUnit::OffenseRows
        }
    }

    /// The months' counts (incidents or offense rows, as [`CountQuery::unit`] says);
    /// None where a month is not counted yet.
    pub fn monthly(&self, counts: &ServerCounts) -> Vec<Option<u64>> {
        let all = if self.incidents {
            counts.monthly_incidents()
        } else {
            counts.monthly(&self.subset)
        };
        self.months
            .iter()
            .map(|&m| all.get(m).copied().flatten())
            .collect()
    }
}

fn subset_of(filter: &Filter, precincts: Option<Vec<u8>>, include_junk: bool) -> Subset {
    Subset {
        precincts,
        categories: (!filter.categories.is_empty()).then(|| filter.categories.clone()),
        include_junk,
    }
}

fn sum(values: &[Option<u64>]) -> Option<u64> {
    values
        .iter()
        .try_fold(0u64, |a, v| v.map(|v| a.saturating_add(v)))
}

impl LiveLoad {
    /// The filter as the counts answer it, when they can and every month in it is counted:
    /// with each month's precinct × category breakdown, or, for incidents over every precinct
    /// and category, with each month's incident count alone.
    pub fn count_query(&self, filter: &Filter) -> Option<CountQuery> {
        if !filter.neighborhoods.is_empty() {
            return None;
        }
        let from = filter.from_day.unwrap_or(self.window.first_day);
        let to = filter.to_day.unwrap_or(self.window.last_day);
        let months: Vec<usize> = (0..self.month_days.len())
            .filter(|&m| self.month_days[m].0 >= from && self.month_days[m].1 <= to)
            .collect();
        let (first, last) = (*months.first()?, *months.last()?);
        let counts = self.loader.counts();
        let precincts = (!filter.precincts.is_empty()).then(|| filter.precincts.clone());
        let incidents = filter.unit == Unit::Incidents
            && filter.categories.is_empty()
            && precincts.is_none()
            && months.iter().all(|&m| counts.month_incidents(m).is_some());
        let breakdown = months.iter().all(|&m| counts.has_breakdown(m));
        if !breakdown && !incidents {
            return None;
        }
        Some(CountQuery {
            days: (self.month_days[first].0, self.month_days[last].1),
            subset: subset_of(filter, precincts, self.include_junk),
            months,
            incidents,
            breakdown,
            city: self.city,
        })
    }

    /// The overview of `filter` from the counts: from every month's counts once they are
    /// in, before that from the whole-window counts when the filter spans the whole window.
    pub fn overview(&self, filter: &Filter) -> Option<Overview> {
        let counts = self.loader.counts();
        if let Some(q) = self.count_query(filter).filter(|q| q.breakdown) {
            let total = sum(&q.monthly(counts))?;
            let rows_in = |subset: &Subset| sum(&q_rows(&q, counts, subset));
            let mut basis = q.basis(q.unit()).describe().unwrap_or_default();
            if q.incidents {
                basis.push_str("; categories and precincts in offense rows");
            }
            if Some(q.days) != filter.from_day.zip(filter.to_day) {
                basis.push_str("; whole months only");
            }
            return build_overview(
                filter,
                &q.subset,
                counts,
                q.days,
                total,
                &rows_in,
                basis,
                !q.incidents,
            );
        }
        self.window_overview(filter)
    }

    /// The overview of a filter from the first counts to arrive: the headline windows' (the
    /// overview's default last year, with the year before it for the change) or the whole
    /// window's, when the filter spans exactly one of them.
    fn window_overview(&self, filter: &Filter) -> Option<Overview> {
        if !filter.neighborhoods.is_empty() {
            return None;
        }
        let counts = self.loader.counts();
        let from = filter.from_day.unwrap_or(self.window.first_day);
        let to = filter.to_day.unwrap_or(self.window.last_day);
        let precincts = (!filter.precincts.is_empty()).then(|| filter.precincts.clone());
        let subset = subset_of(filter, precincts, self.include_junk);
        let by_incidents = filter.unit == Unit::Incidents
            && filter.categories.is_empty()
            && filter.precincts.is_empty();
        // Offense rows of any subset, and incidents, of one counted window.
        type Source<'a> = (Box<dyn Fn(&Subset) -> Option<u64> + 'a>, Option<u64>);
        let headline = |k: usize| -> Source<'_> {
            (
                Box::new(move |s: &Subset| counts.headline_rows(k, s)),
                counts.headline_incidents(k),
            )
        };
        let (days, (rows_in, incidents), prior): ((i32, i32), Source<'_>, Option<Source<'_>>) =
            if from <= self.window.first_day && to >= self.window.last_day {
                let days = (self.window.first_day, self.window.last_day);
                (
                    days,
                    (
                        Box::new(|s: &Subset| counts.window_rows(s)),
                        counts.window_incidents(),
                    ),
                    None,
                )
            } else {
                let k = self
                    .headline
                    .iter()
                    .position(|h| (h.first_day, h.last_day) == (from, to))?;
                let before = (year_before(from), year_before(to));
                let prior = self
                    .headline
                    .iter()
                    .position(|h| (h.first_day, h.last_day) == before)
                    .map(headline);
                ((from, to), headline(k), prior)
            };
        let rows = rows_in(&subset)?;
        let incidents = incidents.filter(|_| by_incidents);
        let unit = if incidents.is_some() {
            CountUnit::Incidents
        } else {
            CountUnit::OffenseRows
        };
        let mut basis = Basis::ServerCounts {
            unit,
            city: self.city,
        }
        .describe()
        .unwrap_or_default();
        if incidents.is_some() {
            basis.push_str("; categories and precincts in offense rows");
        }
        let total = incidents.unwrap_or(rows);
        let mut o = build_overview(
            filter,
            &subset,
            counts,
            days,
            total,
            &*rows_in,
            basis,
            incidents.is_none(),
        )?;
        let prior_total = prior.and_then(|(p_rows, p_incidents)| {
            if incidents.is_some() {
                p_incidents
            } else {
                p_rows(&subset)
            }
        });
        if let Some(p) = prior_total.filter(|&p| p > 0) {
            o.prior_total = Some(p);
            o.change_pct = Some(100.0 * (total as f64 - p as f64) / p as f64);
        }
        Some(o)
    }

    /// The complete months of `filter` from the counts: their first days, their counts,
    /// whether partial first / last months were left out, and the basis in words.
    pub fn monthly_series(&self, filter: &Filter) -> Option<MonthlyCounts> {
        let q = self.count_query(filter)?;
        let values = q.monthly(self.loader.counts());
        let slots = self.loader.months();
        let (mut starts, mut y) = (Vec::new(), Vec::new());
        for (i, &m) in q.months.iter().enumerate() {
            if slots[m].full {
                starts.push(self.month_days[m].0);
                y.push(values[i]? as f64);
            }
        }
        let dropped = (
            q.months.first().is_some_and(|&m| !slots[m].full),
            q.months.last().is_some_and(|&m| !slots[m].full),
        );
        let basis = q.basis(q.unit()).describe().unwrap_or_default();
        Some((starts, y, dropped, basis))
    }

    /// The allocation page's counts of `filter` from the server's counts: citywide first
    /// (in the forecast's unit), then each precinct in `wanted` (offense rows); the weekday ×
    /// hour tables stay empty until the rows are in.
    pub fn areas(
        &self,
        filter: &Filter,
        wanted: &[u8],
    ) -> Option<(Vec<AreaCounts>, (bool, bool), String)> {
        let q = self.count_query(filter).filter(|q| q.breakdown)?;
        let counts = self.loader.counts();
        let slots = self.loader.months();
        let area = |precinct: u8, values: Vec<Option<u64>>| -> Option<AreaCounts> {
            let mut a = AreaCounts {
                precinct,
                starts: Vec::new(),
                values: Vec::new(),
                week: vec![0; 7 * 24],
                week_default_time: vec![0; 7 * 24],
                total: sum(&values)?,
            };
            for (i, &m) in q.months.iter().enumerate() {
                if slots[m].full {
                    a.starts.push(self.month_days[m].0);
                    a.values.push(values[i]? as f64);
                }
            }
            Some(a)
        };
        let mut out = vec![area(0, q.monthly(counts))?];
        for &p in wanted {
            let subset = Subset {
                precincts: Some(vec![p]),
                ..q.subset.clone()
            };
            out.push(area(p, q_rows(&q, counts, &subset))?);
        }
        let dropped = (
            q.months.first().is_some_and(|&m| !slots[m].full),
            q.months.last().is_some_and(|&m| !slots[m].full),
        );
        let mut basis = q.basis(q.unit()).describe().unwrap_or_default();
        if q.incidents {
            basis.push_str("; precincts in offense rows");
        }
        Some((out, dropped, basis))
    }
}

/// An overview of `days` from counts: `total` in the filter's unit, and the offense rows of
/// any subset by `rows_in` (per category and per precinct within `subset`).
#[allow(clippy::too_many_arguments)]
fn build_overview(
    filter: &Filter,
    subset: &Subset,
    counts: &ServerCounts,
    days: (i32, i32),
    total: u64,
    rows_in: &dyn Fn(&Subset) -> Option<u64>,
    basis: String,
    offense_rows: bool,
) -> Option<Overview> {
    let mut by_category: Vec<(String, u64)> = Vec::new();
    for c in counts.category_names().iter().cloned() {
        if by_category
            .iter()
            .any(|(seen, _): &(String, u64)| seen.eq_ignore_ascii_case(&c))
        {
            continue;
        }
        let wanted = filter.categories.is_empty()
            || filter
                .categories
                .iter()
                .any(|f| f.trim().eq_ignore_ascii_case(&c));
        if !wanted {
            continue;
        }
        let n = rows_in(&Subset {
            categories: Some(vec![c.clone()]),
            ..subset.clone()
        })?;
        if n > 0 {
            by_category.push((c, n));
        }
    }
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut by_precinct: Vec<(u8, u64)> = Vec::new();
    for p in PRECINCTS {
        if !(filter.precincts.is_empty() || filter.precincts.contains(&p)) {
            continue;
        }
        let n = rows_in(&Subset {
            precincts: Some(vec![p]),
            ..subset.clone()
        })?;
        if n > 0 {
            by_precinct.push((p, n));
        }
    }
    by_precinct.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let n_days = (days.1 - days.0 + 1) as u32;
    let empty = |resolution| Series {
        resolution,
        starts: Vec::new(),
        values: Vec::new(),
        partial_first: false,
        partial_last: false,
    };
    Some(Overview {
        window: days,
        total,
        days: n_days,
        daily_mean: total as f64 / f64::from(n_days),
        prior_total: None,
        change_pct: None,
        heatmap: vec![0; 7 * 24],
        by_category,
        by_precinct,
        daily: empty(Resolution::Daily),
        weekly: empty(Resolution::Weekly),
        basis: Some(basis),
        offense_rows,
    })
}

/// Offense rows of `subset` in the query's months.
fn q_rows(q: &CountQuery, counts: &ServerCounts, subset: &Subset) -> Vec<Option<u64>> {
    let all = counts.monthly(subset);
    q.months
        .iter()
        .map(|&m| all.get(m).copied().flatten())
        .collect()
}

impl Engine {
    /// The live load streaming into the active dataset, while its rows are incomplete.
    pub(super) fn counting(&self) -> Option<&LiveLoad> {
        self.live_load().filter(|l| l.streams_into_active())
    }

    /// The rows-so-far basis of the active dataset, while a live load streams into it.
    pub(super) fn rows_so_far(&self) -> Option<(Basis, Option<(i32, i32)>)> {
        let live = self.counting()?;
        let status = live.status(false);
        Some((status.rows, status.rows_days))
    }
}
