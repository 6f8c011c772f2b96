//! The trained (or imported) model: forecast with its band, the comparison with SARIMAX and
//! seasonal naive on the test weeks, model size and training time, export and import.

use leptos::prelude::*;

use crate::narrative::lstm::{ending, verdict};
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::line;
use crate::ui::components::forecast_vs_actual::ForecastVsActual;
use crate::ui::components::regressor_table::RegressorTable;
use crate::ui::explain::text::forecast::MetricFacts;
use crate::ui::explain::text::lstm::{test_accuracy, training, Ending, LstmFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::export;
use crate::ui::format::{day, thousands};
use crate::ui::state::{DataState, LstmState, UrlSignal};
use crate::ui::worker as wc;
use crate::worker::lstm::REFERENCE;
use crate::worker::messages::{LstmResult, ModelScore, ScoreKind, StopReason};

/// Weeks of history drawn before the forecast (the table lists them all).
const SHOWN_WEEKS: usize = 156;

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn opt(v: Option<f64>, digits: usize, unit: &str) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.digits$}{unit}"))
}

/// A score's metrics as the comparison table shows them.
fn metric_cells(s: &ModelScore) -> MetricFacts {
    let m = s.metrics.as_ref();
    MetricFacts {
        rmse: opt(m.map(|m| m.rmse), 1, ""),
        mae: opt(m.map(|m| m.mae), 1, ""),
        mape: opt(m.and_then(|m| m.mape), 2, " %"),
        r2: opt(m.and_then(|m| m.r2), 2, ""),
        directional: opt(m.map(|m| m.directional), 0, " %"),
    }
}

/// One comparison row: model, RMSE, MAE, MAPE, R², directional accuracy, note.
fn score_row(s: &ModelScore) -> Vec<String> {
    let mut note = s.note.clone().unwrap_or_default();
    if let Some(ms) = s.fit_ms {
        if !note.is_empty() {
            note.push_str("; ");
        }
        note.push_str(&format!("fitted in {:.1} s", ms / 1000.0));
    }
    let m = metric_cells(s);
    vec![
        s.name.clone(),
        m.rmse,
        m.mae,
        m.mape,
        m.r2,
        m.directional,
        note,
    ]
}

/// The training panel's numbers, as the summary and the table show them.
fn lstm_facts(r: &LstmResult) -> LstmFacts {
    LstmFacts {
        window: r.settings.window,
        lag: r.settings.seasonal_lag,
        epochs_run: r.epochs_run,
        best_epoch: r.best_epoch,
        patience: r.settings.patience,
        ending: match r.stop {
            StopReason::EarlyStop => Ending::EarlyStop,
            StopReason::Budget => Ending::Budget,
            StopReason::User => Ending::User,
            StopReason::Imported => Ending::Imported,
        },
        test_weeks: r.test_weeks,
        mape: r.score(ScoreKind::Lstm).map(|s| metric_cells(s).mape),
    }
}

