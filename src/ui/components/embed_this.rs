//! Embedding one element: the "Embed this" button beside a chart's, map's or table's title,
//! which opens the share dialog preset to it, and the marks that let an embed of that element
//! (`?embed=1&chart=<id>`) show it alone.

use leptos::prelude::*;

use crate::ui::state::UrlSignal;
use crate::url_state::embeds::{self, Embeddable};

/// Which element the share dialog should open for: set by an "Embed this" button, taken
/// (and cleared) by the dialog.
#[derive(Clone, Copy)]
pub struct EmbedRequest(pub RwSignal<Option<&'static Embeddable>>);

impl EmbedRequest {
    /// Put a fresh request in context (once, in the app shell).
    pub fn provide() {
        provide_context(EmbedRequest(RwSignal::new(None)));
    }
}

/// Whether this element is the one an embed shows alone.
pub fn is_chosen(id: &str) -> bool {
    use_context::<UrlSignal>()
        .is_some_and(|url| url.with(|u| u.embed && u.chart.as_deref() == Some(id)))
}

/// The "Embed this" button of a registered element (nothing for an unregistered id, or in
/// an embed).
#[component]
pub fn EmbedThis(
    /// The element's id in [`embeds::EMBEDDABLES`].
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let item = embeds::find(&id);
    let request = use_context::<EmbedRequest>();
    let embedded = use_context::<UrlSignal>().is_some_and(|u| u.with_untracked(|u| u.embed));
    item.filter(|_| !embedded)
        .zip(request)
        .map(|(item, request)| {
            view! {
                <button type="button" class="small embed-this" data-testid="embed-this"
                    aria-label=format!("Embed this: {}", item.title)
                    on:click=move |_| request.0.set(Some(item))>
                    "Embed this"
                </button>
            }
        })
}

/// A registered element without a heading of its own (a map, the KPI cards): its title is
/// shown only when it is embedded alone, beside the "Embed this" button otherwise.
#[component]
pub fn Embeddable(
    /// The element's id in [`embeds::EMBEDDABLES`].
    #[prop(into)]
    id: String,
    /// The element.
    children: Children,
) -> impl IntoView {
    let title = embeds::find(&id).map(|e| e.title).unwrap_or_default();
    let chosen = is_chosen(&id);
    let attr = id.clone();
    view! {
        <div class="embeddable" data-embed=attr class:embed-chosen=chosen>
            <div class="embed-head">
                <h3 class="embed-title">{title}</h3>
                <EmbedThis id=id />
            </div>
            {children()}
        </div>
    }
}
