use std::cell::Cell;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::compare::{holiday_exog, naive_score, sarimax_score, SarimaxCache, HOLIDAY_WEEKS};
use super::job::{import, TrainingJob};
use super::*;
use crate::analysis::ParamGuard;
use crate::data::clean::CleanRules;
use crate::data::filter::Filter;
use crate::data::time::day_of;
use crate::worker::engine::Engine;
use crate::worker::messages::{
    EpochPoint, LstmResult, LstmSettings, LstmSettingsError, ScoreKind, StopReason,
};

/// Weekly counts: a level of 1500, ±15 % yearly season, a slow decline, ≈4 % noise.
fn weekly(n: usize, seed: u64) -> WeeklySeries {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let first = day_of(2018, 1, 1).unwrap_or(17_532);
    WeeklySeries {
        starts: (0..n).map(|t| first + 7 * t as i32).collect(),
        values: (0..n)
            .map(|t| {
                let t = t as f64;
                let season = 1.0 + 0.15 * (std::f64::consts::TAU * t / 52.0).sin();
                let noise = 1.0 + rng.gen_range(-0.04..0.04);
                (1500.0 * (1.0 - 0.1 * t / n as f64) * season * noise).round()
            })
            .collect(),
        dropped_partial: (true, false),
    }
}

fn small() -> LstmSettings {
    LstmSettings {
        window: 4,
        units: vec![8],
        epochs: 6,
        patience: 3,
        seed: 5,
        seasonal_lag: 52,
        test_weeks: 52,
    }
}

fn clock() -> impl Fn() -> f64 {
    let origin = Instant::now();
    move || origin.elapsed().as_secs_f64() * 1e3
}

fn train(series: WeeklySeries, settings: LstmSettings) -> (Vec<EpochPoint>, LstmResult) {
    let clock = clock();
    let mut job = TrainingJob::new(series, settings, clock()).expect("training starts");
    let mut points = Vec::new();
    while !job.is_done() {
        points.extend(job.step(&clock, 0.0).expect("epoch runs"));
    }
    let mut cache = SarimaxCache::default();
    let result = job.finish(&clock, &mut cache).expect("scored");
    (points, result)
}

/// One small run on 300 synthetic weeks, shared by the tests.
fn shared() -> &'static (WeeklySeries, Vec<EpochPoint>, LstmResult) {
    static RUN: std::sync::OnceLock<(WeeklySeries, Vec<EpochPoint>, LstmResult)> =
        std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let series = weekly(300, 3);
        let (points, result) = train(series.clone(), small());
        (series, points, result)
    })
}

