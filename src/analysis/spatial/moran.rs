//! Global Moran's I with row-standardised weights (esda's default `transform='r'`).
//!
//! # Definition
//!
//! P. A. P. Moran, *Notes on continuous stochastic phenomena*, Biometrika 37 (1950) 17–23;
//! moments from A. D. Cliff & J. K. Ord, *Spatial Processes* (1981), ch. 1. With deviations
//! `z_i = y_i − ȳ` and row-standardised weights `w_ij = 1/|N(i)|` for each neighbour `j` of
//! `i` (rows of islands stay zero):
//!
//! ```text
//! I = (n / S0) · Σ_ij w_ij z_i z_j / Σ_i z_i²
//! E[I] = −1 / (n − 1)
//! Var_N[I] = (n² S1 − n S2 + 3 S0²) / ((n² − 1) S0²) − E[I]²        (normality)
//! S0 = Σ_ij w_ij,  S1 = ½ Σ_ij (w_ij + w_ji)²,  S2 = Σ_i (Σ_j w_ij + Σ_j w_ji)²
//! ```
//!
//! Under randomisation (the values' permutation distribution, with the sample kurtosis
//! `k = n Σ z_i⁴ / (Σ z_i²)²`; defined for n ≥ 4):
//!
//! ```text
//! Var_R[I] = (n ((n² − 3n + 3) S1 − n S2 + 3 S0²) − k ((n² − n) S1 − 2n S2 + 6 S0²))
//!            / ((n − 1)(n − 2)(n − 3) S0²) − E[I]²
//! ```
//!
//! `z_norm = (I − E[I]) / √Var_N[I]`, `p_norm = 2 (1 − Φ(|z_norm|))` (two-sided, esda's
//! default), and likewise `z_rand`, `p_rand` from `Var_R[I]`. With permutations, `y` is shuffled `permutations` times (ChaCha8 seeded by
//! `seed`) and, as esda, `larger = #{I_sim ≥ I}` folded to the smaller tail gives
//! `p_sim = (larger + 1) / (permutations + 1)`.

use libm::erfc;

use super::perm::{rng, shuffle, MAX_PERMUTATIONS};
use super::points::check_finite_values;
use super::weights::SpatialWeights;
use crate::analysis::{Error, ParamGuard, Result};

/// Options of [`morans_i`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MoranOptions {
    /// Random permutations for `p_sim` (0 = none, the default).
    pub permutations: usize,
    /// Seed of the permutation generator.
    pub seed: u64,
}

/// A Moran's I option that breaks its rule, with the value that broke it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoranParamsError {
    /// At most [`MAX_PERMUTATIONS`] permutations.
    #[error("Moran's I permutations = {0} exceeds the limit of {MAX_PERMUTATIONS}")]
    Permutations(usize),
}

impl ParamGuard for MoranOptions {
    type Checked = MoranOptions;
    type Error = MoranParamsError;

    /// Rule: at most [`MAX_PERMUTATIONS`] permutations.
    fn check_ref(&self) -> std::result::Result<&MoranOptions, MoranParamsError> {
        if self.permutations > MAX_PERMUTATIONS {
            return Err(MoranParamsError::Permutations(self.permutations));
        }
        Ok(self)
    }

    fn check(self) -> std::result::Result<MoranOptions, MoranParamsError> {
        self.check_ref()?;
        Ok(self)
    }
}

/// Global Moran's I and its inference.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MoranResult {
    /// Moran's I.
    pub i: f64,
    /// Expected value under no autocorrelation, −1/(n−1).
    pub expected: f64,
    /// Variance under the normality assumption.
    pub variance_norm: f64,
    /// z-score under normality.
    pub z_norm: f64,
    /// Two-sided normal p-value.
    pub p_norm: f64,
    /// Variance under randomisation (`None` for fewer than 4 units or a variance that is not
    /// positive).
    pub variance_rand: Option<f64>,
    /// z-score under randomisation.
    pub z_rand: Option<f64>,
    /// Two-sided normal p-value under randomisation.
    pub p_rand: Option<f64>,
    /// Folded permutation pseudo p-value; `None` without permutations.
    pub p_sim: Option<f64>,
    /// Permutations used.
    pub permutations: usize,
    /// Number of units.
    pub n: usize,
    /// Number of units without neighbours (zero rows).
    pub n_islands: usize,
}

/// Row-standardised weight sums S0, S1, S2.
fn weight_sums(w: &SpatialWeights) -> (f64, f64, f64) {
    let n = w.n();
    let rw = |i: usize| {
        let c = w.cardinality(i);
        if c == 0 {
            0.0
        } else {
            1.0 / c as f64
        }
    };
    let mut s0 = 0.0;
    let mut s1 = 0.0;
    let mut col = vec![0.0; n];
    for i in 0..n {
        let wi = rw(i);
        for &j in w.neighbors(i) {
            s0 += wi;
            col[j] += wi;
            let wji = if w.contains(j, i) { rw(j) } else { 0.0 };
            // Σ over ordered pairs; pairs present only as j→i are added from j's row.
            s1 += (wi + wji) * (wi + wji);
            if wji == 0.0 {
                // the reverse ordered pair (j, i) has w_ji = 0 and contributes the same square
                s1 += wi * wi;
            }
        }
    }
    let s1 = 0.5 * s1;
    let s2 = (0..n)
        .map(|i| {
            let row = if w.cardinality(i) > 0 { 1.0 } else { 0.0 };
            (row + col[i]) * (row + col[i])
        })
        .sum();
    (s0, s1, s2)
}

