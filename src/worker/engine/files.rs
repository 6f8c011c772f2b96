//! Loading an uploaded file: CSV streamed chunk by chunk, GeoJSON gathered and read whole.

use crate::data::clean::CleanRules;
use crate::data::csv_stream::CsvRow;
use crate::data::geojson;

use super::{Engine, Feed};
use crate::worker::messages::{Dataset, FileKind, Source};
use crate::worker::Error;

/// Largest GeoJSON file accepted (it is parsed whole, unlike CSV).
pub const MAX_GEOJSON_BYTES: usize = 256 << 20;

impl Engine {
    /// Start reading a file.
    pub fn file_start(&mut self, job: u32, name: &str, kind: FileKind, rules: CleanRules) {
        let feed = match kind {
            FileKind::Csv => Feed::Csv(Box::default()),
            FileKind::GeoJson => Feed::GeoJson(Vec::new()),
        };
        self.begin(
            job,
            Source::File {
                name: name.to_string(),
            },
            rules,
            feed,
        );
    }

    /// Feed a chunk of the file.
    pub fn file_chunk(&mut self, job: u32, bytes: &[u8]) -> Result<(), Error> {
        let st = self.staging(job)?;
        match &mut st.feed {
            Feed::Csv(csv) => {
                let (cleaner, store) = (&mut st.cleaner, &mut st.store);
                csv.push(bytes, &mut |row| match row {
                    CsvRow::Record(r) => {
                        cleaner.push(&r, store);
                    }
                    CsvRow::Malformed(reason) => cleaner.malformed(reason),
                })?;
            }
            Feed::GeoJson(buf) => {
                if buf.len() + bytes.len() > MAX_GEOJSON_BYTES {
                    return Err(Error::Data(crate::data::Error::Params(format!(
                        "GeoJSON files are read whole and must be under {} MB; use the CSV export for larger data",
                        MAX_GEOJSON_BYTES >> 20
                    ))));
                }
                buf.extend_from_slice(bytes);
            }
            _ => return Err(Error::UnknownJob(job)),
        }
        Ok(())
    }

    /// The file is complete: finish parsing and make it the active dataset.
    pub fn file_end(&mut self, job: u32) -> Result<Dataset, Error> {
        let st = self.staging(job)?;
        let (cleaner, store) = (&mut st.cleaner, &mut st.store);
        match &mut st.feed {
            Feed::Csv(csv) => csv.finish(&mut |row| match row {
                CsvRow::Record(r) => {
                    cleaner.push(&r, store);
                }
                CsvRow::Malformed(reason) => cleaner.malformed(reason),
            })?,
            Feed::GeoJson(buf) => {
                let text = String::from_utf8_lossy(buf);
                geojson::read(&text, &mut |r| {
                    cleaner.push(&r, store);
                })?;
            }
            _ => return Err(Error::UnknownJob(job)),
        }
        self.promote(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::day_of;

    fn small_rules() -> CleanRules {
        CleanRules {
            first_day: day_of(2026, 5, 1).unwrap(),
            ..CleanRules::default()
        }
    }

    #[test]
    fn a_failed_file_keeps_the_active_dataset() {
        let mut e = Engine::new();
        e.demo_begin(1, 7, small_rules());
        while !e.demo_step(1, 10).unwrap().finished {}
        let before = e.describe().unwrap();
        e.file_start(2, "bad.csv", FileKind::Csv, small_rules());
        let err = e.file_chunk(2, b"name,value\n1,2\n").unwrap_err();
        assert!(err.to_string().contains("missing field"));
        assert_eq!(e.abandon(2), 0);
        assert_eq!(e.describe().unwrap(), before);
    }

    #[test]
    fn csv_file_loads_with_malformed_rows_counted() {
        let mut e = Engine::new();
        e.file_start(3, "x.csv", FileKind::Csv, CleanRules::default());
        let csv = "incident_occurred_at,offense_category,police_precinct,report_number,longitude,latitude\n\
                   2025/10/23 20:00:00+00,LARCENY,02,R1,-83.05,42.35\n\
                   oops\n\
                   2025/10/23 21:00:00+00,ARSON,03,R2,-83.06,42.36\n";
        for chunk in csv.as_bytes().chunks(17) {
            e.file_chunk(3, chunk).unwrap();
        }
        let d = e.file_end(3).unwrap();
        assert_eq!(d.quality.read, 3);
        assert_eq!(d.quality.kept, 2);
        assert!(d.quality.balances());
        assert_eq!(d.quality.examples.len(), 1);
        assert_eq!(
            d.source,
            Source::File {
                name: "x.csv".into()
            }
        );
    }
}
