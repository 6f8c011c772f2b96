//! Property tests of the push-based CSV reader and of cleaning its rows: any bytes, any
//! chunking. The reader must not panic, must hand out the same rows whatever the chunk
//! boundaries, must keep its memory proportional to the input, and the cleaning accounting
//! must balance (`read = kept + dropped`).
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};

use crimecast::data::clean::{Action, CleanRules, Cleaner, MAX_EXAMPLES, MAX_REASON_CHARS, RULES};
use crimecast::data::csv_stream::{CsvRow, CsvStream, MAX_ROW_BYTES};
use crimecast::data::raw::RawRecord;
use crimecast::data::store::Store;
use fuzz_common::alloc::measure;
use fuzz_common::{chunks, config, config_large, gen, line_breaks};
use proptest::prelude::*;

/// Feeds formatted text into a hasher without allocating.
struct HashWriter(DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

fn fingerprint(args: std::fmt::Arguments<'_>) -> u64 {
    let mut w = HashWriter(DefaultHasher::new());
    let _ = w.write_fmt(args);
    w.0.finish()
}

fn text_bytes(r: &RawRecord<'_>) -> usize {
    [
        &r.report_number,
        &r.offense_category,
        &r.offense_description,
        &r.precinct,
        &r.neighborhood,
        &r.council_district,
        &r.zip_code,
        &r.location_text,
    ]
    .iter()
    .map(|s| s.len())
    .sum()
}

/// What a read produced: a fingerprint per row (records and malformed rows), the first
/// error, the most text one record carried and the longest malformed-row reason.
#[derive(Debug, PartialEq)]
struct Outcome {
    rows: Vec<(bool, u64)>,
    error: Option<String>,
    widest: usize,
    longest_reason: usize,
}

fn read(parts: &[&[u8]]) -> Outcome {
    let mut stream = CsvStream::new();
    let mut rows = Vec::new();
    let (mut widest, mut longest_reason) = (0, 0);
    let result = {
        let mut on = |row: CsvRow<'_>| match row {
            CsvRow::Record(r) => {
                widest = widest.max(text_bytes(&r));
                rows.push((true, fingerprint(format_args!("{r:?}"))));
            }
            CsvRow::Malformed(m) => {
                longest_reason = longest_reason.max(m.len());
                rows.push((false, fingerprint(format_args!("{m}"))));
            }
        };
        parts
            .iter()
            .try_for_each(|c| stream.push(c, &mut on))
            .and_then(|()| stream.finish(&mut on))
    };
    Outcome {
        rows,
        error: result.err().map(|e| e.to_string()),
        widest,
        longest_reason,
    }
}

/// Read `parts` as the worker does: records into the cleaner, malformed rows counted.
fn clean(parts: &[&[u8]], rules: CleanRules) -> (Cleaner, Store, usize) {
    let mut stream = CsvStream::new();
    let mut cleaner = Cleaner::new(rules);
    let mut store = Store::new();
    let mut rows = 0;
    {
        let mut on = |row: CsvRow<'_>| {
            rows += 1;
            match row {
                CsvRow::Record(r) => {
                    cleaner.push(&r, &mut store);
                }
                CsvRow::Malformed(m) => cleaner.malformed(m),
            }
        };
        let _ = parts
            .iter()
            .try_for_each(|c| stream.push(c, &mut on))
            .and_then(|()| stream.finish(&mut on));
    }
    (cleaner, store, rows)
}

