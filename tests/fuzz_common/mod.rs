//! Shared pieces of the `fuzz_*` property suites: the case budget, an allocation meter,
//! chunking, and generators of hostile inputs shaped like crimecast's sources, small and
//! large.
//!
//! Each suite includes this module with `mod fuzz_common;`; not every suite uses every item.
#![allow(dead_code)]

pub mod alloc;
pub mod gen;

use proptest::test_runner::Config;

/// Generated cases per property when `CRIMECAST_FUZZ_CASES` is not set.
pub const DEFAULT_CASES: u32 = 10_000;

/// Cases per property: `CRIMECAST_FUZZ_CASES`, or [`DEFAULT_CASES`].
pub fn cases() -> u32 {
    std::env::var("CRIMECAST_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_CASES)
}

/// The proptest configuration of every fuzz property: [`cases`] cases, no regression files
/// written into the source tree (minimal failing inputs become plain `#[test]`s instead).
pub fn config() -> Config {
    Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 20_000,
        ..Config::default()
    }
}

/// Cases per property on large inputs (thousands of rows each): one in 500 of [`cases`], at
/// least 4, so `cargo test` spends a few seconds on them and `./scripts/fuzz` more.
pub fn large_cases() -> u32 {
    (cases() / 500).max(4)
}

/// The proptest configuration of the properties on large inputs: [`large_cases`] cases.
pub fn config_large() -> Config {
    Config {
        cases: large_cases(),
        ..config()
    }
}

/// Split `bytes` into consecutive chunks whose sizes cycle through `sizes` (each at least 1).
pub fn chunks<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    let mut k = 0;
    while !rest.is_empty() {
        let n = sizes
            .get(k % sizes.len().max(1))
            .copied()
            .unwrap_or(1)
            .clamp(1, rest.len());
        out.push(&rest[..n]);
        rest = &rest[n..];
        k += 1;
    }
    out
}

/// Number of bytes that can end a CSV record (`\n` or `\r`).
pub fn line_breaks(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count()
}

/// Number of `{` in a text: an upper bound on the JSON objects it can hold.
pub fn braces(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'{').count()
}

/// The largest byte index `<= i` that is a char boundary of `s`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The member names of `text`'s top-level object in document order, repeats included (empty
/// when the text is not a JSON object). `serde_json::Value` keeps only the last of repeated
/// members, so a reference reader built on it cannot see them.
pub fn top_level_keys(text: &str) -> Vec<String> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(k) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(k);
            }
            Ok(keys)
        }
    }
    serde_json::Deserializer::from_str(text)
        .deserialize_map(Keys)
        .unwrap_or_default()
}
