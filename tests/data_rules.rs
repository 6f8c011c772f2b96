//! The data rules of time and of counting, through the worker's engine as the page drives
//! it: a row dated after the load's end is dropped under its own rule, and incidents are
//! counted the same whatever order their rows arrived in.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;

use crimecast::data::clean::{CleanRules, Rule, RULES};
use crimecast::data::time::{day_of, format_day};
use crimecast::url_state::UrlState;
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::FileKind;

/// 500 rows of 2024 (spread over the year, distinct report numbers) and one dated
/// 2099-06-01.
fn csv_2024_and_2099() -> String {
    let mut csv = String::from(
        "report_number,incident_occurred_at,offense_category,police_precinct,longitude,latitude\n",
    );
    let jan1 = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for k in 0..500i64 {
        let d = jan1 + chrono::Duration::days(k * 366 / 500);
        let _ = writeln!(
            csv,
            "R{k},{} 18:00:00+00,LARCENY,02,-83.05,42.35",
            d.format("%Y/%m/%d")
        );
    }
    csv.push_str("R9999,2099/06/01 18:00:00+00,LARCENY,02,-83.05,42.35\n");
    csv
}

/// Before this rule the page opened this file on an overview of "1 incident, 2098-06-02 to
/// 2099-06-01": the 2099 row was kept and every series stretched to it. Read with the rules
/// the page sends for an upload, it is dropped and counted, with an example, and the
/// overview covers 2024.
#[test]
fn a_row_dated_after_the_load_is_dropped_under_its_own_rule() {
    let today = day_of(2026, 12, 5).unwrap();
    let mut e = Engine::new();
    e.file_start(
        1,
        "upload.csv",
        FileKind::Csv,
        CleanRules::for_upload(today),
    );
    e.file_chunk(1, csv_2024_and_2099().as_bytes()).unwrap();
    let d = e.file_end(1).unwrap();
    let q = &d.quality;
    assert_eq!((q.read, q.kept), (501, 500));
    assert!(q.balances());
    let after = RULES.iter().position(|r| *r == Rule::AfterEnd).unwrap();
    assert_eq!(q.dropped[after], 1);
    assert_eq!(q.dropped_total(), 1);
    assert_eq!(q.examples.len(), 1);
    assert!(
        q.examples[0].reason.contains("2099-06-01") && q.examples[0].reason.contains("2026-12-04"),
        "{:?}",
        q.examples
    );
    let (first, last) = q.day_range.unwrap();
    assert_eq!(
        (format_day(first), format_day(last)),
        ("2024-01-01".into(), "2024-12-31".into())
    );
    // The overview shows the last 365 days of the data: 2024-01-02 to 2024-12-31, which
    // leaves out the two rows of 1 January (k = 0 and 1).
    let o = e
        .overview(&UrlState::default().filter(q.day_range))
        .unwrap();
    assert_eq!(
        (format_day(o.window.0), format_day(o.window.1)),
        ("2024-01-02".into(), "2024-12-31".into())
    );
    assert_eq!(o.total, 498);
}

/// The load's end is the last day kept: a row of that day stays, one of the next day goes;
/// rows before the data's start (the 1915 stragglers) stay under the window rule.
#[test]
fn the_end_day_is_kept_and_old_junk_keeps_its_rule() {
    let today = day_of(2025, 3, 10).unwrap();
    let rules = CleanRules::for_upload(today);
    assert_eq!(format_day(rules.last_day), "2025-03-09");
    assert_eq!(rules.first_day, CleanRules::default().first_day);
    let csv = "incident_occurred_at,offense_category,police_precinct,longitude,latitude\n\
               2025/03/09 12:00:00-04,ARSON,02,-83.05,42.35\n\
               2025/03/10 12:00:00-04,ARSON,02,-83.05,42.35\n\
               1915/03/10 12:00:00+00,ARSON,02,-83.05,42.35\n";
    let mut e = Engine::new();
    e.file_start(1, "upload.csv", FileKind::Csv, rules);
    e.file_chunk(1, csv.as_bytes()).unwrap();
    let q = e.file_end(1).unwrap().quality;
    let at = |rule: Rule| q.dropped[RULES.iter().position(|r| *r == rule).unwrap()];
    assert_eq!((q.read, q.kept), (3, 1));
    assert_eq!((at(Rule::AfterEnd), at(Rule::OutsideWindow)), (1, 1));
    assert_eq!(q.day_range, Some((today - 1, today - 1)));
}
