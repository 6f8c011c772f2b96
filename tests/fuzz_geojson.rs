//! Property tests of the GeoJSON reader on arbitrary JSON and on FeatureCollections with
//! properties and geometries of every type, cut short or edited, small and large (up to 10,000
//! features, long fields). Nothing may panic, the rows read must match what the JSON says, and
//! memory must stay within a small multiple of the largest single feature plus the rows handed
//! out: the reader builds no document tree. Plain tests stream 200 MB of tiny features.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use std::io::Read;
use std::time::{Duration, Instant};

use crimecast::data::geojson::{read, read_from};
use crimecast::data::Error;
use fuzz_common::alloc::measure;
use fuzz_common::{config, config_large, gen, top_level_keys};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Fixed allowance of every read (buffers, the schema error's names), bytes.
const BASE: usize = 64 * 1024;
/// Peak memory allowed per byte of the largest single feature.
const PER_FEATURE_BYTE: usize = 16;

/// The largest feature of `text` as compact JSON, in bytes; the whole text when it is not a
/// readable collection (nothing smaller bounds what a reader may hold before it fails).
fn largest_feature(text: &str) -> usize {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return text.len();
    };
    match v.get("features").and_then(Value::as_array) {
        Some(features) => features
            .iter()
            .map(|f| f.to_string().len())
            .max()
            .unwrap_or(0),
        None => text.len(),
    }
}

/// Whether `props` has a key naming one of `aliases` (any case).
fn has(props: &Map<String, Value>, aliases: &[&str]) -> bool {
    props
        .keys()
        .any(|k| aliases.contains(&k.to_ascii_lowercase().as_str()))
}

/// What the reader should make of `text`: `Err(())` for an error, else per feature the
/// coordinates its Point geometry supplies (when its properties carry none).
fn expected(text: &str) -> Result<Vec<Option<(f64, f64)>>, ()> {
    let v: Value = serde_json::from_str(text).map_err(|_| ())?;
    if top_level_keys(text)
        .iter()
        .filter(|k| *k == "features")
        .count()
        > 1
    {
        return Err(()); // refused: which array would be meant?
    }
    let features = v.get("features").and_then(Value::as_array).ok_or(())?;
    fn props<'a>(f: &'a Value, empty: &'a Map<String, Value>) -> &'a Map<String, Value> {
        f.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(empty)
    }
    let empty = Map::new();
    let first = features.first().ok_or(())?;
    if !has(
        props(first, &empty),
        &["incident_occurred_at", "incident_timestamp"],
    ) || !has(props(first, &empty), &["offense_category"])
    {
        return Err(());
    }
    Ok(features
        .iter()
        .map(|f| {
            if has(props(f, &empty), &["longitude", "x"]) {
                return None;
            }
            let g = f.get("geometry")?;
            if g.get("type")?.as_str()? != "Point" {
                return None;
            }
            let c = g.get("coordinates")?.as_array()?;
            Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?))
        })
        .collect())
}

proptest! {
    #![proptest_config(config())]

    /// Any text: no panic; rows exactly as the JSON says (one per feature, Point
    /// coordinates used where the properties have none, nothing on an error), and memory
    /// within a small multiple of the largest feature plus the rows handed out.
    #[test]
    fn rows_match_the_json(text in gen::geojson_text()) {
        let mut coords = Vec::new();
        let (result, usage) = measure(|| {
            read(&text, &mut |r| coords.push((r.longitude, r.latitude)))
        });
        let rows = 2 * coords.capacity() * std::mem::size_of::<(Option<f64>, Option<f64>)>();
        let largest = largest_feature(&text);
        prop_assert!(
            usage.peak <= BASE + PER_FEATURE_BYTE * largest + rows,
            "{} bytes, largest feature {largest}, rows {rows}: {:?}", text.len(), usage
        );
        match (result, expected(&text)) {
            (Ok(n), Ok(points)) => {
                prop_assert_eq!(n, points.len());
                prop_assert_eq!(coords.len(), n);
                for (got, want) in coords.iter().zip(&points) {
                    if let Some((x, y)) = want {
                        prop_assert_eq!(got.0.map(f64::to_bits), Some(x.to_bits()));
                        prop_assert_eq!(got.1.map(f64::to_bits), Some(y.to_bits()));
                    }
                }
            }
            (Err(e), Err(())) => {
                prop_assert!(e.to_string().len() <= 200 + 2 * text.len());
                prop_assert!(coords.is_empty());
                prop_assert!(
                    matches!(e, Error::Parse(_) | Error::Schema { .. } | Error::Empty(_)),
                    "{e:?}"
                );
            }
            (got, want) => prop_assert!(false, "got {got:?}, expected {want:?}"),
        }
    }

    /// A collection whose first feature carries both required properties reads every
    /// feature, whatever the others hold.
    #[test]
    fn complete_collections_read_every_feature((fc, valid_first) in gen::geojson_value()) {
        let n = fc["features"].as_array().map_or(0, Vec::len);
        let got = read(&fc.to_string(), &mut |_| {});
        if valid_first {
            prop_assert_eq!(got, Ok(n));
        } else {
            prop_assert!(got.is_err());
        }
    }
}

proptest! {
    #![proptest_config(config_large())]

    /// Large collections (up to 10,000 features, either schema or both, long fields): every
    /// feature read with its coordinates, in memory bounded by the largest feature.
    #[test]
    fn large_collections_read_every_feature(l in gen::large::large()) {
        let (text, points) = gen::large::geojson(&l);
        let mut coords = Vec::with_capacity(points.len());
        let (got, usage) = measure(|| {
            read(&text, &mut |r| coords.push((r.longitude, r.latitude)))
        });
        prop_assert_eq!(got, Ok(points.len()));
        for (got, want) in coords.iter().zip(&points) {
            prop_assert_eq!(*got, (want.map(|p| p.0), want.map(|p| p.1)));
        }
        let largest = largest_feature(&text);
        prop_assert!(
            usage.peak <= BASE + PER_FEATURE_BYTE * largest,
            "{} bytes, largest feature {largest}: {:?}", text.len(), usage
        );
    }
}

