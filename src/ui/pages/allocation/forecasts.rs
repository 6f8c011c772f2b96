//! Precinct forecasts: one precinct's history and 12-month forecast with its 95 % band (the
//! table lists every precinct's forecast months), and each model with its backtest against
//! seasonal naive.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::ts::metrics::Metrics;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::line;
use crate::ui::charts::segments::{self, Segments};
use crate::ui::components::forecast_vs_actual::ForecastVsActual;
use crate::ui::explain::text::allocation::{precinct_models, PrecinctModelFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{day, thousands};
use crate::ui::state::AnalysisState;
use crate::worker::messages::{AllocationResult, PrecinctModel};

/// Months of history drawn before the forecast.
const SHOWN_MONTHS: usize = 36;

fn num(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "—".into())
}

fn verdict(m: &PrecinctModel) -> String {
    match (&m.backtest, &m.baseline) {
        (Some(a), Some(b)) if a.rmse < b.rmse => "better than seasonal naive".into(),
        (Some(_), Some(_)) => "not better than seasonal naive".into(),
        _ => m
            .backtest_note
            .clone()
            .map_or_else(|| "pending".into(), |n| format!("no backtest: {n}")),
    }
}

/// Precincts whose model beat seasonal naive on RMSE, and precincts with a backtest.
fn wins(r: &AllocationResult) -> (usize, usize) {
    let scored: Vec<&PrecinctModel> = r.models.iter().filter(|m| m.backtest.is_some()).collect();
    let wins = scored
        .iter()
        .filter(|m| verdict(m).starts_with("better"))
        .count();
    (wins, scored.len())
}

fn forecast_table(r: &AllocationResult) -> TableData {
    let mut rows = Vec::new();
    for m in &r.models {
        for (i, d) in m.forecast_starts.iter().enumerate() {
            rows.push(vec![
                format!("{:02}", m.precinct),
                day(*d),
                format!("{:.0}", m.mean[i]),
                format!("{:.0}", m.lower[i]),
                format!("{:.0}", m.upper[i]),
                m.model.clone(),
            ]);
        }
    }
    TableData {
        header: vec![
            "Precinct".into(),
            "Month".into(),
            "Forecast".into(),
            "Lower 95 %".into(),
            "Upper 95 %".into(),
            "Model".into(),
        ],
        rows,
    }
}

fn models_table(r: &AllocationResult) -> TableData {
    let metric = |m: &Option<Metrics>, f: &dyn Fn(&Metrics) -> Option<f64>, d: usize| {
        num(m.as_ref().and_then(f), d)
    };
    TableData {
        header: vec![
            "Precinct".into(),
            "Model".into(),
            "Months fitted".into(),
            "AIC".into(),
            "Converged".into(),
            "Next 12 months".into(),
            "Backtest origins".into(),
            "RMSE".into(),
            "RMSE seasonal naive".into(),
            "MAPE".into(),
            "MAPE seasonal naive".into(),
            "Verdict".into(),
        ],
        rows: r
            .models
            .iter()
            .map(|m| {
                vec![
                    format!("{:02}", m.precinct),
                    m.model.clone(),
                    m.months.to_string(),
                    format!("{:.1}", m.aic),
                    if m.converged { "yes" } else { "no" }.into(),
                    thousands(m.total().round() as u64),
                    m.origins.to_string(),
                    metric(&m.backtest, &|x| Some(x.rmse), 1),
                    metric(&m.baseline, &|x| Some(x.rmse), 1),
                    metric(&m.backtest, &|x| x.mape, 1),
                    metric(&m.baseline, &|x| x.mape, 1),
                    verdict(m),
                ]
            })
            .chain(r.skipped.iter().map(|s| {
                let mut row = vec![format!("{:02}", s.precinct), "not modelled".into()];
                row.extend(std::iter::repeat_n(String::new(), 9));
                row.push(s.reason.clone());
                row
            }))
            .collect(),
    }
}

