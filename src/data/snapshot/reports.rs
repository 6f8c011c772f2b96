//! Report numbers: mostly new, repeated by the next few rows of the same report, and plain
//! numbers that climb within a day.

use std::collections::VecDeque;

use super::parts::Parts;
use super::varint::{corrupt, put_u64, unzigzag, zigzag, Cursor};
use crate::data::Result;

/// How many of the latest report numbers a repeat may refer back to.
const RECENT_REPORTS: usize = 32;

/// Report numbers: a per-row code (0: a new dictionary entry; k: the k-th latest entry), and
/// entries stored as a delta from the previous numeric entry when they are plain decimal
/// numbers (as the City's are), else as text.
#[derive(Debug, Default)]
pub struct ReportColumn {
    recent: VecDeque<Box<str>>,
    entries: u64,
    last_number: i64,
    dict: Vec<u8>,
    codes: Vec<u8>,
}

/// A canonical decimal number (no sign, no leading zero, at most 18 digits) as its value.
fn plain_number(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let canonical = !b.is_empty()
        && b.len() <= 18
        && b.iter().all(u8::is_ascii_digit)
        && (b[0] != b'0' || b.len() == 1);
    canonical.then(|| text.parse().ok()).flatten()
}

impl ReportColumn {
    /// Append one value.
    pub fn push(&mut self, text: &str) {
        if let Some(k) = self.recent.iter().rev().position(|r| &**r == text) {
            put_u64(&mut self.codes, k as u64 + 1);
            return;
        }
        put_u64(&mut self.codes, 0);
        self.entries += 1;
        match plain_number(text) {
            Some(v) => {
                put_u64(&mut self.dict, zigzag(v - self.last_number) << 1);
                self.last_number = v;
            }
            None => {
                put_u64(&mut self.dict, ((text.len() as u64) << 1) | 1);
                self.dict.extend_from_slice(text.as_bytes());
            }
        }
        if self.recent.len() == RECENT_REPORTS {
            self.recent.pop_front();
        }
        self.recent.push_back(text.into());
    }

    /// Room for `rows` more rows (a new number's 3 bytes and a code's 2).
    pub fn reserve(&mut self, rows: usize) {
        self.dict.reserve(rows.saturating_mul(3));
        self.codes.reserve(rows.saturating_mul(2));
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.dict.len() + self.codes.len() + RECENT_REPORTS * 32
    }

    /// Layout: entries, the entries' bytes (length-prefixed), the codes (length-prefixed).
    pub fn write<'a>(&'a self, out: &mut Parts<'a>) {
        put_u64(out.small(), self.entries);
        out.bytes(&self.dict);
        out.bytes(&self.codes);
    }
}

/// The report numbers' dictionary of a [`ReportColumn`], spelled out into one string.
#[derive(Debug, Clone, Default)]
pub struct ReportDict {
    text: String,
    ends: Vec<usize>,
}

impl ReportDict {
    /// Parse the entries; returns them and the per-row codes.
    pub fn parse<'a>(c: &mut Cursor<'a>) -> Result<(Self, Cursor<'a>)> {
        const WHAT: &str = "report numbers";
        let n = c.len(c.remaining(), WHAT)?;
        let mut d = Cursor::new(c.bytes(WHAT)?);
        let codes = Cursor::new(c.bytes(WHAT)?);
        let mut text = String::new();
        let mut ends = Vec::with_capacity(n);
        let mut last = 0i64;
        for _ in 0..n {
            let v = d.u64(WHAT)?;
            if v & 1 == 1 {
                let len = usize::try_from(v >> 1).unwrap_or(usize::MAX);
                let b = d.take(len, WHAT)?;
                let s =
                    std::str::from_utf8(b).map_err(|_| corrupt("a report number is not UTF-8"))?;
                text.push_str(s);
            } else {
                last = last
                    .checked_add(unzigzag(v >> 1))
                    .filter(|x| *x >= 0)
                    .ok_or_else(|| corrupt("report number out of range"))?;
                text.push_str(&last.to_string());
            }
            ends.push(text.len());
        }
        if !d.is_empty() {
            return Err(corrupt("report numbers: bytes past the last entry"));
        }
        Ok((ReportDict { text, ends }, codes))
    }

    /// Entry `id`'s text ("" past the end).
    pub fn entry(&self, id: usize) -> &str {
        let start = id
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(id).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Entries.
    pub fn entries(&self) -> usize {
        self.ends.len()
    }
}

/// Reads the per-row codes of a [`ReportColumn`] into entry ids.
#[derive(Debug, Clone)]
pub struct ReportCodes<'a> {
    codes: Cursor<'a>,
    seen: usize,
    entries: usize,
}

impl<'a> ReportCodes<'a> {
    /// Codes over a dictionary of `entries` entries.
    pub fn new(codes: Cursor<'a>, entries: usize) -> Self {
        ReportCodes {
            codes,
            seen: 0,
            entries,
        }
    }

    /// The next row's entry id.
    pub fn next_id(&mut self) -> Result<usize> {
        let k = self.codes.u64("report numbers")?;
        let id = if k == 0 {
            self.seen += 1;
            self.seen - 1
        } else {
            usize::try_from(k)
                .ok()
                .filter(|&k| k <= self.seen && k <= RECENT_REPORTS)
                .map(|k| self.seen - k)
                .ok_or_else(|| corrupt(format_args!("report number back-reference {k}")))?
        };
        if id >= self.entries {
            return Err(corrupt(
                "report numbers: more new entries than the dictionary",
            ));
        }
        Ok(id)
    }

    /// Whether every code was read.
    pub fn done(&self) -> bool {
        self.codes.is_empty()
    }
}
