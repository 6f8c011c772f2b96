//! The resource-allocation page: a monthly model per precinct fitted in the worker (with
//! "precinct k of 11" progress and Cancel), the Composite Risk Score and its ranking, the risk
//! map, precinct forecasts with backtests, and staffing patterns.

mod forecasts;
mod ranking;
mod reconciliation;
mod staffing;

use std::sync::Arc;

use leptos::prelude::*;

use crate::data::filter::{Filter, Unit};
use crate::ui::address_bar;
use crate::ui::components::data_used::DataUsed;
use crate::ui::components::embed_this::{is_chosen, EmbedThis};
use crate::ui::map::risk::RiskMap;
use crate::ui::state::{AnalysisState, DataState, LoadState, UrlSignal};
use crate::ui::worker as wc;
use crate::worker::messages::{
    AllocationResult, AllocationSpec, AnalysisResult, AnalysisSpec, SEED_ORDER,
};

use forecasts::ForecastSection;
use ranking::{map_rows, rank, RankingSection};
use reconciliation::ReconciliationSection;
use staffing::StaffingSection;

fn seconds(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

/// The model switch, progress with Cancel, and "Fit again".
#[component]
fn ModelControls(
    /// Ask for a new fit.
    refit: RwSignal<u32>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let analysis = expect_context::<AnalysisState>();
    let auto = move || url.with(|u| u.allocation.auto);
    let set = move |a: bool| {
        url.update(|u| u.allocation.auto = a);
        address_bar::write(&url.get_untracked(), true);
    };
    let running = move || analysis.busy.get() || analysis.progress.with(Option::is_some);
    view! {
        <fieldset class="order" data-testid="alloc-model">
            <legend>"Precinct models"</legend>
            <div class="resolution" role="group" aria-label="Model order">
                <button type="button" data-testid="alloc-seed" aria-pressed=move || if auto() { "false" } else { "true" } on:click=move |_| set(false)>
                    "SARIMA(1,1,1)(1,1,1,12) for every precinct"
                </button>
                <button type="button" data-testid="alloc-auto" aria-pressed=move || if auto() { "true" } else { "false" } on:click=move |_| set(true)>
                    "Choose each precinct's order by AIC"
                </button>
                <Show when=move || !running()>
                    <button type="button" data-testid="alloc-refit" on:click=move |_| refit.update(|n| *n += 1)>"Fit again"</button>
                </Show>
            </div>
            <p class="hint">"Each of the 11 precincts gets its own monthly model, fitted on its complete months, with a 12-month forecast and 95 % band. The automatic search fits up to 8 candidate orders per precinct (the five starting models, the seed's among them, and the best one's neighbours) and takes several seconds."</p>
            {move || analysis.progress.get().map(|p| {
                let pct = p.total.filter(|t| *t > 0).map(|t| 100.0 * p.done as f64 / t as f64).unwrap_or(0.0);
                view! {
                    <div class="progress" data-testid="alloc-progress">
                        <div class="bar" role="progressbar" aria-label=p.stage.clone() aria-valuemin="0" aria-valuemax="100"
                            aria-valuenow=format!("{pct:.0}") aria-valuetext=p.stage.clone()>
                            <div class="fill" style:width=format!("{}%", pct.max(3.0))></div>
                        </div>
                        <span class="progress-text" aria-live="polite">{p.stage.clone()}</span>
                        <button type="button" data-testid="alloc-cancel" on:click=move |_| wc::cancel_analysis(analysis)>"Cancel"</button>
                    </div>
                }
            })}
        </fieldset>
    }
}

/// The resource-allocation page.
#[component]
pub fn AllocationPage() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let load = expect_context::<LoadState>();
    let analysis = expect_context::<AnalysisState>();
    let refit = RwSignal::new(0u32);
    // What the fits depend on: the data, the filter and the order mode — not the weights,
    // the trend window or the staffing settings, which the page applies itself.
    // While a live load streams in, the fits wait for the server's monthly counts and are
    // redone when they change, not at every page of rows.
    let key = Memo::new(move |_| {
        let counted = data.dataset.with(|d| {
            d.as_ref()
                .and_then(|d| d.live.as_ref())
                .is_some_and(|l| l.months_counted == l.months)
        });
        if load.progress.with(Option::is_some) && !counted {
            return None;
        }
        let revision = data.revision();
        data.dataset.with(|d| {
            d.as_ref().map(|d| {
                let range = d.facets.day_range;
                let filter: Filter = url.with(|u| u.filter(range));
                (filter, revision, range, url.with(|u| u.allocation.auto))
            })
        })
    });
    Effect::new(move |_| {
        refit.track();
        let Some((_, _, _, auto)) = key.get() else {
            return;
        };
        let spec = AllocationSpec {
            order: if auto { None } else { Some(SEED_ORDER) },
            ..AllocationSpec::default()
        };
        wc::request_analysis(url, data, analysis, AnalysisSpec::Allocation(spec));
    });
    on_cleanup(move || wc::abandon_analysis(analysis));
    let result = Memo::new(move |_| {
        analysis.result.with(|a| match a {
            Some(AnalysisResult::Allocation(r)) => Some(Arc::new((**r).clone())),
            _ => None,
        })
    });
    let result_sig: Signal<Option<Arc<AllocationResult>>> = result.into();
    let ranking = Memo::new(move |_| {
        let (w, t) = url.with(|u| (u.allocation.weights, u.allocation.trend));
        result.with(|r| r.as_ref().map(|r| rank(r, w, t)).unwrap_or_default())
    });
    let rows = Signal::derive(move || {
        let t = url.with(|u| u.allocation.trend);
        result.with(|r| {
            r.as_ref()
                .map(|r| ranking.with(|k| map_rows(r, k, t)))
                .unwrap_or_default()
        })
    });
    let unit = Signal::derive(move || {
        if url.with(|u| u.unit) == Unit::Offenses {
            "offense rows"
        } else {
            "incidents"
        }
    });
    let timing = move || {
        result.with(|r| {
            r.as_ref().map(|r| {
                let t = r.timing;
                let mut s = format!(
                    "{} precinct models {} and forecast in {} (rows aggregated in {}).",
                    r.models.len(),
                    if r.auto {
                        "chosen by AIC, fitted"
                    } else {
                        "fitted"
                    },
                    seconds(t.fit_ms),
                    seconds(t.counts_ms)
                );
                if r.backtests_done {
                    s.push_str(&format!(" Backtests took {}.", seconds(t.backtest_ms)));
                }
                s
            })
        })
    };
    view! {
        <section aria-labelledby="alloc-title" data-testid="allocation">
            <h2 id="alloc-title">"Resource allocation"</h2>
            <p class="framing">
                "Where and when reported " {unit} " are expected, to help plan resources. The ranking below orders precincts by expected "
                <strong>"reported-incident volume and momentum"</strong>
                ", not by danger and not by the people who live there: reports follow population, activity and reporting practice, and more patrols produce more reports."
                {move || data.synthetic_note()}
            </p>
            <DataUsed />
            <ModelControls refit=refit />
            {move || analysis.error.get().filter(|_| !analysis.busy.get()).map(|e| view! { <p class="error" role="alert" data-testid="alloc-error">{e}</p> })}
            <Show when=move || result.with(Option::is_some)>
                {move || result.with(|r| r.as_ref().and_then(|r| r.basis.clone())).map(|b| view! { <p class="basis" data-testid="alloc-basis">"Monthly counts " {b} "."</p> })}
                <p class="hint" data-testid="alloc-timing">{timing}</p>
                <RankingSection result=result_sig ranking=ranking />
                <section class="panel" aria-labelledby="risk-map-title" data-embed="risk-map" class:embed-chosen=is_chosen("risk-map")>
                    <div class="chart-head"><h3 id="risk-map-title">"Risk map"</h3><EmbedThis id="risk-map" /></div>
                    <RiskMap rows=rows trend=Signal::derive(move || url.with(|u| u.allocation.trend)) unit=unit />
                </section>
                {move || result.with(|r| r.as_ref().filter(|r| !r.skipped.is_empty()).map(|r| view! {
                    <div class="panel" data-testid="skipped">
                        <h3>"Precincts not ranked"</h3>
                        <ul>{r.skipped.iter().map(|s| view! { <li>{format!("Precinct {:02}: {}", s.precinct, s.reason)}</li> }).collect_view()}</ul>
                    </div>
                }))}
                <ForecastSection result=result_sig />
                <ReconciliationSection result=result_sig />
                <StaffingSection result=result_sig unit=unit />
            </Show>
        </section>
    }
}
