//! False-discovery-rate control: the Benjamini–Hochberg step-up procedure.
//!
//! Y. Benjamini & Y. Hochberg, *Controlling the false discovery rate: a practical and
//! powerful approach to multiple testing*, J. R. Stat. Soc. B 57 (1995) 289–300.
//! For `m` p-values sorted ascending, `p_(1) ≤ … ≤ p_(m)`, the hypotheses `1..k` are rejected
//! for the largest `k` with `p_(k) ≤ k·α/m`. Equivalently each test gets the adjusted value
//! `q_(i) = min_{k ≥ i} min(1, m·p_(k)/k)` and is rejected at level `α` iff `q ≤ α`.

use crate::analysis::{Error, Result};

fn check(p: &[f64]) -> Result<()> {
    match p.iter().position(|v| !(0.0..=1.0).contains(v)) {
        Some(i) => Err(Error::Data(format!(
            "p-value [{i}] = {} is not in [0, 1]",
            p[i]
        ))),
        None => Ok(()),
    }
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the input order.
///
/// [`Error::Data`] when a p-value is NaN or outside [0, 1]. An empty input gives an empty output.
pub fn benjamini_hochberg(p: &[f64]) -> Result<Vec<f64>> {
    check(p)?;
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut q = vec![0.0; m];
    let mut running = 1.0_f64;
    for (rank0, &i) in order.iter().enumerate().rev() {
        let k = (rank0 + 1) as f64;
        running = running.min(p[i] * m as f64 / k).min(1.0);
        q[i] = running;
    }
    Ok(q)
}

/// Which hypotheses Benjamini–Hochberg rejects at false discovery rate `alpha`.
///
/// [`Error::Params`] unless `alpha` ∈ (0, 1); [`Error::Data`] for invalid p-values.
pub fn bh_reject(p: &[f64], alpha: f64) -> Result<Vec<bool>> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(Error::Params(format!(
            "FDR level alpha = {alpha} must be in (0, 1)"
        )));
    }
    Ok(benjamini_hochberg(p)?
        .into_iter()
        .map(|q| q <= alpha)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Worked example: m = 5.
        let p = [0.01, 0.04, 0.03, 0.005, 0.5];
        let q = benjamini_hochberg(&p).unwrap();
        let want = [0.025, 0.05, 0.05, 0.025, 0.5];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-15, "{q:?}");
        }
        assert_eq!(
            bh_reject(&p, 0.05).unwrap(),
            vec![true, true, true, true, false]
        );
        assert_eq!(
            bh_reject(&p, 0.03).unwrap(),
            vec![true, false, false, true, false]
        );
        assert!(benjamini_hochberg(&[]).unwrap().is_empty());
        assert!(benjamini_hochberg(&[f64::NAN]).is_err());
        assert!(bh_reject(&p, 1.5).is_err());
    }

    #[test]
    fn step_up_definition() {
        // q <= alpha iff p_(i) <= k*alpha/m for some k >= rank(i).
        let p: Vec<f64> = (0..40)
            .map(|i| ((i * 7919) % 1000) as f64 / 4000.0)
            .collect();
        for alpha in [0.01, 0.05, 0.1, 0.2] {
            let mut s = p.clone();
            s.sort_by(f64::total_cmp);
            let m = s.len() as f64;
            let kmax = (0..s.len())
                .filter(|&k| s[k] <= (k + 1) as f64 * alpha / m)
                .max();
            let thr = kmax.map(|k| s[k]);
            let rej = bh_reject(&p, alpha).unwrap();
            for (pi, r) in p.iter().zip(rej) {
                assert_eq!(r, thr.is_some_and(|t| *pi <= t));
            }
        }
    }
}
