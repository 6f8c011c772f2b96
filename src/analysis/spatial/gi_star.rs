//! Getis-Ord local Gi* hot-spot statistic, as `esda.G_Local(star=True, transform='B')`.
//!
//! # Definition
//!
//! J. K. Ord & A. Getis, *Local spatial autocorrelation statistics: distributional issues and
//! an application*, Geographical Analysis 27 (1995) 286–306. For non-negative values `y`
//! (counts per cell) and binary weights with the focal unit included (`w_ii = 1`), with
//! `N` units, `W_i = Σ_j w_ij` (neighbours + 1), `ȳ` the mean and `s²` the population
//! variance (divisor `N`) of `y`:
//!
//! ```text
//! G*_i = Σ_j w_ij y_j / Σ_j y_j
//! E[G*_i] = W_i / N
//! Var[G*_i] = W_i (N − W_i) / (N − 1) · s² / (N² ȳ²)
//! z_i = (G*_i − E[G*_i]) / √Var[G*_i]
//! ```
//!
//! `p_norm_one_sided` is `1 − Φ(|z|)`: the upper tail for hot spots (z > 0) and the lower tail
//! for cold spots (z < 0), esda's `p_norm`. `p_norm_two_sided` is twice that.
//!
//! # Permutation inference (optional)
//!
//! Conditional randomisation (L. Anselin, *Local indicators of spatial association — LISA*,
//! Geographical Analysis 27 (1995) 93–115): `y_i` stays in place and its `W_i − 1` neighbours
//! are drawn without replacement from the other `N − 1` values, `permutations` times, with a
//! ChaCha8 generator seeded by `seed` (identical natively and in WebAssembly); as in esda, the
//! random draws of one permutation are shared by all units. As esda, with
//! `larger` the number of simulated `G*_i ≥` the observed one, folded to the smaller tail
//! (`larger = permutations − larger` when that is smaller), `p_sim = (larger + 1) /
//! (permutations + 1)`.
//!
//! # Confidence bins (as ArcGIS *Hot Spot Analysis*)
//!
//! `bin_i ∈ {−3, …, 3}`: `±3`, `±2`, `±1` when the two-sided normal p-value is significant at
//! 99 %, 95 %, 90 % (sign of `z`), else 0. With `fdr` (default) significance is judged after
//! Benjamini–Hochberg correction over all defined cells ([`super::fdr`]): a cell is significant
//! at level `α` when its BH-adjusted p-value is `≤ α`, which is ArcGIS's per-level FDR rule.
//!
//! # Undefined cases
//!
//! When all values are equal (`s² = 0`) or sum to zero, every z is undefined; a unit whose
//! neighbourhood covers all `N` units has zero variance and an undefined z. Such entries are
//! `None` (JSON `null`), get bin 0 and are counted in `n_undefined`; `constant_field` flags the
//! first case. Nothing is ever NaN.

use libm::erfc;

use super::fdr::benjamini_hochberg;
use super::perm::{rng, Sampler, MAX_PERMUTATIONS};
use super::points::check_finite_values;
use super::weights::SpatialWeights;
use crate::analysis::{Error, ParamGuard, Result};

/// Options of [`gi_star`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GiStarOptions {
    /// Conditional permutations for `p_sim` (0 = none, the default).
    pub permutations: usize,
    /// Seed of the permutation generator.
    pub seed: u64,
    /// Apply Benjamini–Hochberg FDR correction to the confidence bins (default true).
    pub fdr: bool,
}

/// A Gi* option that breaks its rule, with the value that broke it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GiStarParamsError {
    /// At most [`MAX_PERMUTATIONS`] permutations.
    #[error("Gi* permutations = {0} exceeds the limit of {MAX_PERMUTATIONS}")]
    Permutations(usize),
}

impl ParamGuard for GiStarOptions {
    type Checked = GiStarOptions;
    type Error = GiStarParamsError;

    /// Rule: at most [`MAX_PERMUTATIONS`] permutations.
    fn check_ref(&self) -> std::result::Result<&GiStarOptions, GiStarParamsError> {
        if self.permutations > MAX_PERMUTATIONS {
            return Err(GiStarParamsError::Permutations(self.permutations));
        }
        Ok(self)
    }

