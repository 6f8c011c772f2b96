//! Reads a snapshot: checks it whole once, then hands out its rows borrowing its
//! dictionaries.

use std::borrow::Cow;

use super::columns::{IdReader, TimeReader};
use super::counts::SnapshotCounts;
use super::places::PlaceReader;
use super::reports::{ReportCodes, ReportDict};
use super::varint::{corrupt, fnv1a, Cursor};
use super::{MAGIC, VERSION};
use crate::data::arcgis::Window;
use crate::data::raw::RawRecord;
use crate::data::Result;

/// What a snapshot says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotHeader {
    /// The format version it was written in.
    pub version: u32,
    /// When its rows were retrieved, epoch ms.
    pub retrieved_ms: i64,
    /// The layer's `/query` endpoint the rows came from.
    pub endpoint: String,
    /// The load's local days (first and last, inclusive).
    pub window: Window,
    /// The largest object id among the rows, if any had one.
    pub max_object_id: Option<i64>,
    /// Rows held.
    pub rows: u64,
}

/// A snapshot read from bytes: its header, its server counts and its rows.
#[derive(Debug, Clone)]
pub struct Snapshot<'a> {
    header: SnapshotHeader,
    counts: SnapshotCounts,
    reports: ReportDict,
    columns: Columns<'a>,
}

/// How much [`Snapshot::parse`] checks besides the structure it parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// The checksum and every row.
    All,
    /// The checksum.
    Checksum,
    /// Nothing more.
    Structure,
}

/// Every column's reader at its first row.
#[derive(Debug, Clone)]
struct Columns<'a> {
    report: ReportCodes<'a>,
    time: TimeReader<'a>,
    places: PlaceReader<'a>,
    oid: IdReader<'a>,
}

