//! The Runs page: stored run records (parameters, data fingerprint, metrics), a side-by-side
//! comparison of two runs, re-running a record on the current data, export and import.

use leptos::prelude::*;

use crate::runs::{compare, mlflow, mlflow_store, RunRecord};
use crate::ui::format::thousands;
use crate::ui::state::{DataState, Notices, RunsState, UrlSignal};
use crate::ui::{address_bar, export, idb, worker as wc};
use crate::url_state::UrlState;

fn when(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_iso_string()
        .as_string()
        .map(|s| s.replace('T', " ").chars().take(19).collect())
        .unwrap_or_default()
}

fn headline(r: &RunRecord) -> String {
    let pick = |k: &str| r.metrics.get(k).map(|v| format!("{k} {v:.3}"));
    [
        "backtest_rmse",
        "aic",
        "moran_i",
        "gi_hot_95",
        "clusters",
        "test_mape",
    ]
    .iter()
    .filter_map(|k| pick(k))
    .take(3)
    .collect::<Vec<_>>()
    .join(", ")
}

/// The Runs page.
#[component]
pub fn RunsPage() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let notices = expect_context::<Notices>();
    let run_state = expect_context::<RunsState>();
    let runs = RwSignal::new(Vec::<RunRecord>::new());
    let error = RwSignal::new(None::<String>);
    let picked = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        run_state.version.track();
        wasm_bindgen_futures::spawn_local(async move {
            match idb::all().await {
                Ok(r) => runs.set(r),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let rerun = move |r: RunRecord| {
        let Some(view) = r.view().map(str::to_string) else {
            return;
        };
        let mut u = UrlState::parse(&view);
        u.embed = false;
        run_state.rerun_outcome.set(None);
        run_state.rerun.set(Some(r));
        url.set(u);
        address_bar::write(&url.get_untracked(), true);
        wc::request_overview(url, data);
    };
    let export_all = move |_| {
        let text = mlflow::export(&runs.get_untracked());
        if let Err(e) = export::download_text(&text, "crimecast-runs.json", "application/json") {
            error.set(Some(e));
        }
    };
    let export_store = move |_| {
        let zip = mlflow_store::export_zip(&runs.get_untracked(), js_sys::Date::now() as i64);
        let done = zip
            .map_err(|e| e.to_string())
            .and_then(|z| export::download_bytes(&z, "crimecast-mlruns.zip", "application/zip"));
        if let Err(e) = done {
            error.set(Some(e));
        }
    };
    let import = move |ev: web_sys::Event| {
        let Some(file) = wc::first_file(wc::input_files(&ev)) else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let outcome = match text.map(|t| mlflow::import(&t)) {
                Some(Ok(records)) => match idb::put(&records).await {
                    Ok(()) => Ok(records.len()),
                    Err(e) => Err(e),
                },
                Some(Err(e)) => Err(e),
                None => Err("the file could not be read".to_string()),
            };
            match outcome {
                Ok(n) => {
                    error.set(None);
                    notices.push(format!("Imported {n} run(s)."));
                    run_state.version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(format!("Import failed: {e}"))),
            }
        });
    };
    let clear = move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = idb::clear().await {
                error.set(Some(e));
            }
            picked.set(Vec::new());
            run_state.version.update(|v| *v += 1);
        });
    };
    let comparison = move || {
        let p = picked.get();
        let all = runs.get();
        let find = |id: &String| all.iter().find(|r| &r.id == id).cloned();
        match (p.first().and_then(find), p.get(1).and_then(find)) {
            (Some(a), Some(b)) => Some((a.clone(), b.clone(), compare(&a, &b))),
            _ => None,
        }
    };
    view! {
        <section aria-labelledby="runs-title" data-testid="runs">
            <h2 id="runs-title">"Runs"</h2>
            <p class="hint">
                "Every forecast and hotspot analysis is recorded in this browser (IndexedDB): its settings, the data it saw — "
                "source, window, filter, cleaning rules and a content hash of the rows — its metrics, the app version and the time. "
                "Re-run a record to check it reproduces; export runs to share them and import them elsewhere."
            </p>
            {move || run_state.rerun_outcome.get().map(|o| view! { <p class="in-words" role="status" data-testid="rerun-outcome">{o}</p> })}
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="runs-error">{e}</p> })}
            <div class="share" role="group" aria-label="Run records">
                <button type="button" data-testid="runs-export" on:click=export_all>"Export runs (JSON)"</button>
                <button type="button" data-testid="runs-export-mlflow" title="An MLflow file store (mlruns/) zipped: unzip it and point mlflow at it" on:click=export_store>"Export for MLflow (zip)"</button>
                <label class="file-button">"Import runs" <input type="file" accept=".json,application/json" data-testid="runs-import" on:change=import /></label>
                <button type="button" data-testid="runs-clear" on:click=clear>"Delete all runs"</button>
            </div>
            <div class="table-wrap">
                <table data-testid="runs-table">
                    <thead><tr>
                        <th scope="col">"Compare"</th><th scope="col">"When (UTC)"</th><th scope="col">"Kind"</th>
                        <th scope="col">"Settings"</th><th scope="col">"Data"</th><th scope="col">"Key metrics"</th><th scope="col">"Action"</th>
                    </tr></thead>
                    <tbody>
                        {move || runs.get().into_iter().map(|r| {
                            let id = r.id.clone();
                            let id2 = r.id.clone();
                            let rec = r.clone();
                            let data = format!(
                                "{} · {} · {} rows · hash {}",
                                r.tags.get("source").cloned().unwrap_or_default(),
                                r.tags.get("window").cloned().unwrap_or_default(),
                                r.tags.get("data.rows").and_then(|v| v.parse().ok()).map(thousands).unwrap_or_default(),
                                r.data_hash().map(|h| h.chars().take(8).collect::<String>()).unwrap_or_default(),
                            );
                            let settings = r.params.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; ");
                            view! {
                                <tr data-testid="run-row">
                                    <td><input type="checkbox" aria-label=format!("Compare run {}", r.id)
                                        prop:checked=move || picked.with(|p| p.contains(&id))
                                        on:change=move |_| picked.update(|p| {
                                            if let Some(i) = p.iter().position(|x| x == &id2) { p.remove(i); } else { p.push(id2.clone()); if p.len() > 2 { p.remove(0); } }
                                        }) /></td>
                                    <td>{when(r.time_ms)}</td>
                                    <td>{r.kind.clone()}</td>
                                    <td>{settings}</td>
                                    <td>{data}</td>
                                    <td>{headline(&r)}</td>
                                    <td><button type="button" class="small" data-testid="run-rerun" on:click=move |_| rerun(rec.clone())>"Re-run"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || (runs.with(Vec::is_empty)).then(|| view! { <p class="hint">"No runs yet: open the Forecast, Hotspots, LSTM or Resource allocation page."</p> })}
            {move || comparison().map(|(a, b, c)| view! {
                <h3>"Side by side"</h3>
                <p data-testid="compare-verdict">{format!(
                    "{}; {}.",
                    if c.same_data { "Same data (identical content hash)" } else { "Different data" },
                    if c.same_metrics { "identical metrics" } else { "metrics differ" }
                )}</p>
                <table data-testid="compare-table">
                    <thead><tr><th scope="col">"Metric"</th><th scope="col">{format!("{} · {}", a.kind, when(a.time_ms))}</th><th scope="col">{format!("{} · {}", b.kind, when(b.time_ms))}</th></tr></thead>
                    <tbody>
                        {c.rows.into_iter().map(|(k, x, y)| view! {
                            <tr><th scope="row">{k}</th>
                                <td>{x.map(|v| format!("{v:.4}")).unwrap_or_else(|| "—".into())}</td>
                                <td>{y.map(|v| format!("{v:.4}")).unwrap_or_else(|| "—".into())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
