//! The page navigation: links that change only the `page` key of the URL.

use leptos::prelude::*;

use crate::ui::address_bar;
use crate::ui::state::UrlSignal;
use crate::url_state::Page;

/// Navigation between `pages`.
#[component]
pub fn Nav(
    /// The pages to link, in order.
    pages: Vec<Page>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    view! {
        <nav class="tabs" aria-label="Analyses">
            <ul>
                {pages.into_iter().map(|p| {
                    let href = move || {
                        let mut u = url.get();
                        u.page = p;
                        format!("?{}", u.to_query())
                    };
                    let current = move || url.with(|u| u.page == p);
                    view! {
                        <li>
                            <a href=href data-testid=format!("nav-{}", p.key())
                                aria-current=move || current().then_some("page")
                                on:click=move |ev| {
                                    if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                                        return;
                                    }
                                    ev.prevent_default();
                                    url.update(|u| u.page = p);
                                    address_bar::write(&url.get_untracked(), true);
                                }>
                                {p.label()}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}