impl<'a> Snapshot<'a> {
    /// Read and check a whole snapshot: magic, version, checksum, header, counts, and every
    /// row. Wrong, truncated or damaged input is an [`crate::data::Error::Snapshot`].
    pub fn read(bytes: &'a [u8]) -> Result<Snapshot<'a>> {
        Self::parse(bytes, Check::All)
    }

    /// Read a snapshot checking its magic, version, checksum, header and counts, but not
    /// decoding every row first: for a file whose checksum stands for its integrity (one this
    /// project wrote). Damage the checksum cannot see still gives errors, never a panic; rows
    /// past it are simply not yielded.
    pub fn open(bytes: &'a [u8]) -> Result<Snapshot<'a>> {
        Self::parse(bytes, Check::Checksum)
    }

    /// Read bytes that [`Snapshot::read`] has accepted before (held unchanged since): the
    /// structure is parsed again, the checksum and the rows are not checked again. Damaged
    /// bytes still give errors, never a panic; rows past damage are simply not yielded.
    pub fn reread(bytes: &'a [u8]) -> Result<Snapshot<'a>> {
        Self::parse(bytes, Check::Structure)
    }

    fn parse(bytes: &'a [u8], check: Check) -> Result<Snapshot<'a>> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(corrupt("not a crimecast snapshot (wrong magic)"));
        }
        let mut c = Cursor::new(&bytes[MAGIC.len()..]);
        let version = c.u64("version")?;
        if version != u64::from(VERSION) {
            return Err(corrupt(format_args!(
                "format version {version}, this build reads version {VERSION}"
            )));
        }
        let body_len = bytes
            .len()
            .checked_sub(8)
            .filter(|&n| n >= MAGIC.len())
            .ok_or_else(|| corrupt("truncated before the checksum"))?;
        let mut sum = Cursor::new(&bytes[body_len..]);
        if check != Check::Structure && sum.u64_le("checksum")? != fnv1a(&bytes[..body_len]) {
            return Err(corrupt("checksum mismatch (truncated or damaged)"));
        }
        let mut c = Cursor::new(&bytes[MAGIC.len()..body_len]);
        c.u64("version")?;
        let retrieved_ms = c.i64("retrieval time")?;
        let endpoint = c.str("endpoint")?.to_string();
        let day = |c: &mut Cursor<'_>| {
            i32::try_from(c.i64("window")?).map_err(|_| corrupt("window day out of range"))
        };
        let (first, last) = (day(&mut c)?, day(&mut c)?);
        let window = Window::new(first, last).map_err(|e| corrupt(format_args!("window: {e}")))?;
        let max_object_id = match c.len(1, "largest object id")? {
            0 => None,
            _ => Some(c.i64("largest object id")?),
        };
        let rows = c.u64("row count")?;
        let counts = SnapshotCounts::parse(&mut Cursor::new(c.bytes("counts")?))?;
        let (reports, report_codes) = ReportDict::parse(&mut c)?;
        let time = TimeReader::parse(&mut c)?;
        let places = PlaceReader::parse(&mut c)?;
        let oid = IdReader::parse(&mut c)?;
        if !c.is_empty() {
            return Err(corrupt("bytes past the last column"));
        }
        let snapshot = Snapshot {
            header: SnapshotHeader {
                version: VERSION,
                retrieved_ms,
                endpoint,
                window,
                max_object_id,
                rows,
            },
            counts,
            columns: Columns {
                report: ReportCodes::new(report_codes, reports.entries()),
                time,
                places,
                oid,
            },
            reports,
        };
        if check == Check::All {
            snapshot.check_rows()?;
        }
        Ok(snapshot)
    }

    /// Decode every row once: each column holds exactly the header's row count.
    fn check_rows(&self) -> Result<()> {
        let mut rows = self.rows();
        for _ in 0..self.header.rows {
            rows.try_next()?;
        }
        let c = &rows.columns;
        let done = c.report.done() && c.time.done() && c.places.done() && c.oid.done();
        if !done {
            return Err(corrupt("a column holds more rows than the header says"));
        }
        Ok(())
    }

    /// The header.
    pub fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    /// The server counts stored with the rows.
    pub fn counts(&self) -> &SnapshotCounts {
        &self.counts
    }

    /// Every row's occurrence time in row order, decoding that column alone (it ends early
    /// where the column is damaged).
    pub fn times(&self) -> impl Iterator<Item = crate::data::raw::RawTime<'_>> + '_ {
        let mut column = self.columns.time.clone();
        (0..self.header.rows).map_while(move |_| column.next().ok())
    }

    /// The rows in the order they were written, borrowing the snapshot's dictionaries.
    pub fn rows(&self) -> Rows<'_> {
        Rows {
            reports: &self.reports,
            columns: self.columns.clone(),
            left: self.header.rows,
        }
    }
}

/// The rows of a [`Snapshot`], in order.
#[derive(Debug, Clone)]
pub struct Rows<'s> {
    reports: &'s ReportDict,
    columns: Columns<'s>,
    left: u64,
}

impl<'s> Rows<'s> {
    fn try_next(&mut self) -> Result<RawRecord<'s>> {
        let c = &mut self.columns;
        let report = self.reports.entry(c.report.next_id()?);
        let occurred = c.time.next()?;
        let p = c.places.next()?;
        Ok(RawRecord {
            report_number: Cow::Borrowed(report),
            occurred,
            offense_category: Cow::Borrowed(p.offense[0]),
            offense_description: Cow::Borrowed(p.offense[1]),
            location_text: Cow::Borrowed(p.place[0]),
            precinct: Cow::Borrowed(p.place[1]),
            neighborhood: Cow::Borrowed(p.place[2]),
            council_district: Cow::Borrowed(p.place[3]),
            zip_code: Cow::Borrowed(p.place[4]),
            longitude: p.coords[0],
            latitude: p.coords[1],
            object_id: c.oid.next()?,
        })
    }
}

impl<'s> Iterator for Rows<'s> {
    type Item = RawRecord<'s>;

    fn next(&mut self) -> Option<RawRecord<'s>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // Every row was decoded once by `Snapshot::read`, so this cannot fail; were it to,
        // the rows end there.
        match self.try_next() {
            Ok(r) => Some(r),
            Err(_) => {
                self.left = 0;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.left).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}
