//! Reconciliation against numpy: `tests/fixtures/reference/reconcile.json`, made by
//! `gen_reconcile.py` beside it from the textbook `G = (S'W⁻¹S)⁻¹S'W⁻¹` and fabletools'
//! shrinkage estimator.

mod common;

use serde_json::Value;

use common::{assert_all_close, fixture_cases};
use crimecast::analysis::ts::reconcile::{
    reconcile, BaseForecasts, ReconcileMethod, Reconciliation,
};
use crimecast::analysis::ParamGuard;

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            r.as_array()
                .expect("row")
                .iter()
                .map(|x| x.as_f64().expect("number"))
                .collect()
        })
        .collect()
}

fn flat(m: &[Vec<f64>]) -> Vec<f64> {
    m.iter().flatten().copied().collect()
}

const TOL: f64 = 1e-10;

#[test]
fn reconciliation_matches_numpy() {
    for case in fixture_cases("reference/reconcile.json") {
        let base = BaseForecasts {
            mean: matrix(&case["mean"]),
            lower: matrix(&case["lower"]),
            upper: matrix(&case["upper"]),
            residuals: matrix(&case["residuals"]),
        };
        let level = case["level"].as_f64().expect("level");
        for expected in case["results"].as_array().expect("results") {
            let key = expected["method"].as_str().expect("method");
            let method = ReconcileMethod::from_key(key).expect("known method");
            let p = Reconciliation::params(method).level(level).check().unwrap();
            let r = reconcile(&p, &base).unwrap();
            assert_all_close(
                &flat(&r.g),
                &flat(&matrix(&expected["g"])),
                TOL,
                &format!("{key} G"),
            );
            for field in ["mean", "lower", "upper"] {
                let actual = match field {
                    "mean" => &r.mean,
                    "lower" => &r.lower,
                    _ => &r.upper,
                };
                assert_all_close(
                    &flat(actual),
                    &flat(&matrix(&expected[field])),
                    TOL,
                    &format!("{key} {field}"),
                );
            }
            match expected["lambda"].as_f64() {
                Some(l) => assert_all_close(&[r.lambda.expect("lambda")], &[l], TOL, "lambda"),
                None => assert_eq!(r.lambda, None),
            }
            for k in 0..r.mean[0].len() {
                let sum: f64 = r.mean[1..].iter().map(|s| s[k]).sum();
                assert!(
                    (r.mean[0][k] - sum).abs() <= 1e-9 * sum.abs(),
                    "{key} adds up"
                );
            }
        }
    }
}
