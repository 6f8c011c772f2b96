use std::sync::OnceLock;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::analysis::ts::metrics::mae;
use crate::analysis::ts::FittedForecaster;

/// Sine (period 16) plus seeded uniform noise around a level of 50.
fn sine(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|t| {
            let phase = std::f64::consts::TAU * t as f64 / 16.0;
            50.0 + 10.0 * phase.sin() + rng.gen_range(-1.0..1.0)
        })
        .collect()
}

fn tiny() -> LstmParams {
    LstmParams::new()
        .window(8)
        .units(&[12])
        .epochs(40)
        .patience(8)
        .batch(16)
        .learning_rate(1e-2)
        .validation(24)
        .bootstrap(50)
        .seed(3)
}

const HELD_OUT: usize = 24;

/// One small model trained on all but the last `HELD_OUT` points, shared by the tests.
fn shared() -> &'static (Vec<f64>, FittedLstm) {
    static MODEL: OnceLock<(Vec<f64>, FittedLstm)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let y = sine(160, 11);
        let fit = tiny()
            .fit(&y[..y.len() - HELD_OUT], None)
            .expect("tiny model trains");
        (y, fit)
    })
}

#[test]
fn beats_naive_on_held_out_sine() {
    let (y, fit) = shared();
    let split = y.len() - HELD_OUT;
    let actual = &y[split..];
    // Recursive forecast against the flat last-value forecast.
    let fc = fit.predict(HELD_OUT, 0.95, None).unwrap();
    let naive_flat = vec![y[split - 1]; HELD_OUT];
    let lstm_mae = mae(actual, &fc.mean).unwrap();
    let naive_mae = mae(actual, &naive_flat).unwrap();
    assert!(
        lstm_mae < 0.5 * naive_mae,
        "lstm {lstm_mae} vs naive {naive_mae}"
    );
    // One-step-ahead predictions against the previous actual value.
    let w = fit.params().window();
    let one = fit.one_step_ahead(&y[split - w..]).unwrap();
    let naive_one = &y[split - 1..y.len() - 1];
    let (a, b) = (mae(actual, &one).unwrap(), mae(actual, naive_one).unwrap());
    assert!(a < b, "one-step lstm {a} vs naive {b}");
}

#[test]
fn band_brackets_the_point_forecast() {
    let (_, fit) = shared();
    let fc = fit.predict(30, 0.8, None).unwrap();
    assert_eq!(fc.level, 0.8);
    assert_eq!(fc.mean.len(), 30);
    for ((l, m), u) in fc.lower.iter().zip(&fc.mean).zip(&fc.upper) {
        assert!(l <= m && m <= u, "{l} {m} {u}");
    }
    assert!(fc.upper[0] > fc.lower[0]);
    assert!(fit.predict(0, 0.95, None).is_err());
    assert!(fit.predict(4, 1.0, None).is_err());
    assert!(fit.predict(4, 0.95, Some(&[vec![1.0; 4]])).is_err());
}

#[test]
fn point_forecast_is_the_band_forecast_mean_without_paths() {
    let (y, fit) = shared();
    let history = &y[..y.len() - HELD_OUT];
    let full = fit.predict_from(history, 30, 0.95).unwrap();
    let point = fit.point_forecast(history, 30).unwrap();
    assert_eq!(point.len(), 30);
    for (a, b) in point.iter().zip(&full.mean) {
        assert!((a - b).abs() < 1e-3, "{a} vs {b}");
    }
    assert!(fit.point_forecast(history, 0).is_err());
    assert!(fit.point_forecast(&history[..3], 5).is_err());
    assert!(fit.point_forecast(&[f64::NAN; 20], 5).is_err());
}

#[test]
fn same_seed_same_forecast_other_seed_differs() {
    let y = sine(120, 5);
    let p = tiny().epochs(6);
    let a = p.fit(&y, None).unwrap().predict(10, 0.9, None).unwrap();
    let b = p.fit(&y, None).unwrap().predict(10, 0.9, None).unwrap();
    assert_eq!(a, b);
    let c = p
        .seed(4)
        .fit(&y, None)
        .unwrap()
        .predict(10, 0.9, None)
        .unwrap();
    assert_ne!(a.mean, c.mean);
}