#[test]
fn training_reports_every_epoch_then_scores_three_models_and_forecasts() {
    let (series, points, r) = shared();
    assert_eq!(points.len(), r.epochs_run);
    assert!(!points.is_empty() && points.len() <= 6);
    for (k, p) in points.iter().enumerate() {
        assert_eq!(p.epoch, k + 1);
        assert_eq!(p.budget, 6);
        assert!(p.train_loss.is_finite() && p.val_loss.is_finite());
        assert!(p.best_val_loss <= p.val_loss + 1e-12);
    }
    assert!(matches!(r.stop, StopReason::Budget | StopReason::EarlyStop));
    assert!(r.best_epoch <= r.epochs_run);
    assert!(r.training_ms.is_some_and(|ms| ms >= 0.0));
    assert_eq!(r.history, series.values);
    assert_eq!(r.test_weeks, 52);
    let kinds: Vec<ScoreKind> = r.scores.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ScoreKind::Lstm,
            ScoreKind::LstmOneStep,
            ScoreKind::Sarimax,
            ScoreKind::SeasonalNaive
        ]
    );
    for s in &r.scores {
        let m = s
            .metrics
            .as_ref()
            .unwrap_or_else(|| panic!("{} not scored: {:?}", s.name, s.note));
        assert!(m.rmse.is_finite() && m.mape.is_some(), "{}", s.name);
        assert_eq!(s.forecast.len(), 52);
    }
    assert!(r.winner().is_some_and(|w| w.kind != ScoreKind::LstmOneStep));
    // SARIMAX tried the holiday weeks and says what became of them.
    let sarimax = r.score(ScoreKind::Sarimax).unwrap();
    let note = sarimax.note.as_deref().unwrap_or_default();
    assert!(note.starts_with("calendar regressors"), "{note}");
    assert_eq!(
        sarimax.name.ends_with(" + holiday weeks"),
        !sarimax.regressors.is_empty(),
        "{note}"
    );
    assert_eq!(r.mean.len(), HORIZON);
    assert_eq!(r.forecast_starts.len(), HORIZON);
    assert_eq!(r.forecast_starts[0], series.starts[299] + 7);
    for ((l, m), u) in r.lower.iter().zip(&r.mean).zip(&r.upper) {
        assert!(l <= m && m <= u, "{l} {m} {u}");
    }
    assert_eq!(r.num_params * 4, r.size_bytes);
    assert_eq!(r.file_bytes, r.model_json.len());
    assert!(r.model.contains("lag 52"), "{}", r.model);
    // The LSTM's 80 % and 95 % bands measured on the 52 test weeks, the latest case being the
    // recursive forecast scored above.
    let cal = r
        .calibration
        .as_ref()
        .expect("calibration on the test weeks");
    assert_eq!(cal.latest.origin, 300 - 52);
    assert_eq!(cal.latest.mean, r.scores[0].forecast);
    assert_eq!(cal.coverage.len(), 2);
    let (c80, c95) = (&cal.coverage[0], &cal.coverage[1]);
    assert_eq!(
        (c80.level, c80.total, c95.level, c95.total),
        (0.8, 52, 0.95, 52)
    );
    assert!(c80.inside <= c95.inside && c95.inside <= 52);
}

#[test]
fn an_exported_model_imports_to_the_same_forecast_and_scores() {
    let (series, _, r) = shared();
    let clock = clock();
    let mut cache = SarimaxCache::default();
    let back = import(&r.model_json, series, 52, &clock, &mut cache).expect("imports");
    assert_eq!(back.stop, StopReason::Imported);
    assert_eq!(back.training_ms, None);
    assert_eq!(back.mean, r.mean);
    assert_eq!(back.lower, r.lower);
    assert_eq!(back.upper, r.upper);
    for (a, b) in back.scores.iter().zip(&r.scores) {
        assert_eq!(
            (&a.name, &a.metrics, &a.forecast),
            (&b.name, &b.metrics, &b.forecast)
        );
    }
    assert_eq!(back.num_params, r.num_params);
    assert_eq!(back.settings.window, 4);
    assert_eq!(back.epochs_run, r.epochs_run);
    let bad = import("{\"format\":\"x\"}", series, 52, &clock, &mut cache).unwrap_err();
    assert!(bad.to_string().contains("model file"), "{bad}");
    let short = weekly(80, 1);
    let err = import(&r.model_json, &short, 52, &clock, &mut cache).unwrap_err();
    assert!(err.to_string().contains("complete weeks"), "{err}");
}

/// A model file made outside the page (the format allows windows to 520 weeks, 512 units
/// and 10,000 bootstrap paths) with `params`, trained for one epoch on `series`.
fn model_made_elsewhere(
    series: &WeeklySeries,
    params: crate::analysis::ts::lstm::LstmParams,
) -> String {
    use crate::analysis::ts::lstm::Trainer;
    let valid = params
        .epochs(1)
        .validation(8)
        .check()
        .expect("valid params");
    let mut trainer = Trainer::new(&series.values[..200], &valid).expect("trainer");
    trainer.step_epoch().expect("one epoch");
    trainer.finish().expect("fitted").to_json().expect("json")
}

