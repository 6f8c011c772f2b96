//! The server counts cube: month × precinct × offense category → offense rows, and month →
//! incidents where the service counts distinct report numbers. Filled month by month as
//! replies arrive, in any order; a whole-window reply answers totals before the months are in.

use super::months::MonthSlot;
use super::stats::Cell;
use crate::data::taxonomy::precinct_code;

/// Which precincts and categories a series covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subset {
    /// Precinct numbers (2..=12); `None` for every valid precinct.
    pub precincts: Option<Vec<u8>>,
    /// Offense categories (compared trimmed, ignoring case); `None` for all.
    pub categories: Option<Vec<String>>,
    /// Whether rows with a junk precinct code ("0", "00", "0W", "HP", blank) count too (only
    /// when `precincts` is `None`).
    pub include_junk: bool,
}

impl Subset {
    fn admits(&self, precinct: &str, category: &str) -> bool {
        let code = precinct_code(precinct);
        let precinct_ok = match (&self.precincts, code) {
            (Some(list), Some(c)) => list.contains(&c),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => self.include_junk,
        };
        precinct_ok
            && self
                .categories
                .as_ref()
                .is_none_or(|list| list.iter().any(|c| c.trim().eq_ignore_ascii_case(category)))
    }
}

/// Offense rows under one published precinct code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrecinctCount {
    /// The code as published.
    pub label: String,
    /// The precinct number, or `None` for junk codes.
    pub code: Option<u8>,
    /// Offense rows.
    pub rows: u64,
}

/// Where a total comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalsSource {
    /// The sum of every month's counts.
    Months,
    /// The whole-window statistics query (months still arriving).
    Window,
    /// The months known so far only: a lower bound.
    Partial {
        /// Months whose counts are in.
        known: usize,
        /// Months in the window.
        months: usize,
    },
}

/// Totals over the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Offense rows.
    pub rows: u64,
    /// Incidents (distinct report numbers), when the service counted them for the window.
    pub incidents: Option<u64>,
    /// Where the numbers come from.
    pub source: TotalsSource,
}

/// Interned (precinct, category) cells with their rows.
type Cells = Vec<(u32, u32, u64)>;

/// The cube of server counts.
#[derive(Debug, Clone, Default)]
pub struct ServerCounts {
    months: Vec<MonthSlot>,
    precincts: Vec<String>,
    categories: Vec<String>,
    /// Per month: the cells, once a grouped reply is in.
    cells: Vec<Option<Cells>>,
    /// Per month: offense rows (from the cells or a plain count).
    rows: Vec<Option<u64>>,
    /// Per month: incidents.
    incidents: Vec<Option<u64>>,
    window_cells: Option<Cells>,
    window_incidents: Option<u64>,
    /// Per headline window: its cells and incidents, once in.
    headline: Vec<(Option<Cells>, Option<u64>)>,
}

/// The sum of counts, stopping at `u64::MAX` (a server's reply may hold any number).
fn saturating_sum(values: impl Iterator<Item = u64>) -> u64 {
    values.fold(0, u64::saturating_add)
}

fn intern(list: &mut Vec<String>, key: &str) -> u32 {
    match list.iter().position(|k| k == key) {
        Some(i) => i as u32,
        None => {
            list.push(key.to_string());
            (list.len() - 1) as u32
        }
    }
}

impl ServerCounts {
    /// An empty cube over `months` (oldest first).
    pub fn new(months: Vec<MonthSlot>) -> Self {
        let n = months.len();
        ServerCounts {
            months,
            cells: vec![None; n],
            rows: vec![None; n],
            incidents: vec![None; n],
            ..Self::default()
        }
    }

    /// The months, oldest first.
    pub fn months(&self) -> &[MonthSlot] {
        &self.months
    }

    fn interned(&mut self, cells: &[Cell]) -> Cells {
        cells
            .iter()
            .map(|c| {
                let p = intern(&mut self.precincts, c.precinct.trim());
                let k = intern(&mut self.categories, c.category.trim());
                (p, k, c.rows)
            })
            .collect()
    }

