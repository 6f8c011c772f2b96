//! Turning analysis results into run records, saving them, and checking re-runs.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::runs::{compare, ContentHash, RunRecord};
use crate::worker::messages::{AllocationResult, AnalysisResult, Fingerprint, LstmResult};

use super::format::day;
use super::state::AppState;

fn metric(m: &mut BTreeMap<String, f64>, k: &str, v: Option<f64>) {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        m.insert(k.to_string(), v);
    }
}

/// Build the record of a finished analysis (None for analyses that are not recorded); the
/// data tags come from the worker's `fingerprint` of the rows analysed, when it sent one.
pub fn build(
    state: &AppState,
    result: &AnalysisResult,
    fingerprint: Option<&Fingerprint>,
) -> Option<RunRecord> {
    let mut params = BTreeMap::new();
    let mut metrics = BTreeMap::new();
    let kind = match result {
        AnalysisResult::Forecast(f) => {
            params.insert(
                "order".into(),
                if f.auto {
                    "auto (AIC)".into()
                } else {
                    f.model.clone()
                },
            );
            params.insert("model".into(), f.model.clone());
            params.insert("horizon".into(), f.mean.len().to_string());
            metric(&mut metrics, "llf", Some(f.llf));
            metric(&mut metrics, "aic", Some(f.aic));
            metric(&mut metrics, "bic", Some(f.bic));
            metric(&mut metrics, "forecast_total", Some(f.mean.iter().sum()));
            if let Some(b) = &f.backtest {
                metric(&mut metrics, "backtest_rmse", Some(b.average.rmse));
                metric(&mut metrics, "backtest_mae", Some(b.average.mae));
                metric(&mut metrics, "backtest_mape", b.average.mape);
                metric(&mut metrics, "backtest_r2", b.average.r2);
                metric(
                    &mut metrics,
                    "backtest_directional",
                    Some(b.average.directional),
                );
            }
            if let Some(b) = &f.baseline {
                metric(&mut metrics, "baseline_rmse", Some(b.average.rmse));
            }
            if let Some(c) = &f.calibration {
                metric(&mut metrics, "backtest_rmse_pct_mean", c.rmse_pct_mean);
                for v in &c.coverage {
                    let pct = (100.0 * v.level).round();
                    metric(&mut metrics, &format!("coverage_{pct}"), Some(v.fraction()));
                    metric(
                        &mut metrics,
                        &format!("inside_{pct}"),
                        Some(v.inside as f64),
                    );
                    metric(
                        &mut metrics,
                        &format!("held_out_{pct}"),
                        Some(v.total as f64),
                    );
                }
            }
            "forecast"
        }
        AnalysisResult::Hotspots(h) => {
            let q = state.url.with_untracked(|u| u.hotspots.clone());
            params.insert("settings".into(), format!("{q:?}"));
            metric(&mut metrics, "points", Some(h.counts.used as f64));
            metric(&mut metrics, "clusters", Some(h.clusters.n_clusters as f64));
            if let Some(g) = &h.gi {
                metric(
                    &mut metrics,
                    "gi_hot_95",
                    Some(g.bins.iter().filter(|b| **b >= 2).count() as f64),
                );
                metric(
                    &mut metrics,
                    "gi_cold_95",
                    Some(g.bins.iter().filter(|b| **b <= -2).count() as f64),
                );
            }
            if let Some(m) = &h.moran {
                metric(&mut metrics, "moran_i", Some(m.i));
                metric(&mut metrics, "moran_z", Some(m.z));
            }
            if let Some(c) = &h.correlation {
                metric(&mut metrics, "pearson", Some(c.pearson));
                metric(&mut metrics, "spearman", Some(c.spearman));
            }
            "hotspots"
        }
        AnalysisResult::Allocation(r) if r.backtests_done => {
            allocation(state, r, &mut params, &mut metrics);
            "allocation"
        }
        _ => return None,
    };
    with_context(state, kind, params, metrics, fingerprint)
}

