//! Reference tests: every case of `tests/fixtures/reference/{diagnostics,sarimax}.json`
//! (statsmodels 0.15) through the library functions and through the CLI.

mod common;

use serde_json::Value;

use common::{assert_all_close, fixture_cases};
use crimecast::analysis::ts::decompose::{seasonal_decompose, DecomposeKind};
use crimecast::analysis::ts::diagnostics::{acf, adfuller, ljung_box, pacf_ols, pacf_yw_adjusted};

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn opt(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

const DIAG_TOL: f64 = 1e-6;

#[test]
fn diagnostics_match_statsmodels() {
    for case in fixture_cases("reference/diagnostics.json") {
        check_diagnostics_case(&case);
    }
}

/// Extra statsmodels cases (odd and even periods, short and long series), see
/// `tests/fixtures/validation/gen_diagnostics.py`.
#[test]
fn diagnostics_match_statsmodels_on_validation_cases() {
    for case in fixture_cases("validation/diagnostics_extra.json") {
        check_diagnostics_case(&case);
    }
}

/// ADF, ACF/PACF, Ljung–Box and both decompositions of one case, relative tolerance 1e-6.
fn check_diagnostics_case(case: &Value) {
    {
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
        let exp_pacf = floats(&case["pacf_ywadjusted"]);
        let nlags = exp_pacf.len() - 1;
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
        let lb = ljung_box(&y, 10.min(y.len() - 1)).unwrap();
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

use crimecast::analysis::ts::sarimax::{self, SarimaxParams, SarimaxValidParams, Search, Trend};
use crimecast::analysis::ParamGuard;

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
    sarimax_cases_from("reference/sarimax.json")
}

fn sarimax_cases_from(file: &str) -> Vec<SarimaxCase> {
    fixture_cases(file)
        .into_iter()
        .map(|case| {
            let o = ints(&case["order"]);
            let so = ints(&case["seasonal_order"]);
            let trend = case["trend"]
                .as_str()
                .map_or(Trend::N, |t| Trend::parse(t).expect("trend"));
            // The cases are statsmodels' default fits: its search, at most 500 iterations.
            let spec = SarimaxParams::new([o[0], o[1], o[2]])
                .seasonal(so[0], so[1], so[2], so[3])
                .trend(trend)
                .max_iter(500)
                .search(Search::Statsmodels)
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

/// Scale used for the forecast tolerances: the range `max(y) − min(y)` of the case's series.
/// Means must agree within 1% of it, interval bounds within 2%.
fn range(y: &[f64]) -> f64 {
    y.iter().cloned().fold(f64::MIN, f64::max) - y.iter().cloned().fold(f64::MAX, f64::min)
}

/// Absolute comparison `|a − e| ≤ tol` for every element.
fn assert_all_within(actual: &[f64], expected: &[f64], tol: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tol,
            "{what}[{i}]: got {a}, expected {e} (±{tol})"
        );
    }
}

/// The fitted log-likelihood, parameter names, burn-in and forecasts against statsmodels:
/// llf ≥ reference − 1e-3; forecast means within 1% and bounds within 2% of the series range.
fn check_sarimax_output(name: &str, y: &[f64], case: &Value, got: &Value) {
    let llf = got["llf"].as_f64().expect("llf");
    let ref_llf = case["llf"].as_f64().unwrap();
    assert!(
        llf >= ref_llf - 1e-3,
        "{name}: llf {llf} < reference {ref_llf} − 1e-3"
    );
    assert_eq!(
        got["param_names"], case["param_names"],
        "{name}: param names"
    );
    assert_eq!(
        got["loglikelihood_burn"], case["loglikelihood_burn"],
        "{name}: burn"
    );
    let k = floats(&case["params"]).len() as f64;
    let aic = got["aic"].as_f64().unwrap();
    assert!((aic - (-2.0 * llf + 2.0 * k)).abs() < 1e-9, "{name}: aic");
    let r = range(y);
    assert_all_within(
        &floats(&got["forecast_mean"]),
        &floats(&case["forecast_mean"]),
        0.01 * r,
        &format!("{name} mean"),
    );
    assert_all_within(
        &floats(&got["forecast_lower95"]),
        &floats(&case["forecast_lower95"]),
        0.02 * r,
        &format!("{name} lower"),
    );
    assert_all_within(
        &floats(&got["forecast_upper95"]),
        &floats(&case["forecast_upper95"]),
        0.02 * r,
        &format!("{name} upper"),
    );
}

#[test]
fn sarimax_fit_matches_reference() {
    check_sarimax_fits(sarimax_cases());
}

/// Extra statsmodels fits (trends t/ct, regressors with differencing, seasonal periods 4, 7, 12,
/// orders up to 3), see `tests/fixtures/validation/gen_sarimax_{a,b}.py`.
#[test]
fn sarimax_fit_matches_statsmodels_on_validation_cases() {
    for file in [
        "validation/sarimax_extra_a.json",
        "validation/sarimax_extra_b.json",
    ] {
        let cases = sarimax_cases_from(file);
        for c in &cases {
            let params = floats(&c.case["params"]);
            let llf = sarimax::llf_at_params(&c.spec, &c.y, &c.exog, &params).expect("llf");
            let expected = c.case["llf_at_params"].as_f64().unwrap();
            assert_all_close(
                &[llf],
                &[expected],
                1e-9,
                &format!("{} llf_at_params", c.name),
            );
        }
        check_sarimax_fits(cases);
    }
}

fn check_sarimax_fits(cases: Vec<SarimaxCase>) {
    for c in cases {
        let fitted = sarimax::fit(&c.spec, &c.y, &c.exog).expect("fit");
        let f = fitted
            .forecast(c.steps, Some(&c.exog_future))
            .expect("forecast");
        let got = serde_json::json!({
            "llf": fitted.llf, "aic": fitted.aic, "param_names": fitted.param_names,
            "loglikelihood_burn": fitted.loglikelihood_burn,
            "forecast_mean": f.mean, "forecast_lower95": f.lower, "forecast_upper95": f.upper,
        });
        check_sarimax_output(&c.name, &c.y, &c.case, &got);
        let bic = -2.0 * fitted.llf
            + fitted.params.len() as f64 * ((c.y.len() - fitted.loglikelihood_burn) as f64).ln();
        assert!((fitted.bic - bic).abs() < 1e-9, "{}: bic", c.name);
    }
}

#[test]
fn cli_reference_sarimax_matches_every_case() {
    for c in sarimax_cases() {
        let out = crimecast::cli::run(&["reference".into(), "sarimax".into()], &c.case.to_string())
            .expect("cli run");
        let got: Value = serde_json::from_str(&out).expect("cli prints JSON");
        check_sarimax_output(&c.name, &c.y, &c.case, &got);
        assert_all_close(
            &[got["llf_at_params"].as_f64().expect("llf_at_params")],
            &[c.case["llf_at_params"].as_f64().unwrap()],
            1e-9,
            &format!("{} cli llf_at_params", c.name),
        );
    }
}

#[test]
fn cli_reference_diagnostics_matches_every_case() {
    for case in fixture_cases("reference/diagnostics.json") {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let input = serde_json::json!({ "y": case["y"], "period": case["period"] }).to_string();
        let out =
            crimecast::cli::run(&["reference".into(), "diagnostics".into()], &input).expect("cli");
        let got: Value = serde_json::from_str(&out).expect("JSON");
        for key in ["stat", "pvalue"] {
            assert_all_close(
                &[got["adf"][key].as_f64().unwrap()],
                &[case["adf"][key].as_f64().unwrap()],
                DIAG_TOL,
                &format!("{name} adf {key}"),
            );
            assert_all_close(
                &[got["ljung_box_lag10"][key].as_f64().unwrap()],
                &[case["ljung_box_lag10"][key].as_f64().unwrap()],
                DIAG_TOL,
                &format!("{name} lb {key}"),
            );
        }
        assert_eq!(got["adf"]["usedlag"], case["adf"]["usedlag"]);
        assert_eq!(got["adf"]["nobs"], case["adf"]["nobs"]);
        for pct in ["1%", "5%", "10%"] {
            assert_all_close(
                &[got["adf"]["crit"][pct].as_f64().unwrap()],
                &[case["adf"]["crit"][pct].as_f64().unwrap()],
                DIAG_TOL,
                &format!("{name} crit {pct}"),
            );
        }
        for key in ["acf", "pacf_ywadjusted", "pacf_ols"] {
            assert_all_close(
                &floats(&got[key]),
                &floats(&case[key]),
                DIAG_TOL,
                &format!("{name} {key}"),
            );
        }
        for key in ["decompose_additive", "decompose_multiplicative"] {
            for part in ["trend", "seasonal", "resid"] {
                assert_all_close(
                    &floats(&got[key][part]),
                    &floats(&case[key][part]),
                    DIAG_TOL,
                    &format!("{name} {key} {part}"),
                );
            }
        }
    }
}

#[test]
fn cli_forecast_uses_selection_or_falls_back() {
    let c = &sarimax_cases()[1];
    let input = serde_json::json!({ "y": c.y, "period": 12, "steps": 12 }).to_string();
    let got: Value =
        serde_json::from_str(&crimecast::cli::run(&["forecast".into()], &input).expect("cli"))
            .expect("JSON");
    assert!(
        got["model"].as_str().unwrap().starts_with("SARIMA("),
        "{}",
        got["model"]
    );
    let mean = floats(&got["mean"]);
    let (lo, hi) = (floats(&got["lower95"]), floats(&got["upper95"]));
    assert_eq!(mean.len(), 12);
    assert!(mean
        .iter()
        .zip(&lo)
        .zip(&hi)
        .all(|((m, l), h)| l < m && m < h));
    let short =
        serde_json::json!({ "y": [1.0, 2.0, 3.0, 4.0, 5.0], "period": 2, "steps": 3 }).to_string();
    let got: Value =
        serde_json::from_str(&crimecast::cli::run(&["forecast".into()], &short).expect("cli"))
            .expect("JSON");
    assert!(got["model"].as_str().unwrap().starts_with("seasonal naive"));
    assert_eq!(floats(&got["mean"]), vec![4.0, 5.0, 4.0]);
}

#[test]
fn cli_rejects_unknown_commands_and_bad_json() {
    assert!(crimecast::cli::run(&["nope".into()], "").is_err());
    assert!(crimecast::cli::run(&["reference".into(), "sarimax".into()], "{").is_err());
    let bad = serde_json::json!({ "y": [1.0, 2.0], "order": [-1, 0, 0] }).to_string();
    let e = crimecast::cli::run(&["reference".into(), "sarimax".into()], &bad).unwrap_err();
    assert!(e.to_string().contains("-1"), "{e}");
}

#[test]
fn cli_survives_hostile_inputs() {
    let run = |args: &[&str], input: &str| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        crimecast::cli::run(&args, input)
    };
    for input in [
        r#"{"y": []}"#,
        r#"{"y": [1.0]}"#,
        r#"{"y": [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], "period": 4}"#,
        r#"{"y": [1, 2, 3], "period": 4000000000}"#,
        r#"{"y": [1, 2, 3, 4, 5, 6, 7, 8], "period": 2, "steps": 1000000000}"#,
    ] {
        let _ = run(&["forecast"], input);
        let _ = run(&["reference", "diagnostics"], input);
    }
    let flat = r#"{"y": [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], "period": 4}"#;
    let got: Value =
        serde_json::from_str(&run(&["reference", "diagnostics"], flat).unwrap()).unwrap();
    assert!(got["adf"]["error"].is_string());
    let bad = r#"{"y": [1, 2, 3, 2, 1, 2, 3, 2, 1, 2], "order": [1, 0, 0], "seasonal_order": [1, 0, 0, 1]}"#;
    assert!(run(&["reference", "sarimax"], bad).is_err());
    let big = r#"{"y": [1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8], "order": [1, 0, 0], "trend": "c", "steps": 1000000000}"#;
    assert!(run(&["reference", "sarimax"], big).is_err());
}
