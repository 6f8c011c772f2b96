//! Pearson and Spearman correlation between two per-cell count vectors, with permutation
//! p-values, and helpers that count two point layers on one grid.
//!
//! **A correlation between two layers says nothing about cause.** Two offence types can
//! co-locate because both follow population, land use, reporting practice or policing
//! intensity; cells are also spatially autocorrelated, so neighbouring cells are not
//! independent replicates and even the permutation p-value (which assumes exchangeable cells)
//! is optimistic for smooth maps.
//!
//! # Definitions
//!
//! * Pearson's `r = Σ (x−x̄)(y−ȳ) / √(Σ (x−x̄)² Σ (y−ȳ)²)` (K. Pearson, 1895).
//! * Spearman's `ρ` = Pearson's `r` of the ranks, ties given their average rank
//!   (C. Spearman, 1904), as `scipy.stats.spearmanr`.
//! * Permutation p-value (two-sided): `y` is shuffled `permutations` times (ChaCha8 seeded by
//!   `seed`); `p = (#{|r_perm| ≥ |r|} + 1) / (permutations + 1)` (E. J. G. Pitman, 1937).

use super::grid::Grid;
use super::perm::{rng, shuffle};
use super::points::{check_finite_values, Point};
use crate::analysis::{Error, Result};

/// Correlation of two vectors with permutation inference.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CorrelationResult {
    /// Pearson's r.
    pub pearson: f64,
    /// Spearman's ρ (average ranks for ties).
    pub spearman: f64,
    /// Two-sided permutation p-value of r; `None` without permutations.
    pub p_pearson: Option<f64>,
    /// Two-sided permutation p-value of ρ; `None` without permutations.
    pub p_spearman: Option<f64>,
    /// Permutations used.
    pub permutations: usize,
    /// Number of pairs.
    pub n: usize,
}

/// Two point layers counted on the same grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairedCounts {
    /// Counts of layer `a` per cell id.
    pub a: Vec<f64>,
    /// Counts of layer `b` per cell id.
    pub b: Vec<f64>,
    /// Points of `a` outside the grid.
    pub outside_a: usize,
    /// Points of `b` outside the grid.
    pub outside_b: usize,
}

/// Count two point layers (metres) on the same `grid`; see [`Grid::count`] for errors.
pub fn count_by_cell(grid: &Grid, a: &[Point], b: &[Point]) -> Result<PairedCounts> {
    let ca = grid.count(a, None)?;
    let cb = grid.count(b, None)?;
    Ok(PairedCounts {
        a: ca.counts,
        b: cb.counts,
        outside_a: ca.outside,
        outside_b: cb.outside,
    })
}

/// Average ranks (1-based; ties share the mean of their positions). Values must be finite.
pub fn average_ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut k = 0;
    while k < order.len() {
        let mut e = k + 1;
        while e < order.len() && x[order[e]] == x[order[k]] {
            e += 1;
        }
        let avg = (k + e + 1) as f64 / 2.0; // mean of positions k+1..=e
        for &i in &order[k..e] {
            ranks[i] = avg;
        }
        k = e;
    }
    ranks
}

/// Centred vector scaled to unit norm, or an error naming a constant input.
fn standardise(v: &[f64], name: &str) -> Result<Vec<f64>> {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let c: Vec<f64> = v.iter().map(|a| a - m).collect();
    let ss: f64 = c.iter().map(|a| a * a).sum();
    if v.iter().all(|&a| a == v[0]) || ss <= 0.0 {
        return Err(Error::Data(format!(
            "{name} is constant; correlation is undefined"
        )));
    }
    let s = ss.sqrt();
    Ok(c.into_iter().map(|a| a / s).collect())
}

fn check_pair(x: &[f64], y: &[f64]) -> Result<()> {
    if x.len() != y.len() {
        return Err(Error::Data(format!(
            "x has {} values but y has {}",
            x.len(),
            y.len()
        )));
    }
    if x.len() < 3 {
        return Err(Error::Data(format!(
            "correlation needs at least 3 pairs, got {}",
            x.len()
        )));
    }
    check_finite_values(x, "x")?;
    check_finite_values(y, "y")
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| p * q)
        .sum::<f64>()
        .clamp(-1.0, 1.0)
}

/// Pearson's r. [`Error::Data`] for a length mismatch, fewer than 3 pairs, non-finite or
/// constant input.
pub fn pearson(x: &[f64], y: &[f64]) -> Result<f64> {
    check_pair(x, y)?;
    Ok(dot(&standardise(x, "x")?, &standardise(y, "y")?))
}