fn statistic(z: &[f64], w: &SpatialWeights, s0: f64, zz: f64) -> f64 {
    let n = z.len() as f64;
    let mut num = 0.0;
    for (i, zi) in z.iter().enumerate() {
        let nb = w.neighbors(i);
        if nb.is_empty() {
            continue;
        }
        let lag: f64 = nb.iter().map(|&j| z[j]).sum::<f64>() / nb.len() as f64;
        num += zi * lag;
    }
    n / s0 * num / zz
}

/// Global Moran's I of `values` with row-standardised binary `weights`.
///
/// Errors: [`Error::Data`] for a length mismatch, fewer than 3 units, non-finite values,
/// constant values (I undefined) or weights without any link; [`Error::MoranParams`] when
/// `permutations` exceeds [`MAX_PERMUTATIONS`].
pub fn morans_i(
    values: &[f64],
    weights: &SpatialWeights,
    opts: &MoranOptions,
) -> Result<MoranResult> {
    let n = values.len();
    if weights.n() != n {
        return Err(Error::Data(format!(
            "{n} values but the weights describe {} units",
            weights.n()
        )));
    }
    if n < 3 {
        return Err(Error::Data(format!(
            "Moran's I needs at least 3 units, got {n}"
        )));
    }
    check_finite_values(values, "values")?;
    opts.check_ref()?;
    let mean = values.iter().sum::<f64>() / n as f64;
    let z: Vec<f64> = values.iter().map(|v| v - mean).collect();
    let zz: f64 = z.iter().map(|v| v * v).sum();
    if values.iter().all(|&v| v == values[0]) || zz <= 0.0 {
        return Err(Error::Data(
            "Moran's I is undefined for constant values".into(),
        ));
    }
    let (s0, s1, s2) = weight_sums(weights);
    if s0 <= 0.0 {
        return Err(Error::Data(
            "the weights have no links; Moran's I is undefined".into(),
        ));
    }
    let i = statistic(&z, weights, s0, zz);
    let nf = n as f64;
    let expected = -1.0 / (nf - 1.0);
    let variance_norm = (nf * nf * s1 - nf * s2 + 3.0 * s0 * s0)
        / ((nf - 1.0) * (nf + 1.0) * s0 * s0)
        - expected * expected;
    let z_norm = (i - expected) / variance_norm.sqrt();
    let two_sided = |z: f64| erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0);
    let p_norm = two_sided(z_norm);
    let kurtosis = nf * z.iter().map(|v| v.powi(4)).sum::<f64>() / (zz * zz);
    let variance_rand = (n >= 4)
        .then(|| {
            let a = nf * ((nf * nf - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s0 * s0);
            let b = kurtosis * ((nf * nf - nf) * s1 - 2.0 * nf * s2 + 6.0 * s0 * s0);
            (a - b) / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0) * s0 * s0) - expected * expected
        })
        .filter(|v| v.is_finite() && *v > 0.0);
    let z_rand = variance_rand.map(|v| (i - expected) / v.sqrt());
    let p_sim = (opts.permutations > 0).then(|| {
        let mut r = rng(opts.seed);
        let mut zp = z.clone();
        let mut larger = 0usize;
        for _ in 0..opts.permutations {
            shuffle(&mut zp, &mut r);
            if statistic(&zp, weights, s0, zz) >= i {
                larger += 1;
            }
        }
        if opts.permutations - larger < larger {
            larger = opts.permutations - larger;
        }
        (larger as f64 + 1.0) / (opts.permutations as f64 + 1.0)
    });
    Ok(MoranResult {
        i,
        expected,
        variance_norm,
        z_norm,
        p_norm,
        variance_rand,
        z_rand,
        p_rand: z_rand.map(two_sided),
        p_sim,
        permutations: opts.permutations,
        n,
        n_islands: weights.islands().len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::spatial::weights::Contiguity;

    #[test]
    fn checkerboard_and_gradient() {
        let (rows, cols) = (6, 6);
        let w = SpatialWeights::lattice(rows, cols, Contiguity::Rook).unwrap();
        let checker: Vec<f64> = (0..36)
            .map(|k| ((k / cols + k % cols) % 2) as f64)
            .collect();
        let r = morans_i(&checker, &w, &MoranOptions::default()).unwrap();
        assert!((r.i + 1.0).abs() < 1e-12, "{}", r.i);
        let grad: Vec<f64> = (0..36).map(|k| (k % cols) as f64).collect();
        let opts = MoranOptions {
            permutations: 99,
            seed: 1,
        };
        let r = morans_i(&grad, &w, &opts).unwrap();
        assert!(r.i > 0.5 && r.z_norm > 3.0 && r.p_norm < 0.01);
        assert_eq!(r.p_sim, Some(0.01));
        assert!((r.expected + 1.0 / 35.0).abs() < 1e-15);
    }

    #[test]
    fn matches_hand_computed_moments() {
        // Path graph 0-1-2-3, row-standardised.
        let w =
            SpatialWeights::from_neighbors(&[vec![1], vec![0, 2], vec![1, 3], vec![2]]).unwrap();
        let (s0, s1, s2) = weight_sums(&w);
        assert!((s0 - 4.0).abs() < 1e-15);
        // w01=1, w10=.5, w12=.5, w21=.5, w23=.5, w32=1: S1 = ½·2·(1.5² + 1² + 1.5²) = 5.5
        assert!((s1 - 5.5).abs() < 1e-12, "{s1}");
        // row sums 1; column sums .5, 1.5, 1.5, .5 → S2 = 2.25+6.25+6.25+2.25
        assert!((s2 - 17.0).abs() < 1e-12, "{s2}");
        // asymmetric: a one-way link counts both ordered pairs in S1
        let a = SpatialWeights::from_neighbors(&[vec![1], vec![], vec![1]]).unwrap();
        let (s0, s1, _) = weight_sums(&a);
        assert!((s0 - 2.0).abs() < 1e-15 && (s1 - 2.0).abs() < 1e-15, "{s1}");
    }

    #[test]
    fn randomisation_moments_by_hand() {
        // Path graph 0-1-2-3 (S0 = 4, S1 = 5.5, S2 = 17) and values 1..4: z = ±1.5, ±0.5,
        // Σz² = 5, Σz⁴ = 10.25, k = 4 · 10.25 / 25 = 1.64; lags −.5, −.5, .5, .5 → I = 0.4.
        let w =
            SpatialWeights::from_neighbors(&[vec![1], vec![0, 2], vec![1, 3], vec![2]]).unwrap();
        let r = morans_i(&[1.0, 2.0, 3.0, 4.0], &w, &MoranOptions::default()).unwrap();
        assert!((r.i - 0.4).abs() < 1e-15, "{}", r.i);
        // A = 4 (7 · 5.5 − 68 + 48) = 74, B = 1.64 (12 · 5.5 − 136 + 96) = 42.64,
        // Var_R = (A − B) / (3 · 2 · 1 · 16) − 1/9.
        let var = (74.0 - 42.64) / 96.0 - 1.0 / 9.0;
        assert!((r.variance_rand.unwrap() - var).abs() < 1e-15);
        let z = (0.4 + 1.0 / 3.0) / var.sqrt();
        assert!((r.z_rand.unwrap() - z).abs() < 1e-12);
        assert!((r.p_rand.unwrap() - erfc(z / std::f64::consts::SQRT_2)).abs() < 1e-15);
        // Three units: the randomisation variance divides by n − 3.
        let three = SpatialWeights::from_neighbors(&[vec![1], vec![0, 2], vec![1]]).unwrap();
        let r = morans_i(&[1.0, 2.0, 4.0], &three, &MoranOptions::default()).unwrap();
        assert_eq!((r.variance_rand, r.z_rand, r.p_rand), (None, None, None));
        assert!(r.z_norm.is_finite());
    }

    #[test]
    fn permutations_are_limited() {
        let too_many = MoranOptions {
            permutations: MAX_PERMUTATIONS + 1,
            seed: 0,
        };
        assert_eq!(
            too_many.check_ref(),
            Err(MoranParamsError::Permutations(MAX_PERMUTATIONS + 1))
        );
        let w = SpatialWeights::lattice(3, 3, Contiguity::Rook).unwrap();
        let v: Vec<f64> = (0..9).map(f64::from).collect();
        assert_eq!(
            morans_i(&v, &w, &too_many),
            Err(Error::MoranParams(MoranParamsError::Permutations(
                MAX_PERMUTATIONS + 1
            )))
        );
        let most = MoranOptions {
            permutations: MAX_PERMUTATIONS,
            seed: 0,
        };
        assert_eq!(most.check(), Ok(most));
    }

    #[test]
    fn bad_input() {
        let w = SpatialWeights::lattice(3, 3, Contiguity::Rook).unwrap();
        let o = MoranOptions::default();
        assert!(matches!(morans_i(&[2.0; 9], &w, &o), Err(Error::Data(_))));
        assert!(matches!(morans_i(&[2.0; 8], &w, &o), Err(Error::Data(_))));
        let empty = SpatialWeights::from_neighbors(&[vec![], vec![], vec![]]).unwrap();
        assert!(matches!(
            morans_i(&[1.0, 2.0, 3.0], &empty, &o),
            Err(Error::Data(_))
        ));
    }
}
