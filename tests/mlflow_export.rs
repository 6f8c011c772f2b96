//! The zipped MLflow file store read back by MLflow itself: `tests/mlflow_export.py` in
//! `bench/.venv` (which `scripts/test` gives `mlflow`) lists every run with its params and
//! metrics. Without that Python environment the test prints a notice and checks only the zip.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use crimecast::runs::mlflow_store::{export_zip, run_id};
use crimecast::runs::RunRecord;

fn record(id: &str, kind: &str, params: &[(&str, &str)], metrics: &[(&str, f64)]) -> RunRecord {
    RunRecord {
        id: id.into(),
        time_ms: 1_764_000_000_000,
        kind: kind.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        metrics: metrics.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        tags: [
            ("data.hash".to_string(), "00ff00ff00ff00ff".to_string()),
            ("window".to_string(), "2017-01-01 to 2026-11-30".to_string()),
        ]
        .into(),
    }
}

fn python() -> Option<PathBuf> {
    let py = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/.venv/bin/python");
    let ok = Command::new(&py)
        .args(["-c", "import mlflow"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(py)
}

#[test]
fn mlflow_lists_every_exported_run_with_its_params_and_metrics() {
    let runs = vec![
        record(
            "forecast-1764000000000-000001",
            "forecast",
            &[("order", "SARIMA(1,1,1)(1,1,1,12)"), ("horizon", "12")],
            &[("aic", 1507.8125), ("backtest_rmse", 101.25)],
        ),
        record(
            "lstm-1764000000001-000002",
            "lstm",
            &[("units", "50,32"), ("window", "52")],
            &[("test_mape", 4.2), ("test_rmse", 88.5), ("epochs", 46.0)],
        ),
        record(
            "allocation-1764000000002-000003",
            "allocation",
            &[("reconcile", "mint"), ("order", "seed")],
            &[("reconciled_total", 7598.25), ("lambda_precincts", 0.284)],
        ),
    ];
    let zip = export_zip(&runs, 1_764_000_000_000).unwrap();
    assert_eq!(&zip[..4], b"PK\x03\x04");
    let Some(py) = python() else {
        println!("bench/.venv has no mlflow (scripts/test installs it): only the zip was checked");
        return;
    };
    let dir = std::env::temp_dir().join(format!("crimecast-mlflow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("runs.zip");
    std::fs::write(&archive, &zip).unwrap();
    let expected: Vec<serde_json::Value> = runs
        .iter()
        .map(|r| {
            serde_json::json!({
                "run_id": run_id(&r.id),
                "run_name": r.kind,
                "params": r.params,
                "metrics": r.metrics.iter().collect::<BTreeMap<_, _>>(),
            })
        })
        .collect();
    let expected_path = dir.join("expected.json");
    std::fs::write(&expected_path, serde_json::to_vec(&expected).unwrap()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/mlflow_export.py");
    let out = Command::new(py)
        .arg(script)
        .arg(&archive)
        .arg(&expected_path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "mlflow could not read the export:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{}", String::from_utf8_lossy(&out.stdout).trim());
}
