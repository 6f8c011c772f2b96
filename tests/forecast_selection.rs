//! The automatic model choice of `crimecast forecast` and the forecast page: rolling-origin
//! backtests of an AIC shortlist, with the reason given; on a reference series through the
//! CLI and on Detroit's real monthly counts (`../shared/data/crime-cartography/timeline.json`,
//! read in place; the test prints a notice and passes vacuously where it is absent).

mod common;

use common::shared;
use crimecast::analysis::ts::select::{auto_sarima, Candidate, SelectOptions};
use serde_json::Value;

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

#[test]
fn cli_forecast_keeps_its_keys_and_gives_the_reason() {
    let path = format!(
        "{}/tests/fixtures/reference/sarimax.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture"))
        .expect("fixture is JSON");
    let y = &doc["cases"][1]["y"];
    let input = serde_json::json!({ "y": y, "period": 12, "steps": 12 }).to_string();
    let got: Value =
        serde_json::from_str(&crimecast::cli::run(&["forecast".into()], &input).expect("cli"))
            .expect("JSON");
    for key in ["mean", "lower95", "upper95"] {
        assert_eq!(floats(&got[key]).len(), 12, "{key}");
    }
    let model = got["model"].as_str().expect("model");
    assert!(
        model.starts_with("SARIMA(") && model.ends_with(",12)"),
        "{model}"
    );
    let reason = got["reason"].as_str().expect("reason");
    assert!(
        reason.starts_with("chosen by AIC shortlist and rolling-origin backtest"),
        "{reason}"
    );
    // The model named is one of the candidates with a backtest score.
    let candidates: Vec<Candidate> =
        serde_json::from_value(got["candidates"].clone()).expect("candidates");
    let chosen = candidates
        .iter()
        .find(|c| c.model == model)
        .expect("chosen candidate listed");
    assert!(chosen.backtest_rmse.is_some(), "{chosen:?}");
}

/// Citywide monthly counts of placed incidents: the sum over neighbourhoods and categories.
fn detroit_monthly() -> Option<Vec<f64>> {
    let path = shared("crime-cartography/timeline.json")?;
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let months = doc["months"].as_array()?.len();
    let mut total = vec![0.0; months];
    for cells in doc["cells"].as_object()?.values() {
        for (t, cell) in cells.as_array()?.iter().enumerate() {
            total[t] += cell
                .as_object()?
                .values()
                .filter_map(Value::as_f64)
                .sum::<f64>();
        }
    }
    Some(total)
}

/// On the last 111 months (2017-04 to 2026-06), the backtested choice obeys its rule: its mean
/// RMSE is within 2% of the lowest among the backtested candidates and, if not the lowest, it
/// gets at least as many directions right; the lowest-AIC model was backtested too.
#[test]
fn backtested_choice_on_detroit_monthly_counts() {
    let Some(all) = detroit_monthly() else {
        return;
    };
    assert_eq!(all.len(), 114);
    assert_eq!((all[0], all[113]), (6116.0, 6542.0));
    let y = &all[3..];
    let t0 = std::time::Instant::now();
    let sel = auto_sarima(y, &SelectOptions::new(12).backtested()).expect("selection");
    let elapsed = t0.elapsed();
    let aic = auto_sarima(y, &SelectOptions::new(12)).expect("AIC selection");
    println!(
        "111 months: {} in {elapsed:?}; by AIC alone {}\n{}",
        sel.spec.label(0),
        aic.spec.label(0),
        sel.reason
    );
    let scored: Vec<&Candidate> = sel
        .candidates
        .iter()
        .filter(|c| c.backtest_rmse.is_some())
        .collect();
    let rmse = |c: &Candidate| c.backtest_rmse.unwrap_or(f64::INFINITY);
    let low = scored
        .iter()
        .min_by(|a, b| rmse(a).total_cmp(&rmse(b)))
        .expect("some candidate was backtested");
    let chosen = scored
        .iter()
        .find(|c| c.model == sel.spec.label(0))
        .expect("the chosen model was backtested");
    assert!(rmse(chosen) <= rmse(low) * 1.02);
    assert!(chosen.backtest_directional >= low.backtest_directional);
    assert!(scored.iter().any(|c| c.model == aic.spec.label(0)));
    assert!(
        sel.reason
            .contains(&format!("lowest AIC: {}", aic.spec.label(0)))
            || sel.spec == aic.spec
    );
}
