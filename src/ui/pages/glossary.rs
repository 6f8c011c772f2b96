//! The glossary page: every term the "How this works" panels use, each with its anchor
//! (`#term-{key}`), in plain words; terms inside a definition link to their own entry.

use leptos::prelude::*;

use crate::ui::address_bar;
use crate::ui::deferred::Deferred;
use crate::ui::explain::text::glossary::{anchor, entries};
use crate::ui::explain::{focus_id, paragraph};

/// The glossary page.
#[component]
pub fn GlossaryPage() -> impl IntoView {
    // Arriving at `#term-…` (a link, a reload, back/forward): focus that entry once drawn.
    Deferred::new().run(|| {
        let target = address_bar::fragment();
        if !target.is_empty() {
            focus_id(&target);
        }
    });
    view! {
        <section aria-labelledby="glossary-title" data-testid="glossary">
            <h2 id="glossary-title">"Glossary"</h2>
            <p class="framing">
                "Every term used by the “How this works” panels, in plain words. Words in blue inside a definition link to their own entry. "
                "Remember that every number in crimecast counts reported incidents, not crime."
            </p>
            <dl class="glossary">
                {entries().into_iter().map(|e| view! {
                    <div class="glossary-entry">
                        <dt id=anchor(e.key) tabindex="-1">{e.term}</dt>
                        <dd>{paragraph(e.text)}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
    }
}
