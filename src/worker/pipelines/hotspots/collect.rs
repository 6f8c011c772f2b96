//! Gathering the filtered rows' projected coordinates, the map extent, the drawing sample and
//! the Gi* study area.

use std::collections::HashMap;

use crate::analysis::spatial::grid::{BBox, Grid};
use crate::analysis::spatial::hull::polygon_area;
use crate::analysis::spatial::points::Point;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::clean::CITY_BBOX;
use crate::data::geography::{in_city, CITY_OUTLINE, ENCLAVES};
use crate::data::store::{FLAG_NO_COORDS, FLAG_OUTSIDE_CITY};

use super::super::Input;
use crate::worker::messages::{HotspotCounts, SampledPoints};

/// The rows used, with their projected coordinates.
pub struct Collected {
    /// Projected positions, metres.
    pub xy: Vec<Point>,
    /// Store row of each position.
    pub rows: Vec<u32>,
    /// Counts of used and left-out rows.
    pub counts: HotspotCounts,
}

/// Project every row that passes the filter and has coordinates inside Detroit's extent.
/// Incident locations repeat a lot (intersection grain), so projections are cached by the
/// exact stored coordinates.
pub fn collect(input: &Input<'_>, proj: &LocalTm) -> Collected {
    let store = input.store;
    let (first, last) = input.window;
    let mut cache: HashMap<u64, Option<Point>> = HashMap::new();
    let mut out = Collected {
        xy: Vec::new(),
        rows: Vec::new(),
        counts: HotspotCounts::default(),
    };
    for i in 0..store.len() {
        let d = store.day[i];
        if d < first || d > last || !input.filter.matches_attrs(store, i) {
            continue;
        }
        let f = store.flags[i];
        if f & FLAG_NO_COORDS != 0 {
            out.counts.no_coords += 1;
            continue;
        }
        if f & FLAG_OUTSIDE_CITY != 0 {
            out.counts.outside += 1;
            continue;
        }
        let (lon, lat) = (store.lon[i], store.lat[i]);
        let key = (u64::from(lon.to_bits()) << 32) | u64::from(lat.to_bits());
        let p = *cache
            .entry(key)
            .or_insert_with(|| proj.forward(f64::from(lon), f64::from(lat)).ok());
        match p {
            Some(p) => {
                out.xy.push(p);
                out.rows.push(i as u32);
                out.counts.used += 1;
            }
            None => out.counts.no_coords += 1,
        }
    }
    out
}

/// Detroit's extent (the cleaning rules' box) in metres, grown to hold every point.
pub fn extent(proj: &LocalTm, xy: &[Point]) -> BBox {
    let (w, s, e, n) = CITY_BBOX;
    let mut b = BBox {
        x_min: f64::INFINITY,
        y_min: f64::INFINITY,
        x_max: f64::NEG_INFINITY,
        y_max: f64::NEG_INFINITY,
    };
    let corners = [
        (w, s),
        (w, n),
        (e, s),
        (e, n),
        ((w + e) / 2.0, s),
        ((w + e) / 2.0, n),
    ];
    let projected = corners.iter().filter_map(|&(x, y)| proj.forward(x, y).ok());
    for p in projected.chain(xy.iter().copied()) {
        b.x_min = b.x_min.min(p[0]);
        b.x_max = b.x_max.max(p[0]);
        b.y_min = b.y_min.min(p[1]);
        b.y_max = b.y_max.max(p[1]);
    }
    b
}

/// Indices of at most `max` of `n` items, evenly spaced through the list.
pub fn sample_indices(n: usize, max: usize) -> impl Iterator<Item = usize> {
    let take = n.min(max);
    (0..take).map(move |k| if take == n { k } else { k * n / take })
}

/// At most `max` of the points, evenly spaced through the list.
pub fn sample(xy: &[Point], max: usize) -> SampledPoints {
    let take = xy.len().min(max);
    let mut s = SampledPoints {
        x: Vec::with_capacity(take),
        y: Vec::with_capacity(take),
    };
    for i in sample_indices(xy.len(), max) {
        s.x.push(xy[i][0] as f32);
        s.y.push(xy[i][1] as f32);
    }
    s
}

/// Study cells: centre inside the approximate city, or holding at least one point.
pub fn study_area(grid: &Grid, proj: &LocalTm, counts: &[f64]) -> Vec<bool> {
    (0..grid.n_cells())
        .map(|id| {
            counts[id] > 0.0
                || grid
                    .centroid(id)
                    .and_then(|c| proj.inverse(c).ok())
                    .is_some_and(|(lon, lat)| in_city(lon, lat))
        })
        .collect()
}

/// Area of crimecast's approximate city outline minus the enclaves, m².
pub fn city_area_m2() -> f64 {
    let proj = LocalTm::detroit();
    let ring = |r: &[(f64, f64)]| -> f64 {
        let pts: Vec<Point> = r
            .iter()
            .filter_map(|&(x, y)| proj.forward(x, y).ok())
            .collect();
        polygon_area(&pts).abs()
    };
    ring(&CITY_OUTLINE) - ENCLAVES.iter().map(|e| ring(e)).sum::<f64>()
}
