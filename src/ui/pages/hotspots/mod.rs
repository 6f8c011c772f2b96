//! The hotspots page: where reported incidents concentrate, by kernel density, DBSCAN
//! clusters and Getis-Ord Gi*, with Moran's I, a ranked table, and the correlation with a
//! liquor-store layer. Split into small components: controls, summary, map, table, liquor.

mod controls;
mod distances;
mod explain;
mod optics;
mod point_layer;
mod summary;
mod table;

use std::sync::Arc;

use leptos::prelude::*;

use crate::data::filter::Unit;
use crate::ui::address_bar;
use crate::ui::components::embed_this::Embeddable;
use crate::ui::deferred::Deferred;
use crate::ui::map::HotspotMap;
use crate::ui::state::{AnalysisState, DataState, LayerState, UrlSignal};
use crate::ui::worker as wc;
use crate::url_state::{HotspotQuery, Page};
use crate::worker::messages::{
    AnalysisResult, AnalysisSpec, HotspotResult, HotspotSpec, LayerChoice,
};

use controls::HotspotControls;
use distances::NearestDistanceSection;
use explain::HotspotExplainers;
use optics::OpticsSection;
use point_layer::PointLayerSection;
use summary::HotspotSummary;
use table::HotspotTable;

/// The worker's spec for the URL's settings.
pub fn spec_from(h: &HotspotQuery, layer: LayerChoice) -> HotspotSpec {
    HotspotSpec {
        cell_m: f64::from(h.cell_m),
        contiguity: h.contiguity,
        permutations: h.permutations as usize,
        eps_m: f64::from(h.eps_m),
        min_samples: h.min_pts.map(|m| m as usize),
        optics_eps_m: f64::from(h.optics_eps_m),
        bandwidth: h.bandwidth,
        layer,
        ..HotspotSpec::default()
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The hotspots page.
#[component]
pub fn HotspotsPage() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let analysis = expect_context::<AnalysisState>();
    let layer = expect_context::<LayerState>();
    let result = RwSignal::new(None::<Arc<HotspotResult>>);
    let elapsed = RwSignal::new(None::<f64>);
    let started = StoredValue::new(0.0f64);
    let focus = RwSignal::new(None::<[f64; 2]>);
    // What the analysis depends on: the filter and the settings, not the visible layers.
    let key = Memo::new(move |_| {
        let mut u = url.get();
        u.hotspots.layers.clear();
        u.page = Page::Hotspots;
        (u, layer.choice.get())
    });
    Effect::new(move |_| {
        let (u, choice) = key.get();
        data.dataset.track();
        layer.info.track();
        started.set_value(now_ms());
        wc::request_analysis(
            url,
            data,
            analysis,
            AnalysisSpec::Hotspots(spec_from(&u.hotspots, choice)),
        );
    });
    Effect::new(move |_| {
        let r = analysis.result.with(|a| match a {
            Some(AnalysisResult::Hotspots(h)) => Some(Arc::new((**h).clone())),
            _ => None,
        });
        if r.is_some() {
            elapsed.set(Some(now_ms() - started.get_value()));
        }
        result.set(r);
    });
    let unit = Signal::derive(move || {
        if url.with(|u| u.unit) == Unit::Offenses {
            "offense rows"
        } else {
            "incidents"
        }
    });
    let layers = Signal::derive(move || url.with(|u| u.hotspots.layers.clone()));
    let on_toggle = Callback::new(move |l| {
        url.update(|u| u.hotspots.toggle(l));
        address_bar::write(&url.get_untracked(), false);
    });
    let result_sig: Signal<Option<Arc<HotspotResult>>> = result.into();
    // The table and the store comparison follow one task later, so the task that shows a new
    // result (summary and map) stays short.
    let later = RwSignal::new(None::<Arc<HotspotResult>>);
    let deferred = Deferred::new();
    Effect::new(move |_| {
        let r = result.get();
        deferred.run(move || {
            let _ = later.try_set(r);
        });
    });
    let later_sig: Signal<Option<Arc<HotspotResult>>> = later.into();
    view! {
        <section aria-labelledby="hotspots-title" data-testid="hotspots">
            <h2 id="hotspots-title">"Hotspots"</h2>
            <p class="framing">
                "Where reported " {unit} " concentrate. Hot spots are places with many reports — they follow where people live, shop and travel and where incidents get reported. "
                "They are not crime rates and say nothing about the people who live there."
                {move || data.synthetic_note()}
            </p>
            <HotspotControls />
            {move || analysis.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p class="loading" aria-live="polite" data-testid="hotspots-busy">
                {move || if analysis.busy.get() { "Computing hotspots…" } else { "" }}
            </p>
            <Show when=move || result.with(Option::is_some)>
                <HotspotSummary result=result_sig elapsed=elapsed unit=unit />
                <Embeddable id="hotspot-map">
                    <HotspotMap result=result_sig layers=layers on_toggle=on_toggle unit=unit focus=focus />
                </Embeddable>
                <p class="hint">
                    "On live data the map draws the City's official precinct and neighborhood boundaries once they have loaded; otherwise crimecast's approximate outlines (the legend says which). "
                    "The street map (off by default) shows CARTO's tiles of OpenStreetMap data; the map works without it, offline too."
                </p>
                <HotspotExplainers result=result_sig unit=unit />
                <HotspotTable result=later_sig unit=unit focus=focus />
                <OpticsSection result=later_sig unit=unit />
                <PointLayerSection result=later_sig unit=unit />
                <NearestDistanceSection result=later_sig unit=unit />
            </Show>
        </section>
    }
}
