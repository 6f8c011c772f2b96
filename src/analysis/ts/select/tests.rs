//! Tests of the automatic order selection.
use super::*;

fn seasonal_series(n: usize) -> Vec<f64> {
    let mut noise = crate::analysis::ts::test_noise(3);
    let mut level = 100.0;
    (0..n)
        .map(|t| {
            let e = noise();
            level += e;
            level + 10.0 * (t as f64 * std::f64::consts::PI / 6.0).sin() + e
        })
        .collect()
}

#[test]
fn picks_a_model_and_records_every_candidate() {
    let y = seasonal_series(72);
    let sel = auto_sarima(&y, &SelectOptions::new(12)).unwrap();
    assert!(sel.candidates.len() >= 5);
    assert!(sel
        .candidates
        .iter()
        .any(|c| c.model.starts_with("SARIMA(1,1,1)(1,1,1,12)")));
    let best = sel.fitted.aic;
    for c in sel.candidates.iter().filter(|c| c.eligible) {
        if let Some(a) = c.aic {
            assert!(a >= best - 1e-9);
        }
    }
    assert_eq!(sel.spec.sd, 1, "{:?}", sel.differencing);
}

#[test]
fn backtested_choice_follows_the_rmse_then_direction_rule() {
    let y = seasonal_series(72);
    let opts = SelectOptions::new(12).backtested();
    let sel = auto_sarima(&y, &opts).unwrap();
    assert!(
        sel.reason
            .starts_with("chosen by AIC shortlist and rolling-origin backtest"),
        "{}",
        sel.reason
    );
    let Judge::Backtest(j) = opts.judge else {
        panic!("backtested options judge by backtest")
    };
    let plan = judge::plan(&j, y.len()).unwrap();
    assert_eq!(plan.origins, 4);
    let scored: Vec<&Candidate> = sel
        .candidates
        .iter()
        .filter(|c| c.backtest_rmse.is_some())
        .collect();
    assert!(scored.len() >= 2, "{:?}", sel.candidates);
    // Each recorded score is the backtest of that candidate.
    for c in &scored {
        let spec = spec_of(
            (
                c.order[0],
                c.order[1],
                c.order[2],
                c.seasonal_order[0],
                c.seasonal_order[1],
                c.seasonal_order[2],
            ),
            12,
        )
        .unwrap();
        let b = crate::analysis::ts::backtest::backtest(&spec, &y, None, &plan).unwrap();
        assert_eq!(c.backtest_rmse, Some(b.average.rmse));
        assert_eq!(c.backtest_directional, Some(b.average.directional));
    }
    let chosen = scored
        .iter()
        .find(|c| c.model == sel.spec.label(0))
        .expect("the chosen model was backtested");
    let low = scored
        .iter()
        .min_by(|a, b| {
            a.backtest_rmse
                .unwrap()
                .total_cmp(&b.backtest_rmse.unwrap())
        })
        .unwrap();
    let (rc, rl) = (chosen.backtest_rmse.unwrap(), low.backtest_rmse.unwrap());
    assert!(rc <= rl * 1.02, "{rc} vs lowest {rl}");
    assert!(chosen.backtest_directional >= low.backtest_directional);
}

#[test]
fn short_series_fall_back_to_aic_and_say_so() {
    let y = seasonal_series(44);
    let sel = auto_sarima(&y, &SelectOptions::new(12).backtested()).unwrap();
    assert!(
        sel.reason.starts_with("chosen by AIC among"),
        "{}",
        sel.reason
    );
    assert!(
        sel.reason.contains("no backtest: 44 values are too few"),
        "{}",
        sel.reason
    );
    assert!(sel.candidates.iter().all(|c| c.backtest_rmse.is_none()));
    let aic = auto_sarima(&y, &SelectOptions::new(12)).unwrap();
    assert_eq!(aic.spec, sel.spec);
}

#[test]
fn long_periods_get_the_reduced_search() {
    let o = SelectOptions::new(52);
    assert_eq!((o.max_seasonal_pq, o.max_models), (0, 8));
    assert_eq!(SelectOptions::new(12).max_seasonal_pq, 1);
}

#[test]
fn nan_is_rejected() {
    assert!(auto_sarima(&[1.0, f64::NAN, 2.0], &SelectOptions::new(1)).is_err());
}
