//! Hand-checkable cases of the reconciliation (the numpy reference is
//! `tests/reconcile_reference.rs`).

use nalgebra::DMatrix;

use super::*;
use crate::analysis::ts::test_noise;
use crate::analysis::ParamGuard;

const Z95: f64 = 1.959_963_984_540_054;

fn params(method: ReconcileMethod) -> ReconcileValidParams {
    Reconciliation::params(method).check().unwrap()
}

/// A total over 3 bottom series, 2 steps, incoherent on purpose, with residuals.
fn base() -> BaseForecasts {
    let mean = vec![
        vec![100.0, 90.0],
        vec![50.0, 40.0],
        vec![30.0, 35.0],
        vec![10.0, 12.0],
    ];
    let sd = [8.0, 5.0, 4.0, 2.0];
    let band = |s: f64| {
        mean.iter()
            .zip(sd)
            .map(|(m, d)| m.iter().map(|v| v + s * Z95 * d).collect())
            .collect()
    };
    let mut noise = test_noise(7);
    let bottom: Vec<Vec<f64>> = (0..3)
        .map(|j| (0..30).map(|_| (j + 1) as f64 * noise()).collect())
        .collect();
    let total: Vec<f64> = (0..30)
        .map(|t| bottom.iter().map(|b| b[t]).sum::<f64>() + 2.0 * noise())
        .collect();
    BaseForecasts {
        lower: band(-1.0),
        upper: band(1.0),
        mean,
        residuals: std::iter::once(total).chain(bottom).collect(),
    }
}

#[test]
fn every_method_gives_forecasts_that_add_up() {
    let b = base();
    for m in ReconcileMethod::ALL {
        let r = reconcile(&params(m), &b).unwrap();
        for k in 0..2 {
            let sum: f64 = r.mean[1..].iter().map(|s| s[k]).sum();
            assert!(
                (r.mean[0][k] - sum).abs() <= 1e-9 * sum.abs(),
                "{m:?} step {k}"
            );
            for i in 0..4 {
                assert!(r.lower[i][k] <= r.mean[i][k] && r.mean[i][k] <= r.upper[i][k]);
            }
        }
    }
}

#[test]
fn bottom_up_keeps_the_bottom_forecasts_and_adds_them() {
    let b = base();
    let r = reconcile(&params(ReconcileMethod::BottomUp), &b).unwrap();
    assert_eq!(r.mean[1..], b.mean[1..]);
    assert_eq!(r.mean[0], vec![90.0, 87.0]);
    // The bottom bands are the base bands (G picks them out unchanged).
    for i in 1..4 {
        for k in 0..2 {
            assert!((r.upper[i][k] - b.upper[i][k]).abs() < 1e-9);
        }
    }
    assert_eq!(r.lambda, None);
}

#[test]
fn ols_spreads_the_incoherence_evenly() {
    // Base total 100, bottoms sum to 90: with W = I and 3 bottoms, U'U = 4, so each bottom
    // gains 10/4 and the total loses 10/4 (both meet at 97.5).
    let r = reconcile(&params(ReconcileMethod::Ols), &base()).unwrap();
    assert!((r.mean[0][0] - 97.5).abs() < 1e-12);
    assert!((r.mean[1][0] - 52.5).abs() < 1e-12);
    assert!((r.mean[3][0] - 12.5).abs() < 1e-12);
}

#[test]
fn mint_with_a_diagonal_w_is_wls_in_closed_form() {
    // Two bottoms, W = diag(w0, w1, w2): with d = ŷ0 − ŷ1 − ŷ2 the reconciled series are
    // ŷ0 − w0 d / Σw and ŷj + wj d / Σw (by hand from G = J(I − WU(U'WU)⁻¹U')).
    let w = DMatrix::from_diagonal(&nalgebra::DVector::from_vec(vec![4.0, 1.0, 3.0]));
    let g = g_matrix(&w).unwrap();
    let y = nalgebra::DVector::from_vec(vec![20.0, 9.0, 7.0]);
    let bottom = &g * &y;
    let d = 20.0 - 9.0 - 7.0;
    assert!((bottom[0] - (9.0 + 1.0 * d / 8.0)).abs() < 1e-12);
    assert!((bottom[1] - (7.0 + 3.0 * d / 8.0)).abs() < 1e-12);
    // And G equals the textbook (S'W⁻¹S)⁻¹S'W⁻¹.
    let s = summing_matrix(2);
    let wi = w.clone().try_inverse().unwrap();
    let textbook = (s.transpose() * &wi * &s).try_inverse().unwrap() * s.transpose() * wi;
    assert!((g - textbook).abs().max() < 1e-12);
}

#[test]
fn uncorrelated_residuals_shrink_fully_and_identical_ones_not_at_all() {
    // Orthogonal residual columns: no correlation to shrink, λ = 1 by convention.
    let e = vec![vec![1.0, -1.0, 1.0, -1.0], vec![1.0, 1.0, -1.0, -1.0]];
    let s = shrink_covariance(&e).unwrap();
    assert_eq!(s.lambda, 1.0);
    assert_eq!(s.cov[(0, 1)], 0.0);
    assert_eq!(s.cov[(0, 0)], 1.0);
    // Columns equal up to scale with every standardized product 1: the sample correlation
    // has no estimated variance, λ = 0 and the covariance is kept (E'E/T: 2 off the diagonal).
    let e = vec![vec![1.0, -1.0, 1.0, -1.0], vec![2.0, -2.0, 2.0, -2.0]];
    let s = shrink_covariance(&e).unwrap();
    assert_eq!(s.lambda, 0.0);
    assert_eq!(s.cov[(0, 1)], 2.0);
    assert_eq!(s.cov[(1, 1)], 4.0);
}

#[test]
fn bad_inputs_are_errors() {
    let mut b = base();
    b.mean[2].pop();
    assert!(reconcile(&params(ReconcileMethod::Ols), &b).is_err());
    let mut b = base();
    b.residuals.clear();
    assert!(reconcile(&params(ReconcileMethod::MintShrink), &b).is_err());
    assert!(reconcile(&params(ReconcileMethod::BottomUp), &b).is_ok());
    let mut b = base();
    b.mean.truncate(1);
    assert!(reconcile(&params(ReconcileMethod::Ols), &b).is_err());
    let mut b = base();
    b.upper[0][0] = f64::NAN;
    assert!(reconcile(&params(ReconcileMethod::Ols), &b).is_err());
    assert!(shrink_covariance(&[vec![1.0], vec![2.0]]).is_err());
    // Residuals already coherent: the incoherence has no variance, MinT cannot weigh it.
    let e = vec![
        vec![2.0, -2.0, 2.0, -2.0],
        vec![1.0, -1.0, 1.0, -1.0],
        vec![1.0, -1.0, 1.0, -1.0],
    ];
    let w = shrink_covariance(&e).unwrap().cov;
    assert!(g_matrix(&w).is_err());
}
