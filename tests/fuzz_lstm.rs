//! Property tests of the LSTM model-file importer on corrupted and hostile files: text edits
//! and structural mutations of real exported models, huge declared sizes, long arrays. An
//! import must be an error or a working model, never a panic, and must not allocate much more
//! than the file itself.
#![cfg(all(not(target_arch = "wasm32"), feature = "lstm"))]

mod fuzz_common;

use std::sync::OnceLock;

use crimecast::analysis::ts::lstm::{FittedLstm, LstmParams, MAX_FILE_BYTES};
use crimecast::analysis::ts::{FittedForecaster, Forecaster};
use crimecast::analysis::Error;
use fuzz_common::alloc::measure;
use fuzz_common::{config, gen};
use proptest::prelude::*;

/// Longest error message an import may give, in characters.
const MAX_MESSAGE_CHARS: usize = 301;
use proptest::sample::{select, Index};
use serde_json::{json, Value};

/// Two small real models, exported: one layer without a seasonal lag, and two layers with
/// one.
fn models() -> &'static [String; 2] {
    static DOCS: OnceLock<[String; 2]> = OnceLock::new();
    DOCS.get_or_init(|| {
        let y: Vec<f64> = (0..48)
            .map(|t| 50.0 + 10.0 * (t as f64 / 2.5).sin() + (t % 3) as f64)
            .collect();
        let base = LstmParams::new()
            .window(3)
            .epochs(2)
            .patience(1)
            .batch(8)
            .validation(6)
            .bootstrap(20)
            .seed(5);
        let a = base.clone().units(&[3]).fit(&y, None).unwrap();
        let b = base.units(&[2, 3]).seasonal_lag(4).fit(&y, None).unwrap();
        [a.to_json().unwrap(), b.to_json().unwrap()]
    })
}

/// Every JSON pointer into `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Values a hostile file might put anywhere: extreme and negative sizes, wrong types,
/// non-finite numbers as text, broken base64, long arrays.
fn hostile() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(vec![
            json!(u64::MAX),
            json!(i64::MIN),
            json!(-1),
            json!(0),
            json!(1),
            json!(512),
            json!(513),
            json!(520),
            json!(10_000),
            json!(1u64 << 32),
            json!(1u64 << 40),
            json!(1e300),
            json!(0.5),
            json!(null),
            json!(true),
            json!([]),
            json!({}),
            json!([512, 512]),
            json!([0]),
            json!([1, 2, 3]),
            json!(""),
            json!("AAAA"),
            json!("AAA="),
            json!("A==="),
            json!("===="),
            json!("AADAfw=="),
            json!("AACAfw=="),
            json!("NaN"),
            json!("inf"),
            json!("-0"),
            json!("1e308"),
            json!("1e309"),
            json!("min_max"),
            json!("standard"),
            json!("crimecast-lstm"),
            json!("lstm0.kernel"),
            json!(vec!["1"; 520]),
            json!(vec![""; 20_000]),
            json!(vec![0; 20_000]),
            json!("AAAA".repeat(20_000)),
        ]),
        1 => gen::json_scalar(),
    ]
    .boxed()
}

/// One structural edit: replace, remove, grow or shrink the node at a pointer.
fn apply(doc: &mut Value, pointer: &str, op: u8, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
    match op % 4 {
        0 => {
            if let Some(slot) = doc.pointer_mut(pointer) {
                *slot = value;
            }
        }
        1 => match doc.pointer_mut(parent) {
            Some(Value::Object(m)) => {
                m.remove(key);
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < a.len() {
                        a.remove(i);
                    }
                }
            }
            _ => {}
        },
        2 => match doc.pointer_mut(pointer) {
            Some(Value::Array(a)) => {
                let first = a.first().cloned().unwrap_or(value);
                a.push(first);
            }
            Some(Value::String(s)) => {
                let twice = s.repeat(2);
                *s = twice;
            }
            Some(Value::Number(n)) => {
                let grown = n
                    .as_u64()
                    .map_or(json!(u64::MAX), |x| json!(x.saturating_mul(1000)));
                *doc.pointer_mut(pointer).unwrap() = grown;
            }
            _ => {}
        },
        _ => {
            if let Some(Value::String(s)) = doc.pointer_mut(pointer) {
                let cut = fuzz_common::floor_boundary(s, s.len() / 2);
                s.truncate(cut);
            }
        }
    }
}

