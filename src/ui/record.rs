//! Turning analysis results into run records, saving them, and checking re-runs.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::runs::{compare, RunRecord};
use crate::worker::messages::{AnalysisResult, Fingerprint};

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
        _ => return None,
    };
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
    let Some(record) = build(&state, result, fingerprint) else {
        return;
    };
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
