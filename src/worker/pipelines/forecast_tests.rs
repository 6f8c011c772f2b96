//! Calendar regressors in the monthly forecast: a known weekend-day effect is found and
//! recovered, a series without one keeps them only under the AIC-and-backtest rule.

use super::*;
use crate::analysis::ts::backtest::backtest;
use crate::data::time::day_of;

/// First days of the 120 months from January 2014.
fn starts() -> Vec<i32> {
    let mut s = vec![day_of(2014, 1, 1).unwrap()];
    s.extend(months_after(s[0], 119));
    s
}

/// SARIMA(1,0,0)(0,1,1,12) noise (φ = 0.5, Θ = −0.5, innovations sd ≈ 10) around a seasonal
/// level, plus `effect` per weekend day of the month.
fn series(starts: &[i32], effect: f64, seed: u64) -> Vec<f64> {
    let mut noise = crate::analysis::ts::test_noise(seed);
    let weekend = &calendar_columns(starts)[1];
    let n = starts.len();
    let e: Vec<f64> = (0..n).map(|_| 35.0 * noise()).collect();
    let mut w = vec![0.0; n];
    let mut u = vec![0.0; n];
    for t in 0..n {
        w[t] = if t > 0 { 0.5 * w[t - 1] } else { 0.0 } + e[t]
            - if t >= 12 { 0.5 * e[t - 12] } else { 0.0 };
        u[t] = if t >= 12 {
            u[t - 12] + w[t]
        } else {
            500.0 + 80.0 * (std::f64::consts::TAU * t as f64 / 12.0).sin() + w[t]
        };
    }
    u.iter().zip(weekend).map(|(u, k)| u + effect * k).collect()
}

fn model(y: &[f64]) -> MonthlyModel {
    let spec = monthly_order([1, 0, 0, 0, 1, 1]).check().unwrap();
    let fitted = spec.fit(y, None).unwrap();
    MonthlyModel {
        spec,
        fitted,
        candidates: Vec::new(),
        differencing: None,
        reason: String::new(),
        auto: true,
        backtest: None,
    }
}

fn choose(y: &[f64]) -> (MonthlyModel, Backtest, Option<CalendarFit>, String) {
    let starts = starts();
    let m = model(y);
    let bt = monthly_backtest_spec(y.len(), 4, 12);
    let base = backtest(&m.spec, y, None, &bt).unwrap();
    let future = months_after(*starts.last().unwrap(), 12);
    let (fit, why) = calendar_regressors(&m, &starts, &future, y, Some(&base), &bt).unwrap();
    (m, base, fit, why)
}

#[test]
fn calendar_columns_count_the_months() {
    let c = calendar_columns(&[day_of(2024, 2, 1).unwrap(), day_of(2025, 11, 1).unwrap()]);
    assert_eq!(c, vec![vec![29.0, 30.0], vec![8.0, 10.0], vec![1.0, 2.0]]);
}

#[test]
fn a_weekend_day_effect_is_kept_and_recovered() {
    // Nine independent series: each keeps weekend days with its coefficient within three
    // standard errors of 40, and their mean is within two standard errors of the mean.
    let (mut coefs, mut ses) = (Vec::new(), Vec::new());
    for seed in 1..=9 {
        let y = series(&starts(), 40.0, seed);
        let (m, base, fit, why) = choose(&y);
        let fit = fit.unwrap_or_else(|| panic!("not kept: {why}"));
        let weekend = fit
            .estimates
            .iter()
            .find(|r| r.name == "weekend days")
            .unwrap_or_else(|| panic!("weekend days not kept: {why}"));
        let se = weekend.std_err.unwrap();
        assert!(se > 0.0 && se < 5.0, "{se}");
        assert!((weekend.coef - 40.0).abs() < 3.0 * se, "{weekend:?}");
        coefs.push(weekend.coef);
        ses.push(se);
        // The rule it was kept by, and the reason says so.
        assert!(fit.fitted.aic < m.fitted.aic);
        assert!(fit.backtest.as_ref().unwrap().average.rmse <= base.average.rmse);
        assert!(
            why.contains("weekend days") && why.contains(" kept: AIC"),
            "{why}"
        );
        assert_eq!(fit.future.len(), fit.estimates.len());
        assert!(fit.future.iter().all(|c| c.len() == 12));
        let label = label_with(&m.spec.label(0), &fit.estimates);
        assert!(label.starts_with("SARIMA(1,0,0)(0,1,1,12) + "), "{label}");
        assert!(label.contains("weekend days"), "{label}");
    }
    let n = coefs.len() as f64;
    let mean = coefs.iter().sum::<f64>() / n;
    let se_mean = ses.iter().sum::<f64>() / n / n.sqrt();
    assert!((mean - 40.0).abs() < 2.0 * se_mean, "{mean} ± {se_mean}");
}

