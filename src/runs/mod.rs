//! Run records ("experiment tracking"): each model fit or analysis run is stored with its
//! parameters, the data it saw (source, window, filter, cleaning rules, a content hash of the
//! rows), its metrics, the app version and the time; records export to and import from an
//! MLflow-like JSON layout (`info`, `data.params`, `data.metrics`, `data.tags`), and export as
//! a zipped MLflow file store ([`mlflow_store`]).

pub mod mlflow;
pub mod mlflow_store;
pub mod zip;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Largest number of records an import may hold.
pub const MAX_IMPORT_RECORDS: usize = 5_000;
/// Largest import file, bytes.
pub const MAX_IMPORT_BYTES: usize = 20 << 20;
/// Longest key or value kept in params and tags.
pub const MAX_TEXT: usize = 4_000;

/// One run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Unique id.
    pub id: String,
    /// Start time, milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// What ran: "forecast", "hotspots", "lstm", "allocation"...
    pub kind: String,
    /// crimecast version.
    pub app_version: String,
    /// Settings of the run (model order, cell size...), as text.
    pub params: BTreeMap<String, String>,
    /// Numbers the run produced.
    pub metrics: BTreeMap<String, f64>,
    /// Context: data source, window, filter, cleaning rules, content hash, view URL.
    pub tags: BTreeMap<String, String>,
}

impl RunRecord {
    /// The content hash of the rows the run saw.
    pub fn data_hash(&self) -> Option<&str> {
        self.tags.get("data.hash").map(String::as_str)
    }

    /// The page URL (query) that reproduces the run.
    pub fn view(&self) -> Option<&str> {
        self.tags.get("view").map(String::as_str)
    }
}

/// How two runs' metrics compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Metric name, value in the first run, value in the second.
    pub rows: Vec<(String, Option<f64>, Option<f64>)>,
    /// Whether both runs saw identical data (same content hash).
    pub same_data: bool,
    /// Whether every metric is equal to `1e-9` relative.
    pub same_metrics: bool,
}

/// Compare two runs metric by metric.
pub fn compare(a: &RunRecord, b: &RunRecord) -> Comparison {
    let mut names: Vec<&String> = a.metrics.keys().chain(b.metrics.keys()).collect();
    names.sort();
    names.dedup();
    let rows: Vec<(String, Option<f64>, Option<f64>)> = names
        .iter()
        .map(|n| {
            (
                (*n).clone(),
                a.metrics.get(*n).copied(),
                b.metrics.get(*n).copied(),
            )
        })
        .collect();
    let same_metrics = rows.iter().all(|(_, x, y)| match (x, y) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
        _ => false,
    });
    Comparison {
        rows,
        same_data: a.data_hash().is_some() && a.data_hash() == b.data_hash(),
        same_metrics,
    }
}

/// A 64-bit FNV-1a content hash, fed field by field.
#[derive(Debug, Clone, Copy)]
pub struct ContentHash(u64);

impl Default for ContentHash {
    fn default() -> Self {
        ContentHash(0xcbf2_9ce4_8422_2325)
    }
}

impl ContentHash {
    /// Feed bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 ^= u64::from(*x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash value.
    pub fn value(&self) -> u64 {
        self.0
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(metrics: &[(&str, f64)], hash: &str) -> RunRecord {
        RunRecord {
            id: "r".into(),
            time_ms: 0,
            kind: "forecast".into(),
            app_version: "0".into(),
            params: BTreeMap::new(),
            metrics: metrics.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            tags: [("data.hash".to_string(), hash.to_string())].into(),
        }
    }

    #[test]
    fn comparison_reports_equal_and_different_runs() {
        let a = run(&[("rmse", 10.0), ("mape", 5.0)], "abc");
        let c = compare(&a, &a.clone());
        assert!(c.same_data && c.same_metrics);
        let b = run(&[("rmse", 10.5), ("aic", 1.0)], "abd");
        let c = compare(&a, &b);
        assert!(!c.same_data && !c.same_metrics);
        assert_eq!(c.rows.len(), 3);
    }

    #[test]
    fn content_hash_is_stable() {
        let mut h = ContentHash::default();
        h.bytes(b"abc");
        assert_eq!(h.hex(), "e71fa2190541574b");
    }
}
