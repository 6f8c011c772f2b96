//! Site collapsing, bucket grid, core test, union–find and labelling.
//!
//! Buckets have side `eps/√2` (shrunk by 1e-12), so any two sites in one bucket are within
//! `eps` of each other and every neighbour of a site lies in the 5×5 block of buckets around
//! it. Each bucket keeps the bounding box of its own sites; the nearest and farthest distance
//! from a site to that box decide whole buckets at once ("all within eps" / "none within eps").
//! Floating-point subtraction, squaring and addition are monotone, so these box tests agree
//! exactly with the pairwise test `dx² + dy² ≤ eps²` they stand in for.

use std::collections::HashMap;

use super::super::points::{check_finite, Point};
use super::{DbscanResult, NOISE};
use crate::analysis::Result;

/// Distinct locations, sorted by bucket, with multiplicities.
struct Sites {
    xy: Vec<Point>,
    /// Number of input points at the site.
    weight: Vec<u64>,
    /// Lowest input index at the site.
    first: Vec<usize>,
    /// Site id of every input point.
    of_point: Vec<usize>,
    /// Bucket key of each site.
    key: Vec<(i64, i64)>,
}

/// Buckets of sites: contiguous site ranges, weights, bounding boxes, neighbour lists.
struct Buckets {
    range: Vec<(usize, usize)>,
    weight: Vec<u64>,
    /// `[x_min, y_min, x_max, y_max]` of the bucket's sites.
    bbox: Vec<[f64; 4]>,
    /// Whether all pairs of sites in the bucket are within eps.
    compact: Vec<bool>,
    /// CSR neighbour buckets (5×5 block, self excluded).
    nb_start: Vec<usize>,
    nb: Vec<usize>,
}

fn bucket_key(p: Point, side: f64) -> (i64, i64) {
    // `as` saturates for huge quotients; such sites merely share a bucket, and the
    // bounding-box tests below stay exact.
    ((p[0] / side).floor() as i64, (p[1] / side).floor() as i64)
}

fn collapse(points: &[Point], side: f64) -> Sites {
    // Normalise -0.0 to 0.0 so equal coordinates compare equal under total order.
    let norm = |p: Point| [p[0] + 0.0, p[1] + 0.0];
    let mut keyed: Vec<((i64, i64), Point, usize)> = points
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let q = norm(p);
            (bucket_key(q, side), q, i)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1[0].total_cmp(&b.1[0]))
            .then(a.1[1].total_cmp(&b.1[1]))
            .then(a.2.cmp(&b.2))
    });
    let mut sites = Sites {
        xy: Vec::new(),
        weight: Vec::new(),
        first: Vec::new(),
        of_point: vec![0; points.len()],
        key: Vec::new(),
    };
    for (key, p, i) in keyed {
        match sites.xy.last() {
            Some(q) if *q == p => {
                let s = sites.xy.len() - 1;
                sites.weight[s] += 1;
                // Sorted by index within equal coordinates, so `first` is already the minimum.
                sites.of_point[i] = s;
            }
            _ => {
                sites.of_point[i] = sites.xy.len();
                sites.xy.push(p);
                sites.weight.push(1);
                sites.first.push(i);
                sites.key.push(key);
            }
        }
    }
    sites
}

/// Squared nearest and farthest distance from `p` to box `b`.
#[inline]
fn box_dist2(p: Point, b: &[f64; 4]) -> (f64, f64) {
    let nx = (b[0] - p[0]).max(p[0] - b[2]).max(0.0);
    let ny = (b[1] - p[1]).max(p[1] - b[3]).max(0.0);
    let fx = (p[0] - b[0]).abs().max((b[2] - p[0]).abs());
    let fy = (p[1] - b[1]).abs().max((b[3] - p[1]).abs());
    (nx * nx + ny * ny, fx * fx + fy * fy)
}

#[inline]
fn within(a: Point, b: Point, eps2: f64) -> bool {
    let dx = a[0] - b[0];
    let dy = a[1] - b[1];
    dx * dx + dy * dy <= eps2
}

