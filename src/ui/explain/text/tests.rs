use super::allocation::{self, PrecinctModelFacts, RiskFacts, RiskTop, StaffingFacts};
use super::data::{self, CleaningFacts, CountingFacts};
use super::forecast::{self, BacktestFacts, BandFacts, LjungBoxFacts, MetricFacts, ModelFacts};
use super::glossary::{anchor, entries, entry};
use super::lstm::{self, Ending, LstmFacts};
use super::spatial::PermutationFacts;
use super::spatial::{
    self, CorrelationFacts, DbscanFacts, GiFacts, KdeFacts, MoranFacts, NearestFacts, OpticsFacts,
};
use super::temporal::{self, AcfFacts, AdfFacts, CalendarFacts, DecompositionFacts};
use super::*;

fn s(v: &str) -> String {
    v.to_string()
}

/// Every panel, built from numbers like those the pages show.
fn every_panel() -> Vec<(&'static str, Explainer)> {
    let metrics = MetricFacts {
        rmse: s("512.3"),
        mae: s("400.1"),
        mape: s("6.5 %"),
        r2: s("0.45"),
        directional: s("58 %"),
    };
    vec![
        (
            "cleaning",
            data::cleaning(&CleaningFacts {
                read: s("912,345"),
                kept: s("911,000"),
                dropped: s("1,345"),
                default_share: s("3.41 %"),
                drop_junk_precinct: true,
                drop_missing_coords: false,
                drop_outside_city: true,
                synthetic: true,
            }),
        ),
        (
            "counting",
            data::counting(&CountingFacts {
                total: s("74,120"),
                daily: s("203.1"),
                days: s("365"),
                from: s("2024-11-01"),
                to: s("2025-10-31"),
                incidents: true,
                change: Some(s("−2.1 %")),
            }),
        ),
        (
            "calendar",
            temporal::calendar(&CalendarFacts {
                hours: s("16:00–20:00"),
                hours_share: s("19.8 %"),
                weekday: s("Friday"),
                weekday_share: s("15.1 %"),
            }),
        ),
        (
            "decomposition",
            temporal::decomposition(&DecompositionFacts {
                period: 52,
                multiplicative: false,
                peak: Some((s("2024-07-15"), s("45.123"))),
            }),
        ),
        (
            "acf",
            temporal::acf(&AcfFacts {
                lags: 36,
                bound: s("0.086"),
                acf_outside: 12,
                pacf_outside: 3,
                lag1: Some(s("0.812")),
                period: 52,
            }),
        ),
        (
            "adf",
            temporal::adf(&AdfFacts {
                stat: s("-3.456"),
                p: s("p = 0.009"),
                lags: 4,
                crit5: -2.87,
                rejected_at: Some(1),
            }),
        ),
        (
            "sarima",
            forecast::sarima(&ModelFacts {
                model: s("SARIMA(1,1,1)(0,1,1,12)"),
                aic: s("1234.5"),
                auto: true,
                candidates: 9,
                differencing: Some(s("seasonal strength 0.87 > 0.64: D = 1")),
                backtested: 4,
                lowest_aic: Some((s("SARIMA(2,1,1)(0,1,1,12)"), s("1230.2"))),
            }),
        ),
        (
            "band",
            forecast::band(&BandFacts {
                month: s("2025-11-01"),
                lower: s("5,812"),
                upper: s("6,940"),
                total: s("74,000"),
                months: 12,
            }),
        ),
        (
            "backtest",
            forecast::backtest(&BacktestFacts {
                origins: 4,
                rmse: s("512.3"),
                baseline_rmse: s("640.2"),
                metrics: metrics.clone(),
                better: true,
            }),
        ),
        (
            "ljung-box",
            forecast::ljung_box(&LjungBoxFacts {
                q: s("14.20"),
                p: s("p = 0.288"),
                autocorrelated: false,
            }),
        ),
        (
            "kde",
            spatial::kde(&KdeFacts {
                rule: s("Scott's rule"),
                from_rule: true,
                sd_m: s("412"),
                peak: s("950"),
                unit: "incidents",
            }),
        ),
        (
            "dbscan",
            spatial::dbscan(&DbscanFacts {
                eps_m: s("200"),
                min_points: s("37"),
                auto: true,
                clusters: s("123"),
                clustered_pct: s("42"),
                single_site: 7,
                unit: "incidents",
            }),
        ),
        (
            "gi-star",
            spatial::gi_star(&GiFacts {
                top: Some((s("Downtown"), s("5.23"), 99)),
                hot95: s("123"),
                hot99: s("45"),
                cold95: s("6"),
                cells: s("1,012"),
                cell_m: s("500"),
                queen: true,
            }),
        ),
        (
            "permutations",
            spatial::permutations(&PermutationFacts {
                gi_moran: 99,
                moran_p: Some(s("0.010")),
                correlation: Some(s("999")),
            }),
        ),
        (
            "moran",
            spatial::moran(&MoranFacts {
                i: s("0.612"),
                expected: s("-0.0010"),
                z: s("45.1"),
                cells: s("1,012"),
                significant: true,
                positive: true,
            }),
        ),
        (
            "correlation",
            spatial::correlation(&CorrelationFacts {
                r: s("0.45"),
                rho: s("0.30"),
                cells: s("1,012"),
                synthetic: true,
            }),
        ),
        (
            "optics",
            spatial::optics(&OpticsFacts {
                eps: s("400"),
                clusters: s("85"),
                sample: s("4,000"),
                min_points: s("9"),
            }),
        ),
        (
            "nearest",
            spatial::nearest(&NearestFacts {
                incidents: s("405 m"),
                random: s("742 m"),
                places: s("10,000"),
                synthetic: true,
            }),
        ),
        (
            "precinct-models",
            allocation::precinct_models(&PrecinctModelFacts {
                wins: 7,
                scored: 11,
                auto: false,
            }),
        ),
        (
            "risk",
            allocation::risk(&RiskFacts {
                top: Some(RiskTop {
                    precinct: s("09"),
                    score: s("0.912"),
                    forecast_part: s("0.600"),
                    momentum_part: s("0.312"),
                    forecast: s("12,345"),
                    momentum: s("+3.2 %"),
                }),
                w_forecast: s("0.60"),
                w_momentum: s("0.40"),
                trend: 6,
            }),
        ),
        (
            "staffing",
            allocation::staffing(&StaffingFacts {
                window: s("Fridays 18:00–00:00"),
                share: s("5.1 %"),
                hours: 6,
                area: s("the city"),
                top_shift: Some((s("15:00–23:00"), s("41.2 %"))),
                default_times: false,
            }),
        ),
        ("lstm-accuracy", lstm::test_accuracy(52, &metrics)),
        (
            "lstm",
            lstm::training(&LstmFacts {
                window: 12,
                lag: 52,
                epochs_run: 46,
                best_epoch: 26,
                patience: 20,
                ending: Ending::EarlyStop,
                test_weeks: 52,
                mape: Some(s("4.20 %")),
            }),
        ),
    ]
}

