//! The Composite Risk Score section: weights and trend window (kept in the URL), the formula
//! with the weights in use, and the ranking with each component (table first; the chart shows
//! the two terms stacked).
//!
//! The ranking is computed here, on the main thread, from the fitted precincts the worker
//! sent ([`composite_risk`], [`momentum`]): a deliberate exception (see [`crate::ui`]) so a
//! change of weights or trend window re-ranks at once.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::risk::{
    composite_risk, momentum, RiskInput, RiskTable, Weight, Weights, TREND_WINDOWS,
};
use crate::analysis::ParamGuard;
use crate::narrative::risk::{formula, normalisation_note};
use crate::ui::address_bar;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::segments::{self, Segments};
use crate::ui::explain::text::allocation::{risk, RiskFacts, RiskTop};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{signed_pct, thousands};
use crate::ui::map::risk::RiskMapRow;
use crate::ui::state::UrlSignal;
use crate::worker::messages::{AllocationResult, PRECINCTS};

/// The ranking for one set of weights and trend window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    /// The scored precincts (None when the weights are invalid).
    pub table: Option<RiskTable>,
    /// Why there is no table.
    pub error: Option<String>,
    /// What normalising the weights did.
    pub note: Option<String>,
}

/// Score the precincts of `r` with `weights` and a `trend`-month momentum window.
pub fn rank(r: &AllocationResult, weights: Weights, trend: usize) -> Ranking {
    let inputs: Vec<RiskInput> = r
        .models
        .iter()
        .map(|m| RiskInput {
            precinct: m.precinct,
            forecast: m.total(),
            momentum: r.area(m.precinct).and_then(|a| momentum(&a.values, trend)),
        })
        .collect();
    let note = weights
        .normalise()
        .ok()
        .and_then(|c| normalisation_note(&c, weights));
    match composite_risk(&inputs, weights) {
        Ok(table) => Ranking {
            table: Some(table),
            error: None,
            note,
        },
        Err(e) => Ranking {
            error: Some(e.to_string()),
            ..Ranking::default()
        },
    }
}

/// One map row per precinct: scored precincts from the ranking, the others with the reason.
pub fn map_rows(r: &AllocationResult, ranking: &Ranking, trend: usize) -> Vec<RiskMapRow> {
    PRECINCTS
        .into_iter()
        .map(|p| {
            let row = ranking
                .table
                .as_ref()
                .and_then(|t| t.rows.iter().find(|x| x.precinct == p));
            let skipped = r.skipped.iter().find(|s| s.precinct == p);
            RiskMapRow {
                precinct: p,
                rank: row.map(|x| (x.rank, x.score)),
                forecast: row.map_or(0.0, |x| x.forecast),
                momentum: row
                    .and_then(|x| x.momentum)
                    .or_else(|| r.area(p).and_then(|a| momentum(&a.values, trend))),
                note: skipped.map(|s| s.reason.clone()).or_else(|| {
                    row.filter(|x| x.momentum.is_none())
                        .map(|_| "momentum undefined: scored 0 for momentum".to_string())
                }),
            }
        })
        .collect()
}

/// The risk panel's numbers, as the ranking table shows them.
fn risk_facts(t: Option<&RiskTable>, used: Weights, trend: usize) -> RiskFacts {
    RiskFacts {
        top: t.and_then(|t| t.rows.first()).map(|r| RiskTop {
            precinct: format!("{:02}", r.precinct),
            score: format!("{:.3}", r.score),
            forecast_part: format!("{:.3}", r.forecast_part),
            momentum_part: format!("{:.3}", r.momentum_part),
            forecast: thousands(r.forecast.round() as u64),
            momentum: r
                .momentum
                .map(signed_pct)
                .unwrap_or_else(|| "undefined".into()),
        }),
        w_forecast: format!("{:.2}", used.forecast),
        w_momentum: format!("{:.2}", used.momentum),
        trend,
    }
}

