//! LEB128 varints, zig-zag signed integers and a bounds-checked reader over a byte slice.

use crate::data::{Error, Result};

/// Append `v` as an unsigned LEB128 varint (7 bits a byte, low bits first).
pub fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Zig-zag: signed to unsigned so small magnitudes of either sign stay small.
pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Inverse of [`zigzag`].
pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Append `v` zig-zag coded as a varint.
pub fn put_i64(out: &mut Vec<u8>, v: i64) {
    put_u64(out, zigzag(v));
}

/// Append a length-prefixed byte string.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u64(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// The error of a snapshot that cannot be read.
pub fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Snapshot(what.to_string())
}

/// A reader over a byte slice; every read checks the bounds and names what it read.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    /// Whether every byte was read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Bytes left.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// An unsigned varint (at most 10 bytes, no bits past 64).
    pub fn u64(&mut self, what: &str) -> Result<u64> {
        let mut v = 0u64;
        for i in 0..10 {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(corrupt(format_args!("truncated in {what}")));
            };
            self.pos += 1;
            let bits = u64::from(b & 0x7f);
            if i == 9 && bits > 1 {
                return Err(corrupt(format_args!("varint overflow in {what}")));
            }
            v |= bits << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt(format_args!("varint too long in {what}")))
    }

    /// A zig-zag signed varint.
    pub fn i64(&mut self, what: &str) -> Result<i64> {
        self.u64(what).map(unzigzag)
    }

    /// A varint that must fit `usize` and be at most `max`.
    pub fn len(&mut self, max: usize, what: &str) -> Result<usize> {
        let v = self.u64(what)?;
        usize::try_from(v)
            .ok()
            .filter(|&n| n <= max)
            .ok_or_else(|| corrupt(format_args!("{what} {v} exceeds {max}")))
    }

    /// `n` raw bytes.
    pub fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| corrupt(format_args!("truncated in {what}")))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self, what: &str) -> Result<&'a [u8]> {
        let n = self.len(self.remaining(), what)?;
        self.take(n, what)
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self, what: &str) -> Result<&'a str> {
        let b = self.bytes(what)?;
        std::str::from_utf8(b).map_err(|_| corrupt(format_args!("{what} is not UTF-8")))
    }

    /// Eight bytes, little-endian.
    pub fn u64_le(&mut self, what: &str) -> Result<u64> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// FNV-1a, 64 bits: the checksum at a snapshot's end (catches damage, not tampering).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_START, bytes)
}

/// FNV-1a's starting value.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a continued from `h` over `bytes` (a hash over several runs, in order).
pub fn fnv1a_from(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_the_edges() {
        for v in [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::MAX / 2,
            u64::MAX,
        ] {
            let mut b = Vec::new();
            put_u64(&mut b, v);
            assert_eq!(Cursor::new(&b).u64("v").unwrap(), v);
        }
        let mut b = Vec::new();
        put_u64(&mut b, 300);
        assert_eq!(b, [0xac, 0x02]);
        for v in [0i64, -1, 1, -64, 64, i64::MIN, i64::MAX] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
    }

    #[test]
    fn overlong_and_truncated_varints_are_errors() {
        assert!(Cursor::new(&[0x80]).u64("v").is_err());
        assert!(Cursor::new(&[0xff; 11]).u64("v").is_err());
        let mut b = vec![0xff; 9];
        b.push(0x02);
        assert!(Cursor::new(&b).u64("v").is_err());
        assert!(Cursor::new(&[5, b'a']).str("s").is_err());
        assert!(Cursor::new(&[2, 0xff, 0xfe]).str("s").is_err());
    }
}