#[test]
fn a_model_larger_than_the_page_trains_is_refused_before_scoring() {
    use crate::analysis::ts::lstm::LstmParams;
    let series = weekly(300, 3);
    let clock = clock();
    let mut cache = SarimaxCache::default();
    let cases = [
        (LstmParams::new().window(4).units(&[200]), "units"),
        (LstmParams::new().window(60).units(&[8]), "window"),
        (
            LstmParams::new().window(4).units(&[8]).bootstrap(5000),
            "5000 bootstrap paths",
        ),
    ];
    for (params, named) in cases {
        let json = model_made_elsewhere(&series, params);
        let started = Instant::now();
        let err = import(&json, &series, 52, &clock, &mut cache)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("larger than the page trains") && err.contains(named),
            "{err}"
        );
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "refusing took {:?}",
            started.elapsed()
        );
    }
    // The same shape within the page's limits is scored.
    let json = model_made_elsewhere(&series, LstmParams::new().window(4).units(&[8]));
    assert!(import(&json, &series, 52, &clock, &mut cache).is_ok());
}

#[test]
fn stop_keeps_the_best_weights_so_far() {
    let clock = clock();
    let settings = LstmSettings {
        epochs: 500,
        patience: 500,
        ..small()
    };
    let mut job = TrainingJob::new(weekly(260, 4), settings, clock()).unwrap();
    let first = job.step(&clock, 0.0).unwrap();
    assert_eq!(first.len(), 1);
    assert!(!job.is_done());
    job.stop(clock());
    assert!(job.is_done());
    assert!(job.step(&clock, 0.0).unwrap().is_empty());
    assert_eq!(job.reason(), StopReason::User);
    let r = job.finish(&clock, &mut SarimaxCache::default()).unwrap();
    assert_eq!((r.stop, r.epochs_run), (StopReason::User, 1));
    assert!(r.best_epoch <= 1);
}

#[test]
fn failures_are_clear_messages() {
    let clock = clock();
    let err = TrainingJob::new(weekly(150, 1), small(), 0.0).unwrap_err();
    assert!(err.to_string().contains("150 complete weeks"), "{err}");
    assert!(err.to_string().contains("at least 168"), "{err}");
    let flat = WeeklySeries {
        values: vec![40.0; 300],
        ..weekly(300, 1)
    };
    let err = TrainingJob::new(flat, small(), 0.0).unwrap_err();
    assert!(err.to_string().contains("constant"), "{err}");
    let bad = LstmSettings {
        units: vec![8, 8, 8],
        ..small()
    };
    let err = TrainingJob::new(weekly(300, 1), bad, 0.0).unwrap_err();
    assert!(err.to_string().contains("units"), "{err}");
    let nan = WeeklySeries {
        values: (0..300)
            .map(|t| if t == 7 { f64::NAN } else { 1.0 + t as f64 })
            .collect(),
        ..weekly(300, 1)
    };
    let err = TrainingJob::new(nan, small(), clock()).unwrap_err();
    assert!(err.to_string().contains("finite"), "{err}");
}

#[test]
fn sarimax_is_fitted_once_per_split_and_naive_repeats_last_year() {
    let series = weekly(200, 2);
    let (train, actual) = series.values.split_at(148);
    let calls = Cell::new(0u32);
    let counting = || {
        calls.set(calls.get() + 1);
        f64::from(calls.get())
    };
    let exog = holiday_exog(&series.starts, 148).unwrap();
    let mut cache = SarimaxCache::default();
    let a = cache.score(train, actual, Some(&exog), &counting);
    let used = calls.get();
    assert!(used > 0);
    let b = cache.score(train, actual, Some(&exog), &counting);
    assert_eq!((a, calls.get()), (b, used));
    // Without the regressor the score is another one: computed again.
    cache.score(train, actual, None, &counting);
    assert!(calls.get() > used);
    let n = naive_score(train, actual);
    assert_eq!(n.forecast[0], train[148 - 52]);
    assert_eq!(n.forecast[51], train[147]);
    let short = cache.score(&train[..100], &actual[..10], None, &counting);
    assert!(short.metrics.is_none());
    assert!(short.note.is_some_and(|n| n.contains("training weeks")));
}

