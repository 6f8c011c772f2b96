//! Maps between constrained parameters (stationary AR, invertible MA, positive variance) and
//! unconstrained values the optimizer can move freely.
//!
//! AR polynomials use Monahan (1984) / Jones (1980): each unconstrained value becomes a partial
//! autocorrelation `r = u / √(1 + u²)` in (−1, 1), and a Durbin–Levinson recursion turns the
//! partial autocorrelations into coefficients (statsmodels `constrain_stationary_univariate`).
//! MA coefficients use the same map with the opposite sign; `sigma2 = u²`.

use super::params::Layout;

/// Partial autocorrelations → coefficients of a stationary polynomial (statsmodels sign).
pub fn constrain_stationary(unconstrained: &[f64]) -> Vec<f64> {
    let n = unconstrained.len();
    let mut prev = vec![0.0; n];
    let mut cur = vec![0.0; n];
    for k in 0..n {
        let u = unconstrained[k];
        let r = u / (1.0 + u * u).sqrt();
        for i in 0..k {
            cur[i] = prev[i] + r * prev[k - i - 1];
        }
        cur[k] = r;
        prev[..=k].copy_from_slice(&cur[..=k]);
    }
    prev.iter().map(|v| -v).collect()
}

/// Inverse of [`constrain_stationary`]; `None` when the coefficients are not stationary.
pub fn unconstrain_stationary(constrained: &[f64]) -> Option<Vec<f64>> {
    let n = constrained.len();
    if n == 0 {
        return Some(vec![]);
    }
    let mut row: Vec<f64> = constrained.iter().map(|v| -v).collect();
    let mut r = vec![0.0; n];
    for k in (0..n).rev() {
        let rk = row[k];
        r[k] = rk;
        if !rk.is_finite() || rk.abs() >= 1.0 {
            return None;
        }
        let denom = 1.0 - rk * rk;
        let next: Vec<f64> = (0..k)
            .map(|i| (row[i] - rk * row[k - i - 1]) / denom)
            .collect();
        row[..k].copy_from_slice(&next);
    }
    Some(r.iter().map(|v| v / (1.0 - v * v).sqrt()).collect())
}

/// True when `1 − Σ φ_i L^i` has all roots outside the unit circle (Schur–Cohn step-down,
/// with statsmodels' 1 − 1e-10 margin on each partial autocorrelation).
pub fn is_stationary(phi: &[f64]) -> bool {
    let n = phi.len();
    let mut row: Vec<f64> = phi.to_vec();
    for k in (0..n).rev() {
        let rk = row[k];
        if !rk.is_finite() || rk.abs() >= 1.0 - 1e-10 {
            return false;
        }
        let denom = 1.0 - rk * rk;
        let next: Vec<f64> = (0..k)
            .map(|i| (row[i] + rk * row[k - i - 1]) / denom)
            .collect();
        row[..k].copy_from_slice(&next);
    }
    true
}

/// True when `1 + Σ θ_i L^i` is invertible.
pub fn is_invertible(theta: &[f64]) -> bool {
    let neg: Vec<f64> = theta.iter().map(|v| -v).collect();
    is_stationary(&neg)
}

/// (start, length, sign) of the AR, MA, seasonal AR and seasonal MA blocks: MA coefficients use
/// the stationary map with the opposite sign.
fn polynomial_blocks(layout: &Layout) -> [(usize, usize, f64); 4] {
    [
        (layout.ar_start(), layout.p, 1.0),
        (layout.ma_start(), layout.q, -1.0),
        (layout.sar_start(), layout.sp, 1.0),
        (layout.sma_start(), layout.sq, -1.0),
    ]
}

/// Unconstrained → constrained parameter vector.
pub fn transform(layout: &Layout, u: &[f64]) -> Vec<f64> {
    let mut c = u.to_vec();
    let blocks = polynomial_blocks(layout);
    for (start, len, sign) in blocks {
        if len > 0 {
            let v = constrain_stationary(&u[start..start + len]);
            for (dst, src) in c[start..start + len].iter_mut().zip(v) {
                *dst = sign * src;
            }
        }
    }
    let s = layout.sigma2();
    c[s] = u[s] * u[s];
    c
}

/// Constrained → unconstrained parameter vector; `None` if a polynomial is not
/// stationary/invertible or the variance is negative.
pub fn untransform(layout: &Layout, c: &[f64]) -> Option<Vec<f64>> {
    let mut u = c.to_vec();
    let blocks = polynomial_blocks(layout);
    for (start, len, sign) in blocks {
        if len > 0 {
            let signed: Vec<f64> = c[start..start + len].iter().map(|v| sign * v).collect();
            let v = unconstrain_stationary(&signed)?;
            u[start..start + len].copy_from_slice(&v);
        }
    }
    let s = layout.sigma2();
    if c[s].is_nan() || c[s] < 0.0 {
        return None;
    }
    u[s] = c[s].sqrt();
    Some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_stationarity() {
        let u = [0.3, -1.2, 2.0];
        let c = constrain_stationary(&u);
        assert!(is_stationary(&c));
        let back = unconstrain_stationary(&c).unwrap();
        for (a, b) in u.iter().zip(&back) {
            assert!((a - b).abs() < 1e-10);
        }
        // AR(1) with phi = -r
        let c1 = constrain_stationary(&[1.0]);
        assert!((c1[0] + 1.0 / 2f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn nonstationary_is_detected() {
        assert!(!is_stationary(&[1.0]));
        assert!(!is_stationary(&[0.5, 0.6]));
        assert!(is_stationary(&[0.5, 0.3]));
        assert!(unconstrain_stationary(&[1.5]).is_none());
        assert!(is_invertible(&[-0.9]));
        assert!(!is_invertible(&[1.2]));
    }

    #[test]
    fn full_vector_round_trip() {
        let layout = Layout {
            k_trend: 1,
            k_exog: 0,
            p: 1,
            q: 1,
            sp: 1,
            sq: 0,
        };
        let c = [10.0, 0.5, -0.4, 0.3, 2.5];
        let u = untransform(&layout, &c).unwrap();
        let back = transform(&layout, &u);
        for (a, b) in c.iter().zip(&back) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