/// Spearman's ρ with average ranks for ties; errors as [`pearson`].
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64> {
    check_pair(x, y)?;
    let rx = standardise(&average_ranks(x), "x")?;
    let ry = standardise(&average_ranks(y), "y")?;
    Ok(dot(&rx, &ry))
}

/// Pearson and Spearman correlation of `x` and `y` with two-sided permutation p-values from
/// `permutations` shuffles (0 = none) seeded by `seed`. Errors as [`pearson`], plus
/// [`Error::Params`] when `permutations` exceeds 1 000 000.
pub fn correlate(
    x: &[f64],
    y: &[f64],
    permutations: usize,
    seed: u64,
) -> Result<CorrelationResult> {
    check_pair(x, y)?;
    if permutations > 1_000_000 {
        return Err(Error::Params(format!(
            "permutations = {permutations} exceeds the limit of 1000000"
        )));
    }
    let sx = standardise(x, "x")?;
    let sy = standardise(y, "y")?;
    let rx = standardise(&average_ranks(x), "x")?;
    let ry = standardise(&average_ranks(y), "y")?;
    let r = dot(&sx, &sy);
    let rho = dot(&rx, &ry);
    let (mut p_r, mut p_rho) = (None, None);
    if permutations > 0 {
        // Shuffle an index so that values and ranks of y move together.
        let mut idx: Vec<usize> = (0..y.len()).collect();
        let mut g = rng(seed);
        let (mut hit_r, mut hit_rho) = (0usize, 0usize);
        let tol = 1e-12;
        for _ in 0..permutations {
            shuffle(&mut idx, &mut g);
            let pr: f64 = sx.iter().zip(&idx).map(|(a, &j)| a * sy[j]).sum();
            let prho: f64 = rx.iter().zip(&idx).map(|(a, &j)| a * ry[j]).sum();
            if pr.abs() >= r.abs() - tol {
                hit_r += 1;
            }
            if prho.abs() >= rho.abs() - tol {
                hit_rho += 1;
            }
        }
        let d = permutations as f64 + 1.0;
        p_r = Some((hit_r as f64 + 1.0) / d);
        p_rho = Some((hit_rho as f64 + 1.0) / d);
    }
    Ok(CorrelationResult {
        pearson: r,
        spearman: rho,
        p_pearson: p_r,
        p_spearman: p_rho,
        permutations,
        n: x.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_with_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 10.0, 30.0, 20.0, 10.0]),
            vec![2.0, 4.5, 2.0, 6.0, 4.5, 2.0]
        );
    }

    #[test]
    fn known_values() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 5.0, 4.0, 5.0];
        // scipy.stats.pearsonr -> 0.7745966692414834; spearmanr -> 0.7378647873726218
        assert!((pearson(&x, &y).unwrap() - 0.774_596_669_241_483_4).abs() < 1e-12);
        assert!((spearman(&x, &y).unwrap() - 0.737_864_787_372_621_8).abs() < 1e-12);
        let cubic: Vec<f64> = x.iter().map(|v: &f64| v.powi(3)).collect();
        assert!((spearman(&x, &cubic).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn permutation_p_values() {
        let x: Vec<f64> = (0..40).map(|i| i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| 2.0 * v + (v * 7.0).sin()).collect();
        let r = correlate(&x, &y, 199, 3).unwrap();
        assert_eq!(r.p_pearson, Some(1.0 / 200.0));
        assert_eq!(r.p_spearman, Some(1.0 / 200.0));
        let noise: Vec<f64> = (0..40).map(|i| ((i * 7919) % 31) as f64).collect();
        let r = correlate(&x, &noise, 199, 3).unwrap();
        assert!(r.p_pearson.unwrap() > 0.05);
        assert_eq!(r, correlate(&x, &noise, 199, 3).unwrap());
    }

    #[test]
    fn bad_input() {
        assert!(matches!(
            pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]),
            Err(Error::Data(_))
        ));
        assert!(matches!(
            pearson(&[1.0, 2.0], &[1.0, 2.0]),
            Err(Error::Data(_))
        ));
        assert!(matches!(
            spearman(&[1.0, 2.0, 3.0], &[1.0, 2.0]),
            Err(Error::Data(_))
        ));
        assert!(matches!(
            correlate(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0], 0, 0),
            Err(Error::Data(_))
        ));
    }

    #[test]
    fn counts_two_layers() {
        let g = Grid::from_origin(0.0, 0.0, 10.0, 1, 2).unwrap();
        let c = count_by_cell(&g, &[[1.0, 1.0], [15.0, 1.0], [50.0, 1.0]], &[[2.0, 2.0]]).unwrap();
        assert_eq!(c.a, vec![1.0, 1.0]);
        assert_eq!(c.b, vec![1.0, 0.0]);
        assert_eq!((c.outside_a, c.outside_b), (1, 0));
    }
}
