//! DBSCAN clusters with their places, and the ranked hotspot table (Gi* hot and cold cells,
//! clusters).

use std::collections::HashMap;

use crate::analysis::spatial::dbscan::{summarize_clusters_with_categories, Dbscan};
use crate::analysis::spatial::grid::Grid;
use crate::analysis::spatial::points::Point;
use crate::analysis::spatial::projection::LocalTm;
use crate::analysis::ParamGuard;
use crate::data::geography::nearest_neighborhood;
use crate::data::store::Store;

use super::collect::{city_area_m2, Collected};
use super::MAX_CLUSTERS;
use crate::worker::messages::{
    Cluster, ClusterLayer, GiLayer, HotspotKind, HotspotRow, HotspotSpec, Place,
};
use crate::worker::Error;

/// Hot cells listed in the table at most.
pub const MAX_HOT_ROWS: usize = 30;
/// Cold cells listed in the table at most.
pub const MAX_COLD_ROWS: usize = 15;
/// Clusters listed in the table at most.
pub const MAX_CLUSTER_ROWS: usize = 20;

/// The most frequent neighborhood among `rows`, else the anchor nearest to `xy`.
fn place_of(store: &Store, rows: &HashMap<u32, u64>, xy: Point, proj: &LocalTm) -> Place {
    let best = rows
        .iter()
        .filter(|(id, _)| !store.neighborhoods.name(**id).is_empty())
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    match best {
        Some((id, _)) => Place {
            name: store.neighborhoods.name(*id).to_string(),
            from_data: true,
        },
        None => Place {
            name: proj
                .inverse(xy)
                .map(|(lon, lat)| nearest_neighborhood(lon, lat).to_string())
                .unwrap_or_default(),
            from_data: false,
        },
    }
}

/// The automatic DBSCAN minimum: twice the expected count within `eps` under an even spread
/// over the city's area, at least 5.
pub fn auto_min_samples(n: usize, eps_m: f64) -> usize {
    let expected = n as f64 * std::f64::consts::PI * eps_m * eps_m / city_area_m2();
    ((2.0 * expected).round() as usize).max(5)
}

/// Run DBSCAN over every point and summarise the clusters, largest first.
pub fn clusters(
    store: &Store,
    pts: &Collected,
    proj: &LocalTm,
    spec: &HotspotSpec,
) -> Result<ClusterLayer, Error> {
    let auto = spec.min_samples.is_none();
    let min_samples = spec
        .min_samples
        .unwrap_or_else(|| auto_min_samples(pts.xy.len(), spec.eps_m));
    let params = Dbscan::params(min_samples)
        .eps(spec.eps_m)
        .check()
        .map_err(crate::analysis::Error::from)?;
    let res = params.fit(&pts.xy)?;
    let cats: Vec<&str> = pts
        .rows
        .iter()
        .map(|&r| store.categories.name(store.category[r as usize]))
        .collect();
    let mut summaries = summarize_clusters_with_categories(&pts.xy, &res, &cats, 3)?;
    let mut nbh: Vec<HashMap<u32, u64>> = vec![HashMap::new(); res.n_clusters];
    for (k, &l) in res.labels.iter().enumerate() {
        if l >= 0 {
            let id = store.neighborhood[pts.rows[k] as usize];
            *nbh[l as usize].entry(id).or_insert(0) += 1;
        }
    }
    summaries.sort_by(|a, b| b.size.cmp(&a.size).then(a.label.cmp(&b.label)));
    let clustered = summaries.iter().map(|s| s.size as u64).sum();
    let single_site = summaries.iter().filter(|s| s.hull.len() <= 1).count();
    let clusters = summaries
        .into_iter()
        .take(MAX_CLUSTERS)
        .enumerate()
        .map(|(k, s)| Cluster {
            rank: k + 1,
            size: s.size as u64,
            n_core: s.n_core as u64,
            centroid: s.centroid,
            hull: s.hull.iter().map(|p| [p[0] as f32, p[1] as f32]).collect(),
            top: s
                .top_categories
                .into_iter()
                .map(|c| (c.category, c.count as u64))
                .collect(),
            place: place_of(store, &nbh[s.label as usize], s.centroid, proj),
        })
        .collect();
    Ok(ClusterLayer {
        eps_m: spec.eps_m,
        min_samples,
        auto_min_samples: auto,
        n_clusters: res.n_clusters,
        clusters,
        clustered,
        noise: res.n_noise as u64,
        sites: res.n_sites as u64,
        single_site,
    })
}

