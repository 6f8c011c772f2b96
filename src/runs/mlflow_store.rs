//! Run records as an MLflow file store (the layout `mlflow.tracking` reads from a local
//! `mlruns/` folder), zipped:
//!
//! ```text
//! mlruns/0/meta.yaml                         the Default experiment (empty)
//! mlruns/1/meta.yaml                         experiment "crimecast"
//! mlruns/1/<run_id>/meta.yaml                run info (status 3 = FINISHED, source_type 4)
//! mlruns/1/<run_id>/params/<key>             the value, as text
//! mlruns/1/<run_id>/metrics/<key>            "<timestamp_ms> <value> <step>"
//! mlruns/1/<run_id>/tags/<key>               the value, as text (and mlflow.runName)
//! ```
//!
//! Every run, whatever its family (forecast, hotspots, LSTM, allocation), goes into the one
//! experiment so that MLflow lists them side by side; the family is the run name and the tag
//! `crimecast.kind`. Keys are written as file names: characters other than letters, digits,
//! `_ - . space` become `_`. Run ids keep letters, digits, `_` and `-` (MLflow's rule).

use std::collections::BTreeSet;

use super::zip::{write, ZipError};
use super::RunRecord;

/// The experiment every run is filed under.
pub const EXPERIMENT_ID: &str = "1";
/// Its name.
pub const EXPERIMENT_NAME: &str = "crimecast";

/// A YAML single-quoted scalar.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''").replace(['\n', '\r'], " "))
}

/// `key` as a file name MLflow accepts as a param, metric or tag name.
pub fn file_key(key: &str) -> String {
    let k: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let k = k.trim().to_string();
    if k.is_empty() || k.chars().all(|c| c == '.') {
        format!("_{k}")
    } else {
        k
    }
}

/// `id` as an MLflow run id (`^[a-zA-Z0-9][\w\-]{0,255}$`).
pub fn run_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(200)
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        s.insert(0, 'r');
    }
    s
}

fn experiment_meta(id: &str, name: &str, time_ms: i64) -> String {
    format!(
        "artifact_location: {}\ncreation_time: {time_ms}\nexperiment_id: {}\nlast_update_time: {time_ms}\nlifecycle_stage: active\nname: {}\n",
        quoted(&format!("mlruns/{id}")),
        quoted(id),
        quoted(name)
    )
}

fn run_meta(r: &RunRecord, id: &str) -> String {
    format!(
        "artifact_uri: {}\nend_time: {t}\nentry_point_name: ''\nexperiment_id: {}\nlifecycle_stage: active\nrun_id: {}\nrun_name: {}\nrun_uuid: {}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {t}\nstatus: 3\ntags: []\nuser_id: {}\n",
        quoted(&format!("mlruns/{EXPERIMENT_ID}/{id}/artifacts")),
        quoted(EXPERIMENT_ID),
        quoted(id),
        quoted(&r.kind),
        quoted(id),
        quoted("crimecast"),
        t = r.time_ms,
    )
}

/// The files of the store, path and content, in the order they are zipped.
pub fn files(records: &[RunRecord], now_ms: i64) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        (
            "mlruns/0/meta.yaml".to_string(),
            experiment_meta("0", "Default", now_ms).into_bytes(),
        ),
        (
            format!("mlruns/{EXPERIMENT_ID}/meta.yaml"),
            experiment_meta(EXPERIMENT_ID, EXPERIMENT_NAME, now_ms).into_bytes(),
        ),
    ];
    let mut ids = BTreeSet::new();
    for r in records {
        let base = run_id(&r.id);
        let mut id = base.clone();
        let mut n = 1;
        while !ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        let dir = format!("mlruns/{EXPERIMENT_ID}/{id}");
        out.push((format!("{dir}/meta.yaml"), run_meta(r, &id).into_bytes()));
        for (k, v) in &r.params {
            out.push((
                format!("{dir}/params/{}", file_key(k)),
                v.clone().into_bytes(),
            ));
        }
        for (k, v) in r.metrics.iter().filter(|(_, v)| v.is_finite()) {
            let line = format!("{} {v} 0\n", r.time_ms);
            out.push((format!("{dir}/metrics/{}", file_key(k)), line.into_bytes()));
        }
        let mut tags = r.tags.clone();
        tags.insert("mlflow.runName".into(), r.kind.clone());
        tags.insert("crimecast.kind".into(), r.kind.clone());
        tags.insert("crimecast.app_version".into(), r.app_version.clone());
        tags.insert("crimecast.run_id".into(), r.id.clone());
        for (k, v) in &tags {
            out.push((
                format!("{dir}/tags/{}", file_key(k)),
                v.clone().into_bytes(),
            ));
        }
    }
    out
}

/// The store zipped, for download.
///
/// # Errors
/// [`ZipError::TooLarge`] past the plain ZIP limits (65,535 files, 4 GiB).
pub fn export_zip(records: &[RunRecord], now_ms: i64) -> Result<Vec<u8>, ZipError> {
    write(&files(records, now_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, kind: &str) -> RunRecord {
        RunRecord {
            id: id.into(),
            time_ms: 1_764_000_000_000,
            kind: kind.into(),
            app_version: "0.1.0".into(),
            params: [("order".to_string(), "auto (AIC)".to_string())].into(),
            metrics: [("rmse".to_string(), 12.5), ("bad".to_string(), f64::NAN)].into(),
            tags: [("data.hash".to_string(), "0123".to_string())].into(),
        }
    }

    #[test]
    fn the_store_has_mlflows_layout() {
        let f = files(
            &[
                record("forecast-1", "forecast"),
                record("forecast-1", "lstm"),
            ],
            5,
        );
        let paths: Vec<&str> = f.iter().map(|(p, _)| p.as_str()).collect();
        assert!(paths.contains(&"mlruns/1/forecast-1/metrics/rmse"));
        assert!(paths.contains(&"mlruns/1/forecast-1-2/params/order"));
        assert!(paths.contains(&"mlruns/1/forecast-1/tags/data.hash"));
        assert!(paths.contains(&"mlruns/1/forecast-1-2/tags/mlflow.runName"));
        assert!(!paths.iter().any(|p| p.ends_with("/bad")));
        let text = |p: &str| {
            let (_, b) = f.iter().find(|(q, _)| q == p).unwrap();
            String::from_utf8(b.clone()).unwrap()
        };
        assert_eq!(
            text("mlruns/1/forecast-1/metrics/rmse"),
            "1764000000000 12.5 0\n"
        );
        let meta = text("mlruns/1/forecast-1-2/meta.yaml");
        assert!(meta.contains("run_id: 'forecast-1-2'\n"));
        assert!(meta.contains("run_name: 'lstm'\n"));
        assert!(meta.contains("status: 3\n"));
        assert!(text("mlruns/1/meta.yaml").contains("name: 'crimecast'\n"));
    }

    #[test]
    fn keys_and_ids_are_made_safe() {
        assert_eq!(file_key("a/b:c"), "a_b_c");
        assert_eq!(file_key(".."), "_..");
        assert_eq!(file_key("backtest rmse"), "backtest rmse");
        assert_eq!(run_id("_x y"), "r_x-y");
        assert_eq!(quoted("it's"), "'it''s'");
    }
}
