//! The filter bar: date window, category, precinct, neighborhood, and counting unit. Every
//! change is written to the URL (a new history entry) so a view can be shared.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::filter::Unit;
use crate::data::time::{format_day, parse_day};
use crate::ui::address_bar::{self, UrlState};
use crate::ui::state::{DataState, UrlSignal};

fn change(url: UrlSignal, f: impl FnOnce(&mut UrlState)) {
    url.update(f);
    address_bar::write(&url.get_untracked(), true);
}

fn selected_values(ev: &web_sys::Event) -> Vec<String> {
    let Some(sel) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
    else {
        return vec![];
    };
    let opts = sel.selected_options();
    (0..opts.length())
        .filter_map(|i| opts.item(i))
        .filter_map(|o| o.get_attribute("value"))
        .filter(|v| !v.is_empty())
        .collect()
}

/// The filter bar.
#[component]
pub fn FilterBar() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let range = move || {
        data.dataset
            .with(|d| d.as_ref().and_then(|d| d.facets.day_range))
    };
    let window = move || url.with(|u| u.filter(range())).clone();
    let from = move || window().from_day.map(format_day).unwrap_or_default();
    let to = move || window().to_day.map(format_day).unwrap_or_default();
    let min = move || range().map(|r| format_day(r.0)).unwrap_or_default();
    let max = move || range().map(|r| format_day(r.1)).unwrap_or_default();
    let categories = move || {
        data.dataset.with(|d| {
            d.as_ref()
                .map(|d| d.facets.categories.clone())
                .unwrap_or_default()
        })
    };
    let neighborhoods = move || {
        data.dataset.with(|d| {
            d.as_ref()
                .map(|d| d.facets.neighborhoods.clone())
                .unwrap_or_default()
        })
    };
    let cat_selected = move |c: &str| url.with(|u| u.categories.iter().any(|x| x == c));
    let nbh_selected = move |n: &str| url.with(|u| u.neighborhoods.iter().any(|x| x == n));
    let unit = move || url.with(|u| u.unit);
    view! {
        <section class="panel filters" aria-labelledby="filters-title" data-testid="filters">
            <h2 id="filters-title">"Filters"</h2>
            <div class="filter-grid">
                <label>
                    "From"
                    <input type="date" data-testid="from" prop:value=from min=min max=max
                        on:change=move |ev| change(url, |u| u.from = parse_day(&event_target_value(&ev))) />
                </label>
                <label>
                    "To"
                    <input type="date" data-testid="to" prop:value=to min=min max=max
                        on:change=move |ev| change(url, |u| u.to = parse_day(&event_target_value(&ev))) />
                </label>
                <label>
                    "Offense category"
                    <select multiple size="5" data-testid="category" on:change=move |ev| {
                        let v = selected_values(&ev);
                        change(url, |u| u.categories = v);
                    }>
                        {move || categories().into_iter().map(|(c, n)| {
                            let key = c.clone();
                            let label = format!("{c} ({n})");
                            view! { <option value=c selected=move || cat_selected(&key)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Neighborhood"
                    <select data-testid="neighborhood" on:change=move |ev| {
                        let v = selected_values(&ev);
                        change(url, |u| u.neighborhoods = v);
                    }>
                        <option value="">"All neighborhoods"</option>
                        {move || neighborhoods().into_iter().map(|n| {
                            let key = n.clone();
                            let label = n.clone();
                            view! { <option value=n selected=move || nbh_selected(&key)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <fieldset class="precincts">
                <legend>"Precinct"</legend>
                {(2u8..=12).map(|p| {
                    let on = move || url.with(|u| u.precincts.contains(&p));
                    view! {
                        <button type="button" class="chip" data-testid=format!("precinct-{p:02}")
                            aria-pressed=move || if on() { "true" } else { "false" }
                            on:click=move |_| change(url, |u| {
                                if let Some(i) = u.precincts.iter().position(|x| *x == p) { u.precincts.remove(i); } else { u.precincts.push(p); u.precincts.sort(); }
                            })>
                            {format!("{p:02}")}
                        </button>
                    }
                }).collect_view()}
            </fieldset>
            <div class="unit" role="group" aria-label="Count">
                <button type="button" data-testid="unit-incidents" aria-pressed=move || if unit() == Unit::Incidents { "true" } else { "false" }
                    on:click=move |_| change(url, |u| u.unit = Unit::Incidents)>"Incidents (by report number)"</button>
                <button type="button" data-testid="unit-offenses" aria-pressed=move || if unit() == Unit::Offenses { "true" } else { "false" }
                    on:click=move |_| change(url, |u| u.unit = Unit::Offenses)>"Offense rows"</button>
                <button type="button" class="reset" data-testid="reset-filters" on:click=move |_| change(url, |u| {
                    *u = UrlState { page: u.page, source: u.source, api: u.api.clone(), years: u.years, teach: u.teach, ..UrlState::default() };
                })>"Reset filters"</button>
            </div>
        </section>
    }
}
