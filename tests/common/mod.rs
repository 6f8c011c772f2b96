//! Helpers shared by the native test crates: each includes this module with `mod common;`.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// `../shared/data/<rel>` (or `$CRIMECAST_SHARED/data/<rel>`), the real captured files that
/// stay outside the repository; `None`, with a printed notice, where it is absent (as in a
/// user's clone).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let base = std::env::var("CRIMECAST_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("shared")
        });
    let p = base.join("data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("notice: {} is absent; skipping this test", p.display());
        None
    }
}

/// The `cases` array of the fixture `tests/fixtures/<name>` (e.g. `reference/sarimax.json`).
pub fn fixture_cases(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    v["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no cases array"))
        .clone()
}

/// Assert `actual ≈ expected` element-wise, naming `what` on failure.
///
/// Each entry must satisfy `|a − e| ≤ tol · max(|e|, floor)` with
/// `floor = 1e-6 · max_k |e_k|`: a relative test, except that entries which are zero up to
/// round-off (next to the vector's largest magnitude) are not held to an impossible relative
/// accuracy. An expected NaN (JSON `null`) must be NaN; any other actual value must be finite.
pub fn assert_all_close(actual: &[f64], expected: &[f64], tol: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    let scale = expected
        .iter()
        .filter(|e| e.is_finite())
        .fold(0.0_f64, |m, e| m.max(e.abs()));
    let floor = 1e-6 * scale;
    let mut worst = (0.0_f64, 0usize);
    for (k, (a, e)) in actual.iter().zip(expected).enumerate() {
        if e.is_nan() {
            assert!(a.is_nan(), "{what}[{k}]: expected NaN (null), got {a}");
            continue;
        }
        assert!(a.is_finite(), "{what}[{k}]: {a} is not finite");
        let rel = (a - e).abs() / e.abs().max(floor).max(f64::MIN_POSITIVE);
        if rel > worst.0 {
            worst = (rel, k);
        }
    }
    let k = worst.1;
    assert!(
        worst.0 <= tol,
        "{what}: relative error {:.3e} > {tol:.1e} at [{k}]: actual {}, expected {}",
        worst.0,
        actual[k],
        expected[k]
    );
}

#[cfg(test)]
mod tests {
    use super::assert_all_close;

    #[test]
    fn relative_with_a_floor_for_round_off_zeros() {
        // 1e-13 next to 100 is zero up to round-off: held to 2e-8 × 1e-4, not to 2e-8 × 0.
        assert_all_close(&[100.0, 1e-13], &[100.0 + 1e-6, 0.0], 2e-8, "ok");
        let nan = f64::NAN;
        assert_all_close(&[nan, 2.0], &[nan, 2.0], 0.0, "nan");
        for (a, e) in [
            (vec![1.0, 101.0], vec![1.0, 100.0]),
            (vec![1e-3], vec![0.0]),
            (vec![nan], vec![1.0]),
            (vec![1.0], vec![nan]),
            (vec![1.0], vec![1.0, 2.0]),
        ] {
            let failed = std::panic::catch_unwind(|| assert_all_close(&a, &e, 1e-6, "bad"));
            assert!(failed.is_err(), "{a:?} vs {e:?} should fail");
        }
    }
}
