//! The KPI cards of the overview.

use leptos::prelude::*;

use crate::data::filter::Unit;
use crate::ui::format::{day, signed_pct, thousands};
use crate::ui::state::{DataState, UrlSignal};

/// KPI cards: total, daily average, change vs a year before, top category, top precinct.
#[component]
pub fn KpiCards() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let noun = move || {
        if url.with(|u| u.unit) == Unit::Offenses {
            "Offense rows"
        } else {
            "Incidents"
        }
    };
    move || {
        data.overview.get().map(|o| {
            let noun = if o.offense_rows { "Offense rows" } else { noun() };
            let basis = o.basis.clone().map(|b| {
                let mut b = b;
                if let Some(first) = b.get(..1) {
                    b = first.to_uppercase() + &b[1..];
                }
                view! { <p class="kpi-basis" data-testid="kpi-basis">{b} "."</p> }
            });
            let change = match (o.change_pct, o.prior_total) {
                (Some(p), Some(prior)) => (signed_pct(p), format!("vs {} a year before", thousands(prior))),
                _ if o.basis.as_deref().is_some_and(|b| b.starts_with("from")) => {
                    ("—".to_string(), "comes with the rows, still loading".to_string())
                }
                _ => ("—".to_string(), "the data do not cover the year before".to_string()),
            };
            let top_cat = o.top_category().cloned();
            let top_pct = o.top_precinct().copied();
            view! {
                <div class="kpis" data-testid="kpis">
                    <div class="kpi" data-testid="kpi-total">
                        <span class="kpi-label">{noun} " in range"</span>
                        <span class="kpi-value">{thousands(o.total)}</span>
                        <span class="kpi-note">{format!("{} to {}", day(o.window.0), day(o.window.1))}</span>
                    </div>
                    <div class="kpi" data-testid="kpi-daily">
                        <span class="kpi-label">"Daily average"</span>
                        <span class="kpi-value">{format!("{:.1}", o.daily_mean)}</span>
                        <span class="kpi-note">{format!("over {} days", o.days)}</span>
                    </div>
                    <div class="kpi" data-testid="kpi-change">
                        <span class="kpi-label">"Change vs same period a year before"</span>
                        <span class="kpi-value">{change.0}</span>
                        <span class="kpi-note">{change.1}</span>
                    </div>
                    <div class="kpi" data-testid="kpi-category">
                        <span class="kpi-label">"Top category"</span>
                        <span class="kpi-value small">{top_cat.as_ref().map(|c| c.0.clone()).unwrap_or_else(|| "—".into())}</span>
                        <span class="kpi-note">{top_cat.map(|c| thousands(c.1)).unwrap_or_default()}</span>
                    </div>
                    <div class="kpi" data-testid="kpi-precinct">
                        <span class="kpi-label">"Top precinct"</span>
                        <span class="kpi-value">{top_pct.map(|p| format!("{:02}", p.0)).unwrap_or_else(|| "—".into())}</span>
                        <span class="kpi-note">{top_pct.map(|p| thousands(p.1)).unwrap_or_default()}</span>
                    </div>
                </div>
                {basis}
            }
        })
    }
}
