//! The counts the allocation page starts from: complete-month series per precinct (the
//! page's filter restricted to one precinct) and weekday × hour tables, citywide and per
//! precinct (one pass over the rows for all the tables).

use crate::analysis::staffing::WEEK_HOURS;
use crate::data::aggregate::{series, Resolution};
use crate::data::calendar::weekday_of;
use crate::data::filter::Compiled;
use crate::data::store::{Store, FLAG_DEFAULT_TIME};
use crate::worker::messages::AreaCounts;

/// The monthly series of `filter` restricted to precinct `p` (0: not restricted further),
/// complete months only; and whether the first / last months were partial.
pub fn monthly(
    store: &Store,
    filter: &Compiled,
    p: u8,
    window: (i32, i32),
) -> (Vec<i32>, Vec<f64>, (bool, bool)) {
    let restricted;
    let f = if p == 0 {
        filter
    } else {
        restricted = filter.for_precinct(p);
        &restricted
    };
    let s = series(store, f, Resolution::Monthly, window.0, window.1);
    let (starts, values) = s.complete();
    (
        starts.to_vec(),
        values.to_vec(),
        (s.partial_first, s.partial_last),
    )
}

/// Weekday × hour tables of `filter` over `window`, index 0 citywide, 2..=12 by precinct
/// (1 unused): all rows, and the rows flagged as timed at a likely default time.
pub fn week_tables(
    store: &Store,
    filter: &Compiled,
    window: (i32, i32),
) -> (Vec<Vec<u64>>, Vec<Vec<u64>>) {
    let mut t = vec![vec![0u64; WEEK_HOURS]; 13];
    let mut dt = vec![vec![0u64; WEEK_HOURS]; 13];
    for i in 0..store.len() {
        let d = store.day[i];
        if d < window.0 || d > window.1 || !filter.matches_attrs(store, i) {
            continue;
        }
        let cell = usize::from(weekday_of(d)) * 24 + usize::from(store.minute[i] / 60).min(23);
        let p = usize::from(store.precinct[i].min(12));
        let default_time = store.flags[i] & FLAG_DEFAULT_TIME != 0;
        for k in [Some(0), (p >= 2).then_some(p)].into_iter().flatten() {
            t[k][cell] += 1;
            if default_time {
                dt[k][cell] += 1;
            }
        }
    }
    (t, dt)
}

/// Citywide and per-precinct counts for the precincts in `wanted`, citywide first.
pub fn areas(
    store: &Store,
    filter: &Compiled,
    window: (i32, i32),
    wanted: &[u8],
) -> (Vec<AreaCounts>, (bool, bool)) {
    let (tables, default_time) = week_tables(store, filter, window);
    let mut partial = (false, false);
    let mut out = Vec::with_capacity(wanted.len() + 1);
    for &p in std::iter::once(&0).chain(wanted) {
        let (starts, values, part) = monthly(store, filter, p, window);
        if p == 0 {
            partial = part;
        }
        let week = tables.get(usize::from(p)).cloned().unwrap_or_default();
        out.push(AreaCounts {
            precinct: p,
            total: week.iter().sum(),
            starts,
            values,
            week,
            week_default_time: default_time
                .get(usize::from(p))
                .cloned()
                .unwrap_or_default(),
        });
    }
    (out, partial)
}