fn table_of(t: &RiskTable, trend: usize) -> TableData {
    let w = t.weights;
    TableData {
        header: vec![
            "Rank".into(),
            "Precinct".into(),
            "Score".into(),
            "Next-12-month forecast".into(),
            "Forecast ÷ largest".into(),
            format!("Forecast term ({:.2} ×)", w.forecast),
            format!("Momentum ({trend} months)"),
            "Momentum, min–max scaled".into(),
            format!("Momentum term ({:.2} ×)", w.momentum),
            "Notes".into(),
        ],
        rows: t
            .rows
            .iter()
            .map(|r| {
                let mut notes = Vec::new();
                if r.tied {
                    notes.push("tied score");
                }
                if r.momentum.is_none() {
                    notes.push("momentum undefined: left out of the scaling, scored 0");
                }
                vec![
                    r.rank.to_string(),
                    format!("{:02}", r.precinct),
                    format!("{:.3}", r.score),
                    thousands(r.forecast.round() as u64),
                    format!("{:.3}", r.forecast_scaled),
                    format!("{:.3}", r.forecast_part),
                    r.momentum
                        .map(signed_pct)
                        .unwrap_or_else(|| "undefined".into()),
                    format!("{:.3}", r.momentum_scaled),
                    format!("{:.3}", r.momentum_part),
                    notes.join("; "),
                ]
            })
            .collect(),
    }
}