    fn check(self) -> std::result::Result<GiStarOptions, GiStarParamsError> {
        self.check_ref()?;
        Ok(self)
    }
}

impl Default for GiStarOptions {
    fn default() -> Self {
        GiStarOptions {
            permutations: 0,
            seed: 0,
            fdr: true,
        }
    }
}

/// Gi* per unit (parallel to the input values), ready to map.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GiStarResult {
    /// The statistic `G*_i` (`None` when the values sum to zero).
    pub g: Vec<Option<f64>>,
    /// Expected value `W_i / N`.
    pub expected: Vec<f64>,
    /// z-score, `None` when undefined.
    pub z: Vec<Option<f64>>,
    /// `1 − Φ(|z|)` (esda's `p_norm`), `None` when z is undefined.
    pub p_norm_one_sided: Vec<Option<f64>>,
    /// `2 (1 − Φ(|z|))`, `None` when z is undefined.
    pub p_norm_two_sided: Vec<Option<f64>>,
    /// Permutation pseudo p-values (folded, as esda); `None` without permutations.
    pub p_sim: Option<Vec<f64>>,
    /// Confidence bins −3..=3 (see module docs).
    pub bins: Vec<i8>,
    /// Whether the bins used FDR correction.
    pub fdr: bool,
    /// Number of units whose z is undefined.
    pub n_undefined: usize,
    /// True when all values are equal or sum to zero (every z undefined).
    pub constant_field: bool,
    /// Number of permutations used.
    pub permutations: usize,
}

/// Compute Gi* of `values` (non-negative, e.g. counts per cell) with binary `weights`; the
/// focal unit is added with weight 1 (do not include it in `weights`).
///
/// Errors: [`Error::Data`] when the lengths differ, there are fewer than 2 units, or a value
/// is negative or not finite; [`Error::GiStarParams`] when `permutations` exceeds
/// [`MAX_PERMUTATIONS`].
pub fn gi_star(
    values: &[f64],
    weights: &SpatialWeights,
    opts: &GiStarOptions,
) -> Result<GiStarResult> {
    let n = values.len();
    if weights.n() != n {
        return Err(Error::Data(format!(
            "{n} values but the weights describe {} units",
            weights.n()
        )));
    }
    if n < 2 {
        return Err(Error::Data(format!("Gi* needs at least 2 units, got {n}")));
    }
    check_finite_values(values, "values")?;
    if let Some(i) = values.iter().position(|&v| v < 0.0) {
        return Err(Error::Data(format!(
            "values[{i}] = {} is negative; Gi* needs non-negative values such as counts",
            values[i]
        )));
    }
    opts.check_ref()?;
    let nf = n as f64;
    let total: f64 = values.iter().sum();
    let mean = total / nf;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / nf;
    let first = values[0];
    let constant_field = total <= 0.0 || values.iter().all(|&v| v == first);

    let lag = |i: usize| values[i] + weights.neighbors(i).iter().map(|&j| values[j]).sum::<f64>();
    let expected: Vec<f64> = (0..n)
        .map(|i| (weights.cardinality(i) + 1) as f64 / nf)
        .collect();
    let g: Vec<Option<f64>> = (0..n)
        .map(|i| (total > 0.0).then(|| lag(i) / total))
        .collect();
    let z: Vec<Option<f64>> = (0..n)
        .map(|i| {
            if constant_field {
                return None;
            }
            let wi = (weights.cardinality(i) + 1) as f64;
            let v = wi * (nf - wi) / (nf - 1.0) * var / (nf * nf * mean * mean);
            let gi = g[i]?;
            (v > 0.0).then(|| (gi - expected[i]) / v.sqrt())
        })
        .collect();
    let p1: Vec<Option<f64>> = z
        .iter()
        .map(|z| z.map(|z| 0.5 * erfc(z.abs() / std::f64::consts::SQRT_2)))
        .collect();
    let p2: Vec<Option<f64>> = p1.iter().map(|p| p.map(|p| (2.0 * p).min(1.0))).collect();
    let n_undefined = z.iter().filter(|z| z.is_none()).count();
    let bins = confidence_bins(&z, &p2, opts.fdr)?;

    let p_sim = if opts.permutations > 0 && !constant_field {
        Some(permutation_p(values, weights, total, &g, opts))
    } else {
        None
    };
    Ok(GiStarResult {
        g,
        expected,
        z,
        p_norm_one_sided: p1,
        p_norm_two_sided: p2,
        p_sim,
        bins,
        fdr: opts.fdr,
        n_undefined,
        constant_field,
        permutations: if constant_field { 0 } else { opts.permutations },
    })
}

