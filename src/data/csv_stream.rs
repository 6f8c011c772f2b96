//! A push-based streaming CSV reader for the portal's export (≈300 MB for all years): bytes
//! arrive in chunks, rows come out as [`RawRecord`]s borrowing the reader's buffer.
//! Rows with the wrong number of fields are reported as malformed and skipped; a single
//! row larger than [`MAX_ROW_BYTES`] stops the read (the file is not CSV we can trust).

use std::borrow::Cow;

use csv_core::{ReadRecordResult, Reader};

use super::raw::{parse_f64, ColumnMap, Field, RawRecord, RawTime};
use super::{Error, Result};

/// Largest accepted row, bytes.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Bytes held back before the parser sees any: a byte order mark and one byte after it.
const LEAD_LEN: usize = BOM.len() + 1;

/// What the reader hands out for each data row. (Rows are handed over by value, one at a
/// time, so the size difference of the variants costs nothing and boxing would allocate.)
#[allow(clippy::large_enum_variant)]
pub enum CsvRow<'a> {
    /// A readable row.
    Record(RawRecord<'a>),
    /// A row that was skipped, with the reason.
    Malformed(String),
}

/// Streaming CSV state.
pub struct CsvStream {
    reader: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    outlen: usize,
    endlen: usize,
    map: Option<ColumnMap>,
    header_len: usize,
    done: bool,
    /// The first bytes of the input, held back until there are [`LEAD_LEN`] of them: the CSV
    /// parser only strips a UTF-8 byte order mark that arrives whole in its first call, and
    /// would take a call holding nothing but the mark for the end of the input.
    lead: Vec<u8>,
    started: bool,
}