    /// Record month `m`'s grouped counts (its offense rows are their sum). Out-of-range
    /// months are ignored.
    pub fn set_month_cells(&mut self, m: usize, cells: &[Cell]) {
        if m >= self.months.len() {
            return;
        }
        let cells = self.interned(cells);
        self.rows[m] = Some(saturating_sum(cells.iter().map(|c| c.2)));
        self.cells[m] = Some(cells);
    }

    /// Record month `m`'s offense rows from a plain count (no breakdown).
    pub fn set_month_rows(&mut self, m: usize, rows: u64) {
        if let Some(r) = self.rows.get_mut(m) {
            *r = Some(rows);
        }
    }

    /// Record month `m`'s incidents (distinct report numbers).
    pub fn set_month_incidents(&mut self, m: usize, incidents: u64) {
        if let Some(r) = self.incidents.get_mut(m) {
            *r = Some(incidents);
        }
    }

    fn headline_mut(&mut self, k: usize) -> &mut (Option<Cells>, Option<u64>) {
        if self.headline.len() <= k {
            self.headline.resize(k + 1, (None, None));
        }
        &mut self.headline[k]
    }

    /// Record headline window `k`'s grouped counts.
    pub fn set_headline_cells(&mut self, k: usize, cells: &[Cell]) {
        let cells = self.interned(cells);
        self.headline_mut(k).0 = Some(cells);
    }

    /// Record headline window `k`'s incidents.
    pub fn set_headline_incidents(&mut self, k: usize, incidents: u64) {
        self.headline_mut(k).1 = Some(incidents);
    }

    /// Offense rows of `subset` in headline window `k`, once its statistics are in.
    pub fn headline_rows(&self, k: usize, subset: &Subset) -> Option<u64> {
        let cells = self.headline.get(k)?.0.as_ref()?;
        Some(self.sum_cells(cells, subset))
    }

    /// Incidents in headline window `k`, once counted.
    pub fn headline_incidents(&self, k: usize) -> Option<u64> {
        self.headline.get(k)?.1
    }

    fn sum_cells(&self, cells: &Cells, subset: &Subset) -> u64 {
        cells
            .iter()
            .filter(|(p, k, _)| {
                subset.admits(&self.precincts[*p as usize], &self.categories[*k as usize])
            })
            .map(|c| c.2)
            .fold(0, u64::saturating_add)
    }

    /// Record the whole window's grouped counts.
    pub fn set_window_cells(&mut self, cells: &[Cell]) {
        self.window_cells = Some(self.interned(cells));
    }

    /// Record the whole window's incidents.
    pub fn set_window_incidents(&mut self, incidents: u64) {
        self.window_incidents = Some(incidents);
    }

    /// Month `m`'s offense rows, once known.
    pub fn month_rows(&self, m: usize) -> Option<u64> {
        self.rows.get(m).copied().flatten()
    }

    /// Month `m`'s incidents, once known.
    pub fn month_incidents(&self, m: usize) -> Option<u64> {
        self.incidents.get(m).copied().flatten()
    }

    /// Month `m`'s precinct × category cells (keys as published, trimmed), once its
    /// breakdown is in.
    pub fn month_cells(&self, m: usize) -> Option<Vec<Cell>> {
        let cells = self.cells.get(m)?.as_ref()?;
        Some(
            cells
                .iter()
                .map(|&(p, k, rows)| Cell {
                    precinct: self.precincts[p as usize].clone(),
                    category: self.categories[k as usize].clone(),
                    rows,
                })
                .collect(),
        )
    }

    /// Whether month `m` has its precinct × category breakdown.
    pub fn has_breakdown(&self, m: usize) -> bool {
        self.cells.get(m).is_some_and(Option::is_some)
    }

    /// Months whose offense rows are known.
    pub fn known_months(&self) -> usize {
        self.rows.iter().filter(|r| r.is_some()).count()
    }

    /// Indices of the months that are complete: whole calendar months with their breakdown.
    pub fn complete_months(&self) -> Vec<usize> {
        (0..self.months.len())
            .filter(|&m| self.months[m].full && self.has_breakdown(m))
            .collect()
    }