/// The comparison as a table (also the CSV export).
pub fn comparison(r: &LstmResult) -> TableData {
    let mut rows: Vec<Vec<String>> = r.scores.iter().map(score_row).collect();
    rows.push(vec![
        "Original project's weekly LSTM (reference)".into(),
        format!("{:.1}", REFERENCE.1),
        "—".into(),
        format!("{:.2} %", REFERENCE.0),
        "—".into(),
        "—".into(),
        "real Detroit data and its own test weeks; not directly comparable".into(),
    ]);
    TableData {
        header: ["Model", "RMSE", "MAE", "MAPE", "R²", "Directional", "Note"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

/// Size, time and how the model came to be, in one sentence.
fn summary(r: &LstmResult) -> String {
    let time = match (r.stop, r.training_ms) {
        (StopReason::Imported, _) | (_, None) => String::new(),
        (_, Some(ms)) => format!(
            " Trained in {:.1} s in this browser's background worker ({:.0} ms an epoch).",
            ms / 1000.0,
            ms / r.epochs_run.max(1) as f64
        ),
    };
    format!(
        "{}: {} trainable parameters ({} as 32-bit floats; the model file is {}). {}{}",
        r.model,
        thousands(r.num_params as u64),
        kib(r.size_bytes),
        kib(r.file_bytes),
        ending(r),
        time
    )
}

/// The export: the model file with the ethics note, source, synthetic flag and the band
/// calibration on the test weeks first.
fn export_text(r: &LstmResult, source: &str, synthetic: bool) -> String {
    let calibration = serde_json::to_string(&r.calibration).unwrap_or_else(|_| "null".into());
    let head = format!(
        "{{\"note\":{},\"source\":{},\"synthetic\":{synthetic},\"calibration\":{calibration},",
        serde_json::Value::from(export::provenance(source)),
        serde_json::Value::from(source)
    );
    match r.model_json.strip_prefix('{') {
        Some(rest) => format!("{head}{rest}"),
        None => r.model_json.clone(),
    }
}

/// Export and import buttons (import works without training).
#[component]
pub fn ModelFile() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let l = expect_context::<LstmState>();
    let status = RwSignal::new(None::<String>);
    let on_export = move |_| {
        let Some(r) = l.result.get_untracked() else {
            return;
        };
        let source = data
            .dataset
            .get_untracked()
            .map_or_else(|| "unknown".to_string(), |d| d.source.label());
        let text = export_text(&r, &source, data.synthetic());
        status.set(
            export::download_text(&text, "crimecast-lstm-model.json", "application/json")
                .err()
                .map(|e| format!("The download failed: {e}")),
        );
    };
    let ready = move || {
        data.dataset
            .with(|d| d.as_ref().is_some_and(|d| d.complete))
    };
    view! {
        <div class="source-buttons lstm-file">
            <button type="button" data-testid="lstm-export" disabled=move || l.result.with(Option::is_none) on:click=on_export>
                "Export model (JSON)"
            </button>
            <label class="file-button" class:disabled=move || l.busy() || !ready()>
                "Import a model…"
                <input type="file" data-testid="lstm-import" accept=".json,application/json"
                    disabled=move || l.busy() || !ready()
                    on:change=move |ev| {
                        if let Some(f) = wc::first_file(wc::input_files(&ev)) { wc::import_lstm(url, data, l, f); }
                    } />
            </label>
            <span class="hint">"An imported model is scored and forecasts on the current data without training; if it was trained on the test weeks, its scores are optimistic."</span>
        </div>
        {move || status.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

/// The result: summary, forecast chart, comparison table and verdict, test-week chart.
#[component]
pub fn LstmResults() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let l = expect_context::<LstmState>();
    let result = move || l.result.get();
    let synthetic = move || data.synthetic_note();
    let stale = move || {
        let range = data
            .dataset
            .with(|d| d.as_ref().and_then(|d| d.facets.day_range));
        let now = url.with(|u| u.filter(range));
        l.filter.with(|f| f.as_ref().is_some_and(|f| *f != now))
    };
    view! {
        <Show when=move || l.result.with(Option::is_some)>
            <p class="in-words" data-testid="lstm-summary">{move || result().map(|r| summary(&r))}</p>
            <HowThisWorks id="lstm" title="training the LSTM, validation and early stopping"
                body=Signal::derive(move || result().map(|r| training(&lstm_facts(&r)))) />
            <Show when=stale>
                <p class="caveat" data-testid="lstm-stale">"These results were computed for another filter; train again to update them."</p>
            </Show>
            <ChartFrame
                id="lstm-forecast"
                title="Weekly reported incidents and the 52-week LSTM forecast"
                label=Signal::derive(move || result().map(|r| format!(
                    "Weekly counts of the last {} weeks and a {}-week forecast from {} with an approximate 95 % band; {} in all over the forecast.",
                    r.history.len().min(SHOWN_WEEKS), r.mean.len(),
                    r.forecast_starts.first().map(|d| day(*d)).unwrap_or_default(),
                    thousands(r.mean.iter().sum::<f64>().round().max(0.0) as u64),
                )).unwrap_or_default())
                table=Signal::derive(move || result().map(|r| {
                    let mut rows: Vec<Vec<String>> = r.starts.iter().zip(&r.history)
                        .map(|(d, v)| vec![day(*d), format!("{v:.0}"), String::new(), String::new(), String::new()]).collect();
                    rows.extend(r.forecast_starts.iter().enumerate().map(|(i, d)| vec![
                        day(*d), String::new(), format!("{:.1}", r.mean[i]), format!("{:.1}", r.lower[i]), format!("{:.1}", r.upper[i]),
                    ]));
                    TableData { header: ["Week starting (Monday)", "Reported", "Forecast", "Lower 95 %", "Upper 95 %"].map(String::from).to_vec(), rows }
                }).unwrap_or_default())
                caption=Signal::derive(move || format!(
                    "Complete ISO weeks (Monday to Sunday) only{}; the chart shows the last {SHOWN_WEEKS} weeks, the table all of them. The forecast is the model scored below, fed the latest weeks. \
                     The band is approximate: a bootstrap of the model's validation errors through the recursive forecast, which ignores the uncertainty of the weights.{}",
                    result().map(|r| match r.dropped_partial {
                        (true, true) => " (the partial first and last weeks are left out)",
                        (true, false) => " (the partial first week is left out)",
                        (false, true) => " (the partial last week is left out)",
                        _ => "",
                    }).unwrap_or_default(),
                    synthetic()
                ))
                height=300
                draw=move |c, h| result().map_or(Ok(()), |r| {
                    let from = r.history.len().saturating_sub(SHOWN_WEEKS);
                    let hist: Vec<(i32, f64)> = r.starts.iter().copied().zip(r.history.iter().copied()).skip(from).collect();
                    let mut fc: Vec<(i32, f64)> = hist.last().copied().into_iter().collect();
                    fc.extend(r.forecast_starts.iter().copied().zip(r.mean.iter().copied()));
                    let band: Vec<(i32, f64, f64)> = r.forecast_starts.iter().enumerate().map(|(i, d)| (*d, r.lower[i], r.upper[i])).collect();
                    line::draw(c, h, &[
                        line::Line { label: "reported", color: 0, points: &hist, dashed: false },
                        line::Line { label: "LSTM forecast", color: 3, points: &fc, dashed: true },
                    ], Some(&band))
                })
            />
            <div class="panel">
                <div class="chart-head">
                    <h3 id="lstm-comparison-title">"Accuracy on the test weeks"</h3>
                    <span class="exports">
                        <button type="button" class="small" data-testid="lstm-comparison-csv" on:click=move |_| {
                            if let Some(r) = l.result.get_untracked() {
                                let source = data.dataset.get_untracked().map_or_else(|| "unknown".to_string(), |d| d.source.label());
                                let _ = export::download_text(&export::to_csv(&comparison(&r), &source), "crimecast-lstm-comparison.csv", "text/csv");
                            }
                        }>"CSV"</button>
                    </span>
                </div>
                <p class="hint">{move || result().map(|r| format!(
                    "All models are fitted on the weeks before the last {} and forecast those weeks from there; lower RMSE, MAE and MAPE are better.{}",
                    r.test_weeks, synthetic()
                ))}</p>
                <div class="table-wrap">
                    <table class="lstm-comparison" data-testid="lstm-comparison" aria-labelledby="lstm-comparison-title">
                        <thead><tr>{move || result().map(|r| comparison(&r).header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view())}</tr></thead>
                        <tbody>
                            {move || result().map(|r| comparison(&r).rows.into_iter().map(|row| view! {
                                <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                            }).collect_view())}
                        </tbody>
                    </table>
                </div>
                {move || result().and_then(|r| r.score(ScoreKind::Sarimax).filter(|s| !s.regressors.is_empty()).map(|s| view! {
                    <RegressorTable testid="lstm-regressors" regressors=s.regressors.clone()
                        caption="Calendar regressor kept in the weekly SARIMAX: the effect of one observed federal holiday on the week's count, with its standard error" />
                }))}
                <p class="in-words" data-testid="lstm-verdict">{move || result().map(|r| verdict(&r))}</p>
                <HowThisWorks id="lstm-accuracy" title="the accuracy measures"
                    body=Signal::derive(move || result().and_then(|r| r.score(ScoreKind::Lstm).map(|s| test_accuracy(r.test_weeks, &metric_cells(s))))) />
            </div>
            <ChartFrame
                id="lstm-holdout"
                title="Test weeks: reported incidents and each model's forecast"
                label=Signal::derive(move || result().map(|r| verdict(&r)).unwrap_or_default())
                table=Signal::derive(move || result().map(|r| {
                    let split = r.history.len().saturating_sub(r.test_weeks);
                    let mut header = vec!["Week starting (Monday)".to_string(), "Reported".to_string()];
                    header.extend(r.scores.iter().map(|s| s.name.clone()));
                    let weeks = r.starts.iter().zip(&r.history).skip(split);
                    let rows = weeks.enumerate().map(|(k, (d, v))| {
                        let mut row = vec![day(*d), format!("{v:.0}")];
                        row.extend(r.scores.iter().map(|s| s.forecast.get(k).map(|v| format!("{v:.1}")).unwrap_or_default()));
                        row
                    }).collect();
                    TableData { header, rows }
                }).unwrap_or_default())
                caption=Signal::derive(move || format!("Each model forecasts all the test weeks from the end of its training weeks, except the one-week-ahead LSTM line, which uses the actual previous weeks.{}", synthetic()))
                height=280
                draw=move |c, h| result().map_or(Ok(()), |r| {
                    let split = r.history.len().saturating_sub(r.test_weeks);
                    let days = r.starts.get(split..).unwrap_or_default();
                    let actual: Vec<(i32, f64)> = days.iter().copied().zip(r.history.iter().copied().skip(split)).collect();
                    let series: Vec<Vec<(i32, f64)>> = r.scores.iter().map(|s| days.iter().copied().zip(s.forecast.iter().copied()).collect()).collect();
                    let names = ["LSTM", "LSTM one week ahead", "SARIMAX", "seasonal naive"];
                    let mut lines = vec![line::Line { label: "reported", color: 0, points: &actual, dashed: false }];
                    for (k, (s, pts)) in r.scores.iter().zip(&series).enumerate() {
                        if !pts.is_empty() && s.kind != crate::worker::messages::ScoreKind::LstmOneStep {
                            lines.push(line::Line { label: names.get(k).copied().unwrap_or("model"), color: k + 1, points: pts, dashed: true });
                        }
                    }
                    line::draw(c, h, &lines, None)
                })
            />
            <ForecastVsActual id="lstm-vs-actual" unit="weeks"
                held_out="the test weeks, forecast by the LSTM from the end of its training weeks"
                calibration=Signal::derive(move || result().and_then(|r| r.calibration))
                starts=Signal::derive(move || result().map(|r| r.starts).unwrap_or_default()) />
        </Show>
    }
}