#[test]
fn without_an_effect_they_are_kept_only_by_the_rule() {
    for seed in [3, 8, 21] {
        let y = series(&starts(), 0.0, seed);
        let (m, base, fit, why) = choose(&y);
        match fit {
            None => assert!(why.starts_with("calendar regressors not kept"), "{why}"),
            Some(f) => {
                assert!(f.fitted.aic < m.fitted.aic, "{why}");
                assert!(
                    f.backtest.as_ref().unwrap().average.rmse <= base.average.rmse,
                    "{why}"
                );
            }
        }
    }
}

#[test]
fn labels_name_the_regressors() {
    let r = |name: &str| RegressorEstimate {
        name: name.into(),
        coef: 1.0,
        std_err: Some(0.5),
    };
    assert_eq!(
        label_with("SARIMA(1,1,1)(0,1,1,12)", &[]),
        "SARIMA(1,1,1)(0,1,1,12)"
    );
    assert_eq!(
        label_with(
            "SARIMA(1,1,1)(0,1,1,12)",
            &[r("weekend days"), r("holidays")]
        ),
        "SARIMA(1,1,1)(0,1,1,12) + weekend days, holidays"
    );
}

#[test]
fn the_automatic_forecast_names_and_uses_kept_regressors() {
    let starts = starts();
    let y = series(&starts, 40.0, 4);
    let r = run_series(
        &starts,
        &y,
        (false, false),
        starts[0],
        &ForecastSpec::default(),
    )
    .unwrap();
    assert!(r.auto);
    assert!(r.reason.starts_with("chosen by"), "{}", r.reason);
    let weekend = r
        .regressors
        .iter()
        .find(|e| e.name == "weekend days")
        .unwrap_or_else(|| panic!("{}", r.reason));
    assert!(r.model.ends_with(&format!(
        " + {}",
        r.regressors
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )));
    assert!(r
        .params
        .contains(&("weekend days".to_string(), weekend.coef)));
    assert_eq!(r.mean.len(), 12);
    // A hand-set order keeps its order; the regressors are tried with it and kept by the
    // same rule.
    let set = ForecastSpec {
        order: Some([1, 0, 0, 0, 1, 1]),
        ..ForecastSpec::default()
    };
    let fixed = run_series(&starts, &y, (false, false), starts[0], &set).unwrap();
    assert!(!fixed.auto);
    assert!(
        fixed.model.starts_with("SARIMA(1,0,0)(0,1,1,12) + "),
        "{}",
        fixed.model
    );
    assert!(
        fixed.regressors.iter().any(|e| e.name == "weekend days"),
        "{}",
        fixed.reason
    );
    assert!(
        fixed
            .reason
            .starts_with("(order as set); calendar regressors: "),
        "{}",
        fixed.reason
    );
    // Turned off, the order is fitted as given, without regressors.
    let plain = ForecastSpec {
        calendar: false,
        ..set
    };
    let fixed = run_series(&starts, &y, (false, false), starts[0], &plain).unwrap();
    assert!(fixed.regressors.is_empty());
    assert_eq!(fixed.model, "SARIMA(1,0,0)(0,1,1,12)");
    assert_eq!(fixed.reason, "(order as set)");
}

#[test]
fn the_selection_backtest_is_reused_only_when_it_is_the_same_backtest() {
    let starts = starts();
    let y = series(&starts, 0.0, 11);
    let model = fit_monthly(&y, None, &SelectOptions::new(MONTHLY_PERIOD).backtested()).unwrap();
    let (plan, _) = model.backtest.as_ref().expect("judged on backtests");
    // The page's default plan is the selection's: the reused backtest is the one a fresh run
    // of the chosen model gives.
    let spec = ForecastSpec::default();
    assert_eq!(
        *plan,
        monthly_backtest_spec(y.len(), spec.origins, spec.backtest_horizon)
    );
    let reused = model_backtest_pair(&model, &y, spec.origins, spec.backtest_horizon);
    let fresh = backtest_pair(&model.spec, &y, spec.origins, spec.backtest_horizon);
    assert_eq!(reused.model, fresh.model);
    assert_eq!(reused.baseline, fresh.baseline);
    // Another plan (fewer origins) is computed, not reused.
    let other = model_backtest_pair(&model, &y, 2, spec.backtest_horizon);
    assert_eq!(other.model.unwrap().per_origin.len(), 2);
}
