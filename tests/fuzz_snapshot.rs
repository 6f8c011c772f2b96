//! Property tests of the snapshot reader on arbitrary bytes and on real snapshots edited
//! (bytes changed, inserted, removed, cut short) with their checksum made right again, so the
//! edits reach the column decoders. Nothing may panic; a snapshot that reads must hand out
//! exactly the rows its header counts.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use crimecast::data::arcgis::Window;
use crimecast::data::raw::{RawRecord, RawTime};
use crimecast::data::snapshot::{Snapshot, SnapshotWriter, MAGIC};
use fuzz_common::config;
use proptest::prelude::*;

/// FNV-1a, 64 bits (the snapshot's checksum), over `bytes`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Replace the last 8 bytes with the checksum of the rest (when there are more than 8).
fn reseal(bytes: &mut [u8]) {
    if bytes.len() > 8 {
        let n = bytes.len() - 8;
        let sum = fnv1a(&bytes[..n]);
        bytes[n..].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Whatever `bytes` are, reading them returns; a snapshot that reads yields its rows.
fn read_is_sound(bytes: &[u8]) {
    if let Ok(snap) = Snapshot::read(bytes) {
        assert_eq!(snap.rows().count() as u64, snap.header().rows);
    }
}

fn snapshot(n: usize, seed: u64) -> Vec<u8> {
    let window = Window::new(19_000, 19_400).expect("a window");
    let mut w = SnapshotWriter::new(1_700_000_000_000, "https://example.org/0/query", window);
    for i in 0..n as u64 {
        let k = i.wrapping_mul(seed | 1) % 97;
        let text = format!("T{}", k % 7);
        let report = format!("{}", 2_401_010_000 + i / 2);
        w.push(&RawRecord {
            report_number: report.as_str().into(),
            occurred: match k % 11 {
                0 => RawTime::Missing,
                1 => RawTime::Text("2024/01/02 03:04:05+00".into()),
                _ => RawTime::EpochMs(1_704_000_000_000 + (k as i64) * 60_000),
            },
            offense_category: text.as_str().into(),
            offense_description: "D".into(),
            precinct: "02".into(),
            neighborhood: text.as_str().into(),
            location_text: "A St & B Ave".into(),
            longitude: (k % 13 != 0).then_some(-83.1 + k as f64 * 1e-4),
            latitude: (k % 13 != 0).then_some(42.3 + k as f64 * 1e-5),
            object_id: Some(i as i64 + 1),
            ..RawRecord::default()
        });
    }
    w.finish()
}

#[derive(Debug, Clone)]
enum Edit {
    Set(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Remove(prop::sample::Index),
    Cut(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Remove),
        any::<prop::sample::Index>().prop_map(Edit::Cut),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_after_the_magic(tail in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut bytes = MAGIC.to_vec();
        bytes.push(1);
        bytes.extend_from_slice(&tail);
        read_is_sound(&bytes);
        reseal(&mut bytes);
        read_is_sound(&bytes);
    }

    #[test]
    fn edited_snapshots_with_a_right_checksum(
        n in 0usize..60,
        seed in any::<u64>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut bytes = snapshot(n, seed);
        let body = bytes.len() - 8;
        let mut body_bytes = bytes[..body].to_vec();
        for e in edits {
            let len = body_bytes.len().max(1);
            match e {
                Edit::Set(i, b) if !body_bytes.is_empty() => body_bytes[i.index(len)] = b,
                Edit::Insert(i, b) => body_bytes.insert(i.index(len + 1).min(body_bytes.len()), b),
                Edit::Remove(i) if !body_bytes.is_empty() => {
                    body_bytes.remove(i.index(len));
                }
                Edit::Cut(i) => body_bytes.truncate(i.index(len + 1)),
                _ => {}
            }
        }
        body_bytes.extend_from_slice(&fnv1a(&body_bytes).to_le_bytes());
        bytes = body_bytes;
        read_is_sound(&bytes);
    }
}

#[test]
fn an_unedited_snapshot_reads() {
    for n in [0, 1, 59] {
        let bytes = snapshot(n, 7);
        let snap = Snapshot::read(&bytes).expect("reads");
        assert_eq!(snap.rows().count(), n);
    }
}