proptest! {
    #![proptest_config(config())]

    /// Any bytes, any chunking: no panic, the same rows and error as one whole push, at
    /// most one row per line, record text no larger than the input (3 bytes per invalid
    /// byte once replaced), and memory proportional to the input.
    #[test]
    fn rows_do_not_depend_on_chunking(
        bytes in gen::csv_bytes(),
        sizes in prop::collection::vec(1usize..40, 1..6),
    ) {
        let whole = read(&[&bytes]);
        let parts = chunks(&bytes, &sizes);
        let (chunked, usage) = measure(|| read(&parts));
        prop_assert_eq!(&whole, &chunked);
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        prop_assert_eq!(&whole, &read(&bytewise));
        prop_assert!(whole.rows.len() <= line_breaks(&bytes) + 1);
        prop_assert!(whole.widest <= 3 * bytes.len());
        prop_assert!(whole.longest_reason <= 64);
        // Error messages quote at most the header: 3 bytes per replaced invalid byte.
        prop_assert!(whole.error.as_ref().is_none_or(|e| e.len() <= 200 + 3 * bytes.len()));
        prop_assert!(
            usage.peak <= 16 * 1024 + 16 * bytes.len(),
            "{} bytes of input held {:?}", bytes.len(), usage
        );
    }

    /// Any bytes through the cleaner with any rules: every row read is kept or dropped by
    /// exactly one rule, kept rows are stored, examples stay few and short.
    #[test]
    fn cleaning_accounting_balances(
        bytes in gen::csv_bytes(),
        sizes in prop::collection::vec(1usize..40, 1..6),
        rules in gen::clean_rules(),
    ) {
        let (mut cleaner, mut store, rows) = clean(&chunks(&bytes, &sizes), rules);
        let q = cleaner.finish(&mut store);
        prop_assert!(q.balances(), "{:?}", q);
        prop_assert_eq!(q.read, rows as u64);
        prop_assert_eq!(q.kept, store.len() as u64);
        prop_assert!(q.incidents <= q.kept);
        prop_assert!(q.examples.len() <= MAX_EXAMPLES);
        for e in &q.examples {
            prop_assert!(e.reason.chars().count() <= MAX_REASON_CHARS + 1);
            prop_assert!(e.row >= 1 && e.row <= q.read);
        }
        for flagged in q.flagged {
            prop_assert!(flagged <= q.kept, "{:?}", q);
        }
        if let Some((a, b)) = q.day_range {
            prop_assert!(a <= b && q.kept > 0);
        }
    }
}

proptest! {
    #![proptest_config(config_large())]

    /// Large exports (up to 10,000 rows of either schema, long fields, shuffled and extra
    /// columns, mixed line endings) in any chunks: one record per row, the same rows as one
    /// whole push, memory proportional to the input, and a balanced cleaning of every row.
    #[test]
    fn large_exports_read_every_row(
        l in gen::large::large(),
        sizes in prop::collection::vec(1usize..100_000, 1..4),
    ) {
        let (bytes, records) = gen::large::csv(&l);
        let parts = chunks(&bytes, &sizes);
        let (chunked, usage) = measure(|| read(&parts));
        prop_assert_eq!(chunked.error.as_deref(), None);
        prop_assert_eq!(chunked.rows.len(), records);
        prop_assert!(chunked.rows.iter().all(|(record, _)| *record));
        prop_assert_eq!(&chunked, &read(&[&bytes]));
        prop_assert!(
            usage.peak <= 16 * 1024 + 16 * bytes.len(),
            "{} bytes of input held {:?}", bytes.len(), usage
        );
        let (mut cleaner, mut store, rows) = clean(&parts, CleanRules::default());
        let q = cleaner.finish(&mut store);
        prop_assert_eq!((rows, q.read), (records, records as u64));
        prop_assert!(q.balances());
        prop_assert!(q.kept > 0 || records < 100, "{:?}", q);
    }
}

/// Each distinct text is held once by the interner (a CSV of 50,000 distinct categories
/// used to keep every name twice: in the list and again as its index's key).
#[test]
fn distinct_texts_are_stored_once() {
    use crimecast::data::store::Interner;
    const N: usize = 50_000;
    const LEN: usize = 200;
    let texts: Vec<String> = (0..N).map(|i| format!("{i:0>LEN$}")).collect();
    let (interner, usage) = measure(|| {
        let mut interner = Interner::new();
        for t in &texts {
            interner.intern(t);
        }
        interner
    });
    assert_eq!(interner.len(), N + 1);
    for (i, t) in texts.iter().enumerate().step_by(997) {
        assert_eq!(interner.get(t), Some(i as u32 + 1));
        assert_eq!(interner.name(i as u32 + 1), t);
    }
    // The texts once, plus a small fixed cost per entry (its boxed text, its id, the growth
    // of both tables): a second copy of the texts alone would be another N * LEN bytes.
    let bound = N * LEN + 64 * N;
    assert!(usage.peak <= bound, "{usage:?} against {bound}");
}

mod regressions {
    use super::*;

