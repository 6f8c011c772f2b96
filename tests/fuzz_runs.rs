//! Property tests of the run-record import (`src/runs/mlflow.rs`): exports of records with
//! hostile text and any metrics, cut short, edited, in other formats or versions, arbitrary
//! JSON and text. Nothing may panic; an export must import back as the records it holds
//! (text clipped, non-finite metrics left out); an import must stay within its limits and
//! its memory proportional to the file; a refusal must say why in a short sentence.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use std::collections::BTreeMap;

use crimecast::runs::mlflow::{export, import};
use crimecast::runs::{RunRecord, MAX_IMPORT_BYTES, MAX_IMPORT_RECORDS, MAX_TEXT};
use fuzz_common::alloc::measure;
use fuzz_common::{config, gen};
use proptest::prelude::*;

/// Longest refusal message, in characters (hostile values are quoted in part only).
const MAX_MESSAGE: usize = 300;

/// `s` as an import keeps it: at most [`MAX_TEXT`] characters.
fn clipped(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

/// What importing an export of `records` should give.
fn imported(records: &[RunRecord]) -> Vec<RunRecord> {
    let map = |m: &BTreeMap<String, String>| -> BTreeMap<String, String> {
        m.iter().map(|(k, v)| (clipped(k), clipped(v))).collect()
    };
    records
        .iter()
        .map(|r| RunRecord {
            id: clipped(&r.id),
            time_ms: r.time_ms,
            kind: clipped(&r.kind),
            app_version: clipped(&r.app_version),
            params: map(&r.params),
            metrics: r
                .metrics
                .iter()
                .filter(|(_, v)| v.is_finite())
                .map(|(k, v)| (clipped(k), *v))
                .collect(),
            tags: map(&r.tags),
        })
        .collect()
}

/// How many representable doubles lie between `a` and `b` (both finite, same sign or zero).
fn ulps_apart(a: f64, b: f64) -> u64 {
    if a == b {
        return 0;
    }
    if a.is_sign_negative() != b.is_sign_negative() {
        return u64::MAX;
    }
    a.to_bits().abs_diff(b.to_bits())
}

/// Every imported record is within the import's limits.
fn within_limits(records: &[RunRecord]) -> Result<(), TestCaseError> {
    prop_assert!(records.len() <= MAX_IMPORT_RECORDS);
    for r in records {
        prop_assert!(!r.id.trim().is_empty());
        for s in [&r.id, &r.kind, &r.app_version]
            .into_iter()
            .chain(r.params.keys())
            .chain(r.params.values())
            .chain(r.tags.keys())
            .chain(r.tags.values())
            .chain(r.metrics.keys())
        {
            prop_assert!(s.chars().count() <= MAX_TEXT);
        }
        prop_assert!(r.metrics.values().all(|v| v.is_finite()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Any records with an id: their export imports back as the same records, clipped and
    /// without non-finite metrics.
    #[test]
    fn exports_import_back(records in prop::collection::vec(gen::runs::run_record(), 0..4)) {
        let records: Vec<RunRecord> =
            records.into_iter().filter(|r| !r.id.trim().is_empty()).collect();
        let text = export(&records);
        let back = import(&text).map_err(TestCaseError::fail)?;
        within_limits(&back)?;
        // serde_json reads a float back to within a few units in the last place, not always
        // exactly (crimecast does not enable its slower `float_roundtrip` parser).
        let want = imported(&records);
        prop_assert_eq!(back.len(), want.len());
        for (got, want) in back.iter().zip(&want) {
            let mut got = got.clone();
            for (k, v) in &mut got.metrics {
                let w = want.metrics.get(k).copied().unwrap_or(f64::NAN);
                prop_assert!(ulps_apart(*v, w) <= 4, "{k}: {v} vs {w}");
                *v = w;
            }
            prop_assert_eq!(&got, want);
        }
    }

    /// Any text: no panic; records within the limits, or a refusal in a short sentence;
    /// memory proportional to the text.
    #[test]
    fn any_text_is_imported_or_refused_briefly(text in gen::runs::runs_text()) {
        let (got, usage) = measure(|| import(&text));
        prop_assert!(usage.peak <= 64 * 1024 + 32 * text.len(), "{} bytes: {:?}", text.len(), usage);
        match got {
            Ok(records) => within_limits(&records)?,
            Err(e) => prop_assert!(e.chars().count() <= MAX_MESSAGE, "{} characters: {e}", e.chars().count()),
        }
    }
}

/// As many records as an import takes are imported; one more is refused in words.
#[test]
fn the_record_limit_is_kept() {
    let records = gen::runs::many_records(MAX_IMPORT_RECORDS);
    assert_eq!(import(&export(&records)).unwrap(), records);
    let more = gen::runs::many_records(MAX_IMPORT_RECORDS + 1);
    let e = import(&export(&more)).unwrap_err();
    assert!(e.contains("at most 5000"), "{e}");
}

/// A file over the size limit is refused before it is parsed.
#[test]
fn the_size_limit_is_kept() {
    let text = " ".repeat(MAX_IMPORT_BYTES + 1);
    let (got, usage) = measure(|| import(&text));
    assert!(got.unwrap_err().contains("limited to 20 MB"));
    assert!(usage.peak <= 1024, "{usage:?}");
}

mod regressions {
    use super::*;

    /// A wrong-typed field quoted its whole value in the message: a 100,000-character
    /// string gave a 100,000-character refusal.
    #[test]
    fn a_long_wrong_value_is_quoted_in_part() {
        let text = format!(
            r#"{{"format":"crimecast-runs","version":"{}\"x","runs":[]}}"#,
            "9".repeat(100_000)
        );
        let e = import(&text).unwrap_err();
        assert!(
            e.chars().count() <= MAX_MESSAGE,
            "{} characters",
            e.chars().count()
        );
        let quoted = format!("\"{}…\"", "9".repeat(40));
        assert!(e.contains(&quoted) && e.contains("expected u32"), "{e}");
        assert!(e.contains("line 1 column 100"), "{e}");
    }

    /// A record with a non-finite metric exported as `null`, which its own import refused.
    #[test]
    fn a_non_finite_metric_does_not_break_the_export() {
        let mut r = gen::runs::many_records(1).remove(0);
        r.metrics.insert("mape".into(), f64::NAN);
        r.metrics.insert("bound".into(), f64::INFINITY);
        let back = import(&export(std::slice::from_ref(&r))).unwrap();
        r.metrics.retain(|_, v| v.is_finite());
        assert_eq!(back, vec![r]);
    }
}
