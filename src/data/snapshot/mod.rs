//! A compact columnar file of raw offense rows as the server sent them, with the server's
//! counts: what a publisher ships with the site and what the browser keeps between visits.
//! [`SnapshotWriter`] builds one as pages arrive; [`Snapshot::read`] checks one whole and
//! hands out its header, its counts and its rows as
//! [`crate::data::raw::RawRecord`]s, which clean exactly as the
//! originals do.
//!
//! # Format (version 1)
//!
//! Integers are LEB128 varints, signed ones zig-zag coded; strings are a length then UTF-8.
//! In order:
//!
//! - the magic `CCSNAP\r\n` (8 bytes), the format version;
//! - the header: retrieval time (epoch ms), the source endpoint, the window's first and last
//!   local day (days since 1970-01-01), the largest object id (flag, value), the row count;
//! - the server counts, length-prefixed ([`SnapshotCounts`]): every month of the window by
//!   year and month, with its offense rows, incidents and precinct × category cells where
//!   known, and the whole window's incidents; [`SnapshotCounts::to_server`] rebuilds a
//!   [`crate::data::arcgis::ServerCounts`];
//! - the columns, one value a row each, in row order: report numbers (a dictionary of plain
//!   numbers delta-coded, and per row "new entry" or "the k-th latest", k ≤ 32); occurrence
//!   times (zig-zag deltas in whole minutes, seconds or ms, missing and text times marked, text
//!   times in their own dictionary); offense and place, each a code (0: the next new entry,
//!   else the entry's id + 1) into a dictionary of tuples whose texts are ids into a
//!   dictionary per column: offenses (category, description) and places (location text,
//!   precinct, neighborhood, council district, ZIP code, longitude, latitude; coordinates
//!   missing, the exact value where it has no grid form, or a zig-zag delta from the previous
//!   place's in millionths of a degree); object ids (missing, or zig-zag deltas);
//! - an FNV-1a 64-bit checksum of everything before, little-endian.
//!
//! Coordinates are kept to a millionth of a degree (about 0.1 m), choosing among the nearest
//! grid values one with the same single-precision value and the same side of the city's box
//! as the source's, so the cleaner keeps exactly what it keeps from the source. The file is
//! not compressed: a web server's gzip takes it further.
//!
//! ```
//! use crimecast::data::arcgis::Window;
//! use crimecast::data::raw::{RawRecord, RawTime};
//! use crimecast::data::snapshot::{Snapshot, SnapshotWriter};
//!
//! let mut w = SnapshotWriter::new(1_764_000_000_000, "https://example.org/0/query", Window::new(20_000, 20_030).unwrap());
//! let row = RawRecord {
//!     report_number: "2501010001".into(),
//!     occurred: RawTime::EpochMs(1_735_700_000_000),
//!     offense_category: "ASSAULT".into(),
//!     longitude: Some(-83.05),
//!     latitude: Some(42.33),
//!     object_id: Some(7),
//!     ..RawRecord::default()
//! };
//! w.push(&row);
//! let bytes = w.finish();
//! let snap = Snapshot::read(&bytes).unwrap();
//! assert_eq!(snap.header().rows, 1);
//! assert_eq!(snap.rows().next(), Some(row));
//! ```

mod base;
mod columns;
mod counts;
pub mod parts;
mod places;
mod reader;
mod reports;
mod varint;
mod writer;

pub use base::base_of;
pub use columns::quantise;
pub use counts::{MonthCounts, SnapshotCounts};
pub use reader::{Rows, Snapshot, SnapshotHeader};
pub use writer::SnapshotWriter;

use crate::data::aggregate::year_before;
use crate::data::arcgis::{whole_history, Window};
use crate::data::Result;

/// The first bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"CCSNAP\r\n";
/// The format version written and read.
pub const VERSION: u32 = 1;

/// The window a live load covers on local day `today`: the whole history (January 2017 to
/// yesterday), or with `years` the last `years` years to yesterday, as the page loads it.
pub fn live_window(today: i32, years: Option<u32>) -> Result<Window> {
    let last = today - 1;
    match years {
        Some(years) => {
            let years = i32::try_from(years.max(1)).unwrap_or(i32::MAX / 366);
            let back = 365i32.saturating_mul(years - 1);
            Window::new((year_before(last) + 1).saturating_sub(back), last)
        }
        None => whole_history(today),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_size;