/// A content hash of monthly or weekly series (first days and counts), for runs whose rows
/// were not fingerprinted: the data the model saw.
fn series_hash<'a>(series: impl IntoIterator<Item = (&'a [i32], &'a [f64])>) -> String {
    let mut h = ContentHash::default();
    for (starts, values) in series {
        for d in starts {
            h.bytes(&d.to_le_bytes());
        }
        for v in values {
            h.bytes(&v.to_le_bytes());
        }
        h.bytes(b"|");
    }
    h.hex()
}

/// The allocation run's settings and numbers: models, forecast, backtests, and each
/// hierarchy's reconciled total and shrinkage.
fn allocation(
    state: &AppState,
    r: &AllocationResult,
    params: &mut BTreeMap<String, String>,
    metrics: &mut BTreeMap<String, f64>,
) {
    let method = state.url.with_untracked(|u| u.allocation.reconcile);
    params.insert(
        "order".into(),
        if r.auto {
            "auto (AIC)".into()
        } else {
            r.models
                .first()
                .map(|m| m.model.clone())
                .unwrap_or_default()
        },
    );
    params.insert("reconcile".into(), method.key().into());
    params.insert(
        "horizon".into(),
        r.models.first().map_or(0, |m| m.mean.len()).to_string(),
    );
    metric(metrics, "models", Some(r.models.len() as f64));
    metric(metrics, "skipped", Some(r.skipped.len() as f64));
    metric(
        metrics,
        "forecast_total",
        Some(r.models.iter().map(|m| m.total()).sum()),
    );
    let rmse: Vec<f64> = r
        .models
        .iter()
        .filter_map(|m| m.backtest.as_ref().map(|b| b.rmse))
        .collect();
    if !rmse.is_empty() {
        metric(
            metrics,
            "backtest_rmse",
            Some(rmse.iter().sum::<f64>() / rmse.len() as f64),
        );
    }
    for h in &r.hierarchies {
        let key = if h.name.starts_with("Precinct") {
            "precincts"
        } else {
            "categories"
        };
        let (total, parts) = h.base_sums();
        metric(metrics, &format!("{key}_base_total"), Some(total));
        metric(metrics, &format!("{key}_base_parts"), Some(parts));
        if let Some(rec) = h.by(method) {
            let (after, _) = crate::worker::messages::horizon_sums(&rec.mean);
            metric(metrics, &format!("{key}_reconciled_total"), Some(after));
            metric(metrics, &format!("{key}_lambda"), rec.lambda);
        }
    }
}

/// The record of a finished LSTM training (or of an imported model's scoring).
pub fn build_lstm(state: &AppState, r: &LstmResult) -> Option<RunRecord> {
    let mut params = BTreeMap::new();
    let s = &r.settings;
    params.insert("model".into(), r.model.clone());
    params.insert("window".into(), s.window.to_string());
    let units: Vec<String> = s.units.iter().map(usize::to_string).collect();
    params.insert("units".into(), units.join(","));
    params.insert("epochs".into(), s.epochs.to_string());
    params.insert("patience".into(), s.patience.to_string());
    params.insert("seed".into(), s.seed.to_string());
    params.insert("seasonal_lag".into(), s.seasonal_lag.to_string());
    params.insert("test_weeks".into(), s.test_weeks.to_string());
    let mut metrics = BTreeMap::new();
    metric(&mut metrics, "epochs_run", Some(r.epochs_run as f64));
    metric(&mut metrics, "best_epoch", Some(r.best_epoch as f64));
    metric(&mut metrics, "best_val_loss", Some(r.best_val_loss));
    metric(&mut metrics, "num_params", Some(r.num_params as f64));
    metric(&mut metrics, "training_ms", r.training_ms);
    metric(&mut metrics, "forecast_total", Some(r.mean.iter().sum()));
    // The LSTM's own scores plainly; the others it is compared with under their names.
    for (i, score) in r.scores.iter().enumerate() {
        let Some(m) = &score.metrics else { continue };
        let prefix = if i == 0 {
            "test".to_string()
        } else {
            crate::runs::mlflow_store::file_key(&score.name).replace([' ', '.'], "_")
        };
        metric(&mut metrics, &format!("{prefix}_rmse"), Some(m.rmse));
        metric(&mut metrics, &format!("{prefix}_mae"), Some(m.mae));
        metric(&mut metrics, &format!("{prefix}_mape"), m.mape);
        metric(&mut metrics, &format!("{prefix}_r2"), m.r2);
    }
    let mut rec = with_context(state, "lstm", params, metrics, None)?;
    rec.tags.insert(
        "data.series_hash".into(),
        series_hash([(r.starts.as_slice(), r.history.as_slice())]),
    );
    Some(rec)
}

