//! The hotspot analysis: kernel density (KDE), DBSCAN clusters, Getis-Ord Gi* hot and cold
//! spots with FDR-corrected confidence bins, global Moran's I, a ranked hotspot table, and the
//! correlation of incident counts with a point layer (liquor stores) per Gi* cell, the
//! distances from incidents and from random places to that layer's nearest point, and an
//! OPTICS ordering with its clusters at a chosen radius.
//!
//! Every statistic uses all rows that pass the filter (incidents or offense rows, per the
//! filter's unit) and have coordinates inside Detroit's extent, projected to metres with
//! [`LocalTm::detroit`]; only the points sent back for drawing are sampled.
//!
//! The Gi* grid covers Detroit's extent. Its study area is the cells whose centre lies inside
//! crimecast's approximate city outline, plus any other cell holding an incident, so that
//! empty cells over the river and the suburbs do not make every city cell look "hot".

mod collect;
mod distances;
mod optics;
mod point_layer;
mod table;

impl super::Pipeline for HotspotSpec {
    type Output = HotspotResult;

    fn run(&self, input: &Input<'_>) -> Result<HotspotResult, Error> {
        run(input, self)
    }
}

#[cfg(test)]
mod extras_tests;
#[cfg(test)]
mod tests;

use crate::analysis::spatial::gi_star::{gi_star, GiStarOptions};
use crate::analysis::spatial::grid::{BBox, Grid};
use crate::analysis::spatial::kde::{FastKdeOptions, GaussianKde, GridAxes};
use crate::analysis::spatial::moran::{morans_i, MoranOptions};
use crate::analysis::spatial::projection::LocalTm;
use crate::analysis::spatial::weights::{Contiguity, SpatialWeights};
use crate::analysis::ParamGuard;
use crate::data::point_layer::demo_liquor_stores;

use super::Input;
use crate::worker::messages::{
    GiLayer, HotspotResult, HotspotSpec, KdeLayer, LayerChoice, MoranSummary,
};
use crate::worker::Error;

pub use collect::city_area_m2;
pub use distances::city_area;
pub use optics::max_eps_for;

/// Seed of the synthetic liquor-store layer.
pub const DEMO_LAYER_SEED: u64 = 2016;
/// Permutations used for the correlation p-values.
pub const CORRELATION_PERMUTATIONS: usize = 999;
/// Most clusters sent back (largest first).
pub const MAX_CLUSTERS: usize = 400;

/// Compute the hotspot analysis.
pub fn run(input: &Input<'_>, spec: &HotspotSpec) -> Result<HotspotResult, Error> {
    spec.check_ref()?;
    let (first, last) = input.window;
    if first > last {
        return Err(Error::NoData);
    }
    let proj = LocalTm::detroit();
    let pts = collect::collect(input, &proj);
    let mut notes = Vec::new();
    let extent = collect::extent(&proj, &pts.xy);
    let grid = Grid::new(extent, spec.cell_m)?;
    let extent = grid.bbox();
    let points = collect::sample(&pts.xy, spec.max_points);

    let kde = match kde_layer(&pts.xy, &extent, spec) {
        Ok(k) => Some(k),
        Err(e) => {
            notes.push(format!("No density surface: {e}"));
            None
        }
    };

    let cell_counts = grid.count(&pts.xy, None)?.counts;
    let study = collect::study_area(&grid, &proj, &cell_counts);
    let (gi, moran) = gi_and_moran(&grid, &study, &cell_counts, spec, &mut notes)?;

    let clusters = table::clusters(input.store, &pts, &proj, spec)?;
    let table = table::rank(input.store, &pts, &grid, gi.as_ref(), &clusters, &proj);

    let layer = match spec.layer {
        LayerChoice::None => None,
        LayerChoice::Demo => Some((demo_liquor_stores(DEMO_LAYER_SEED), false)),
        LayerChoice::Uploaded => Some(match input.layer {
            Some(l) => (l.clone(), false),
            None => (demo_liquor_stores(DEMO_LAYER_SEED), true),
        }),
    };
    let optics = optics::optics(&pts.xy, &proj, spec)?;
    let distances = match &layer {
        Some((l, _)) => distances::nearest_distances(l, &pts.xy, &proj, spec.seed)?,
        None => None,
    };
    let (layer, layer_points, correlation) = match layer {
        Some((l, fell_back)) => {
            let c = point_layer::correlate(&l, fell_back, &proj, &grid, &study, &cell_counts, spec);
            if let Some(n) = &c.note {
                notes.push(n.clone());
            }
            (Some(c.summary), c.points, c.correlation)
        }
        None => (None, Vec::new(), None),
    };

    Ok(HotspotResult {
        window: (first, last),
        extent,
        counts: pts.counts,
        points,
        kde,
        clusters,
        gi,
        moran,
        table,
        layer,
        layer_points,
        correlation,
        distances,
        optics,
        notes,
    })
}

