//! Property tests of the URL query state: any query string parses within the documented
//! bounds and survives its own round trip, and every valid state round-trips exactly.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_common;

use chrono::NaiveDate;
use crimecast::data::aggregate::Resolution;
use crimecast::data::filter::Unit;
use crimecast::data::percent::{decode, encode, Style};
use crimecast::data::time::{format_day, parse_day};
use crimecast::url_state::{
    embeds, parse_pairs, HotspotQuery, SourceChoice, UrlState, MAX_PAIRS, MAX_VALUE_CHARS, PAGES,
};
use fuzz_common::config;
use proptest::prelude::*;
use proptest::sample::select;

const KEYS: &[&str] = &[
    "page", "src", "from", "to", "cat", "pct", "nbh", "unit", "years", "api", "res", "", "x",
    "cat%00", "%63at",
];

/// A query value: plausible ones, lists, percent escapes (good and broken), long runs.
fn value() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(vec![
            "live", "demo", "file", "offenses", "daily", "2025-01-01", "+10000-01-01",
            "-0001-12-31", "2025-02-30", "08,12,HP", "2,3,4,5,6,7,8,9,10,11,12", "LARCENY,ARSON",
            "https://example.test/q", "//evil", "/local", "javascript:alert(1)", "12", "0", "13",
            "%", "%%", "%Z", "%e2%9c%93", "%ff%fe", "a+b", ",,,", " , ", "%2C%2C",
        ])
        .prop_map(str::to_string),
        2 => "[a-zA-Z0-9%+,=:/ -]{0,24}",
        1 => ".{0,16}",
        1 => (select(vec!["2,", "%41", "a,", "%e2%9c%93,"]), 0usize..1200)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
    .boxed()
}

/// Query strings: pairs of known and junk keys with any values, or any text.
fn query() -> BoxedStrategy<String> {
    let pairs = (
        any::<bool>(),
        prop::collection::vec((select(KEYS), value(), 0u8..8), 0..12),
    )
        .prop_map(|(mark, pairs)| {
            let joined: Vec<String> = pairs
                .into_iter()
                .map(|(k, v, shape)| match shape {
                    0 => k.to_string(),
                    1 => format!("{k}={v}="),
                    2 => String::new(),
                    _ => format!("{k}={v}"),
                })
                .collect();
            format!("{}{}", if mark { "?" } else { "" }, joined.join("&"))
        });
    prop_oneof![3 => pairs, 1 => ".{0,80}", 1 => "[?&=%+,a-z0-9]{0,60}"].boxed()
}