/// Complete a record with the data it saw (source, window, filter, cleaning, hash) and the
/// view that reproduces it.
fn with_context(
    state: &AppState,
    kind: &str,
    params: BTreeMap<String, String>,
    metrics: BTreeMap<String, f64>,
    fingerprint: Option<&Fingerprint>,
) -> Option<RunRecord> {
    let now = js_sys::Date::now() as i64;
    let d = state.data.dataset.get_untracked()?;
    let url = state.url.get_untracked();
    let filter = url.filter(d.facets.day_range);
    let mut tags = BTreeMap::new();
    tags.insert("source".to_string(), d.source.label());
    tags.insert("synthetic".to_string(), d.source.is_synthetic().to_string());
    if let (Some(a), Some(b)) = (filter.from_day, filter.to_day) {
        tags.insert("window".to_string(), format!("{} to {}", day(a), day(b)));
    }
    tags.insert(
        "filter".to_string(),
        serde_json::to_string(&filter).unwrap_or_default(),
    );
    tags.insert(
        "cleaning".to_string(),
        serde_json::to_string(&d.rules).unwrap_or_default(),
    );
    if let Some(f) = fingerprint {
        tags.insert("data.hash".to_string(), f.hash.clone());
        tags.insert("data.rows".to_string(), f.rows.to_string());
    }
    tags.insert("view".to_string(), url.to_query());
    Some(RunRecord {
        id: format!("{kind}-{now}-{:06}", (js_sys::Math::random() * 1e6) as u32),
        time_ms: now,
        kind: kind.to_string(),
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        params,
        metrics,
        tags,
    })
}

/// Save the record of a result; if a re-run was pending for this kind, report whether it
/// reproduced the original.
pub fn save(state: AppState, result: &AnalysisResult, fingerprint: Option<&Fingerprint>) {
    let Some(mut record) = build(&state, result, fingerprint) else {
        return;
    };
    if let AnalysisResult::Allocation(r) = result {
        let series = r
            .areas
            .iter()
            .map(|a| (a.starts.as_slice(), a.values.as_slice()));
        record
            .tags
            .insert("data.series_hash".into(), series_hash(series));
    }
    store(state, record);
}

/// Save the record of a finished LSTM run.
pub fn save_lstm(state: AppState, result: &LstmResult) {
    if let Some(record) = build_lstm(&state, result) {
        store(state, record);
    }
}

/// Save `record`; if a re-run was pending for its kind, report whether it reproduced the
/// original.
fn store(state: AppState, record: RunRecord) {
    if let Some(original) = state
        .runs
        .rerun
        .get_untracked()
        .filter(|o| o.kind == record.kind)
    {
        let c = compare(&original, &record);
        state.runs.rerun.set(None);
        let outcome = if c.same_data && c.same_metrics {
            "Reproduced: the re-run saw identical data and gave identical metrics.".to_string()
        } else if !c.same_data {
            "Not reproduced: the data differ from the original run (different content hash)."
                .to_string()
        } else {
            let diffs: Vec<String> = c
                .rows
                .iter()
                .filter(|(_, a, b)| a != b)
                .map(|(k, a, b)| format!("{k}: {a:?} → {b:?}"))
                .collect();
            format!("Same data, different metrics: {}", diffs.join("; "))
        };
        state
            .notices
            .push(format!("Re-run of the {} run: {outcome}", record.kind));
        state.runs.rerun_outcome.set(Some(outcome));
    }
    wasm_bindgen_futures::spawn_local(async move {
        match super::idb::put(std::slice::from_ref(&record)).await {
            Ok(()) => state.runs.version.update(|v| *v += 1),
            Err(e) => state
                .notices
                .push(format!("The run could not be recorded: {e}")),
        }
    });
}
