//! Sharing: copy a link to the exact view, an embed dialog with the iframe snippet, and the
//! whole analysis as JSON.

use leptos::html::Dialog;
use leptos::prelude::*;
use serde_json::json;

use crate::ui::app::ETHICS;
use crate::ui::components::embed_this::EmbedRequest;
use crate::ui::export;
use crate::ui::state::{AnalysisState, DataState, UrlSignal};
use crate::url_state::embeds::{self, Embeddable};
use crate::url_state::{Page, SourceChoice, UrlState};
use crate::worker::messages::Source;

fn page_url(query: &str) -> String {
    let w = web_sys::window();
    let origin = w
        .as_ref()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let path = w
        .as_ref()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    if query.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query}")
    }
}

/// The site's base URL (ending in `/`), from the page's own location.
fn site_base() -> String {
    let loc = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        loc.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    embeds::site_base(
        &part(web_sys::Location::origin),
        &part(web_sys::Location::pathname),
    )
}

/// The embed's state: the current one shown as `view` (or only `chart` of it), with the
/// data source and the date window pinned to what is loaded now, so every reader of the
/// embed sees the numbers its author saw.
fn pinned(url: UrlSignal, data: DataState, view: Page, chart: Option<&Embeddable>) -> UrlState {
    let mut u = url.get_untracked();
    u.embed = true;
    u.page = view;
    u.chart = chart.map(|e| e.id.to_string());
    data.dataset.with_untracked(|d| {
        if let Some(d) = d {
            match d.source {
                Source::Demo { .. } => u.source = Some(SourceChoice::Demo),
                Source::Live { .. } => u.source = Some(SourceChoice::Live),
                Source::File { .. } => {}
            }
            let f = u.filter(d.facets.day_range);
            (u.from, u.to) = (f.from_day, f.to_day);
        }
    });
    u
}

/// The embed code for `view` (or only `chart` of it) of the current state.
pub fn snippet(url: UrlSignal, data: DataState, view: Page, chart: Option<&Embeddable>) -> String {
    let u = pinned(url, data, view, chart);
    let title = chart.map_or_else(
        || format!("Detroit reported crime incidents ({})", view.label()),
        |e| e.title.to_string(),
    );
    embeds::snippet(&page_url(&u.to_query()), &title, &site_base())
}

/// Copy link, embed and JSON export buttons.
#[component]
pub fn ShareBar() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let analysis = expect_context::<AnalysisState>();
    let status = RwSignal::new(String::new());
    let dialog = NodeRef::<Dialog>::new();
    let view_choice = RwSignal::new(Page::Overview);
    let chart_choice = RwSignal::new(None::<&'static Embeddable>);
    // "Embed this" on a chart, map or table opens the dialog preset to it.
    if let Some(request) = use_context::<EmbedRequest>() {
        Effect::new(move |_| {
            if let Some(e) = request.0.get() {
                view_choice.set(e.page);
                chart_choice.set(Some(e));
                request.0.set(None);
                if let Some(d) = dialog.get_untracked() {
                    let _ = d.show_modal();
                }
            }
        });
    }
    let from_file = move || {
        data.dataset.with(|d| {
            d.as_ref()
                .is_some_and(|d| matches!(d.source, Source::File { .. }))
        })
    };
    let code = move || snippet(url, data, view_choice.get(), chart_choice.get());
    let copy = move |text: String, done: &'static str| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
        }
        status.set(done.to_string());
    };
    let export_json = move |_| {
        let d = data.dataset.get_untracked();
        let doc = json!({
            "app": "crimecast",
            "version": env!("CARGO_PKG_VERSION"),
            "note": ETHICS,
            "exported_at": js_sys::Date::new_0().to_iso_string().as_string(),
            "view": page_url(&url.get_untracked().to_query()),
            "source": d.as_ref().map(|d| d.source.label()),
            "synthetic": d.as_ref().map(|d| d.source.is_synthetic()),
            "quality": d.as_ref().map(|d| &d.quality),
            "cleaning_rules": d.as_ref().map(|d| &d.rules),
            "filter": url.get_untracked().filter(d.as_ref().and_then(|d| d.facets.day_range)),
            "overview": data.overview.get_untracked(),
            "analysis": analysis.result.get_untracked(),
        });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        match export::download_text(&text, "crimecast-analysis.json", "application/json") {
            Ok(()) => status.set("Analysis exported as JSON.".into()),
            Err(e) => status.set(format!("Export failed: {e}")),
        }
    };
    view! {
        <div class="share" role="group" aria-label="Share and export">
            <button type="button" data-testid="copy-link" on:click=move |_| {
                let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
                copy(href, "Link copied: it opens this exact view.");
            }>"Copy link"</button>
            <button type="button" data-testid="embed-open" on:click=move |_| {
                view_choice.set(url.with_untracked(|u| u.page));
                chart_choice.set(None);
                if let Some(d) = dialog.get_untracked() { let _ = d.show_modal(); }
            }>"Embed"</button>
            <button type="button" data-testid="export-json" on:click=export_json>"Export analysis (JSON)"</button>
            <span class="share-status" role="status" aria-live="polite" data-testid="share-status">{move || status.get()}</span>
            <dialog node_ref=dialog class="embed-dialog" aria-labelledby="embed-title" data-testid="embed-dialog">
                <h2 id="embed-title">{move || chart_choice.get().map_or_else(|| "Embed this view".to_string(), |e| format!("Embed “{}”", e.title))}</h2>
                <label>
                    "View "
                    <select data-testid="embed-view" on:change=move |ev| {
                        view_choice.set(Page::parse(&event_target_value(&ev)));
                        chart_choice.set(None);
                    }>
                        {[Page::Overview, Page::Temporal, Page::Forecast, Page::Hotspots, Page::Allocation, Page::Lstm].into_iter().map(|p| view! {
                            <option value=p.key() selected=move || view_choice.get() == p>{p.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Show "
                    <select data-testid="embed-element" on:change=move |ev| chart_choice.set(embeds::find(&event_target_value(&ev)))>
                        <option value="" selected=move || chart_choice.get().is_none()>"The whole view"</option>
                        {move || embeds::on_page(view_choice.get()).map(|e| view! {
                            <option value=e.id selected=move || chart_choice.get().is_some_and(|c| c.id == e.id)>{format!("Only: {}", e.title)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="snippet">
                    "Paste this into your page:"
                    <textarea readonly rows="6" data-testid="embed-snippet" prop:value=code></textarea>
                </label>
                <Show when=from_file>
                    <p class="error" data-testid="embed-file-note">"An uploaded file cannot be embedded: the embed loads its data itself. Load the City's data or the demo data to embed."</p>
                </Show>
                <p class="hint">
                    "The embed loads the same data source and date window as this page shows now, so every reader sees these numbers. "
                    "Its small script, served by crimecast itself, sizes the frame to its content; the embed also reports its height as AMP's embed-size message, in pym.js's format and in Datawrapper's, so amp-iframe, pym.js and Datawrapper's script resize it too. "
                    "It shows the chosen view or element, the data source and when it was retrieved, the note that these are reported incidents, and a link to the full page."
                </p>
                <div class="dialog-buttons">
                    <button type="button" data-testid="embed-copy" on:click=move |_| copy(untrack(code), "Embed code copied.")>"Copy embed code"</button>
                    <button type="button" on:click=move |_| if let Some(d) = dialog.get_untracked() { d.close(); }>"Close"</button>
                </div>
            </dialog>
        </div>
    }
}
