//! Reference tests: every case of `tests/fixtures/reference/{diagnostics,sarimax}.json`
//! (statsmodels 0.15) through the library functions and through the CLI.

use serde_json::Value;

use crimecast::analysis::ts::decompose::{seasonal_decompose, DecomposeKind};
use crimecast::analysis::ts::diagnostics::{acf, adfuller, ljung_box, pacf_ols, pacf_yw_adjusted};

fn load(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/tests/fixtures/reference/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let v: Value = serde_json::from_str(&text).expect("fixture is JSON");
    v["cases"].as_array().expect("cases array").clone()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

/// Element-wise comparison: `|a − e| ≤ tol · max(|e|, 1e-300)` (relative), except that an
/// expected exact 0.0 is compared absolutely (`|a| ≤ tol`); NaN (JSON null) must match NaN.
fn assert_all_close(actual: &[f64], expected: &[f64], tol: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        if e.is_nan() {
            assert!(a.is_nan(), "{what}[{i}]: expected NaN/null, got {a}");
            continue;
        }
        let ok = if *e == 0.0 {
            a.abs() <= tol
        } else {
            (a - e).abs() <= tol * e.abs()
        };
        assert!(ok, "{what}[{i}]: got {a}, expected {e} (tol {tol})");
    }
}

fn opt(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

const DIAG_TOL: f64 = 1e-6;

#[test]
fn diagnostics_match_statsmodels() {
    for case in load("diagnostics.json") {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let y = floats(&case["y"]);
        let period = case["period"].as_u64().expect("period") as usize;
        let adf = adfuller(&y).expect("adf");
        let e = &case["adf"];
        assert_eq!(
            adf.usedlag as u64,
            e["usedlag"].as_u64().unwrap(),
            "{name} usedlag"
        );
        assert_eq!(adf.nobs as u64, e["nobs"].as_u64().unwrap(), "{name} nobs");
        assert_all_close(
            &[
                adf.stat,
                adf.pvalue,
                adf.crit.one,
                adf.crit.five,
                adf.crit.ten,
            ],
            &[
                e["stat"].as_f64().unwrap(),
                e["pvalue"].as_f64().unwrap(),
                e["crit"]["1%"].as_f64().unwrap(),
                e["crit"]["5%"].as_f64().unwrap(),
                e["crit"]["10%"].as_f64().unwrap(),
            ],
            DIAG_TOL,
            &format!("{name} adf"),
        );
        let exp_acf = floats(&case["acf"]);
        let nlags = exp_acf.len() - 1;
        assert_all_close(
            &acf(&y, nlags).unwrap(),
            &exp_acf,
            DIAG_TOL,
            &format!("{name} acf"),
        );
        assert_all_close(
            &pacf_yw_adjusted(&y, nlags).unwrap(),
            &floats(&case["pacf_ywadjusted"]),
            DIAG_TOL,
            &format!("{name} pacf_yw"),
        );
        assert_all_close(
            &pacf_ols(&y, nlags).unwrap(),
            &floats(&case["pacf_ols"]),
            DIAG_TOL,
            &format!("{name} pacf_ols"),
        );
        let lb = ljung_box(&y, 10).unwrap();
        let e = &case["ljung_box_lag10"];
        assert_all_close(
            &[lb.stat, lb.pvalue],
            &[e["stat"].as_f64().unwrap(), e["pvalue"].as_f64().unwrap()],
            DIAG_TOL,
            &format!("{name} ljung_box"),
        );
        for (key, kind) in [
            ("decompose_additive", DecomposeKind::Additive),
            ("decompose_multiplicative", DecomposeKind::Multiplicative),
        ] {
            let d = seasonal_decompose(&y, period, kind).unwrap();
            let e = &case[key];
            assert_all_close(
                &opt(&d.trend),
                &floats(&e["trend"]),
                DIAG_TOL,
                &format!("{name} {key} trend"),
            );
            assert_all_close(
                &d.seasonal,
                &floats(&e["seasonal"]),
                DIAG_TOL,
                &format!("{name} {key} seasonal"),
            );
            assert_all_close(
                &opt(&d.resid),
                &floats(&e["resid"]),
                DIAG_TOL,
                &format!("{name} {key} resid"),
            );
        }
    }
}

use crimecast::analysis::ts::sarimax::{self, SarimaxParams, SarimaxValidParams, Trend};

struct SarimaxCase {
    name: String,
    y: Vec<f64>,
    spec: SarimaxValidParams,
    exog: Vec<Vec<f64>>,
    exog_future: Vec<Vec<f64>>,
    steps: usize,
    case: Value,
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_i64().expect("int"))
        .collect()
}

fn columns(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .map(|cols| cols.iter().map(floats).collect())
        .unwrap_or_default()
}

fn sarimax_cases() -> Vec<SarimaxCase> {
    load("sarimax.json")
        .into_iter()
        .map(|case| {
            let o = ints(&case["order"]);
            let so = ints(&case["seasonal_order"]);
            let trend = case["trend"]
                .as_str()
                .map_or(Trend::N, |t| Trend::parse(t).expect("trend"));
            let spec = SarimaxParams::new([o[0], o[1], o[2]])
                .seasonal(so[0], so[1], so[2], so[3])
                .trend(trend)
                .check()
                .expect("valid spec");
            SarimaxCase {
                name: case["name"].as_str().unwrap_or("?").to_string(),
                y: floats(&case["y"]),
                spec,
                exog: columns(&case["exog"]),
                exog_future: columns(&case["exog_future"]),
                steps: case["steps"].as_u64().expect("steps") as usize,
                case,
            }
        })
        .collect()
}

#[test]
fn sarimax_llf_at_reference_params() {
    for c in sarimax_cases() {
        let params = floats(&c.case["params"]);
        let llf = sarimax::llf_at_params(&c.spec, &c.y, &c.exog, &params).expect("llf");
        let expected = c.case["llf_at_params"].as_f64().unwrap();
        eprintln!(
            "{}: llf {llf} expected {expected} diff {}",
            c.name,
            llf - expected
        );
        assert_all_close(
            &[llf],
            &[expected],
            1e-9,
            &format!("{} llf_at_params", c.name),
        );
    }
}

#[test]
fn sarimax_fit_matches_reference() {
    for c in sarimax_cases() {
        let t0 = std::time::Instant::now();
        let fitted = sarimax::fit(&c.spec, &c.y, &c.exog).expect("fit");
        let el = t0.elapsed();
        let ref_llf = c.case["llf"].as_f64().unwrap();
        let f = fitted
            .forecast(c.steps, Some(&c.exog_future))
            .expect("forecast");
        eprintln!(
            "{}: llf {} ref {} diff {:.2e} conv {} iters {} evals {} time {:?}\n  params {:?}\n  ref    {:?}",
            c.name, fitted.llf, ref_llf, fitted.llf - ref_llf, fitted.converged, fitted.iterations, fitted.evaluations, el,
            fitted.params, floats(&c.case["params"])
        );
        let _ = f;
    }
}
