//! The filter bar: date window, category, precinct, neighborhood, and counting unit. Every
//! change is written to the URL (a new history entry) so a view can be shared.

use leptos::prelude::*;

use super::facet_picker::{FacetPicker, FacetValue};
use crate::data::filter::Unit;
use crate::data::time::{format_day, parse_day};
use crate::ui::address_bar::{self, UrlState};
use crate::ui::state::{DataState, UrlSignal};

fn change(url: UrlSignal, f: impl FnOnce(&mut UrlState)) {
    url.update(f);
    address_bar::write(&url.get_untracked(), true);
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
    let categories = Signal::derive(move || {
        data.dataset.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.facets
                        .categories
                        .iter()
                        .map(|(c, n)| FacetValue {
                            value: c.clone(),
                            label: format!("{c} ({n})"),
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let neighborhoods = Signal::derive(move || {
        data.dataset.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.facets
                        .neighborhoods
                        .iter()
                        .map(|n| FacetValue {
                            value: n.clone(),
                            label: n.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let chosen_categories = Signal::derive(move || url.with(|u| u.categories.clone()));
    let chosen_neighborhoods = Signal::derive(move || url.with(|u| u.neighborhoods.clone()));
    let set_categories = Callback::new(move |v: Vec<String>| change(url, |u| u.categories = v));
    let set_neighborhoods =
        Callback::new(move |v: Vec<String>| change(url, |u| u.neighborhoods = v));
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
                <FacetPicker label="Offense category" testid="category" values=categories
                    chosen=chosen_categories on_change=set_categories multiple=true />
                <FacetPicker label="Neighborhood" testid="neighborhood" values=neighborhoods
                    chosen=chosen_neighborhoods on_change=set_neighborhoods multiple=false
                    all_label="All neighborhoods" />
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
