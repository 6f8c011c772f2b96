//! A minimal ZIP writer: every entry stored uncompressed (method 0) with its CRC-32, local
//! headers, a central directory and its end record (PKWARE APPNOTE 6.3.10, §4.3). Enough for
//! an exported run store, which any unzip tool and Python's `zipfile` read; no ZIP64, so
//! entries and the archive stay under 4 GiB and 65,535 entries.

/// CRC-32 (IEEE 802.3, reflected polynomial `0xEDB88320`), as ZIP uses.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Why an archive could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    /// More entries or bytes than a ZIP without ZIP64 holds.
    #[error("the archive is too large for a plain ZIP ({0})")]
    TooLarge(String),
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// MS-DOS date and time of 1980-01-01 00:00, the earliest a ZIP can say (entries carry no
/// meaningful modification time).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

/// Write `entries` (path inside the archive, content) as a ZIP archive, in the given order.
/// Paths use `/` and are stored as UTF-8 (flag bit 11).
///
/// # Errors
/// [`ZipError::TooLarge`] beyond 65,535 entries or 4 GiB.
pub fn write(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(entries.len())
        .map_err(|_| ZipError::TooLarge(format!("{} entries", entries.len())))?;
    let too_large = |what: &str| ZipError::TooLarge(what.to_string());
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (path, data) in entries {
        let offset = u32::try_from(out.len()).map_err(|_| too_large("over 4 GiB"))?;
        let size = u32::try_from(data.len()).map_err(|_| too_large(path))?;
        let name = path.as_bytes();
        let name_len = u16::try_from(name.len()).map_err(|_| too_large(path))?;
        let crc = crc32(data);
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20); // version needed: 2.0
        u16le(&mut out, 1 << 11); // UTF-8 names
        u16le(&mut out, 0); // stored
        u16le(&mut out, DOS_TIME);
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Its central directory entry.
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, (3 << 8) | 20); // made by: Unix, 2.0
        u16le(&mut central, 20);
        u16le(&mut central, 1 << 11);
        u16le(&mut central, 0);
        u16le(&mut central, DOS_TIME);
        u16le(&mut central, DOS_DATE);
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name_len);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0o100_644 << 16); // external: a regular file, rw-r--r--
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let cd_offset = u32::try_from(out.len()).map_err(|_| too_large("over 4 GiB"))?;
    let cd_size = u32::try_from(central.len()).map_err(|_| too_large("over 4 GiB"))?;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The CRC-32/ISO-HDLC check value of "123456789".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn an_archive_lists_its_entries_in_the_central_directory() {
        let z = write(&[
            ("a/b.txt".into(), b"hello".to_vec()),
            ("c".into(), Vec::new()),
        ])
        .unwrap();
        // End record: 2 entries, and the directory starts where it says.
        let end = &z[z.len() - 22..];
        assert_eq!(&end[..4], &[0x50, 0x4b, 0x05, 0x06]);
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let cd = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(&z[cd..cd + 4], &[0x50, 0x4b, 0x01, 0x02]);
        // The first local header holds the name and the stored bytes after it.
        assert_eq!(&z[..4], &[0x50, 0x4b, 0x03, 0x04]);
        assert_eq!(&z[30..37], b"a/b.txt");
        assert_eq!(&z[37..42], b"hello");
        assert_eq!(
            u32::from_le_bytes([z[14], z[15], z[16], z[17]]),
            crc32(b"hello")
        );
    }
}
