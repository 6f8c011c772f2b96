//! Calibration of the monthly forecast bands on Detroit's real monthly counts
//! (`../shared/data/crime-cartography/timeline.json`, read in place; the test prints a notice
//! and passes vacuously where it is absent): the coverage the rolling-origin backtest measures,
//! and whether the conformal 95 % band fitted on it covers a later hold-out.

mod common;

use common::shared;
use crimecast::analysis::ts::backtest::{backtest, BacktestSpec};
use crimecast::analysis::ts::calibration::{coverage, ConformalMethod};
use crimecast::analysis::ts::sarimax::SarimaxParams;
use crimecast::analysis::ts::{FittedForecaster, Forecaster};
use crimecast::analysis::ParamGuard;
use serde_json::Value;

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

/// On the 111 months from 2017-04, SARIMA(1,1,1)(1,1,1,12) is backtested on all but the last
/// 12 months (24 origins one month apart, 12 months ahead each), then fitted on those months
/// and forecast the last 12. The backtest's coverage counts add up and lie in [0, 1]; with 24
/// errors per horizon the conformal 95 % band is fitted by horizon, and on the later 12 months
/// it covers at least 10 (nominal 95 % less a slack of 12 points: with 12 months, a band that
/// truly covers 95 % misses 3 or more with probability about 2 %).
///
/// Measured: 260 of 288 backtest months inside the 80 % band, 284 of 288 inside the 95 % band,
/// RMSE 5.1 % of the mean; on the later 12 months 10 inside the model's 95 % band and 10 inside
/// the conformal one.
#[test]
fn coverage_and_conformal_band_on_detroit_monthly_counts() {
    let Some(all) = detroit_monthly() else {
        return;
    };
    let y = &all[3..];
    let (train, later) = y.split_at(y.len() - 12);
    let spec = SarimaxParams::new([1, 1, 1])
        .seasonal(1, 1, 1, 12)
        .check()
        .expect("spec");
    let bt = backtest(
        &spec,
        train,
        None,
        &BacktestSpec {
            step: 1,
            min_train: 36,
            ..BacktestSpec::new(12, 24)
        },
    )
    .expect("backtest");
    let cal = bt.calibration().expect("calibration");
    for c in &cal.coverage {
        println!(
            "backtest: {} of {} months inside the model's {:.0} % band ({:.3})",
            c.inside,
            c.total,
            100.0 * c.level,
            c.fraction()
        );
        assert_eq!(c.total, 24 * 12);
        assert!(c.inside <= c.total);
        assert!((0.0..=1.0).contains(&c.fraction()));
    }
    let (c80, c95) = (
        cal.coverage_at(0.8).expect("80"),
        cal.coverage_at(0.95).expect("95"),
    );
    assert!(
        c80.inside <= c95.inside,
        "the 95 % band holds the 80 % band"
    );
    let pct = cal.rmse_pct_mean.expect("mean > 0");
    println!("backtest RMSE = {pct:.1} % of the mean");
    assert!(pct > 0.0 && pct < 50.0, "{pct}");

    let conf = cal.conformal_at(0.95).expect("a 95 % conformal band");
    assert_eq!((conf.method, conf.scores), (ConformalMethod::ByHorizon, 24));
    println!("conformal 95 % half-widths by horizon: {:.0?}", conf.widths);
    let fc = spec
        .fit(train, None)
        .expect("fit")
        .predict(12, 0.95, None)
        .expect("forecast");
    let band = conf.band(&fc.mean, None).expect("band");
    let model = coverage(0.95, later, &fc.lower, &fc.upper).expect("model coverage");
    let conformal = coverage(0.95, later, &band.lower, &band.upper).expect("conformal coverage");
    println!(
        "later 12 months: {} inside the model's 95 % band, {} inside the conformal one",
        model.inside, conformal.inside
    );
    assert_eq!(conformal.total, 12);
    assert!(conformal.inside >= 10, "{conformal:?}");
}
