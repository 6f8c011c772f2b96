use super::*;
use crate::data::arcgis::months::months;
use crate::data::arcgis::query::Window;
use crate::data::time::{parse_day, DetroitClock};

fn cell(p: &str, c: &str, rows: u64) -> Cell {
    Cell {
        precinct: p.into(),
        category: c.into(),
        rows,
    }
}

fn cube() -> ServerCounts {
    let w = Window::new(
        parse_day("2025-01-01").unwrap(),
        parse_day("2025-03-20").unwrap(),
    )
    .unwrap();
    ServerCounts::new(months(w, &DetroitClock::new()))
}

#[test]
fn months_fill_in_any_order_and_answer_every_view() {
    let mut c = cube();
    assert_eq!(c.months().len(), 3);
    assert_eq!(
        c.totals(),
        Totals {
            rows: 0,
            incidents: None,
            source: TotalsSource::Partial {
                known: 0,
                months: 3
            }
        }
    );
    c.set_month_cells(2, &[cell("02", "LARCENY", 5), cell("HP", "LARCENY", 1)]);
    c.set_month_cells(
        0,
        &[
            cell("02", "LARCENY", 10),
            cell("03", "ARSON", 2),
            cell("0", "FRAUD", 4),
        ],
    );
    assert_eq!(c.monthly(&Subset::default()), vec![Some(12), None, Some(5)]);
    c.set_month_cells(1, &[cell("12", "ARSON", 7), cell("03", "LARCENY ", 3)]);
    let t = c.totals();
    assert_eq!((t.rows, t.source), (32, TotalsSource::Months));
    assert_eq!(t.incidents, None, "no month has its incidents yet");
    // Hand-summed: 02 → 15, 03 → 5, 12 → 7; junk 0 → 4, HP → 1.
    let p: Vec<(String, Option<u8>, u64)> = c
        .by_precinct()
        .into_iter()
        .map(|p| (p.label, p.code, p.rows))
        .collect();
    assert_eq!(
        p,
        vec![
            ("02".into(), Some(2), 15),
            ("03".into(), Some(3), 5),
            ("12".into(), Some(12), 7),
            ("0".into(), None, 4),
            ("HP".into(), None, 1),
        ]
    );
    assert_eq!(
        c.by_category(),
        vec![
            ("LARCENY".to_string(), 19),
            ("ARSON".to_string(), 9),
            ("FRAUD".to_string(), 4)
        ]
    );
    let larceny_02_03 = Subset {
        precincts: Some(vec![2, 3]),
        categories: Some(vec!["larceny".into()]),
        include_junk: false,
    };
    assert_eq!(c.monthly(&larceny_02_03), vec![Some(10), Some(3), Some(5)]);
    let with_junk = Subset {
        include_junk: true,
        ..Subset::default()
    };
    assert_eq!(c.monthly(&with_junk), vec![Some(16), Some(10), Some(6)]);
    // March is clipped at the 20th: not a complete month.
    assert_eq!(c.complete_months(), vec![0, 1]);
}

#[test]
fn the_window_reply_answers_totals_until_every_month_is_in() {
    let mut c = cube();
    c.set_window_cells(&[cell("02", "LARCENY", 100), cell("05", "ARSON", 20)]);
    c.set_window_incidents(90);
    c.set_month_cells(0, &[cell("02", "LARCENY", 40)]);
    let t = c.totals();
    assert_eq!(
        (t.rows, t.incidents, t.source),
        (120, Some(90), TotalsSource::Window)
    );
    assert_eq!(c.by_category()[0], ("LARCENY".to_string(), 100));
    c.set_month_rows(1, 50);
    c.set_month_cells(2, &[cell("05", "ARSON", 20)]);
    // Month 1 has a plain count only: totals from the months, breakdowns from the window.
    let t = c.totals();
    assert_eq!((t.rows, t.source), (110, TotalsSource::Months));
    assert_eq!(c.by_precinct()[0].rows, 100);
    assert!(!c.has_breakdown(1));
    assert_eq!(c.complete_months(), vec![0]);
    for (m, n) in [(0, 30), (1, 45), (2, 18)] {
        c.set_month_incidents(m, n);
    }
    assert_eq!(c.totals().incidents, Some(93));
    assert_eq!(c.monthly_incidents(), vec![Some(30), Some(45), Some(18)]);
    // Out-of-range months change nothing.
    c.set_month_rows(9, 1);
    c.set_month_cells(9, &[cell("02", "X", 1)]);
    assert_eq!(c.totals().rows, 110);
}

#[test]
fn the_window_reply_answers_subsets_before_any_month() {
    let mut c = cube();
    assert_eq!(c.window_rows(&Subset::default()), None);
    assert_eq!(c.window_incidents(), None);
    c.set_window_cells(&[
        cell("02", "LARCENY", 100),
        cell("05 ", "ARSON", 20),
        cell("HP", "ARSON", 7),
    ]);
    c.set_window_incidents(110);
    let all = Subset::default();
    assert_eq!(c.window_rows(&all), Some(120));
    let with_junk = Subset {
        include_junk: true,
        ..Subset::default()
    };
    assert_eq!(c.window_rows(&with_junk), Some(127));
    let arson_5 = Subset {
        precincts: Some(vec![5]),
        categories: Some(vec!["arson".into()]),
        include_junk: false,
    };
    assert_eq!(c.window_rows(&arson_5), Some(20));
    assert_eq!(c.window_incidents(), Some(110));
    assert!(!c.all_incidents() && !c.all_breakdowns());
    for m in 0..3 {
        c.set_month_incidents(m, 30);
    }
    assert!(c.all_incidents() && !c.all_breakdowns());
    for m in 0..3 {
        c.set_month_cells(m, &[cell("02", "LARCENY", 40)]);
    }
    assert!(c.all_breakdowns());
}

#[test]
fn counts_beyond_u64_saturate_instead_of_panicking() {
    let mut c = cube();
    let huge = [cell("02", "LARCENY", u64::MAX), cell("05", "ARSON", 7)];
    c.set_month_cells(0, &huge);
    c.set_window_cells(&huge);
    c.set_headline_cells(0, &huge);
    assert_eq!(c.month_rows(0), Some(u64::MAX));
    assert_eq!(c.window_rows(&Subset::default()), Some(u64::MAX));
    assert_eq!(c.headline_rows(0, &Subset::default()), Some(u64::MAX));
    for m in 0..3 {
        c.set_month_incidents(m, u64::MAX);
        c.set_month_cells(m, &huge);
    }
    assert_eq!(c.totals().rows, u64::MAX);
    assert_eq!(c.totals().incidents, Some(u64::MAX));
    assert_eq!(c.by_category()[0].1, u64::MAX);
    assert_eq!(c.monthly(&Subset::default())[2], Some(u64::MAX));
}