/// Weights, trend window, formula and the ranking table.
#[component]
pub fn RankingSection(
    /// The fitted precincts.
    #[prop(into)]
    result: Signal<Option<Arc<AllocationResult>>>,
    /// The ranking for the URL's weights and window.
    #[prop(into)]
    ranking: Signal<Ranking>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let query = move || url.with(|u| u.allocation.clone());
    let input_error = RwSignal::new(None::<String>);
    // The weight the last refused value belongs to.
    let bad_weight = RwSignal::new(None::<Weight>);
    let set_weight = move |which: Weight, text: String| {
        let mut w = url.with_untracked(|u| u.allocation.weights);
        let v: f64 = match text.trim().parse() {
            Ok(v) => v,
            Err(_) => {
                bad_weight.set(Some(which));
                input_error.set(Some(format!("“{text}” is not a number.")));
                return;
            }
        };
        match which {
            Weight::Forecast => w.forecast = v,
            Weight::Momentum => w.momentum = v,
        }
        match w.check() {
            Ok(w) => {
                bad_weight.set(None);
                input_error.set(None);
                url.update(|u| u.allocation.weights = w);
                address_bar::write(&url.get_untracked(), false);
            }
            Err(e) => {
                bad_weight.set(Some(e.weight().unwrap_or(which)));
                input_error.set(Some(format!(
                    "{e}. The ranking keeps the last valid weights."
                )));
            }
        }
    };
    let weight_invalid = move |which: Weight| {
        move || {
            if bad_weight.get() == Some(which) {
                "true"
            } else {
                "false"
            }
        }
    };
    let weight_described =
        move |which: Weight| move || (bad_weight.get() == Some(which)).then_some("weight-error");
    let set_trend = move |t: usize| {
        url.update(|u| u.allocation.trend = t);
        address_bar::write(&url.get_untracked(), false);
    };
    let trend = move || url.with(|u| u.allocation.trend);
    let used = move || {
        ranking
            .with(|r| r.table.as_ref().map(|t| t.weights))
            .unwrap_or_default()
    };
    view! {
        <section class="panel" aria-labelledby="risk-title" data-testid="risk">
            <h3 id="risk-title">"Composite Risk Score"</h3>
            <p class="caveat">
                "A ranking of precincts by expected " <strong>"reported-incident volume"</strong> " and its " <strong>"momentum"</strong>
                " — not of danger, and not of people. Reports follow population, activity and reporting practice."
            </p>
            <div class="risk-controls">
                <label>"Forecast weight"
                    <input type="number" min="0" step="0.05" data-testid="weight-forecast"
                        prop:value=move || query().weights.forecast.to_string()
                        aria-invalid=weight_invalid(Weight::Forecast)
                        aria-describedby=weight_described(Weight::Forecast)
                        on:change=move |ev| set_weight(Weight::Forecast, event_target_value(&ev)) />
                </label>
                <label>"Momentum weight"
                    <input type="number" min="0" step="0.05" data-testid="weight-momentum"
                        prop:value=move || query().weights.momentum.to_string()
                        aria-invalid=weight_invalid(Weight::Momentum)
                        aria-describedby=weight_described(Weight::Momentum)
                        on:change=move |ev| set_weight(Weight::Momentum, event_target_value(&ev)) />
                </label>
                <div class="resolution" role="group" aria-label="Trend window">
                    <span>"Trend window"</span>
                    {TREND_WINDOWS.into_iter().map(|t| view! {
                        <button type="button" data-testid=format!("trend-{t}")
                            aria-pressed=move || if trend() == t { "true" } else { "false" }
                            on:click=move |_| set_trend(t)>{format!("{t} months")}</button>
                    }).collect_view()}
                </div>
            </div>
            {move || input_error.get().map(|e| view! { <p class="error" role="alert" id="weight-error" data-testid="weight-error">{e}</p> })}
            {move || ranking.with(|r| r.note.clone()).map(|n| view! { <p class="notice" role="status" data-testid="weight-note">{n}</p> })}
            {move || ranking.with(|r| r.error.clone()).map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p class="formula" data-testid="risk-formula"><code>{move || formula(&used(), trend())}</code></p>
            <p class="hint">
                "The forecast is each precinct's SARIMA forecast summed over the next 12 months (negative months count as 0). "
                "Momentum is undefined when the history is shorter than the window plus 12 months or the earlier window has no reports (e.g. a precinct with no history): "
                "such a precinct is left out of the min–max scaling and scores 0 for momentum, and is flagged. When the defined momenta do not differ, every momentum term is 0. "
                "Ties are ordered by the larger forecast, then the lower precinct number, and share a rank."
            </p>
            <ChartFrame
                id="ranking"
                title="Ranking of expected reported-incident volume and momentum"
                table_first=true
                label=Signal::derive(move || ranking.with(|r| r.table.as_ref().map(|t| {
                    let top: Vec<String> = t.rows.iter().take(3).map(|x| format!("{:02} ({:.2})", x.precinct, x.score)).collect();
                    format!("Scores of {} precincts, highest first: {}.", t.rows.len(), top.join(", "))
                })).unwrap_or_default())
                table=Signal::derive(move || ranking.with(|r| r.table.as_ref().map(|t| table_of(t, trend()))).unwrap_or_default())
                caption=Signal::derive(move || {
                    let skipped = result.with(|r| r.as_ref().map_or(0, |r| r.skipped.len()));
                    format!("Bars: the forecast term and the momentum term of each score, stacked. {}",
                        if skipped > 0 { format!("{skipped} precinct(s) are not ranked; see the list below.") } else { String::new() })
                })
                height=320
                draw=move |c, h| ranking.with(|r| {
                    let Some(t) = &r.table else { return Ok(()) };
                    let labels: Vec<String> = t.rows.iter().map(|x| format!("#{} P{:02}", x.rank, x.precinct)).collect();
                    let values: Vec<Vec<f64>> = t.rows.iter().map(|x| vec![x.forecast_part, x.momentum_part]).collect();
                    segments::draw(c, h, &Segments {
                        labels: &labels,
                        series: &["forecast term", "momentum term"],
                        values: &values,
                        stacked: true,
                        format: &|v| format!("{v:.1}"),
                    })
                })
            />
            <HowThisWorks id="risk" title="the Composite Risk Score"
                body=Signal::derive(move || Some(risk(&ranking.with(|r| risk_facts(r.table.as_ref(), used(), trend()))))) />
        </section>
    }
}
