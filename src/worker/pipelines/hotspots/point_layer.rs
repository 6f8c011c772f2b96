//! Incidents vs a point layer (liquor stores) per Gi* study cell: Pearson and Spearman with
//! permutation p-values. A correlation says nothing about cause: both layers may follow the
//! same roads, land use or population, and neighbouring cells are not independent.

use crate::analysis::spatial::correlation::correlate as correlate_counts;
use crate::analysis::spatial::grid::Grid;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::point_layer::PointLayer;

use super::CORRELATION_PERMUTATIONS;
use crate::worker::messages::{HotspotSpec, LayerSummary, PointLayerCorrelation};

/// The layer's summary, projected points, correlation and a note when undefined.
pub struct LayerOutcome {
    /// Summary.
    pub summary: LayerSummary,
    /// Projected points.
    pub points: Vec<[f32; 2]>,
    /// Correlation.
    pub correlation: Option<PointLayerCorrelation>,
    /// Why the correlation is missing.
    pub note: Option<String>,
}

/// Count the layer on the Gi* grid and correlate with the incident counts of the study cells.
pub fn correlate(
    layer: &PointLayer,
    fell_back: bool,
    proj: &LocalTm,
    grid: &Grid,
    study: &[bool],
    incidents: &[f64],
    spec: &HotspotSpec,
) -> LayerOutcome {
    let mut per_cell = vec![0u32; grid.n_cells()];
    let mut points = Vec::with_capacity(layer.len());
    let mut in_study = 0;
    for (lon, lat) in layer.lon.iter().zip(&layer.lat) {
        let Ok(p) = proj.forward(*lon, *lat) else {
            continue;
        };
        points.push([p[0] as f32, p[1] as f32]);
        if let Some(id) = grid.id_of(p).filter(|&id| study[id]) {
            per_cell[id] += 1;
            in_study += 1;
        }
    }
    let ids: Vec<usize> = (0..grid.n_cells()).filter(|&i| study[i]).collect();
    let x: Vec<f64> = ids.iter().map(|&i| f64::from(per_cell[i])).collect();
    let y: Vec<f64> = ids.iter().map(|&i| incidents[i]).collect();
    let (correlation, note) = match correlate_counts(&x, &y, CORRELATION_PERMUTATIONS, spec.seed) {
        Ok(c) => (
            Some(PointLayerCorrelation {
                pearson: c.pearson,
                spearman: c.spearman,
                p_pearson: c.p_pearson.unwrap_or(1.0),
                p_spearman: c.p_spearman.unwrap_or(1.0),
                permutations: c.permutations,
                n_cells: c.n,
                pairs: ids
                    .iter()
                    .map(|&i| (per_cell[i], incidents[i] as u32))
                    .collect(),
            }),
            None,
        ),
        Err(e) => (
            None,
            Some(format!("No correlation with {}: {e}", layer.name)),
        ),
    };
    LayerOutcome {
        summary: LayerSummary {
            name: layer.name.clone(),
            synthetic: layer.synthetic,
            points: layer.len(),
            in_study,
            rows: layer.rows,
            skipped: layer.skipped,
            fell_back,
        },
        points,
        correlation,
        note,
    }
}