/// ArcGIS-style bins from z and two-sided p (optionally BH-adjusted over defined units).
fn confidence_bins(z: &[Option<f64>], p2: &[Option<f64>], fdr: bool) -> Result<Vec<i8>> {
    let defined: Vec<usize> = (0..z.len()).filter(|&i| p2[i].is_some()).collect();
    let raw: Vec<f64> = defined.iter().filter_map(|&i| p2[i]).collect();
    let judged = if fdr { benjamini_hochberg(&raw)? } else { raw };
    let mut bins = vec![0i8; z.len()];
    for (k, &i) in defined.iter().enumerate() {
        let level = match judged[k] {
            q if q <= 0.01 => 3,
            q if q <= 0.05 => 2,
            q if q <= 0.10 => 1,
            _ => 0,
        };
        let sign = match z[i] {
            Some(v) if v < 0.0 => -1,
            _ => 1,
        };
        bins[i] = sign * level;
    }
    Ok(bins)
}

/// Folded conditional-permutation pseudo p-values.
///
/// As esda, each permutation draws one set of `k_max` distinct positions in a pool of `N − 1`
/// values, shared by all units: unit `i` uses the first `W_i − 1` of them, with positions
/// `≥ i` shifted by one so that `y_i` itself is never drawn.
fn permutation_p(
    values: &[f64],
    weights: &SpatialWeights,
    total: f64,
    g: &[Option<f64>],
    opts: &GiStarOptions,
) -> Vec<f64> {
    let n = values.len();
    let perms = opts.permutations;
    let k_max = (0..n)
        .map(|i| weights.cardinality(i))
        .max()
        .unwrap_or(0)
        .min(n - 1);
    let mut r = rng(opts.seed);
    let mut sampler = Sampler::new(n);
    let mut draw = Vec::with_capacity(k_max);
    let mut ids = Vec::with_capacity(perms * k_max);
    for _ in 0..perms {
        // Excluding position n − 1 from 0..n leaves the pool 0..n−1.
        sampler.draw(n - 1, k_max, &mut r, &mut draw);
        ids.extend_from_slice(&draw);
    }
    (0..n)
        .map(|i| {
            let k = weights.cardinality(i).min(n - 1);
            // Compare sums rather than ratios; a relative slack absorbs summation-order noise.
            let obs_sum = g[i].unwrap_or(0.0) * total;
            let slack = 1e-12 * total.max(1.0);
            let mut larger = 0usize;
            for row in (0..perms).map(|p| &ids[p * k_max..(p + 1) * k_max]) {
                let s = values[i]
                    + row[..k]
                        .iter()
                        .map(|&t| values[if t >= i { t + 1 } else { t }])
                        .sum::<f64>();
                if s >= obs_sum - slack {
                    larger += 1;
                }
            }
            if perms - larger < larger {
                larger = perms - larger;
            }
            (larger as f64 + 1.0) / (perms as f64 + 1.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::spatial::weights::Contiguity;

    #[test]
    fn constant_field_is_undefined_not_nan() {
        let w = SpatialWeights::lattice(4, 4, Contiguity::Queen).unwrap();
        for v in [0.0, 3.0, 0.1] {
            let r = gi_star(&[v; 16], &w, &GiStarOptions::default()).unwrap();
            assert!(r.constant_field);
            assert_eq!(r.n_undefined, 16);
            assert!(r.z.iter().all(Option::is_none));
            assert!(r.bins.iter().all(|&b| b == 0));
            let json = serde_json::to_string(&r).unwrap();
            assert!(!json.contains("NaN"));
        }
    }

    #[test]
    fn hot_spot_is_detected() {
        let (rows, cols) = (12, 12);
        let mut v = vec![1.0; rows * cols];
        for r in 4..7 {
            for c in 4..7 {
                v[r * cols + c] = 20.0;
            }
        }
        v[0] = 2.0;
        let w = SpatialWeights::lattice(rows, cols, Contiguity::Queen).unwrap();
        let opts = GiStarOptions {
            permutations: 199,
            seed: 42,
            fdr: true,
        };
        let r = gi_star(&v, &w, &opts).unwrap();
        let centre = 5 * cols + 5;
        assert!(r.z[centre].unwrap() > 5.0);
        assert_eq!(r.bins[centre], 3);
        assert_eq!(r.p_sim.as_ref().unwrap()[centre], 1.0 / 200.0);
        // reproducible
        let r2 = gi_star(&v, &w, &opts).unwrap();
        assert_eq!(r.p_sim, r2.p_sim);
        // without FDR at least as many significant bins
        let raw = gi_star(&v, &w, &GiStarOptions { fdr: false, ..opts }).unwrap();
        let sig = |b: &[i8]| b.iter().filter(|&&x| x != 0).count();
        assert!(sig(&raw.bins) >= sig(&r.bins));
    }

    #[test]
    fn permutation_p_tracks_normal_p() {
        // Pseudo-random counts on a 12 x 12 lattice; both p-values are one-sided and folded.
        let v: Vec<f64> = (0..144u64)
            .map(|k| ((k * 2654435761) % 97 % 13) as f64 + if k % 12 < 4 { 6.0 } else { 0.0 })
            .collect();
        let w = SpatialWeights::lattice(12, 12, Contiguity::Queen).unwrap();
        let opts = GiStarOptions {
            permutations: 999,
            seed: 7,
            fdr: true,
        };
        let r = gi_star(&v, &w, &opts).unwrap();
        let ps = r.p_sim.unwrap();
        let mean_gap: f64 = ps
            .iter()
            .zip(&r.p_norm_one_sided)
            .map(|(a, b)| (a - b.unwrap()).abs())
            .sum::<f64>()
            / 144.0;
        assert!(mean_gap < 0.04, "{mean_gap}");
        assert!(ps.iter().all(|&p| p > 0.0 && p <= 0.501));
    }

    #[test]
    fn bad_input() {
        let w = SpatialWeights::lattice(2, 2, Contiguity::Rook).unwrap();
        let o = GiStarOptions::default();
        assert!(matches!(gi_star(&[1.0; 3], &w, &o), Err(Error::Data(_))));
        assert!(matches!(
            gi_star(&[1.0, f64::NAN, 2.0, 3.0], &w, &o),
            Err(Error::Data(_))
        ));
        assert!(matches!(
            gi_star(&[1.0, -1.0, 2.0, 3.0], &w, &o),
            Err(Error::Data(_))
        ));
    }

    #[test]
    fn permutations_are_limited() {
        let too_many = GiStarOptions {
            permutations: MAX_PERMUTATIONS + 1,
            ..GiStarOptions::default()
        };
        assert_eq!(
            too_many.check_ref(),
            Err(GiStarParamsError::Permutations(MAX_PERMUTATIONS + 1))
        );
        let w = SpatialWeights::lattice(2, 2, Contiguity::Rook).unwrap();
        assert_eq!(
            gi_star(&[1.0, 2.0, 3.0, 4.0], &w, &too_many),
            Err(Error::GiStarParams(GiStarParamsError::Permutations(
                MAX_PERMUTATIONS + 1
            )))
        );
        let most = GiStarOptions {
            permutations: MAX_PERMUTATIONS,
            ..GiStarOptions::default()
        };
        assert_eq!(most.check(), Ok(most));
    }

    #[test]
    fn neighbourhood_covering_everything_is_undefined() {
        // 2 x 2 queen: every unit sees all 4, so Var = 0 for all.
        let w = SpatialWeights::lattice(2, 2, Contiguity::Queen).unwrap();
        let r = gi_star(&[1.0, 2.0, 3.0, 4.0], &w, &GiStarOptions::default()).unwrap();
        assert!(!r.constant_field);
        assert_eq!(r.n_undefined, 4);
    }
}
