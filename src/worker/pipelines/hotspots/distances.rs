//! Distances from every incident, and from random places spread evenly over the city, to the
//! nearest point of the comparison layer, on an R-tree.

use crate::analysis::spatial::nearest::{percentiles, Area, PointIndex};
use crate::analysis::spatial::points::Point;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::geography::{CITY_OUTLINE, ENCLAVES};
use crate::data::point_layer::PointLayer;

use crate::worker::messages::{NearestDistances, RANDOM_PLACES};
use crate::worker::Error;

/// crimecast's approximate city outline minus the enclaves, projected.
pub fn city_area(proj: &LocalTm) -> Area {
    let ring = |r: &[(f64, f64)]| -> Vec<Point> {
        r.iter()
            .filter_map(|&(x, y)| proj.forward(x, y).ok())
            .collect()
    };
    Area {
        outer: ring(&CITY_OUTLINE),
        holes: ENCLAVES.iter().map(|e| ring(e)).collect(),
    }
}

/// The distance distributions; None when the layer or the incidents are empty.
pub fn nearest_distances(
    layer: &PointLayer,
    incidents: &[Point],
    proj: &LocalTm,
    seed: u64,
) -> Result<Option<NearestDistances>, Error> {
    let layer_xy: Vec<Point> = layer
        .lon
        .iter()
        .zip(&layer.lat)
        .filter_map(|(lon, lat)| proj.forward(*lon, *lat).ok())
        .collect();
    if layer_xy.is_empty() || incidents.is_empty() {
        return Ok(None);
    }
    let index = PointIndex::new(&layer_xy)?;
    let random = city_area(proj).random_points(RANDOM_PLACES, seed)?;
    Ok(Some(NearestDistances {
        layer: layer.name.clone(),
        synthetic: layer.synthetic,
        incidents: incidents.len(),
        random: random.len(),
        seed,
        incident_percentiles: percentiles(&index.nearest_distances(incidents)),
        random_percentiles: percentiles(&index.nearest_distances(&random)),
    }))
}