#[test]
fn marks_split_into_words_links_and_quotes() {
    assert_eq!(pieces("plain words"), vec![Piece::Text("plain words")]);
    assert_eq!(
        pieces("a [[z-score]] of ⟦3.10⟧ and [[fdr|the FDR]]."),
        vec![
            Piece::Text("a "),
            Piece::Term {
                key: "z-score",
                shown: "z-score"
            },
            Piece::Text(" of "),
            Piece::Quote("3.10"),
            Piece::Text(" and "),
            Piece::Term {
                key: "fdr",
                shown: "the FDR"
            },
            Piece::Text("."),
        ]
    );
    // Unclosed marks stay as text; nothing is lost.
    assert_eq!(pieces("a [[b"), vec![Piece::Text("a [[b")]);
    assert_eq!(pieces("⟦1"), vec![Piece::Text("⟦1")]);
    assert_eq!(q("5,812"), "⟦5,812⟧");
    assert_eq!(
        plain(&format!("band {} to [[mae|MAE]]", q("5,812"))),
        "band 5,812 to MAE"
    );
}

#[test]
fn the_glossary_parses_with_unique_sorted_anchor_safe_keys() {
    let all = entries();
    let lines = include_str!("glossary.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(all.len(), lines, "every line of glossary.txt is an entry");
    assert!(all.len() >= 80, "{} entries", all.len());
    for w in all.windows(2) {
        assert!(
            w[0].key < w[1].key,
            "{} before {}: keep the file sorted, keys unique",
            w[0].key,
            w[1].key
        );
    }
    for e in &all {
        assert!(
            e.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "key {:?}",
            e.key
        );
        assert!(e.text.ends_with('.'), "{}: {}", e.key, e.text);
        assert_eq!(entry(e.key), Some(*e));
    }
    assert_eq!(anchor("z-score"), "term-z-score");
    assert_eq!(entry("no-such-term"), None);
}

fn links(text: &str) -> Vec<&str> {
    pieces(text)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Term { key, .. } => Some(key),
            _ => None,
        })
        .collect()
}