fn kde_layer(
    xy: &[[f64; 2]],
    extent: &BBox,
    spec: &HotspotSpec,
) -> Result<KdeLayer, crate::analysis::Error> {
    let long = extent.width().max(extent.height()).max(1.0);
    let step = long / (spec.kde_grid - 1) as f64;
    let nx = (extent.width() / step).floor() as usize + 1;
    let ny = (extent.height() / step).floor() as usize + 1;
    let axes = GridAxes::new(extent.x_min, step, nx, extent.y_min, step, ny)?;
    let kde = GaussianKde::fit(xy, None, spec.bandwidth)?;
    let surface = kde.evaluate_fast(&axes, &FastKdeOptions::default())?;
    let per_km2 = xy.len() as f64 * 1e6;
    let values: Vec<f32> = surface
        .density
        .iter()
        .map(|d| (d * per_km2) as f32)
        .collect();
    let max = values.iter().copied().fold(0.0f32, f32::max);
    let c = kde.kernel_covariance();
    Ok(KdeLayer {
        x0: extent.x_min,
        y0: extent.y_min,
        step,
        nx,
        ny,
        values,
        max,
        rule: spec.bandwidth,
        factor: kde.factor(),
        sd_m: ((c[0][0] + c[1][1]) / 2.0).sqrt(),
    })
}

/// Neighbour lists of the study cells (indices into the study list).
fn study_weights(
    grid: &Grid,
    study_ids: &[usize],
    contiguity: Contiguity,
) -> Result<SpatialWeights, crate::analysis::Error> {
    let full = SpatialWeights::lattice(grid.rows(), grid.cols(), contiguity)?;
    let mut index = vec![usize::MAX; grid.n_cells()];
    for (k, &id) in study_ids.iter().enumerate() {
        index[id] = k;
    }
    let lists: Vec<Vec<usize>> = study_ids
        .iter()
        .map(|&id| {
            full.neighbors(id)
                .iter()
                .map(|&j| index[j])
                .filter(|&k| k != usize::MAX)
                .collect()
        })
        .collect();
    SpatialWeights::from_neighbors(&lists)
}

fn gi_and_moran(
    grid: &Grid,
    study: &[bool],
    counts: &[f64],
    spec: &HotspotSpec,
    notes: &mut Vec<String>,
) -> Result<(Option<GiLayer>, Option<MoranSummary>), Error> {
    let ids: Vec<usize> = (0..grid.n_cells()).filter(|&i| study[i]).collect();
    if ids.len() < 3 {
        notes.push("Too few cells for Gi* and Moran's I.".into());
        return Ok((None, None));
    }
    let w = study_weights(grid, &ids, spec.contiguity)?;
    let values: Vec<f64> = ids.iter().map(|&i| counts[i]).collect();
    let opts = GiStarOptions {
        permutations: spec.permutations,
        seed: spec.seed,
        fdr: true,
    };
    let g = gi_star(&values, &w, &opts)?;
    if g.constant_field {
        notes.push("Every cell has the same count, so Gi* is undefined.".into());
    }
    let n = grid.n_cells();
    let mut z = vec![None; n];
    let mut p = vec![None; n];
    let mut bins = vec![0i8; n];
    let mut p_sim = g.p_sim.as_ref().map(|_| vec![None; n]);
    for (k, &id) in ids.iter().enumerate() {
        z[id] = g.z[k].map(|v| v as f32);
        p[id] = g.p_norm_two_sided[k].map(|v| v as f32);
        bins[id] = g.bins[k];
        if let (Some(out), Some(ps)) = (p_sim.as_mut(), g.p_sim.as_ref()) {
            out[id] = Some(ps[k] as f32);
        }
    }
    let gi = GiLayer {
        x0: grid.bbox().x_min,
        y0: grid.bbox().y_min,
        cell: grid.cell_size(),
        rows: grid.rows(),
        cols: grid.cols(),
        study: study.to_vec(),
        counts: counts.iter().map(|c| *c as u32).collect(),
        z,
        p,
        bins,
        p_sim,
        study_cells: ids.len(),
        n_undefined: g.n_undefined,
        contiguity: spec.contiguity,
        permutations: g.permutations,
    };
    let m_opts = MoranOptions {
        permutations: spec.permutations,
        seed: spec.seed,
    };
    let moran = match morans_i(&values, &w, &m_opts) {
        Ok(m) => Some(MoranSummary {
            i: m.i,
            expected: m.expected,
            z: m.z_norm,
            p_norm: m.p_norm,
            p_sim: m.p_sim,
            permutations: m.permutations,
            n: m.n,
        }),
        Err(e) => {
            notes.push(format!("No Moran's I: {e}"));
            None
        }
    };
    Ok((Some(gi), moran))
}
