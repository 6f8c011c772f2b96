//! Run-record inputs: records with hostile text (long, blank, non-ASCII, quotes) and metrics
//! of every kind of `f64`, their exports, exports cut short or edited, files in other
//! formats or versions, and arbitrary JSON or text.

use std::collections::BTreeMap;

use crimecast::runs::mlflow::{export, FORMAT};
use crimecast::runs::RunRecord;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::json;

use super::json::{json_scalar, json_value};
use super::text::{edits, field_text, mutate_text};

/// Text a run record may carry: short, empty, hostile, or longer than the import keeps.
pub fn run_text() -> BoxedStrategy<String> {
    prop_oneof![
        6 => field_text(),
        1 => Just(String::new()),
        1 => (1usize..3, select(vec!["a", "é", "😀", "\"", "\\", "\n"]))
            .prop_map(|(k, c)| c.repeat(k * 2_500)),
    ]
    .boxed()
}

/// A metric value: ordinary numbers, extremes, and the non-finite ones.
pub fn metric() -> BoxedStrategy<f64> {
    prop_oneof![
        6 => -1e6f64..1e6,
        2 => any::<f64>(),
        1 => select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -0.0]),
    ]
    .boxed()
}

/// A run record with hostile text and any metrics.
pub fn run_record() -> BoxedStrategy<RunRecord> {
    let map = || prop::collection::btree_map(run_text(), run_text(), 0..4);
    (
        run_text(),
        any::<i64>(),
        run_text(),
        run_text(),
        map(),
        prop::collection::btree_map(run_text(), metric(), 0..4),
        map(),
    )
        .prop_map(
            |(id, time_ms, kind, app_version, params, metrics, tags)| RunRecord {
                id,
                time_ms,
                kind,
                app_version,
                params,
                metrics,
                tags,
            },
        )
        .boxed()
}

/// Texts a runs import may be given: exports, exports cut short or edited, other formats
/// and versions, arbitrary JSON and text.
pub fn runs_text() -> BoxedStrategy<String> {
    let exported = prop::collection::vec(run_record(), 0..4)
        .prop_map(|r| export(&r))
        .boxed();
    prop_oneof![
        4 => exported.clone(),
        2 => (exported.clone(), any::<Index>()).prop_map(|(t, at)| {
            let cut = crate::fuzz_common::floor_boundary(&t, at.index(t.len()));
            t[..cut].to_string()
        }),
        2 => (exported, edits()).prop_map(|(t, e)| mutate_text(&t, &e)),
        1 => (json_scalar(), json_scalar(), json_value()).prop_map(|(format, version, runs)| {
            json!({"format": format, "version": version, "runs": runs}).to_string()
        }),
        1 => (prop_oneof![Just(json!(FORMAT)), json_scalar()], json_scalar(), run_text())
            .prop_map(|(format, version, id)| json!({"format": format, "version": version,
                "runs": [{"info": {"run_id": id, "run_name": "f", "start_time": 0,
                "status": "FINISHED", "app_version": "0"},
                "data": {"params": [], "metrics": [], "tags": []}}]}).to_string()),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => ".{0,40}",
    ]
    .boxed()
}

/// `n` small valid records, for the import's count limit.
pub fn many_records(n: usize) -> Vec<RunRecord> {
    (0..n)
        .map(|k| RunRecord {
            id: format!("run-{k}"),
            time_ms: k as i64,
            kind: "forecast".into(),
            app_version: "0.1.0".into(),
            params: BTreeMap::from([("order".to_string(), "auto".to_string())]),
            metrics: BTreeMap::from([("rmse".to_string(), k as f64)]),
            tags: BTreeMap::new(),
        })
        .collect()
}
