//! Explain in place: the "How this works" panel beside each method's result, the glossary
//! links inside it, and the first-visit tour.
//!
//! A panel is a `<details>` element, so it opens and closes with the keyboard and is read by
//! screen readers with no script; `?teach=1` opens every panel (for classroom projection).
//! Its words come from [`text`], built from the numbers the page already shows.

pub mod text;
pub mod tour;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::address_bar;
use crate::ui::state::UrlSignal;
use crate::url_state::Page;
use text::glossary::anchor;
use text::{pieces, Explainer, Piece};

/// Move keyboard focus to the element `id` (a glossary term), scrolling it into view.
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Open the glossary at the entry `key`: a history entry with `#term-key`, then focus on the
/// entry once the page shows it.
fn go_to_term(url: UrlSignal, key: &str) {
    let id = anchor(key);
    let mut u = url.get_untracked();
    u.page = Page::Glossary;
    address_bar::write_with_fragment(&u, true, &id);
    if url.with_untracked(|u| u.page) != Page::Glossary {
        url.update(|u| u.page = Page::Glossary);
    }
    set_timeout(move || focus_id(&id), std::time::Duration::ZERO);
}

/// A glossary link: opens the glossary at `key` (in a new tab from an embed).
#[component]
pub fn TermLink(
    /// Glossary key.
    #[prop(into)]
    key: String,
    /// Words shown.
    #[prop(into)]
    shown: String,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let embed = url.with_untracked(|u| u.embed);
    let id = anchor(&key);
    let href = move || {
        let mut u = url.get();
        u.page = Page::Glossary;
        u.embed = false;
        format!("?{}#{id}", u.to_query())
    };
    view! {
        <a class="term" href=href target=embed.then_some("_blank") rel=embed.then_some("noopener")
            on:click=move |ev| {
                if embed || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                    return;
                }
                ev.prevent_default();
                go_to_term(url, &key);
            }>
            {shown}
        </a>
    }
}

/// One paragraph of panel or glossary markup: words, glossary links and quoted numbers.
pub fn paragraph(text: &str) -> impl IntoView {
    let parts = pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_string().into_any(),
            Piece::Term { key, shown } => view! { <TermLink key=key shown=shown /> }.into_any(),
            Piece::Quote(t) => {
                view! { <span class="quoted" data-testid="quoted">{t.to_string()}</span> }
                    .into_any()
            }
        })
        .collect_view();
    view! { <p>{parts}</p> }
}

fn part(label: &'static str, paragraphs: Vec<String>) -> impl IntoView {
    view! {
        <div class="explain-part">
            <p class="explain-label">{label}</p>
            {paragraphs.iter().map(|p| paragraph(p)).collect_view()}
        </div>
    }
}

/// A collapsible "How this works" panel for one method, quoting the result on screen.
#[component]
pub fn HowThisWorks(
    /// Stable id: the panel's test id is `explain-{id}`.
    id: &'static str,
    /// What it explains, e.g. "Gi* hot spots".
    title: &'static str,
    /// The words for the result on screen (None until there is one).
    #[prop(into)]
    body: Signal<Option<Explainer>>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let teach = Memo::new(move |_| url.with(|u| u.teach));
    view! {
        <details class="explain" data-testid=format!("explain-{id}") prop:open=move || teach.get()>
            <summary>"How this works: " {title}</summary>
            <div class="explain-body">
                {move || match body.get() {
                    Some(b) => view! {
                        {part("What it does", b.what)}
                        {part("How to read it", b.read)}
                        {part("What it cannot tell you", b.limits)}
                    }.into_any(),
                    None => view! { <p>"The explanation appears with the result."</p> }.into_any(),
                }}
            </div>
        </details>
    }
}
