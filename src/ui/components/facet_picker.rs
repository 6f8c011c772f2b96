//! A filter choice over a facet (categories, neighborhoods). Up to [`LIST_MAX`] values it is
//! a plain list box; beyond that (an upload can hold tens of thousands of distinct values) it
//! is a searchable combobox that renders only the first [`SHOWN_MAX`] matches, operable by
//! keyboard (arrows, Enter, Escape) and announced to screen readers (the ARIA combobox
//! pattern), with the chosen values as removable buttons.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Most values shown as a plain list box.
pub const LIST_MAX: usize = 300;
/// Most matches the combobox renders at once.
pub const SHOWN_MAX: usize = 50;

/// One value of a facet: what the filter stores and what the visitor reads.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetValue {
    /// The value written to the URL.
    pub value: String,
    /// Its label (e.g. with its row count).
    pub label: String,
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

/// The values whose label contains `query` (any case), at most `limit`, and how many match.
fn matches(values: &[FacetValue], query: &str, limit: usize) -> (Vec<FacetValue>, usize) {
    let q = query.trim().to_lowercase();
    let mut shown = Vec::new();
    let mut n = 0;
    for v in values {
        if q.is_empty() || v.label.to_lowercase().contains(&q) {
            n += 1;
            if shown.len() < limit {
                shown.push(v.clone());
            }
        }
    }
    (shown, n)
}

/// A facet's filter: a list box for short lists, a searchable combobox for long ones.
/// `all_label` (single choice only) is the list box's "no filter" entry.
#[component]
pub fn FacetPicker(
    /// Visible label.
    label: &'static str,
    /// Test id of the control (the list box, or the combobox's input).
    testid: &'static str,
    /// The values to choose from.
    #[prop(into)]
    values: Signal<Vec<FacetValue>>,
    /// The values chosen now.
    #[prop(into)]
    chosen: Signal<Vec<String>>,
    /// Called with the new choice.
    on_change: Callback<Vec<String>>,
    /// Several values may be chosen in the list box (the combobox always allows several).
    multiple: bool,
    /// The list box's "no filter" entry (single choice).
    #[prop(optional)]
    all_label: Option<&'static str>,
) -> impl IntoView {
    let long = Memo::new(move |_| values.with(|v| v.len() > LIST_MAX));
    move || {
        if long.get() {
            view! { <Combobox label testid values chosen on_change /> }.into_any()
        } else {
            let is_chosen = move |v: &str| chosen.with(|c| c.iter().any(|x| x == v));
            view! {
                <label>
                    {label}
                    <select multiple=multiple size=if multiple { "5" } else { "1" } data-testid=testid
                        on:change=move |ev| on_change.run(selected_values(&ev))>
                        {all_label.map(|l| view! { <option value="">{l}</option> })}
                        {move || values.get().into_iter().map(|v| {
                            let key = v.value.clone();
                            view! { <option value=v.value selected=move || is_chosen(&key)>{v.label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
    }
}

/// The searchable combobox for long facets.
#[component]
fn Combobox(
    label: &'static str,
    testid: &'static str,
    values: Signal<Vec<FacetValue>>,
    chosen: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let found = Memo::new(move |_| values.with(|v| query.with(|q| matches(v, q, SHOWN_MAX))));
    let input_id = format!("{testid}-input");
    let list_id = format!("{testid}-listbox");
    let option_id = move |i: usize| format!("{testid}-option-{i}");
    let toggle = move |value: String| {
        let mut c = chosen.get_untracked();
        if let Some(i) = c.iter().position(|x| *x == value) {
            c.remove(i);
        } else {
            c.push(value);
        }
        on_change.run(c);
    };
    let keydown = move |ev: web_sys::KeyboardEvent| {
        let n = found.with_untracked(|f| f.0.len());
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                if n > 0 {
                    active.update(|a| *a = (*a + 1).min(n - 1));
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" if open.get_untracked() => {
                ev.prevent_default();
                if let Some(v) = found.with_untracked(|f| f.0.get(active.get_untracked()).cloned())
                {
                    toggle(v.value);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    // Keep the active option in sight as the arrows move it through a scrolled list.
    Effect::new(move |_| {
        let id = option_id(active.get());
        if !open.get() {
            return;
        }
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
    let status = move || {
        let (shown, n) = found.get();
        let total = values.with(Vec::len);
        if n == 0 {
            "No value matches.".to_string()
        } else if n > shown.len() {
            format!(
                "{n} of {total} values match; the first {} are listed: type to narrow.",
                shown.len()
            )
        } else {
            format!("{n} of {total} values match.")
        }
    };
    view! {
        <div class="facet-combo">
            <label for=input_id.clone()>{label}</label>
            <div class="facet-chosen" role="group" aria-label=format!("{label}: chosen")>
                {move || chosen.get().into_iter().map(|v| {
                    let value = v.clone();
                    view! {
                        <button type="button" class="chip" aria-label=format!("Remove {v}")
                            on:click=move |_| toggle(value.clone())>{format!("{v} ×")}</button>
                    }
                }).collect_view()}
            </div>
            <input id=input_id type="text" role="combobox" autocomplete="off" data-testid=testid
                aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || (open.get() && !found.with(|f| f.0.is_empty())).then(|| option_id(active.get()))
                placeholder=move || format!("Type to search {} values", values.with(Vec::len))
                prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); open.set(true); }
                on:focus=move |_| open.set(true)
                on:keydown=keydown />
            <ul id=list_id role="listbox" aria-multiselectable="true" aria-label=label
                class="facet-options" hidden=move || !open.get()>
                {move || found.get().0.into_iter().enumerate().map(|(i, v)| {
                    let value = v.value.clone();
                    let key = v.value.clone();
                    view! {
                        <li id=option_id(i) role="option"
                            class:active=move || active.get() == i
                            aria-selected=move || if chosen.with(|c| c.contains(&key)) { "true" } else { "false" }
                            on:mousedown=move |ev: web_sys::MouseEvent| ev.prevent_default()
                            on:click=move |_| { active.set(i); toggle(value.clone()); }>
                            {v.label}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="facet-status" aria-live="polite">{status}</p>
        </div>
    }
}