fn top3(counts: &HashMap<u32, u64>, store: &Store) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts
        .iter()
        .map(|(c, n)| (store.categories.name(*c).to_string(), *n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(3);
    v
}

/// The table: hot cells by z (highest first), cold cells by z (lowest first), then clusters
/// by size.
pub fn rank(
    store: &Store,
    pts: &Collected,
    grid: &Grid,
    gi: Option<&GiLayer>,
    clusters: &ClusterLayer,
    proj: &LocalTm,
) -> Vec<HotspotRow> {
    let mut out = Vec::new();
    if let Some(gi) = gi {
        let sig = |want: i8| {
            let mut v: Vec<(usize, f32)> = (0..gi.bins.len())
                .filter(|&i| gi.bins[i].signum() == want)
                .filter_map(|i| gi.z[i].map(|z| (i, z)))
                .collect();
            v.sort_by(|a, b| (b.1 * f32::from(want)).total_cmp(&(a.1 * f32::from(want))));
            v
        };
        let mut hot = sig(1);
        hot.truncate(MAX_HOT_ROWS);
        let mut cold = sig(-1);
        cold.truncate(MAX_COLD_ROWS);
        // One pass over the points for the listed cells' neighborhoods and categories.
        let mut slot = HashMap::new();
        for (k, (id, _)) in hot.iter().chain(&cold).enumerate() {
            slot.insert(*id, k);
        }
        let mut nbh: Vec<HashMap<u32, u64>> = vec![HashMap::new(); slot.len()];
        let mut cat: Vec<HashMap<u32, u64>> = vec![HashMap::new(); slot.len()];
        for (k, p) in pts.xy.iter().enumerate() {
            if let Some(s) = grid.id_of(*p).and_then(|id| slot.get(&id)) {
                let r = pts.rows[k] as usize;
                *nbh[*s].entry(store.neighborhood[r]).or_insert(0) += 1;
                *cat[*s].entry(store.category[r]).or_insert(0) += 1;
            }
        }
        for (kind, list) in [(HotspotKind::HotCell, &hot), (HotspotKind::ColdCell, &cold)] {
            for (rank, (id, z)) in list.iter().enumerate() {
                let s = slot.get(id).copied().unwrap_or(0);
                let xy = grid.centroid(*id).unwrap_or([0.0, 0.0]);
                let (lon, lat) = proj.inverse(xy).unwrap_or((f64::NAN, f64::NAN));
                out.push(HotspotRow {
                    kind,
                    rank: rank + 1,
                    id: *id,
                    count: u64::from(gi.counts[*id]),
                    z: Some(f64::from(*z)),
                    confidence: match gi.bins[*id].abs() {
                        3 => 99,
                        2 => 95,
                        1 => 90,
                        _ => 0,
                    },
                    xy,
                    lon,
                    lat,
                    place: place_of(store, &nbh[s], xy, proj),
                    top: top3(&cat[s], store),
                });
            }
        }
    }
    for c in clusters.clusters.iter().take(MAX_CLUSTER_ROWS) {
        let (lon, lat) = proj.inverse(c.centroid).unwrap_or((f64::NAN, f64::NAN));
        out.push(HotspotRow {
            kind: HotspotKind::Cluster,
            rank: c.rank,
            id: c.rank,
            count: c.size,
            z: None,
            confidence: 0,
            xy: c.centroid,
            lon,
            lat,
            place: c.place.clone(),
            top: c.top.clone(),
        });
    }
    out
}