impl Default for CsvStream {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvStream {
    /// A reader expecting a header row first.
    pub fn new() -> Self {
        CsvStream {
            reader: Reader::new(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            outlen: 0,
            endlen: 0,
            map: None,
            header_len: 0,
            done: false,
            lead: Vec::new(),
            started: false,
        }
    }

    /// The resolved columns, once the header was read.
    pub fn columns(&self) -> Option<&ColumnMap> {
        self.map.as_ref()
    }

    /// Feed the next chunk; `on_row` is called for every complete row.
    pub fn push(&mut self, chunk: &[u8], on_row: &mut dyn FnMut(CsvRow<'_>)) -> Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let mut rest = chunk;
        if !self.started {
            let take = (LEAD_LEN - self.lead.len()).min(rest.len());
            self.lead.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.lead.len() < LEAD_LEN {
                return Ok(());
            }
            self.start(on_row)?;
        }
        if rest.is_empty() {
            return Ok(());
        }
        self.run(rest, on_row)
    }

    /// Hand the held-back first bytes to the parser (a file holding only a byte order mark
    /// is empty).
    fn start(&mut self, on_row: &mut dyn FnMut(CsvRow<'_>)) -> Result<()> {
        self.started = true;
        let lead = std::mem::take(&mut self.lead);
        if lead.is_empty() || lead == BOM {
            return Ok(());
        }
        self.run(&lead, on_row)
    }

    /// Signal the end of input (flushes a last row without a newline).
    pub fn finish(&mut self, on_row: &mut dyn FnMut(CsvRow<'_>)) -> Result<()> {
        if !self.started {
            self.start(on_row)?;
        }
        self.run(&[], on_row)?;
        if self.map.is_none() {
            return Err(Error::Empty("the file has no header row".into()));
        }
        Ok(())
    }

    fn run(&mut self, mut input: &[u8], on_row: &mut dyn FnMut(CsvRow<'_>)) -> Result<()> {
        let finishing = input.is_empty();
        while !self.done {
            if input.is_empty() && !finishing {
                return Ok(());
            }
            let (res, nin, nout, nend) = self.reader.read_record(
                input,
                &mut self.out[self.outlen..],
                &mut self.ends[self.endlen..],
            );
            input = &input[nin..];
            self.outlen += nout;
            self.endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if !finishing {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    if self.out.len() >= MAX_ROW_BYTES {
                        return Err(Error::Parse(format!(
                            "a row is longer than {} bytes; is this the portal's CSV export?",
                            MAX_ROW_BYTES
                        )));
                    }
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= 4096 {
                        return Err(Error::Parse("a row has more than 4096 fields".into()));
                    }
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::Record => {
                    self.emit(on_row)?;
                    self.outlen = 0;
                    self.endlen = 0;
                }
                ReadRecordResult::End => {
                    self.done = true;
                }
            }
        }
        Ok(())
    }

    fn field(&self, i: usize) -> Cow<'_, str> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let bytes = &self.out[start..self.ends[i]];
        String::from_utf8_lossy(bytes)
    }

    fn emit(&mut self, on_row: &mut dyn FnMut(CsvRow<'_>)) -> Result<()> {
        let n = self.endlen;
        if n == 1 && self.ends[0] == 0 {
            return Ok(()); // blank line
        }
        let Some(map) = &self.map else {
            let names: Vec<String> = (0..n).map(|i| self.field(i).into_owned()).collect();
            self.map = Some(ColumnMap::resolve(&names)?);
            self.header_len = n;
            return Ok(());
        };
        if n != self.header_len {
            on_row(CsvRow::Malformed(format!(
                "{n} fields where the header has {}",
                self.header_len
            )));
            return Ok(());
        }
        let get =
            |f: Field| -> Cow<'_, str> { map.get(f).map_or(Cow::Borrowed(""), |i| self.field(i)) };
        let occurred = match get(Field::Occurred) {
            t if t.trim().is_empty() => RawTime::Missing,
            t => RawTime::Text(t),
        };
        let record = RawRecord {
            report_number: get(Field::ReportNumber),
            occurred,
            offense_category: get(Field::Category),
            offense_description: get(Field::Description),
            precinct: get(Field::Precinct),
            neighborhood: get(Field::Neighborhood),
            council_district: get(Field::CouncilDistrict),
            zip_code: get(Field::ZipCode),
            location_text: get(Field::LocationText),
            longitude: parse_f64(&get(Field::Longitude)),
            latitude: parse_f64(&get(Field::Latitude)),
            object_id: get(Field::ObjectId).trim().parse().ok(),
        };
        on_row(CsvRow::Record(record));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str =
        "incident_occurred_at,offense_category,police_precinct,report_number,longitude,latitude\n\
        2025/10/23 20:00:00+00,LARCENY ,02,R1,-83.05,42.35\n\
        2025/10/23 21:00:00+00,\"ASSAULT, AGG\",03,R2,,\n\
        broken,row\n\
        2025/10/24 01:00:00+00,ARSON,HP,R3,-83.1,42.4";

    fn read_all(chunk: usize) -> (Vec<String>, Vec<String>) {
        let mut s = CsvStream::new();
        let (mut ok, mut bad) = (vec![], vec![]);
        let mut on = |r: CsvRow<'_>| match r {
            CsvRow::Record(r) => ok.push(format!(
                "{}|{}|{:?}",
                r.offense_category, r.precinct, r.longitude
            )),
            CsvRow::Malformed(m) => bad.push(m),
        };
        for c in CSV.as_bytes().chunks(chunk) {
            s.push(c, &mut on).unwrap();
        }
        s.finish(&mut on).unwrap();
        (ok, bad)
    }

    #[test]
    fn rows_are_the_same_whatever_the_chunking() {
        let whole = read_all(10_000);
        assert_eq!(whole.0.len(), 3);
        assert_eq!(whole.0[1], "ASSAULT, AGG|03|None");
        assert_eq!(whole.1, vec!["2 fields where the header has 6".to_string()]);
        for chunk in [1, 2, 7, 64] {
            assert_eq!(read_all(chunk), whole, "chunk {chunk}");
        }
    }

    #[test]
    fn unknown_header_is_a_schema_error() {
        let mut s = CsvStream::new();
        let err = s.push(b"a,b,c\n1,2,3\n", &mut |_| {}).unwrap_err();
        assert!(matches!(err, Error::Schema { .. }));
        let mut s = CsvStream::new();
        assert!(matches!(s.finish(&mut |_| {}), Err(Error::Empty(_))));
    }
}
