//! Property tests of the timestamp parsers and the Detroit clock: any text, any instant,
//! any local day and minute, the extremes of `i64` and `i32` included.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use std::sync::OnceLock;

use chrono::{NaiveDate, TimeZone, Timelike};
use chrono_tz::America::Detroit;
use crimecast::data::time::{format_day, parse_day, parse_text, DetroitClock, DAY_MS};
use fuzz_common::{config, gen};
use proptest::prelude::*;

fn clock() -> &'static DetroitClock {
    static CLOCK: OnceLock<DetroitClock> = OnceLock::new();
    CLOCK.get_or_init(DetroitClock::new)
}

/// Instants: anything, the extremes, and the years the data covers.
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => any::<i64>(),
        1 => prop::sample::select(vec![
            i64::MIN,
            i64::MIN + 1,
            i64::MAX,
            i64::MAX - 1,
            0,
            -1,
            -DAY_MS,
            i64::MIN / 2,
            i64::MAX / 2,
        ]),
        3 => -2_208_988_800_000i64..4_102_444_800_000, // 1900..2100
    ]
}

/// Unix ms of 1900-01-01 and 2100-01-01.
const TZ_TABLE: std::ops::Range<i64> = -2_208_988_800_000..4_102_444_800_000;

proptest! {
    #![proptest_config(config())]

    /// Any text: no panic; digits-only text reads as epoch milliseconds.
    #[test]
    fn parse_text_never_panics(text in prop_oneof![gen::timestamp(), ".{0,40}"]) {
        let got = parse_text(&text);
        let t = text.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            prop_assert_eq!(got, t.parse::<i64>().ok());
        }
    }

    /// Well-formed timestamps, every offset form: the same instant as chrono computes.
    #[test]
    fn parse_text_matches_chrono(
        (y, mo, d) in (0i32..10_000, 1u32..=12, 1u32..=28),
        (h, mi, s, frac) in (0u32..24, 0u32..60, 0u32..60, 0u32..1000),
        (east, oh, om, form) in (any::<bool>(), 0i32..24, 0i32..60, 0usize..4),
    ) {
        let off = if east { 1 } else { -1 } * (oh * 60 + om);
        let sign = if east { '+' } else { '-' };
        let text = match form {
            0 => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}.{frac:03}{sign}{oh:02}:{om:02}"),
            1 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:03}{sign}{oh:02}{om:02}"),
            2 => format!(" {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{frac:03} {sign}{oh:02}{om:02} "),
            _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:03}Z"),
        };
        let off = if form == 3 { 0 } else { off };
        let naive = NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|x| x.and_hms_milli_opt(h, mi, s, frac))
            .unwrap();
        let want = naive.and_utc().timestamp_millis() - i64::from(off) * 60_000;
        prop_assert_eq!(parse_text(&text), Some(want), "{}", text);
    }

    /// Any text: no panic; a day read round-trips through its `YYYY-MM-DD` form.
    #[test]
    fn parse_day_never_panics_and_round_trips(text in prop_oneof![
        "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
        gen::timestamp(),
        ".{0,20}",
    ]) {
        if let Some(day) = parse_day(&text) {
            prop_assert_eq!(parse_day(&format_day(day)), Some(day), "{}", text);
        }
    }

    /// Any instant, extremes included: no panic or overflow, a minute of the day, and
    /// agreement with the tz database over the tabulated years.
    #[test]
    fn local_parts_are_sane_for_any_instant(ms in instant()) {
        let p = clock().local(ms);
        prop_assert!(p.minute < 1440);
        if TZ_TABLE.contains(&ms) {
            let local = Detroit.timestamp_millis_opt(ms).unwrap().naive_local();
            let day = (local.date() - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days();
            prop_assert_eq!(i64::from(p.day), day);
            prop_assert_eq!(u32::from(p.minute), local.hour() * 60 + local.minute());
        }
    }

    /// Any day and minute, extremes included: no panic; over the data's years the local
    /// reading of the result is the wall time asked for, or an hour later inside a
    /// spring-forward gap.
    #[test]
    fn to_utc_never_panics_and_inverts_local(
        day in prop_oneof![any::<i32>(), -18_262i32..47_482],
        minute in prop_oneof![any::<u16>(), 0u16..1440],
    ) {
        let utc = clock().to_utc(day, minute);
        let _ = clock().offset_ms(utc);
        // 1920-01-01 ..= 2099-12-31: the zone has had whole-hour offsets since 1915.
        if (-18_262..47_482).contains(&day) && minute < 1440 {
            let p = clock().local(utc);
            let asked = i64::from(day) * 1440 + i64::from(minute);
            let read = i64::from(p.day) * 1440 + i64::from(p.minute);
            prop_assert!(read == asked || read == asked + 60, "{day} {minute}: {p:?}");
        }
    }
}

mod regressions {
    use super::*;

    /// `local(i64::MIN)` overflowed adding the (negative) 1900 offset.
    #[test]
    fn local_of_the_smallest_instant_does_not_overflow() {
        let c = DetroitClock::new();
        for ms in [i64::MIN, i64::MIN + 1, i64::MAX] {
            let p = c.local(ms);
            assert!(p.minute < 1440);
        }
        assert_eq!(c.local(i64::MIN).day, i32::MIN);
    }
}
