//! Builds a snapshot row by row, as pages arrive.

use std::borrow::Cow;

use super::columns::{IdColumn, TimeColumn};
use super::counts::SnapshotCounts;
use super::parts::Parts;
use super::places::PlaceColumns;
use super::reports::ReportColumn;
use super::varint::{put_bytes, put_i64, put_u64};
use super::{MAGIC, VERSION};
use crate::data::arcgis::Window;
use crate::data::raw::RawRecord;

/// Writes a snapshot incrementally: [`SnapshotWriter::push`] each row in the order it came,
/// [`SnapshotWriter::set_counts`], then [`SnapshotWriter::finish`] for the file's bytes. It
/// holds the encoded columns (about 10 to 15 bytes a row) and one lookup table per text
/// column.
#[derive(Debug)]
pub struct SnapshotWriter {
    retrieved_ms: i64,
    endpoint: String,
    window: Window,
    rows: u64,
    max_object_id: Option<i64>,
    counts: SnapshotCounts,
    report: ReportColumn,
    time: TimeColumn,
    places: PlaceColumns,
    oid: IdColumn,
}

impl SnapshotWriter {
    /// A snapshot of `endpoint`'s rows over local days `window`, retrieved at
    /// `retrieved_ms` (epoch ms).
    pub fn new(retrieved_ms: i64, endpoint: &str, window: Window) -> Self {
        SnapshotWriter {
            retrieved_ms,
            endpoint: endpoint.to_string(),
            window,
            rows: 0,
            max_object_id: None,
            counts: SnapshotCounts::default(),
            report: ReportColumn::default(),
            time: TimeColumn::default(),
            places: PlaceColumns::default(),
            oid: IdColumn::default(),
        }
    }

    /// Append one row as the server sent it, object id included (`record.object_id`).
    /// Coordinates are kept to a millionth of a degree (see [`super::quantise`]);
    /// everything else exactly.
    pub fn push(&mut self, record: &RawRecord<'_>) {
        self.rows += 1;
        self.report.push(&record.report_number);
        self.time.push(&record.occurred);
        self.places.push(record);
        self.oid.push(record.object_id);
        if let Some(id) = record.object_id {
            self.max_object_id = Some(self.max_object_id.map_or(id, |m| m.max(id)));
        }
    }

    /// Room for `rows` more rows in every column, sized from the bytes a row of the City's
    /// layer takes: the columns then grow once rather than doubling (each doubling copies a
    /// column and leaves the old copy behind in the module's memory).
    pub fn reserve(&mut self, rows: usize) {
        self.report.reserve(rows);
        self.time.reserve(rows);
        self.places.reserve(rows);
        self.oid.reserve(rows);
    }

    /// The server counts to store (replacing any set before).
    pub fn set_counts(&mut self, counts: SnapshotCounts) {
        self.counts = counts;
    }

    /// Rows pushed so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Bytes the writer holds, roughly (encoded columns and lookup tables).
    pub fn heap_bytes(&self) -> usize {
        self.report.heap_bytes()
            + self.time.heap_bytes()
            + self.places.heap_bytes()
            + self.oid.heap_bytes()
    }

    /// The file: magic, version, header, counts, columns, checksum (see the module's docs).
    pub fn finish(self) -> Vec<u8> {
        self.to_bytes()
    }

    /// The file's bytes, the writer kept (see [`SnapshotWriter::runs`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.runs().concat()
    }

    /// The file as byte runs in order, most of them borrowed from the writer's columns: a
    /// caller storing it elsewhere copies each run once rather than joining them first.
    pub fn runs(&self) -> Vec<Cow<'_, [u8]>> {
        let mut out = Parts::default();
        let head = out.small();
        head.extend_from_slice(MAGIC);
        put_u64(head, u64::from(VERSION));
        put_i64(head, self.retrieved_ms);
        put_bytes(head, self.endpoint.as_bytes());
        put_i64(head, i64::from(self.window.first_day));
        put_i64(head, i64::from(self.window.last_day));
        match self.max_object_id {
            None => put_u64(head, 0),
            Some(id) => {
                put_u64(head, 1);
                put_i64(head, id);
            }
        }
        put_u64(head, self.rows);
        let mut counts = Vec::new();
        self.counts.write(&mut counts);
        put_bytes(head, &counts);
        self.report.write(&mut out);
        self.time.write(&mut out);
        self.places.write(&mut out);
        self.oid.write(&mut out);
        out.finish()
    }
}