/// Forecast chart and table, models and backtests.
#[component]
pub fn ForecastSection(
    /// The fitted precincts.
    #[prop(into)]
    result: Signal<Option<Arc<AllocationResult>>>,
) -> impl IntoView {
    let analysis = expect_context::<AnalysisState>();
    let chosen = RwSignal::new(0u8);
    let model = move || {
        result.with(|r| {
            r.as_ref().and_then(|r| {
                let p = chosen.get();
                r.models
                    .iter()
                    .find(|m| m.precinct == p)
                    .or_else(|| r.models.first())
                    .map(|m| (m.clone(), r.area(m.precinct).cloned()))
            })
        })
    };
    let better = move || {
        result.with(|r| {
            r.as_ref().map(|r| {
                let (wins, scored) = wins(r);
                if !r.backtests_done {
                    if analysis.progress.with(Option::is_some) {
                        "Backtests are running…".to_string()
                    } else {
                        "The backtests did not finish (cancelled); press Fit again to run them.".to_string()
                    }
                } else {
                    format!(
                        "In the backtests the model beats the seasonal-naive baseline (same month last year) on RMSE in {wins} of {scored} precincts."
                    )
                }
            })
        })
    };
    view! {
        <section class="panel" aria-labelledby="pf-title" data-testid="precinct-forecasts">
            <h3 id="pf-title">"Precinct forecasts"</h3>
            <label class="inline">"Precinct shown "
                <select data-testid="forecast-precinct" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || result.with(|r| r.as_ref().map(|r| r.models.iter().map(|m| m.precinct).collect::<Vec<u8>>())).unwrap_or_default().into_iter().map(|p| view! {
                        <option value=p.to_string() selected=move || chosen.get() == p>{format!("Precinct {p:02}")}</option>
                    }).collect_view()}
                </select>
            </label>
            <ChartFrame
                id="precinct-forecasts-chart"
                title="History and 12-month forecast by precinct"
                label=Signal::derive(move || model().map(|(m, _)| format!(
                    "Precinct {:02}: {} forecasts about {} reported incidents over the next 12 months.",
                    m.precinct, m.model, thousands(m.total().round() as u64)
                )).unwrap_or_default())
                table=Signal::derive(move || result.with(|r| r.as_ref().map(|r| forecast_table(r))).unwrap_or_default())
                caption=Signal::derive(|| "The chart shows the chosen precinct's last 36 complete months and its forecast with the 95 % band; the table (and its CSV) lists every precinct's forecast months.".to_string())
                height=280
                draw=move |c, h| model().map_or(Ok(()), |(m, area)| {
                    let hist: Vec<(i32, f64)> = area.map(|a| {
                        let skip = a.values.len().saturating_sub(SHOWN_MONTHS);
                        a.starts.iter().copied().zip(a.values.iter().copied()).skip(skip).collect()
                    }).unwrap_or_default();
                    let mut fc: Vec<(i32, f64)> = hist.last().copied().into_iter().collect();
                    fc.extend(m.forecast_starts.iter().copied().zip(m.mean.iter().copied()));
                    let band: Vec<(i32, f64, f64)> = m.forecast_starts.iter().enumerate().map(|(i, d)| (*d, m.lower[i], m.upper[i])).collect();
                    line::draw(c, h, &[
                        line::Line { label: "actual", color: 0, points: &hist, dashed: false },
                        line::Line { label: "forecast", color: 3, points: &fc, dashed: true },
                    ], Some(&band))
                })
            />
            <ForecastVsActual id="precinct-vs-actual" unit="months"
                held_out="the chosen precinct's months after its last backtest origin"
                calibration=Signal::derive(move || model().and_then(|(m, _)| m.calibration))
                starts=Signal::derive(move || model().and_then(|(_, a)| a.map(|a| a.starts)).unwrap_or_default()) />
            <p class="in-words" data-testid="precinct-backtests">{better}</p>
            <HowThisWorks id="precinct-models" title="precinct models and their backtests"
                body=Signal::derive(move || result.with(|r| r.as_ref().filter(|r| r.backtests_done).map(|r| {
                    let (wins, scored) = wins(r);
                    precinct_models(&PrecinctModelFacts { wins, scored, auto: r.auto })
                }))) />
            <ChartFrame
                id="precinct-models"
                title="Models and backtests against seasonal naive"
                label=Signal::derive(move || better().unwrap_or_default())
                table=Signal::derive(move || result.with(|r| r.as_ref().map(|r| models_table(r))).unwrap_or_default())
                caption=Signal::derive(|| "Average RMSE over rolling origins (expanding window, 12 months ahead, an origin every 3 months). Lower is better.".to_string())
                height=300
                draw=move |c, h| result.with(|r| {
                    let Some(r) = r else { return Ok(()) };
                    let labels: Vec<String> = r.models.iter().map(|m| format!("P{:02}", m.precinct)).collect();
                    let values: Vec<Vec<f64>> = r.models.iter().map(|m| vec![
                        m.backtest.as_ref().map_or(0.0, |b| b.rmse),
                        m.baseline.as_ref().map_or(0.0, |b| b.rmse),
                    ]).collect();
                    segments::draw(c, h, &Segments {
                        labels: &labels,
                        series: &["model RMSE", "seasonal naive RMSE"],
                        values: &values,
                        stacked: false,
                        format: &|v| thousands(v.max(0.0).round() as u64),
                    })
                })
            />
        </section>
    }
}