#[test]
fn the_engine_builds_complete_weeks_for_the_filter() {
    let mut e = Engine::new();
    assert!(e.weekly_series(&Filter::default()).is_err());
    let rules = CleanRules {
        first_day: day_of(2025, 1, 1).unwrap(),
        ..CleanRules::default()
    };
    e.demo_begin(1, 2016, rules);
    while !e.demo_step(1, 12).unwrap().finished {}
    let w = e.weekly_series(&Filter::default()).unwrap();
    assert_eq!(w.starts.len(), w.values.len());
    assert!(w.values.len() > 90);
    assert!(w.starts.windows(2).all(|p| p[1] - p[0] == 7));
    // ISO weeks start on Monday (2025-01-06 is one).
    let monday = day_of(2025, 1, 6).unwrap();
    assert!(w.starts.iter().all(|s| (s - monday).rem_euclid(7) == 0));
    assert!(w.values.iter().all(|v| *v > 100.0));
    // Too few weeks for the default settings: a clear error, not a panic.
    let err = TrainingJob::new(w, LstmSettings::default(), 0.0).unwrap_err();
    assert!(err.to_string().contains("complete weeks"), "{err}");
}

#[test]
fn settings_validate_their_ranges() {
    assert_eq!(MAX_MODEL_BYTES, crate::analysis::ts::lstm::MAX_FILE_BYTES);
    assert!(LstmSettings::default().check_ref().is_ok());
    assert_eq!(LstmSettings::default().min_weeks(), 12 + 52 + 8 + 52 + 52);
    let bad = LstmSettings {
        window: 0,
        ..LstmSettings::default()
    };
    let e = bad.check().unwrap_err();
    assert_eq!(e, LstmSettingsError::Window(0));
    assert!(e.to_string().contains("window"));
    let bad = LstmSettings {
        seed: u64::MAX,
        ..LstmSettings::default()
    };
    let e = bad.check().unwrap_err();
    assert_eq!(e, LstmSettingsError::Seed(u64::MAX));
    assert!(e.to_string().contains("seed"));
}

#[test]
fn sarimax_keeps_holiday_weeks_that_move_the_counts() {
    // The synthetic weeks with 450 fewer incidents (−30 % of the level) per observed holiday.
    let mut series = weekly(300, 3);
    for (v, s) in series.values.iter_mut().zip(&series.starts) {
        *v -= 450.0 * f64::from(crate::data::calendar::week_holidays(*s));
    }
    let exog = holiday_exog(&series.starts, 248).unwrap();
    let (train, actual) = series.values.split_at(248);
    let s = sarimax_score(train, actual, Some(&exog), &|| 0.0);
    let note = s.note.clone().unwrap_or_default();
    assert_eq!(
        s.name,
        format!("SARIMA(1,1,1)(0,1,1,52) + {HOLIDAY_WEEKS}"),
        "{note}"
    );
    assert!(
        note.starts_with("calendar regressors: holiday weeks kept: AIC "),
        "{note}"
    );
    assert!(note.contains(&format!("{HOLIDAY_WEEKS} -")), "{note}");
    assert_eq!(s.regressors.len(), 1);
    assert_eq!(s.regressors[0].name, HOLIDAY_WEEKS);
    assert!(s.regressors[0].coef < -300.0, "{:?}", s.regressors);
    // Without the regressor the plain model is scored.
    let plain = sarimax_score(train, actual, None, &|| 0.0);
    assert_eq!(plain.name, "SARIMA(1,1,1)(0,1,1,52)");
    assert!(plain.regressors.is_empty());
}