#[test]
fn trainer_steps_reports_and_restores_best_weights() {
    let y = sine(120, 6);
    let params = tiny().epochs(5).check().unwrap();
    let mut trainer = Trainer::new(&y, &params).unwrap();
    let mut last = None;
    while !trainer.is_done() {
        let r = trainer.step_epoch().unwrap();
        assert!(r.train_loss.is_finite() && r.val_loss.is_finite());
        assert!(r.best_val_loss <= r.val_loss);
        last = Some(r);
    }
    let last = last.unwrap();
    assert_eq!((last.epoch, last.stopped), (5, true));
    assert_eq!(trainer.step_epoch().unwrap(), last);
    assert_eq!(trainer.history().len(), 5);
    let fit = trainer.finish().unwrap();
    assert_eq!(fit.summary().best_epoch, last.best_epoch);
    // The kept weights reproduce the best validation loss.
    let mse = fit
        .residuals()
        .iter()
        .map(|r| f64::from(*r).powi(2))
        .sum::<f64>()
        / fit.residuals().len() as f64;
    assert!((mse - last.best_val_loss).abs() < 1e-9 * (1.0 + mse));
}

#[test]
fn stop_on_request_keeps_a_usable_model() {
    let y = sine(120, 8);
    let mut trainer = Trainer::new(&y, &tiny().check().unwrap()).unwrap();
    trainer.step_epoch().unwrap();
    trainer.stop();
    assert!(trainer.is_done());
    let fit = trainer.finish().unwrap();
    assert_eq!(fit.summary().epochs_run, 1);
    assert_eq!(fit.predict(3, 0.95, None).unwrap().mean.len(), 3);
}

#[test]
fn divergence_is_reported_as_fit_error() {
    let y = sine(120, 9);
    let mut trainer = Trainer::new(&y, &tiny().check().unwrap()).unwrap();
    let n = trainer.net.params[0].as_vec().len();
    trainer.net.params[0].copy_from(&vec![f32::NAN; n]);
    match trainer.step_epoch() {
        Err(crate::analysis::Error::Fit(msg)) => assert!(msg.contains("diverged"), "{msg}"),
        other => panic!("expected a fit error, got {other:?}"),
    }
}

#[test]
fn parameter_rules_each_name_the_bad_value() {
    use LstmParamsError as E;
    let cases: Vec<(LstmParams, &str, E)> = vec![
        (LstmParams::new().window(0), "window", E::Window(0)),
        (
            LstmParams::new().window(MAX_WINDOW + 1),
            "521",
            E::Window(MAX_WINDOW + 1),
        ),
        (LstmParams::new().units(&[]), "[]", E::Layers(vec![])),
        (
            LstmParams::new().units(&[8, 8, 8]),
            "[8, 8, 8]",
            E::Layers(vec![8, 8, 8]),
        ),
        (LstmParams::new().units(&[8, 0]), "got 0", E::Units(0)),
        (
            LstmParams::new().units(&[MAX_UNITS + 1]),
            "513",
            E::Units(MAX_UNITS + 1),
        ),
        (LstmParams::new().epochs(0), "epochs", E::Epochs(0)),
        (LstmParams::new().patience(0), "patience", E::Patience(0)),
        (LstmParams::new().batch(0), "batch", E::Batch(0)),
        (
            LstmParams::new().learning_rate(0.0),
            "learning_rate",
            E::LearningRate(0.0),
        ),
        (
            LstmParams::new().learning_rate(2.0),
            "got 2",
            E::LearningRate(2.0),
        ),
        (
            LstmParams::new().validation(0),
            "validation",
            E::Validation(0),
        ),
        (LstmParams::new().bootstrap(5), "got 5", E::Bootstrap(5)),
        (
            LstmParams::new().seasonal_lag(600),
            "600",
            E::SeasonalLag(600),
        ),
    ];
    for (p, needle, want) in cases {
        match p.check_ref() {
            Err(e) => {
                assert_eq!(e, want);
                let msg = crate::analysis::Error::from(e).to_string();
                assert!(msg.contains(needle), "{msg:?} lacks {needle:?}");
            }
            other => panic!("{p:?} gave {other:?}"),
        }
    }
    match LstmParams::new().learning_rate(f64::NAN).check() {
        Err(e @ E::LearningRate(_)) => assert!(e.to_string().contains("NaN"), "{e}"),
        other => panic!("NaN learning rate gave {other:?}"),
    }
    let ok = LstmParams::new().check().unwrap();
    assert_eq!(ok.label(), "LSTM(50,32) window 12");
    assert_eq!(
        (ok.window(), ok.units(), ok.epochs()),
        (12, &[50, 32][..], 200)
    );
}