    /// Totals over the window (every precinct code, junk included).
    pub fn totals(&self) -> Totals {
        let n = self.months.len();
        let known = self.known_months();
        let month_sum = saturating_sum(self.rows.iter().flatten().copied());
        let month_incidents = self
            .incidents
            .iter()
            .try_fold(0u64, |a, n| n.map(|n| a.saturating_add(n)));
        if known == n {
            return Totals {
                rows: month_sum,
                incidents: month_incidents.or(self.window_incidents),
                source: TotalsSource::Months,
            };
        }
        if let Some(cells) = &self.window_cells {
            return Totals {
                rows: saturating_sum(cells.iter().map(|c| c.2)),
                incidents: self.window_incidents,
                source: TotalsSource::Window,
            };
        }
        Totals {
            rows: month_sum,
            incidents: self.window_incidents,
            source: TotalsSource::Partial { known, months: n },
        }
    }

    /// The cells the breakdowns add up: every month's when all are in, else the window's,
    /// else the months known so far.
    fn breakdown_cells(&self) -> Vec<&Cells> {
        let all = self.cells.iter().all(Option::is_some);
        match (&self.window_cells, all) {
            (Some(w), false) => vec![w],
            _ => self.cells.iter().flatten().collect(),
        }
    }

    /// Offense rows per published precinct code: valid precincts by number, then junk codes.
    pub fn by_precinct(&self) -> Vec<PrecinctCount> {
        let mut sums = vec![0u64; self.precincts.len()];
        for cells in self.breakdown_cells() {
            for &(p, _, n) in cells {
                sums[p as usize] = sums[p as usize].saturating_add(n);
            }
        }
        let mut out: Vec<PrecinctCount> = self
            .precincts
            .iter()
            .zip(sums)
            .filter(|(_, n)| *n > 0)
            .map(|(label, rows)| PrecinctCount {
                label: label.clone(),
                code: precinct_code(label),
                rows,
            })
            .collect();
        out.sort_by(|a, b| {
            (a.code.is_none(), a.code, &a.label).cmp(&(b.code.is_none(), b.code, &b.label))
        });
        out
    }

    /// Every category any count has named so far (trimmed), in the order first seen.
    pub fn category_names(&self) -> &[String] {
        &self.categories
    }

    /// Offense rows per category (trimmed), largest first; ties by name.
    pub fn by_category(&self) -> Vec<(String, u64)> {
        let mut sums = vec![0u64; self.categories.len()];
        for cells in self.breakdown_cells() {
            for &(_, k, n) in cells {
                sums[k as usize] = sums[k as usize].saturating_add(n);
            }
        }
        let mut out: Vec<(String, u64)> = self
            .categories
            .iter()
            .cloned()
            .zip(sums)
            .filter(|(_, n)| *n > 0)
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Offense rows per month for `subset`, aligned with [`ServerCounts::months`]; `None`
    /// where the month's breakdown is not in yet.
    pub fn monthly(&self, subset: &Subset) -> Vec<Option<u64>> {
        self.cells
            .iter()
            .map(|cells| {
                cells.as_ref().map(|cells| {
                    cells
                        .iter()
                        .filter(|(p, k, _)| {
                            subset
                                .admits(&self.precincts[*p as usize], &self.categories[*k as usize])
                        })
                        .map(|c| c.2)
                        .fold(0, u64::saturating_add)
                })
            })
            .collect()
    }

    /// Offense rows of `subset` over the whole window, once the whole-window statistics are
    /// in.
    pub fn window_rows(&self, subset: &Subset) -> Option<u64> {
        let cells = self.window_cells.as_ref()?;
        Some(self.sum_cells(cells, subset))
    }

    /// Incidents over the whole window, once counted.
    pub fn window_incidents(&self) -> Option<u64> {
        self.window_incidents
    }

    /// Whether every month's incidents are counted.
    pub fn all_incidents(&self) -> bool {
        self.incidents.iter().all(Option::is_some)
    }

    /// Whether every month has its precinct × category breakdown.
    pub fn all_breakdowns(&self) -> bool {
        self.cells.iter().all(Option::is_some)
    }

    /// Incidents per month, aligned with [`ServerCounts::months`].
    pub fn monthly_incidents(&self) -> Vec<Option<u64>> {
        self.incidents.clone()
    }
}

#[cfg(test)]
#[path = "counts_tests.rs"]
mod tests;
