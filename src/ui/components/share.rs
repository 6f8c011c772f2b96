//! Sharing: copy a link to the exact view, an embed dialog with the iframe snippet, and the
//! whole analysis as JSON.

use leptos::html::Dialog;
use leptos::prelude::*;
use serde_json::json;

use crate::ui::app::ETHICS;
use crate::ui::export;
use crate::ui::state::{AnalysisState, DataState, UrlSignal};
use crate::url_state::Page;

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

/// The iframe snippet for `view` of the current state.
pub fn snippet(url: UrlSignal, view: Page) -> String {
    let mut u = url.get_untracked();
    u.embed = true;
    u.page = view;
    let src = page_url(&u.to_query())
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" title=\"crimecast: Detroit reported crime incidents ({})\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
        view.label()
    )
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
                if let Some(d) = dialog.get_untracked() { let _ = d.show_modal(); }
            }>"Embed"</button>
            <button type="button" data-testid="export-json" on:click=export_json>"Export analysis (JSON)"</button>
            <span class="share-status" role="status" aria-live="polite" data-testid="share-status">{move || status.get()}</span>
            <dialog node_ref=dialog class="embed-dialog" aria-labelledby="embed-title" data-testid="embed-dialog">
                <h2 id="embed-title">"Embed this view"</h2>
                <label>
                    "View "
                    <select data-testid="embed-view" on:change=move |ev| view_choice.set(Page::parse(&event_target_value(&ev)))>
                        {[Page::Overview, Page::Temporal, Page::Forecast, Page::Hotspots, Page::Allocation, Page::Lstm].into_iter().map(|p| view! {
                            <option value=p.key() selected=move || view_choice.get() == p>{p.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="snippet">
                    "Paste this into your page:"
                    <textarea readonly rows="5" data-testid="embed-snippet" prop:value=move || snippet(url, view_choice.get())></textarea>
                </label>
                <p class="hint">
                    "The embed reports its height to the host page both as AMP's embed-size message and in pym.js's format, so amp-iframe and pym.js resize it automatically. "
                    "It shows the chosen view, the note that these are reported incidents, and a link to the full page."
                </p>
                <div class="dialog-buttons">
                    <button type="button" data-testid="embed-copy" on:click=move |_| copy(snippet(url, view_choice.get_untracked()), "Embed code copied.")>"Copy embed code"</button>
                    <button type="button" on:click=move |_| if let Some(d) = dialog.get_untracked() { d.close(); }>"Close"</button>
                </div>
            </dialog>
        </div>
    }
}