#[test]
fn every_link_in_the_glossary_and_the_panels_resolves() {
    for e in entries() {
        for key in links(e.text) {
            assert!(
                entry(key).is_some(),
                "glossary entry {} links to unknown {key}",
                e.key
            );
        }
    }
    for (name, panel) in every_panel() {
        for p in panel.paragraphs() {
            for key in links(p) {
                assert!(entry(key).is_some(), "panel {name} links to unknown {key}");
            }
        }
    }
}

#[test]
fn every_panel_has_three_parts_quotes_its_numbers_and_links_the_glossary() {
    for (name, panel) in every_panel() {
        assert!(
            !panel.what.is_empty() && !panel.read.is_empty() && !panel.limits.is_empty(),
            "{name}"
        );
        let quotes = panel
            .read
            .iter()
            .flat_map(|p| pieces(p))
            .filter(|p| matches!(p, Piece::Quote(_)))
            .count();
        assert!(quotes >= 1, "panel {name} quotes no number from the screen");
        let linked = panel.paragraphs().flat_map(|p| links(p)).count();
        assert!(linked >= 1, "panel {name} links no glossary term");
        for p in panel.paragraphs() {
            let t = plain(p);
            assert!(
                !t.contains("[[") && !t.contains('⟦') && !t.contains('{'),
                "{name}: {t}"
            );
            assert!(t.ends_with('.') || t.ends_with(':'), "{name}: {t}");
        }
    }
}

fn read_text(panel: &Explainer) -> String {
    panel
        .read
        .iter()
        .map(|p| plain(p))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn panels_state_hand_checked_numbers() {
    let panels = every_panel();
    let get = |n: &str| {
        panels
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, p)| read_text(p))
            .unwrap()
    };
    assert!(get("cleaning").contains("912,345 rows were read: 911,000 kept and 1,345 dropped"));
    // A 52-period centred moving average leaves 26 periods undefined at each end.
    assert!(get("decomposition").contains("first and last 26 periods"));
    // 6 hours of 168 is 3.6 %.
    assert!(get("staffing").contains("6 ÷ 168 = 3.6 %"));
    assert!(get("risk").contains("0.912 = forecast term 0.600 + momentum term 0.312"));
    assert!(get("permutations").contains("smallest possible p-value is 1 ÷ (999 + 1)"));
    assert!(get("band").contains("from 5,812 to 6,940"));
    assert!(
        get("lstm").contains("stopped early, after 20 epochs") && get("lstm").contains("epoch 26")
    );
    assert!(get("adf").contains("critical value is -2.87") && get("adf").contains("at 1 %"));
}

#[test]
fn choices_change_the_words() {
    let add = temporal::decomposition(&DecompositionFacts {
        period: 12,
        multiplicative: false,
        peak: None,
    });
    let mult = temporal::decomposition(&DecompositionFacts {
        period: 12,
        multiplicative: true,
        peak: None,
    });
    assert!(plain(&add.what[1]).contains("trend + seasonal + residual"));
    assert!(plain(&mult.what[1]).contains("trend × seasonal × residual"));
    let none = spatial::permutations(&PermutationFacts {
        gi_moran: 0,
        moran_p: None,
        correlation: None,
    });
    assert!(read_text(&none).contains("normal approximation"));
    let offense = data::counting(&CountingFacts {
        incidents: false,
        ..CountingFacts::default()
    });
    assert!(plain(&offense.what[0]).contains("offense rows keeps every offense"));
    let unit_root = temporal::adf(&AdfFacts {
        rejected_at: None,
        ..AdfFacts::default()
    });
    assert!(read_text(&unit_root).contains("cannot be ruled out"));
    let manual = spatial::kde(&KdeFacts {
        from_rule: false,
        rule: s("a factor of 0.1"),
        ..KdeFacts::default()
    });
    assert!(read_text(&manual).contains("factor you chose"));
}

#[test]
fn each_way_training_ends_is_told() {
    let base = LstmFacts {
        epochs_run: 3,
        best_epoch: 3,
        ..LstmFacts::default()
    };
    let told = |ending: Ending, best_epoch: usize| {
        read_text(&lstm::training(&LstmFacts {
            ending,
            best_epoch,
            ..base.clone()
        }))
    };
    assert!(told(Ending::Budget, 3).contains("the whole budget of 3 epochs"));
    assert!(told(Ending::User, 3).contains("You stopped training after 3 epochs"));
    assert!(told(Ending::Imported, 3).contains("imported; it was trained elsewhere for 3 epochs"));
    assert!(told(Ending::Budget, 0).contains("No epoch beat the starting weights"));
    assert!(told(Ending::Budget, 3).contains("lowest after epoch 3"));
}
