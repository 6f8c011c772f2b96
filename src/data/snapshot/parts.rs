//! The file as a list of byte runs: small owned runs (headers, length prefixes) between the
//! writer's own column buffers, borrowed. A caller that stores the file somewhere else (the
//! browser's IndexedDB) copies each run once, without first joining them into one buffer.

use std::borrow::Cow;

use super::varint::{fnv1a_from, put_u64, FNV_START};

/// Runs shorter than this are copied into the current owned run instead of borrowed.
const BORROW_FROM: usize = 4096;

/// Collects the runs of a file being written.
#[derive(Debug, Default)]
pub struct Parts<'a> {
    runs: Vec<Cow<'a, [u8]>>,
    open: Vec<u8>,
}

impl<'a> Parts<'a> {
    /// The current owned run, to append small values to.
    pub fn small(&mut self) -> &mut Vec<u8> {
        &mut self.open
    }

    /// Append `bytes` as they are (borrowed when large).
    pub fn raw(&mut self, bytes: &'a [u8]) {
        if bytes.len() < BORROW_FROM {
            self.open.extend_from_slice(bytes);
        } else {
            self.close();
            self.runs.push(Cow::Borrowed(bytes));
        }
    }

    /// Append `bytes` length-prefixed.
    pub fn bytes(&mut self, bytes: &'a [u8]) {
        put_u64(&mut self.open, bytes.len() as u64);
        self.raw(bytes);
    }

    fn close(&mut self) {
        if !self.open.is_empty() {
            self.runs.push(Cow::Owned(std::mem::take(&mut self.open)));
        }
    }

    /// The runs in order, the checksum of everything before it appended as the last.
    pub fn finish(mut self) -> Vec<Cow<'a, [u8]>> {
        self.close();
        let sum = self
            .runs
            .iter()
            .fold(FNV_START, |h, run| fnv1a_from(h, run));
        self.runs.push(Cow::Owned(sum.to_le_bytes().to_vec()));
        self.runs
    }
}

/// The runs regrouped into pieces of at most `max` bytes each (`max` ≥ 1), in order: a
/// piece is a list of slices of the runs. Stored one at a time, a file never needs more
/// than one piece's worth of extra memory.
pub fn pieces<'r>(runs: &'r [Cow<'_, [u8]>], max: usize) -> Vec<Vec<&'r [u8]>> {
    let max = max.max(1);
    let mut out: Vec<Vec<&[u8]>> = Vec::new();
    let mut piece: Vec<&[u8]> = Vec::new();
    let mut room = max;
    for run in runs {
        let mut rest: &[u8] = run;
        while !rest.is_empty() {
            let (head, tail) = rest.split_at(rest.len().min(room));
            piece.push(head);
            room -= head.len();
            rest = tail;
            if room == 0 {
                out.push(std::mem::take(&mut piece));
                room = max;
            }
        }
    }
    if !piece.is_empty() {
        out.push(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::snapshot::varint::fnv1a;

    #[test]
    fn runs_join_to_the_bytes_with_their_checksum() {
        let big = vec![7u8; BORROW_FROM + 3];
        let small = [1u8, 2, 3];
        let mut p = Parts::default();
        put_u64(p.small(), 300);
        p.bytes(&small);
        p.bytes(&big);
        p.raw(&small);
        let runs = p.finish();
        assert!(
            matches!(runs[1], Cow::Borrowed(_)),
            "the large run is borrowed"
        );
        let joined: Vec<u8> = runs.concat();
        let mut want = Vec::new();
        put_u64(&mut want, 300);
        put_u64(&mut want, 3);
        want.extend_from_slice(&small);
        put_u64(&mut want, big.len() as u64);
        want.extend_from_slice(&big);
        want.extend_from_slice(&small);
        let sum = fnv1a(&want);
        want.extend_from_slice(&sum.to_le_bytes());
        assert_eq!(joined, want);
    }

    #[test]
    fn pieces_are_full_but_the_last_and_join_to_the_runs() {
        let runs: Vec<Cow<[u8]>> = vec![
            Cow::Owned((0..10u8).collect()),
            Cow::Owned(Vec::new()),
            Cow::Owned((10..35u8).collect()),
            Cow::Owned(vec![35]),
        ];
        for max in [1, 3, 7, 10, 36, 100] {
            let ps = pieces(&runs, max);
            let sizes: Vec<usize> = ps.iter().map(|p| p.iter().map(|s| s.len()).sum()).collect();
            assert_eq!(sizes.iter().sum::<usize>(), 36, "max {max}");
            assert!(
                sizes[..sizes.len() - 1].iter().all(|&n| n == max),
                "max {max}: {sizes:?}"
            );
            assert!(*sizes.last().unwrap() <= max && sizes.last() > Some(&0));
            let joined: Vec<u8> = ps.concat().concat();
            assert_eq!(joined, (0..36u8).collect::<Vec<_>>(), "max {max}");
        }
        assert!(pieces(&[], 5).is_empty());
    }
}