    const HEADER: &str =
        "incident_occurred_at,offense_category,police_precinct,longitude,latitude\n";

    /// A date of `i64::MIN` ms overflowed in the Detroit clock while cleaning.
    #[test]
    fn smallest_epoch_date_is_dropped_not_a_panic() {
        let csv = format!("{HEADER}-9223372036854775808,ARSON,02,-83.05,42.35\n");
        let (mut cleaner, mut store, rows) = clean(&[csv.as_bytes()], CleanRules::default());
        let q = cleaner.finish(&mut store);
        assert_eq!((rows, q.read, q.kept), (1, 1, 0));
        assert!(q.balances());
    }

    /// A row flagged for its precinct, then dropped for its coordinates, was counted as
    /// flagged although the quality panel reads `flagged` as kept rows.
    #[test]
    fn rows_dropped_after_a_flag_are_not_counted_as_flagged() {
        let csv = "incident_occurred_at,offense_category,police_precinct\n\
                   2025/10/23 20:00:00+00,ARSON,HP\n";
        let rules = CleanRules {
            junk_precinct: Action::Flag,
            missing_coords: Action::Drop,
            ..CleanRules::default()
        };
        let (mut cleaner, mut store, _) = clean(&[csv.as_bytes()], rules);
        let q = cleaner.finish(&mut store);
        assert_eq!((q.read, q.kept), (1, 0));
        assert_eq!(q.flagged, [0; RULES.len()]);
    }

    /// A byte order mark split across chunks was not recognised: a BOM-only file gave a
    /// schema error instead of "no header row", and a quoted header after the mark was
    /// read with its quotes (so its columns were unknown).
    #[test]
    fn byte_order_mark_split_across_chunks() {
        let bom_only = b"\xef\xbb\xbf";
        let bytewise: Vec<&[u8]> = bom_only.chunks(1).collect();
        assert_eq!(read(&bytewise), read(&[bom_only]));
        assert!(read(&bytewise).error.unwrap().contains("no header row"));
        let csv = "\u{feff}\"incident_occurred_at\",\"offense_category\"\n\
                   2025/10/23 20:00:00+00,ARSON\n";
        for size in [1, 2, 3, 4, 100] {
            let parts: Vec<&[u8]> = csv.as_bytes().chunks(size).collect();
            let out = read(&parts);
            assert_eq!(out.error, None, "chunks of {size}");
            assert_eq!(out.rows.len(), 1);
            assert_eq!(out, read(&[csv.as_bytes()]));
        }
    }

    /// An unreadable date of a megabyte became a megabyte-long example for the panel.
    #[test]
    fn example_reasons_are_cut_short() {
        let csv = format!(
            "{HEADER}{},ARSON,02,-83.05,42.35\n",
            "9".repeat(500_000) + "x"
        );
        let (mut cleaner, mut store, _) = clean(&[csv.as_bytes()], CleanRules::default());
        let q = cleaner.finish(&mut store);
        assert_eq!(q.examples.len(), 1);
        assert!(q.examples[0].reason.chars().count() <= MAX_REASON_CHARS + 1);
        assert!(q.examples[0].reason.starts_with("unreadable date"));
    }

    /// A row longer than the limit stops the read with an error, whatever the chunking,
    /// without the buffer growing past twice the limit.
    #[test]
    fn overlong_row_is_an_error_with_bounded_memory() {
        let mut csv = HEADER.as_bytes().to_vec();
        csv.extend(std::iter::repeat_n(b'a', MAX_ROW_BYTES * 2));
        for size in [MAX_ROW_BYTES * 4, 65_536, 1000] {
            let parts: Vec<&[u8]> = csv.chunks(size).collect();
            let (out, usage) = measure(|| read(&parts));
            assert!(out.error.unwrap().contains("longer than"));
            assert!(out.rows.is_empty());
            assert!(usage.peak <= 2 * MAX_ROW_BYTES + 64 * 1024, "{usage:?}");
        }
    }

    /// A row with more fields than the limit stops the read with an error.
    #[test]
    fn too_many_fields_is_an_error() {
        let csv = format!("{HEADER}{}\n", ",".repeat(5000));
        let out = read(&[csv.as_bytes()]);
        assert!(out.error.unwrap().contains("4096 fields"));
    }
}