#[test]
fn bad_series_are_data_errors() {
    use crate::analysis::Error::{Data, Params};
    let p = tiny();
    let need = 8 + MIN_TRAIN_WINDOWS + 24;
    match p.fit(&sine(need - 1, 1), None) {
        Err(Data(msg)) => assert!(msg.contains(&format!("need at least {need}")), "{msg}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(p.fit(&[], None), Err(Data(_))));
    let mut y = sine(100, 1);
    y[40] = f64::NAN;
    assert!(matches!(p.fit(&y, None), Err(Data(m)) if m.contains("index 40")));
    assert!(matches!(p.fit(&vec![7.0; 100], None), Err(Data(m)) if m.contains("constant")));
    let exog = vec![vec![0.0; 100]];
    assert!(matches!(p.fit(&sine(100, 1), Some(&exog)), Err(Params(_))));
    assert!(matches!(
        evaluate(&sine(100, 1), &p.check().unwrap(), 0),
        Err(Params(_))
    ));
}

#[test]
fn export_import_round_trip_forecasts_identically() {
    let (y, fit) = shared();
    let text = fit.to_json().unwrap();
    let back = FittedLstm::from_json(&text).unwrap();
    assert_eq!(
        fit.predict(20, 0.95, None).unwrap(),
        back.predict(20, 0.95, None).unwrap()
    );
    assert_eq!(
        fit.one_step_ahead(y).unwrap(),
        back.one_step_ahead(y).unwrap()
    );
    assert_eq!(back.summary(), fit.summary());
    assert_eq!(back.num_params(), fit.num_params());
    assert_eq!(back.to_json().unwrap(), text);
}

#[test]
fn corrupted_or_hostile_imports_are_errors() {
    let (_, fit) = shared();
    let text = fit.to_json().unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        f(&mut d);
        d.to_string()
    };
    let cases = vec![
        String::new(),
        "null".to_string(),
        text[..text.len() / 2].to_string(),
        text.replacen('A', "*", 1),
        edit(&|d| d["version"] = 99.into()),
        edit(&|d| d["format"] = "other".into()),
        edit(&|d| d["params"]["units"] = serde_json::json!([100000])),
        edit(&|d| d["params"]["window"] = 9.into()),
        edit(&|d| d["weights"][0]["rows"] = 1_000_000_000u64.into()),
        edit(&|d| d["weights"][1]["data"] = "AAAA".into()),
        edit(&|d| {
            d["weights"].as_array_mut().unwrap().pop();
        }),
        edit(&|d| d["tail"][0] = "NaN".into()),
        edit(&|d| d["tail"] = serde_json::json!([])),
        edit(&|d| d["scaler"]["scale"] = "0".into()),
        edit(&|d| d["residuals"] = "".into()),
        edit(&|d| d["residuals"] = "AADAfw==".into()), // NaN as f32
    ];
    for (i, bad) in cases.iter().enumerate() {
        match FittedLstm::from_json(bad) {
            Err(crate::analysis::Error::Data(msg)) => assert!(msg.starts_with("model file")),
            other => panic!("case {i} gave {other:?}"),
        }
    }
}

#[test]
fn seasonal_lag_input_trains_forecasts_and_round_trips() {
    let y = sine(140, 13);
    let p = tiny().epochs(4).seasonal_lag(16).check().unwrap();
    assert_eq!((p.context(), p.n_inputs()), (24, 2));
    assert_eq!(p.label(), "LSTM(12) window 8 + lag 16");
    let fit = p.fit(&y, None).unwrap();
    assert_eq!(fit.num_params(), 4 * 12 * (2 + 12 + 1) + 12 + 1);
    assert_eq!(fit.one_step_ahead(&y).unwrap().len(), 140 - 24);
    assert!(fit.predict_from(&y[..23], 3, 0.9).is_err());
    let back = FittedLstm::from_json(&fit.to_json().unwrap()).unwrap();
    assert_eq!(
        fit.predict(60, 0.9, None).unwrap(),
        back.predict(60, 0.9, None).unwrap()
    );
    let need = 24 + MIN_TRAIN_WINDOWS + 24;
    assert!(p.fit(&y[..need - 1], None).is_err());
    assert!(p.fit(&y[..need], None).is_ok());
}

#[test]
fn evaluation_scores_lstm_next_to_seasonal_naive() {
    let y = sine(150, 12);
    let p = tiny().epochs(10).check().unwrap();
    let clock = || 5.0;
    let ev = evaluate_with_clock(&y, &p, 20, Some(&clock)).unwrap();
    assert_eq!(
        (ev.test_len, ev.actual.len(), ev.forecast.len()),
        (20, 20, 20)
    );
    assert!(ev.seasonal_naive.is_some() && ev.sarimax.is_none());
    assert_eq!(ev.training_ms, Some(0.0));
    assert_eq!(ev.size_bytes, 4 * ev.num_params);
    assert_eq!(ev.num_params, 4 * 12 * (1 + 12 + 1) + 12 + 1);
    assert_eq!(
        crate::analysis::ts::baseline::seasonal_naive(&y[..130], SEASON, 3),
        Some(y[78..81].to_vec())
    );
    assert!(evaluate(&y[..30], &p, 20).is_err());
}
