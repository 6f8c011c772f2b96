//! OPTICS over an even sample of the points used, cut into clusters at the page's radius.
//! It answers DBSCAN's many single-location clusters at a small radius: the reachability plot
//! shows how the density varies from place to place, and the clusters at a larger radius
//! gather nearby locations.

use std::collections::{HashMap, HashSet};

use crate::analysis::spatial::optics::Optics;
use crate::analysis::spatial::points::Point;
use crate::analysis::spatial::projection::LocalTm;
use crate::analysis::ParamGuard;
use crate::data::geography::nearest_neighborhood;

use super::collect::sample_indices;
use super::table::auto_min_samples;
use crate::worker::messages::{
    HotspotSpec, OpticsCluster, OpticsLayer, OPTICS_MAX_POINTS, RADIUS_RANGE_M,
};
use crate::worker::Error;

/// Clusters listed at most.
pub const MAX_OPTICS_CLUSTERS: usize = 20;

/// The generating distance for an extraction radius: twice the radius (so the plot shows
/// what lies just above it), within the page's radius range.
pub fn max_eps_for(eps_m: f64) -> f64 {
    (2.0 * eps_m).min(f64::from(RADIUS_RANGE_M.1)).max(eps_m)
}

/// Order an even sample of `xy` and cut it at the spec's OPTICS radius; None with fewer than
/// two points.
pub fn optics(
    xy: &[Point],
    proj: &LocalTm,
    spec: &HotspotSpec,
) -> Result<Option<OpticsLayer>, Error> {
    let sample: Vec<Point> = sample_indices(xy.len(), OPTICS_MAX_POINTS)
        .map(|i| xy[i])
        .collect();
    if sample.len() < 2 {
        return Ok(None);
    }
    let eps = spec.optics_eps_m;
    let min_points = auto_min_samples(sample.len(), eps);
    let max_eps = max_eps_for(eps);
    let res = Optics::params(min_points)
        .max_eps(max_eps)
        .check()
        .map_err(crate::analysis::Error::from)?
        .fit(&sample)?;
    let by_index = res.extract(eps);
    let labels: Vec<i32> = res.order.iter().map(|&i| by_index[i]).collect();
    let mut groups: HashMap<i32, Vec<usize>> = HashMap::new();
    for (i, &l) in by_index.iter().enumerate() {
        if l >= 0 {
            groups.entry(l).or_default().push(i);
        }
    }
    let mut summaries: Vec<OpticsCluster> = groups
        .values()
        .map(|members| {
            let n = members.len() as f64;
            let mut c = [0.0, 0.0];
            let mut sites = HashSet::new();
            for &i in members {
                c[0] += sample[i][0] / n;
                c[1] += sample[i][1] / n;
                sites.insert((sample[i][0].to_bits(), sample[i][1].to_bits()));
            }
            OpticsCluster {
                rank: 0,
                size: members.len(),
                sites: sites.len(),
                centroid: c,
                place: proj
                    .inverse(c)
                    .map(|(lon, lat)| nearest_neighborhood(lon, lat).to_string())
                    .unwrap_or_default(),
            }
        })
        .collect();
    summaries.sort_by(|a, b| {
        b.size
            .cmp(&a.size)
            .then(a.centroid[0].total_cmp(&b.centroid[0]))
            .then(a.centroid[1].total_cmp(&b.centroid[1]))
    });
    let single_site = summaries.iter().filter(|c| c.sites == 1).count();
    let n_clusters = summaries.len();
    summaries.truncate(MAX_OPTICS_CLUSTERS);
    for (k, c) in summaries.iter_mut().enumerate() {
        c.rank = k + 1;
    }
    Ok(Some(OpticsLayer {
        sample: sample.len(),
        used: xy.len() as u64,
        min_points,
        max_eps_m: max_eps,
        eps_m: eps,
        reachability: res
            .reachability
            .iter()
            .map(|r| r.map(|v| v as f32))
            .collect(),
        noise: labels.iter().filter(|&&l| l < 0).count(),
        labels,
        n_clusters,
        single_site,
        clusters: summaries,
    }))
}