/// A FeatureCollection of `count` copies of `feature`, made as it is read (never held
/// whole); `served` counts the bytes handed out.
struct Collection {
    feature: &'static [u8],
    count: usize,
    /// Next piece: 0 = head, 1..=count = features, count + 1 = tail, beyond = end.
    piece: usize,
    offset: usize,
    served: usize,
}

const HEAD: &[u8] = br#"{"type":"FeatureCollection","features":["#;
const TAIL: &[u8] = b"]}";

impl Collection {
    /// About `bytes` bytes of `feature`s.
    fn of_size(feature: &'static str, bytes: usize) -> Self {
        Collection {
            feature: feature.as_bytes(),
            count: bytes / (feature.len() + 1),
            piece: 0,
            offset: 0,
            served: 0,
        }
    }

    fn len(&self) -> usize {
        HEAD.len() + self.count * (self.feature.len() + 1) - 1 + TAIL.len()
    }
}

impl Read for Collection {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            let piece: &[u8] = match self.piece {
                0 => HEAD,
                k if k <= self.count => self.feature,
                k if k == self.count + 1 => TAIL,
                _ => break,
            };
            // A comma after every feature but the last.
            let comma = (1..self.count).contains(&self.piece);
            let len = piece.len() + usize::from(comma);
            while n < buf.len() && self.offset < len {
                buf[n] = piece.get(self.offset).copied().unwrap_or(b',');
                n += 1;
                self.offset += 1;
            }
            if self.offset == len {
                self.piece += 1;
                self.offset = 0;
            }
        }
        self.served += n;
        Ok(n)
    }
}

/// 200 MB.
const BIG: usize = 200 << 20;

/// A tiny feature without the incident fields.
const LACKING: &str = r#"{"type":"Feature","properties":{"name":"x"},"geometry":null}"#;

/// A tiny feature with the incident fields and a Point.
const TINY: &str = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-83.05,42.35]},"properties":{"incident_occurred_at":1761249600000,"offense_category":"ARSON"}}"#;

/// 200 MB of tiny features lacking the required fields, streamed: refused at the first
/// feature, in words, having read a few kilobytes, in bounded memory and time.
#[test]
fn a_stream_lacking_the_fields_is_refused_at_its_first_feature() {
    let mut stream = Collection::of_size(LACKING, BIG);
    assert!(stream.len() >= BIG - LACKING.len());
    let started = Instant::now();
    let (result, usage) = measure(|| read_from(&mut stream, &mut |_| {}));
    let took = started.elapsed();
    match result {
        Err(Error::Schema { missing, found }) => {
            assert_eq!(missing, "incident_occurred_at, offense_category");
            assert_eq!(found, "name");
        }
        other => panic!("expected a schema error, got {other:?}"),
    }
    assert!(stream.served <= 64 * 1024, "read {} bytes", stream.served);
    assert!(usage.peak <= BASE, "{usage:?}");
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

/// The same 200 MB as one text (as the worker holds an upload): refused at the first
/// feature too, holding nothing but the first feature.
#[test]
fn a_text_lacking_the_fields_is_refused_at_its_first_feature() {
    let mut text = String::with_capacity(BIG + 64);
    Collection::of_size(LACKING, BIG)
        .read_to_string(&mut text)
        .unwrap();
    let started = Instant::now();
    let (result, usage) = measure(|| read(&text, &mut |_| {}));
    let took = started.elapsed();
    assert!(matches!(result, Err(Error::Schema { .. })), "{result:?}");
    assert!(usage.peak <= BASE, "{usage:?}");
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

/// 200 MB of tiny valid features, streamed: every feature read, in memory independent of
/// their number (the rows are only counted), each byte read once.
#[test]
fn two_hundred_megabytes_of_tiny_features_stream_in_bounded_memory() {
    let mut stream = Collection::of_size(TINY, BIG);
    let (len, count) = (stream.len(), stream.count);
    let (mut rows, mut located) = (0usize, 0usize);
    let started = Instant::now();
    let (result, usage) = measure(|| {
        read_from(&mut stream, &mut |r| {
            rows += 1;
            located += usize::from(r.longitude == Some(-83.05) && r.latitude == Some(42.35));
        })
    });
    let took = started.elapsed();
    assert_eq!(result, Ok(count));
    assert_eq!((rows, located), (count, count));
    assert_eq!(stream.served, len);
    assert!(usage.peak <= BASE, "{usage:?}");
    println!("{count} features, {} MB in {took:?}, {usage:?}", len >> 20);
    assert!(took < Duration::from_secs(120), "took {took:?}");
}

mod regressions {
    use super::*;

    /// A number out of range in a later feature was only scanned by the checking pass, so
    /// the rows before it were handed out before the error.
    #[test]
    fn a_bad_number_late_in_the_text_hands_out_no_row() {
        let text = r#"{"features":[
            {"properties":{"incident_occurred_at":1,"offense_category":"A"}},
            {"properties":{"longitude":-83.0e514182833667}}]}"#;
        let mut rows = 0;
        let got = read(text, &mut |_| rows += 1);
        assert!(matches!(got, Err(Error::Parse(_))), "{got:?}");
        assert_eq!(rows, 0);
    }
}