/// A list entry as the state holds them: non-empty, trimmed, no comma.
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        "[^,\\s]",
        "[^,\\s][^,]{0,18}[^,\\s]",
        select(vec![
            "LARCENY",
            "DAMAGE TO PROPERTY",
            "Jefferson Chalmers",
            "a+b&c=d%"
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

fn names() -> BoxedStrategy<Vec<String>> {
    prop_oneof![
        6 => prop::collection::vec(name(), 0..6),
        1 => prop::collection::vec("[A-Z]{1,20}", 50..=64),
    ]
    .boxed()
}

/// Day numbers chrono can represent (years −262143 to 262142).
fn day() -> BoxedStrategy<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let min = (NaiveDate::MIN - epoch).num_days() as i32;
    let max = (NaiveDate::MAX - epoch).num_days() as i32;
    prop_oneof![3 => -25_567i32..47_482, 1 => min..=max, 1 => select(vec![min, max, 0, -1])].boxed()
}

/// Any state a page can put in its URL.
fn state() -> BoxedStrategy<UrlState> {
    let api = prop_oneof![
        ("(https|http)://[a-zA-Z0-9./:?=&%+ ~_-]{0,40}"),
        ("/[a-zA-Z0-9.?=&%+ ~_-][a-zA-Z0-9./:?=&%+ ~_-]{0,40}"),
    ];
    (
        (
            prop::option::of(select(vec![
                SourceChoice::Live,
                SourceChoice::Demo,
                SourceChoice::File,
            ])),
            prop::option::of(day()),
            prop::option::of(day()),
            prop::option::of(1u32..=12),
            prop::option::of(api),
        ),
        (
            names(),
            prop::sample::subsequence((2u8..=12).collect::<Vec<_>>(), 0..=11).prop_shuffle(),
            names(),
            any::<bool>(),
            select(vec![
                Resolution::Daily,
                Resolution::Weekly,
                Resolution::Monthly,
            ]),
        ),
        (
            select(PAGES.to_vec()),
            any::<bool>(),
            prop::option::of(prop::array::uniform6(0u8..=2)),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(select(
                embeds::EMBEDDABLES
                    .iter()
                    .map(|e| e.id.to_string())
                    .chain(["no-such-chart".to_string()])
                    .collect::<Vec<_>>(),
            )),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (source, from, to, years, api),
                (categories, precincts, neighborhoods, offenses, resolution),
                (page, multiplicative, order, embed, teach, chart, no_calendar),
            )| {
                // `chart` is read in embed mode only, and a known chart shows its own page.
                let chart = chart.filter(|_| embed);
                let page = chart
                    .as_deref()
                    .and_then(embeds::find)
                    .map_or(page, |e| e.page);
                UrlState {
                    page,
                    chart,
                    source,
                    from,
                    to,
                    categories,
                    precincts,
                    neighborhoods,
                    unit: if offenses {
                        Unit::Offenses
                    } else {
                        Unit::Incidents
                    },
                    years,
                    api,
                    resolution,
                    multiplicative,
                    order,
                    no_calendar,
                    embed,
                    teach,
                    hotspots: HotspotQuery::default(),
                    lstm: Default::default(),
                    allocation: Default::default(),
                }
            },
        )
        .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// Any query: no panic; at most `MAX_PAIRS` pairs, values cut at `MAX_VALUE_CHARS`,
    /// lists capped, only valid precincts, years, days and endpoints kept; and the state
    /// read survives its own round trip.
    #[test]
    fn any_query_parses_within_bounds(q in query()) {
        let pairs = parse_pairs(&q);
        prop_assert!(pairs.len() <= MAX_PAIRS);
        for (k, v) in &pairs {
            prop_assert!(k.len() <= q.len());
            prop_assert!(v.len() <= q.len());
            prop_assert!(v.chars().count() <= MAX_VALUE_CHARS);
        }
        let s = UrlState::parse(&q);
        prop_assert!(s.categories.len() <= 64 && s.neighborhoods.len() <= 64);
        prop_assert!(s.precincts.len() <= 11);
        prop_assert!(s.precincts.iter().all(|p| (2..=12).contains(p)));
        for (i, p) in s.precincts.iter().enumerate() {
            prop_assert!(!s.precincts[..i].contains(p));
        }
        for n in s.categories.iter().chain(&s.neighborhoods) {
            prop_assert!(!n.is_empty() && n.trim() == n && !n.contains(','));
            prop_assert!(n.chars().count() <= MAX_VALUE_CHARS);
        }
        prop_assert!(s.years.is_none_or(|y| (1..=12).contains(&y)));
        if let Some(a) = &s.api {
            prop_assert!(a.starts_with("https://") || a.starts_with("http://") || a.starts_with('/'));
            prop_assert!(!a.starts_with("//"));
            prop_assert!(a.chars().count() <= MAX_VALUE_CHARS);
        }
        for d in [s.from, s.to].into_iter().flatten() {
            prop_assert_eq!(parse_day(&format_day(d)), Some(d));
        }
        prop_assert_eq!(UrlState::parse(&s.to_query()), s);
    }

    /// Any text: decoding never grows it, and decoding an encoded text gives it back.
    #[test]
    fn decode_is_bounded_and_inverts_encode(
        s in prop_oneof![".{0,40}", "[%0-9a-fA-FzZ+]{0,30}"],
    ) {
        prop_assert!(decode(&s).len() <= s.len());
        prop_assert_eq!(decode(&encode(&s, Style::Form)), s.as_str());
        let e = encode(&s, Style::Form);
        prop_assert!(e.bytes().all(|b| b.is_ascii_graphic() && b != b'&' && b != b'='));
    }

    /// Every valid state round-trips through its query string, with or without `?`.
    #[test]
    fn valid_states_round_trip(s in state()) {
        let q = s.to_query();
        prop_assert_eq!(&UrlState::parse(&q), &s, "{}", q);
        prop_assert_eq!(&UrlState::parse(&format!("?{q}")), &s);
    }
}

mod regressions {
    use super::*;

    /// A precinct list repeated past the value limit read back shorter: each precinct
    /// was kept as often as it was listed, and "2," became "02," on the way out.
    #[test]
    fn repeated_precincts_are_kept_once() {
        let q = format!("pct={}", "2,".repeat(700));
        let s = UrlState::parse(&q);
        assert_eq!(s.precincts, vec![2]);
        assert_eq!(UrlState::parse(&s.to_query()), s);
        let s = UrlState::parse("pct=12,08,12,8,HP,08");
        assert_eq!(s.precincts, vec![12, 8]);
    }
}