impl Buckets {
    fn new(sites: &Sites, eps2: f64) -> Self {
        let mut range = Vec::new();
        let mut start = 0;
        let n = sites.xy.len();
        for i in 1..=n {
            if i == n || sites.key[i] != sites.key[start] {
                range.push((start, i));
                start = i;
            }
        }
        let weight = range
            .iter()
            .map(|&(s, e)| sites.weight[s..e].iter().sum())
            .collect();
        let bbox: Vec<[f64; 4]> = range
            .iter()
            .map(|&(s, e)| {
                let mut b = [
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ];
                for p in &sites.xy[s..e] {
                    b = [
                        b[0].min(p[0]),
                        b[1].min(p[1]),
                        b[2].max(p[0]),
                        b[3].max(p[1]),
                    ];
                }
                b
            })
            .collect();
        let compact = bbox
            .iter()
            .map(|b| {
                let dx = b[2] - b[0];
                let dy = b[3] - b[1];
                dx * dx + dy * dy <= eps2
            })
            .collect();
        let index: HashMap<(i64, i64), usize> = range
            .iter()
            .enumerate()
            .map(|(b, &(s, _))| (sites.key[s], b))
            .collect();
        let mut nb_start = Vec::with_capacity(range.len() + 1);
        let mut nb = Vec::new();
        for &(s, _) in &range {
            nb_start.push(nb.len());
            let (kx, ky) = sites.key[s];
            for dy in -2i64..=2 {
                for dx in -2i64..=2 {
                    if dx == 0 && dy == 0 {
                        continue;
                    }
                    let k = (kx.saturating_add(dx), ky.saturating_add(dy));
                    if k == (kx, ky) {
                        continue;
                    }
                    if let Some(&b) = index.get(&k) {
                        nb.push(b);
                    }
                }
            }
        }
        nb_start.push(nb.len());
        Buckets {
            range,
            weight,
            bbox,
            compact,
            nb_start,
            nb,
        }
    }

    fn neighbours(&self, b: usize) -> &[usize] {
        &self.nb[self.nb_start[b]..self.nb_start[b + 1]]
    }
}

/// Disjoint-set forest with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut a: usize) -> usize {
        while self.parent[a] != a {
            self.parent[a] = self.parent[self.parent[a]];
            a = self.parent[a];
        }
        a
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra;
        self.size[ra] += self.size[rb];
    }
}

/// Neighbourhood weight of site `i` (bucket `b`), stopping once it reaches `need`.
fn neighbourhood_weight(
    sites: &Sites,
    bk: &Buckets,
    b: usize,
    i: usize,
    eps2: f64,
    need: u64,
) -> u64 {
    let p = sites.xy[i];
    let mut count = 0u64;
    let own = std::iter::once(b);
    for nb in own.chain(bk.neighbours(b).iter().copied()) {
        if nb == b && bk.compact[b] {
            count += bk.weight[b];
        } else {
            let (near, far) = box_dist2(p, &bk.bbox[nb]);
            if near > eps2 {
                continue;
            }
            if far <= eps2 {
                count += bk.weight[nb];
            } else {
                let (s, e) = bk.range[nb];
                for j in s..e {
                    if within(p, sites.xy[j], eps2) {
                        count += sites.weight[j];
                    }
                }
            }
        }
        if count >= need {
            break;
        }
    }
    count
}

/// Whether some core site of bucket `nb` lies within eps of `p`.
fn reaches_core(
    p: Point,
    sites: &Sites,
    bk: &Buckets,
    cores: &[usize],
    nb: usize,
    eps2: f64,
) -> bool {
    let (near, far) = box_dist2(p, &bk.bbox[nb]);
    if near > eps2 {
        return false;
    }
    if far <= eps2 {
        return !cores.is_empty();
    }
    cores.iter().any(|&j| within(p, sites.xy[j], eps2))
}

