//! The first-visit tour: five short steps, one for each thing the app does, in a labelled
//! modal dialog. It opens by itself only on a plain landing visit (no query string, so never
//! in an embed, with `?teach=1` or on a shared link) when the browser's storage works and
//! has no record of an earlier tour; closing it in any way (Escape included) records it.
//! Focus moves into the dialog and returns to where it was when it closes.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::address_bar;
use crate::ui::state::UrlSignal;

/// The `localStorage` key that records a finished or skipped tour.
pub const SEEN_KEY: &str = "crimecast.tour.seen";

/// The steps: title and text.
pub const STEPS: [(&str, &str); 5] = [
    (
        "Overview and filters",
        "The Overview counts reported incidents: the total, the busiest hours and weekdays, the main categories and the trend. \
         Filters narrow everything to dates, categories, precincts or neighbourhoods; the address keeps them, so a copied link opens the same view.",
    ),
    (
        "Temporal patterns",
        "See how reports rise and fall by day, week and month, split the series into trend, season and the rest, \
         and test whether it keeps returning to a steady level.",
    ),
    (
        "Forecasts",
        "A SARIMA model forecasts the next 12 months with a 95 % band, and a backtest checks it against simply repeating last year.",
    ),
    (
        "Hotspots",
        "The map shows where reports concentrate: a density surface, DBSCAN clusters and Gi* hot and cold spots, \
         with Moran's I for the whole city and a comparison with a layer of stores.",
    ),
    (
        "Resource allocation and LSTM",
        "Forecast each precinct, rank precincts by expected report volume and its trend (not by danger), find the busiest hours for staffing, \
         and train a small neural network (an LSTM) on weekly counts, all in your browser. \
         Every result has a “How this works” panel, and the Glossary explains each term.",
    ),
];

/// The browser's local storage, if it can be written (private modes may refuse).
fn storage() -> Option<web_sys::Storage> {
    let s = web_sys::window()?.local_storage().ok()??;
    s.set_item("crimecast.probe", "1").ok()?;
    let _ = s.remove_item("crimecast.probe");
    Some(s)
}

/// Whether the tour opens by itself on this visit.
fn opens_by_itself(url: UrlSignal) -> bool {
    let (embed, teach) = url.with_untracked(|u| (u.embed, u.teach));
    !embed
        && !teach
        && address_bar::is_plain()
        && storage().is_some_and(|s| s.get_item(SEEN_KEY).ok().flatten().is_none())
}

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// The "Take the tour" button and the tour dialog.
#[component]
pub fn Tour() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let dialog = NodeRef::<Dialog>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let step = RwSignal::new(0usize);
    let back_to = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let open = move || {
        let Some(d) = dialog.get_untracked() else {
            return;
        };
        if d.open() {
            return;
        }
        step.set(0);
        back_to.set_value(active_element().filter(|e| e.tag_name() != "BODY"));
        let _ = d.show_modal();
    };
    // Closing by any means (Escape, Skip, the last step) records the tour and returns focus.
    let on_close = move |_| {
        if let Some(s) = storage() {
            let _ = s.set_item(SEEN_KEY, "1");
        }
        let target = back_to
            .get_value()
            .or_else(|| button.get_untracked().map(|b| b.unchecked_into()));
        if let Some(el) = target {
            let _ = el.focus();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    if opens_by_itself(url) {
        Effect::new(move |_| {
            if dialog.get().is_some() {
                open();
            }
        });
    }
    let last = STEPS.len() - 1;
    view! {
        <button type="button" class="small tour-open" node_ref=button data-testid="tour-open" on:click=move |_| open()>
            "Take the tour"
        </button>
        <dialog node_ref=dialog class="tour" data-testid="tour" aria-labelledby="tour-title" aria-describedby="tour-step" on:close=on_close>
            <h2 id="tour-title">"A quick tour of crimecast"</h2>
            <div id="tour-step" aria-live="polite">
                <p class="tour-count" data-testid="tour-count">{move || format!("Step {} of {}", step.get() + 1, STEPS.len())}</p>
                <h3>{move || STEPS[step.get().min(last)].0}</h3>
                <p>{move || STEPS[step.get().min(last)].1}</p>
            </div>
            <div class="dialog-buttons">
                <button type="button" data-testid="tour-back" disabled=move || step.get() == 0
                    on:click=move |_| step.update(|s| *s = s.saturating_sub(1))>"Back"</button>
                <button type="button" data-testid="tour-next" autofocus=true
                    on:click=move |_| { if step.get_untracked() >= last { close() } else { step.update(|s| *s += 1) } }>
                    {move || if step.get() >= last { "Start exploring" } else { "Next" }}
                </button>
                <button type="button" data-testid="tour-skip" on:click=move |_| close()>"Skip the tour"</button>
            </div>
        </dialog>
    }
}
