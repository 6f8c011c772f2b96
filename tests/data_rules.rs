//! The data rules of time and of counting, through the worker's engine as the page drives
//! it: a row dated after the load's end is dropped under its own rule, and incidents are
//! counted the same whatever order their rows arrived in.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crimecast::data::clean::{CleanRules, Rule, RULES};
use crimecast::data::filter::Filter;
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

const HEADER: &str =
    "report_number,incident_occurred_at,offense_category,police_precinct,longitude,latitude\n";

/// Load `rows` (CSV lines without the header) as one file.
fn load(rows: &[String]) -> Engine {
    let mut e = Engine::new();
    e.file_start(1, "rows.csv", FileKind::Csv, CleanRules::default());
    e.file_chunk(1, HEADER.as_bytes()).unwrap();
    for r in rows {
        e.file_chunk(1, r.as_bytes()).unwrap();
    }
    e.file_end(1).unwrap();
    e
}

/// Incidents under each filter the page can set by category: none, each category alone,
/// and two together; plus the overview's per-category breakdown.
fn counts(e: &mut Engine, categories: &[&str]) -> (Vec<u64>, Vec<(String, u64)>) {
    let mut filters: Vec<Vec<String>> = vec![vec![]];
    filters.extend(categories.iter().map(|c| vec![c.to_string()]));
    filters.push(vec![categories[0].to_string(), categories[1].to_string()]);
    let totals = filters
        .into_iter()
        .map(|categories| {
            let f = Filter {
                categories,
                ..Filter::default()
            };
            e.overview(&f).unwrap().total
        })
        .collect();
    (totals, e.overview(&Filter::default()).unwrap().by_category)
}

/// A two-offense report (same time, two categories) counts once in the total, once under
/// each of its categories, and once under a filter naming both.
#[test]
fn a_two_offense_report_counts_once_under_each_of_its_categories() {
    let rows = [
        "R1,2025/10/23 20:00:00+00,LARCENY,02,-83.05,42.35\n",
        "R1,2025/10/23 20:00:00+00,ASSAULT,02,-83.05,42.35\n",
        "R2,2025/10/24 20:00:00+00,ASSAULT,03,-83.06,42.36\n",
    ];
    for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0]] {
        let rows: Vec<String> = order.iter().map(|&i| rows[i].to_string()).collect();
        let mut e = load(&rows);
        let (totals, by_category) = counts(&mut e, &["LARCENY", "ASSAULT"]);
        // total, LARCENY, ASSAULT, LARCENY or ASSAULT
        assert_eq!(totals, vec![2, 1, 2, 2], "order {order:?}");
        assert_eq!(
            by_category,
            vec![("ASSAULT".to_string(), 2), ("LARCENY".to_string(), 1)],
            "order {order:?}"
        );
    }
}

/// A dataset of multi-offense reports (rows of a report often share their time), loaded in
/// several orders of pages and of rows within pages: the same incident counts under every
/// category filter and in the total, equal to counting distinct report numbers by hand.
#[test]
fn incident_counts_do_not_depend_on_the_order_rows_arrive_in() {
    const CATEGORIES: [&str; 4] = ["LARCENY", "ASSAULT", "FRAUD", "ARSON"];
    let mut rng = ChaCha8Rng::seed_from_u64(19);
    let mut rows = Vec::new();
    let mut reports: Vec<std::collections::BTreeSet<&str>> = Vec::new();
    for r in 0..400 {
        let day = 1 + r % 28;
        let hour = rng.gen_range(0..24);
        let mut cats = std::collections::BTreeSet::new();
        for _ in 0..rng.gen_range(1..=3) {
            let c = CATEGORIES[rng.gen_range(0..CATEGORIES.len())];
            cats.insert(c);
            // Mostly the report's own time; sometimes a later minute.
            let minute = if rng.gen_bool(0.8) {
                0
            } else {
                rng.gen_range(1..60)
            };
            rows.push(format!(
                "R{r},2025/02/{day:02} {hour:02}:{minute:02}:00+00,{c},{:02},-83.05,42.35\n",
                2 + r % 11
            ));
        }
        reports.push(cats);
    }
    let mut want = vec![reports.len() as u64];
    want.extend(
        CATEGORIES
            .iter()
            .map(|c| reports.iter().filter(|s| s.contains(c)).count() as u64),
    );
    want.push(
        reports
            .iter()
            .filter(|s| s.contains(CATEGORIES[0]) || s.contains(CATEGORIES[1]))
            .count() as u64,
    );
    let mut first = None;
    for round in 0..5 {
        let mut pages: Vec<Vec<String>> = rows.chunks(50).map(<[String]>::to_vec).collect();
        if round > 0 {
            pages.shuffle(&mut rng);
            for p in &mut pages {
                p.shuffle(&mut rng);
            }
        }
        let order: Vec<String> = pages.concat();
        let mut e = load(&order);
        let got = counts(&mut e, &CATEGORIES);
        match &first {
            None => first = Some(got.clone()),
            Some(f) => assert_eq!(&got, f, "round {round} differs from round 0"),
        }
        assert_eq!(got.0, want, "round {round}");
    }
}