pub(super) fn run(points: &[Point], eps: f64, min_samples: usize) -> Result<DbscanResult> {
    check_finite(points)?;
    if points.is_empty() {
        return Ok(DbscanResult {
            labels: Vec::new(),
            is_core: Vec::new(),
            n_clusters: 0,
            n_noise: 0,
            n_sites: 0,
        });
    }
    let eps2 = eps * eps;
    let side = eps / std::f64::consts::SQRT_2 * (1.0 - 1e-12);
    let sites = collapse(points, side);
    let n = sites.xy.len();
    let bk = Buckets::new(&sites, eps2);
    let nbk = bk.range.len();
    let need = min_samples as u64;

    // Pass 1: core flags; core sites of each bucket (CSR).
    let mut core = vec![false; n];
    let mut core_start = Vec::with_capacity(nbk + 1);
    let mut core_sites = Vec::new();
    for b in 0..nbk {
        core_start.push(core_sites.len());
        let (s, e) = bk.range[b];
        let dense = bk.compact[b] && bk.weight[b] >= need;
        for (i, c) in core.iter_mut().enumerate().take(e).skip(s) {
            if dense || neighbourhood_weight(&sites, &bk, b, i, eps2, need) >= need {
                *c = true;
                core_sites.push(i);
            }
        }
    }
    core_start.push(core_sites.len());
    let cores_of = |b: usize| &core_sites[core_start[b]..core_start[b + 1]];

    // Pass 2: connect core sites, bucket by bucket.
    let mut uf = UnionFind::new(n);
    for b in 0..nbk {
        let cb = cores_of(b);
        let Some(&first) = cb.first() else { continue };
        if bk.compact[b] {
            for &i in &cb[1..] {
                uf.union(first, i);
            }
        } else {
            for (k, &i) in cb.iter().enumerate() {
                for &j in &cb[k + 1..] {
                    if within(sites.xy[i], sites.xy[j], eps2) {
                        uf.union(i, j);
                    }
                }
            }
        }
        for &nb in bk.neighbours(b) {
            let cn = cores_of(nb);
            if nb < b || cn.is_empty() {
                continue;
            }
            for &i in cb {
                if bk.compact[b] && bk.compact[nb] && uf.find(i) == uf.find(cn[0]) {
                    break;
                }
                let p = sites.xy[i];
                let (near, far) = box_dist2(p, &bk.bbox[nb]);
                if near > eps2 {
                    continue;
                }
                for &j in cn {
                    if far <= eps2 || within(p, sites.xy[j], eps2) {
                        uf.union(i, j);
                        if bk.compact[nb] {
                            break;
                        }
                    }
                }
            }
        }
    }

    // Number clusters by the lowest input index among their core points.
    let mut lowest: HashMap<usize, usize> = HashMap::new();
    for &i in &core_sites {
        let r = uf.find(i);
        let f = sites.first[i];
        lowest
            .entry(r)
            .and_modify(|v| *v = (*v).min(f))
            .or_insert(f);
    }
    let mut roots: Vec<(usize, usize)> = lowest.into_iter().map(|(r, f)| (f, r)).collect();
    roots.sort_unstable();
    let label_of_root: HashMap<usize, i32> = roots
        .iter()
        .enumerate()
        .map(|(k, &(_, r))| (r, k as i32))
        .collect();
    let mut site_label = vec![NOISE; n];
    for &i in &core_sites {
        let r = uf.find(i);
        site_label[i] = label_of_root.get(&r).copied().unwrap_or(NOISE);
    }

    // Pass 3: a border site takes the lowest label among its core neighbours.
    for b in 0..nbk {
        let (s, e) = bk.range[b];
        for i in (s..e).filter(|&i| !core[i]) {
            let p = sites.xy[i];
            let mut best = NOISE;
            for nb in std::iter::once(b).chain(bk.neighbours(b).iter().copied()) {
                let cn = cores_of(nb);
                if bk.compact[nb] {
                    // All core sites of a compact bucket share one cluster.
                    let Some(&j) = cn.first() else { continue };
                    let l = site_label[j];
                    if (best == NOISE || l < best) && reaches_core(p, &sites, &bk, cn, nb, eps2) {
                        best = l;
                    }
                } else {
                    for &j in cn {
                        let l = site_label[j];
                        if (best == NOISE || l < best) && within(p, sites.xy[j], eps2) {
                            best = l;
                        }
                    }
                }
            }
            site_label[i] = best;
        }
    }

    let labels: Vec<i32> = sites.of_point.iter().map(|&s| site_label[s]).collect();
    let is_core: Vec<bool> = sites.of_point.iter().map(|&s| core[s]).collect();
    let n_noise = labels.iter().filter(|&&l| l == NOISE).count();
    Ok(DbscanResult {
        labels,
        is_core,
        n_clusters: roots.len(),
        n_noise,
        n_sites: n,
    })
}
