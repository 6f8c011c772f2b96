//! Filters over the store: date window, categories, precincts, neighborhoods, and the
//! offenses-vs-incidents unit.
//!
//! Counting incidents: the rows sharing a report number are one incident, counted once in
//! any total. Under a category filter it counts once if it contains one of the chosen
//! categories, represented by its earliest row among those categories; with no category
//! filter, by its earliest row. That row's date, precinct, neighborhood and place are the
//! incident's for the other parts of the filter. In a breakdown by category
//! ([`Compiled::counts_in_category`]) a report counts once under each category it contains,
//! so the categories can add up to more than the total. "Earliest" breaks ties of time by
//! the rows' content, never by load order (see [`crate::data::store`]), so counts do not
//! depend on the order pages arrived in.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::store::{Store, FLAG_CATEGORY_FIRST, FLAG_REPRESENTATIVE};

/// Count offense rows or distinct incidents (report numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Unit {
    /// One per distinct report number (its representative row, see the module docs).
    #[default]
    Incidents,
    /// One per offense-level row.
    Offenses,
}

/// Days the overview shows by default: the latest year of the data.
pub const OVERVIEW_DAYS: i32 = 365;

/// A filter; empty lists mean "all".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// First local day (inclusive), if limited.
    pub from_day: Option<i32>,
    /// Last local day (inclusive), if limited.
    pub to_day: Option<i32>,
    /// Category names to keep.
    pub categories: Vec<String>,
    /// Precincts to keep (2..=12).
    pub precincts: Vec<u8>,
    /// Neighborhood names to keep.
    pub neighborhoods: Vec<String>,
    /// Counting unit.
    pub unit: Unit,
}

/// A filter resolved against one store's interned ids, for fast row tests.
#[derive(Debug, Clone)]
pub struct Compiled {
    from: i32,
    to: i32,
    categories: Option<Vec<bool>>,
    precincts: Option<[bool; 13]>,
    neighborhoods: Option<Vec<bool>>,
    representatives_only: bool,
    /// Under a category filter counting incidents: the rows that represent their incident
    /// among the chosen categories, one bit per row.
    category_representatives: Option<Arc<[u64]>>,
}

/// One bit per row of `store`: the first row of each report, in the store's incident order,
/// whose category is `selected`.
fn first_rows_in(store: &Store, selected: &[bool]) -> Arc<[u64]> {
    let mut bits = vec![0u64; store.len().div_ceil(64)];
    let mut prev = None;
    let mut done = false;
    for &i in store.incident_order().iter() {
        let i = i as usize;
        let r = store.report[i];
        if r == 0 || prev != Some(r) {
            done = false;
        }
        prev = Some(r);
        if !done
            && selected
                .get(store.category[i] as usize)
                .copied()
                .unwrap_or(false)
        {
            bits[i / 64] |= 1 << (i % 64);
            done = true;
        }
    }
    bits.into()
}

impl Filter {
    /// Resolve names to ids of `store`. Unknown names match nothing.
    pub fn compile(&self, store: &Store) -> Compiled {
        let ids =
            |names: &[String], n: usize, get: &dyn Fn(&str) -> Option<u32>| -> Option<Vec<bool>> {
                if names.is_empty() {
                    return None;
                }
                let mut v = vec![false; n];
                for name in names {
                    if let Some(id) = get(name.trim()) {
                        v[id as usize] = true;
                    }
                }
                Some(v)
            };
        let precincts = if self.precincts.is_empty() {
            None
        } else {
            let mut a = [false; 13];
            for &p in &self.precincts {
                if let Some(slot) = a.get_mut(usize::from(p)) {
                    *slot = true;
                }
            }
            Some(a)
        };
        let categories = ids(&self.categories, store.categories.len(), &|s| {
            store.categories.get(s)
        });
        let category_representatives = match (&categories, self.unit) {
            (Some(selected), Unit::Incidents) => Some(first_rows_in(store, selected)),
            _ => None,
        };
        Compiled {
            from: self.from_day.unwrap_or(i32::MIN),
            to: self.to_day.unwrap_or(i32::MAX),
            categories,
            category_representatives,
            precincts,
            neighborhoods: ids(&self.neighborhoods, store.neighborhoods.len(), &|s| {
                store.neighborhoods.get(s)
            }),
            representatives_only: self.unit == Unit::Incidents,
        }
    }
}

impl Compiled {
    /// Whether row `i` passes every part of the filter but the date window (counting
    /// incidents: whether it is the row that represents its incident under the filter).
    #[inline]
    pub fn matches_attrs(&self, store: &Store, i: usize) -> bool {
        if self.representatives_only {
            let represents = match &self.category_representatives {
                Some(bits) => bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1),
                None => store.flags[i] & FLAG_REPRESENTATIVE != 0,
            };
            if !represents {
                return false;
            }
        }
        self.passes_attrs(store, i)
    }

    /// Whether row `i` counts under its own category in a breakdown by category: as
    /// [`Compiled::matches_attrs`], except that counting incidents, a report counts once under
    /// each category it contains (its first row in that category).
    #[inline]
    pub fn counts_in_category(&self, store: &Store, i: usize) -> bool {
        if self.representatives_only && store.flags[i] & FLAG_CATEGORY_FIRST == 0 {
            return false;
        }
        self.passes_attrs(store, i)
    }

    /// Whether row `i` has a chosen category, precinct and neighborhood.
    #[inline]
    fn passes_attrs(&self, store: &Store, i: usize) -> bool {
        if let Some(c) = &self.categories {
            if !c.get(store.category[i] as usize).copied().unwrap_or(false) {
                return false;
            }
        }
        if let Some(p) = &self.precincts {
            if !p[usize::from(store.precinct[i].min(12))] {
                return false;
            }
        }
        if let Some(n) = &self.neighborhoods {
            if !n
                .get(store.neighborhood[i] as usize)
                .copied()
                .unwrap_or(false)
            {
                return false;
            }
        }
        true
    }

    /// Whether row `i` passes the whole filter.
    #[inline]
    pub fn matches(&self, store: &Store, i: usize) -> bool {
        let d = store.day[i];
        d >= self.from && d <= self.to && self.matches_attrs(store, i)
    }

    /// Whether rows of precinct `p` can pass (the filter names no precincts, or names `p`).
    pub fn includes_precinct(&self, p: u8) -> bool {
        self.precincts
            .as_ref()
            .is_none_or(|a| a.get(usize::from(p)).copied().unwrap_or(false))
    }

    /// This filter further restricted to precinct `p` (matching nothing when the filter
    /// already leaves `p` out).
    pub fn for_precinct(&self, p: u8) -> Compiled {
        let mut a = [false; 13];
        if self.includes_precinct(p) {
            if let Some(slot) = a.get_mut(usize::from(p)) {
                *slot = true;
            }
        }
        Compiled {
            precincts: Some(a),
            ..self.clone()
        }
    }

    /// The date window (inclusive); unbounded ends are `i32::MIN`/`i32::MAX`.
    pub fn window(&self) -> (i32, i32) {
        (self.from, self.to)
    }
}