/// A model file: a real export with structural mutations, with text edits, or both.
fn model_file() -> BoxedStrategy<String> {
    let structural = (
        0usize..2,
        prop::collection::vec((any::<Index>(), 0u8..4, hostile()), 1..4),
    )
        .prop_map(|(m, edits)| {
            let mut doc: Value = serde_json::from_str(&models()[m]).unwrap();
            for (at, op, value) in edits {
                let mut all = Vec::new();
                pointers(&doc, String::new(), &mut all);
                let p = all[at.index(all.len())].clone();
                apply(&mut doc, &p, op, value);
            }
            doc.to_string()
        });
    let textual = (0usize..2, gen::edits()).prop_map(|(m, e)| gen::mutate_text(&models()[m], &e));
    prop_oneof![
        4 => structural,
        2 => textual,
        1 => (0usize..2).prop_map(|m| models()[m].clone()),
        1 => gen::json_value().prop_map(|v| v.to_string()),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// Any mutated model file: a short error about the model file, or a model that exports
    /// again and forecasts; memory within a small multiple of the file.
    #[test]
    fn imports_are_errors_or_working_models(text in model_file()) {
        let (result, usage) = measure(|| FittedLstm::from_json(&text));
        prop_assert!(
            usage.peak <= 256 * 1024 + 4 * text.len() && usage.largest <= 64 * 1024 + 2 * text.len(),
            "{} bytes of model file held {:?}", text.len(), usage
        );
        match result {
            Err(Error::Data(msg)) => {
                prop_assert!(msg.starts_with("model file"), "{}", msg);
                prop_assert!(msg.chars().count() <= MAX_MESSAGE_CHARS, "{}", msg);
            }
            Err(other) => prop_assert!(false, "unexpected error kind {other:?}"),
            Ok(model) => {
                let again = model.to_json().unwrap();
                prop_assert!(FittedLstm::from_json(&again).is_ok());
                let _ = model.predict(2, 0.9, None);
            }
        }
    }
}

mod regressions {
    use super::*;

    /// A file over the size limit is refused before it is parsed.
    #[test]
    fn oversized_file_is_refused_unread() {
        let text = format!("{{\"tail\":[{}\"\"]}}", "\"\",".repeat(MAX_FILE_BYTES / 3));
        assert!(text.len() > MAX_FILE_BYTES);
        let (r, usage) = measure(|| FittedLstm::from_json(&text));
        assert!(r.unwrap_err().to_string().contains("limit"));
        assert!(usage.peak < 64 * 1024, "{usage:?}");
    }

    /// Declared sizes far beyond the parameters are refused before anything is decoded.
    #[test]
    fn huge_declared_sizes_are_refused() {
        let mut doc: Value = serde_json::from_str(&models()[0]).unwrap();
        doc["params"]["units"] = json!([512, 512]);
        doc["weights"][0]["rows"] = json!(u64::MAX);
        doc["weights"][0]["cols"] = json!(u64::MAX);
        let text = doc.to_string();
        let (r, usage) = measure(|| FittedLstm::from_json(&text));
        assert!(r.is_err());
        assert!(usage.peak <= 256 * 1024 + text.len(), "{usage:?}");
    }

    /// A huge text value was quoted whole in the error message (and formatted twice over).
    #[test]
    fn long_values_are_quoted_in_part() {
        let long = "A".repeat(160_000);
        for pointer in [
            "/format",
            "/scaler/offset",
            "/tail/0",
            "/weights/0/name",
            "/version",
        ] {
            let mut doc: Value = serde_json::from_str(&models()[0]).unwrap();
            *doc.pointer_mut(pointer).unwrap() = json!(long);
            let text = doc.to_string();
            let (r, usage) = measure(|| FittedLstm::from_json(&text));
            let Err(Error::Data(msg)) = r else {
                panic!("{pointer}: {r:?}")
            };
            let n = msg.chars().count();
            assert!(n <= MAX_MESSAGE_CHARS, "{pointer}: {n} chars");
            assert!(
                usage.peak <= 256 * 1024 + 4 * text.len(),
                "{pointer}: {usage:?}"
            );
        }
    }

    /// Long arrays of tiny elements grew vectors many times the size of the file before
    /// their lengths were checked (20,000 empty tail strings, 60 kB, took 768 kB).
    #[test]
    fn long_arrays_are_refused_while_read() {
        for (pointer, value) in [
            ("/tail", json!(vec![""; 20_000])),
            ("/params/units", json!(vec![0; 20_000])),
            (
                "/weights",
                json!(vec![
                    json!({"name": "", "rows": 0, "cols": 0, "data": ""});
                    20_000
                ]),
            ),
        ] {
            let mut doc: Value = serde_json::from_str(&models()[0]).unwrap();
            *doc.pointer_mut(pointer).unwrap() = value;
            let text = doc.to_string();
            let (r, usage) = measure(|| FittedLstm::from_json(&text));
            let msg = r.unwrap_err().to_string();
            assert!(msg.contains("at most"), "{pointer}: {msg}");
            assert!(
                usage.peak <= 64 * 1024 + text.len() / 2,
                "{pointer}: {usage:?}"
            );
        }
    }
}
