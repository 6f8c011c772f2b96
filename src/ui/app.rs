//! The app shell: header, ethics line, data source, filters, the current page, quality.

use leptos::prelude::*;

use super::address_bar;
use super::components::embed_this::EmbedRequest;
use super::components::filters::FilterBar;
use super::components::nav::Nav;
use super::components::quality_panel::QualityPanel;
use super::components::share::ShareBar;
use super::components::source_panel::{SourceBadge, SourcePanel};
use super::explain::tour::Tour;
use super::pages::allocation::AllocationPage;
use super::pages::forecast::ForecastPage;
use super::pages::glossary::GlossaryPage;
use super::pages::hotspots::HotspotsPage;
use super::pages::lstm::LstmPage;
use super::pages::overview::OverviewPage;
use super::pages::runs::RunsPage;
use super::pages::temporal::TemporalPage;
use super::state::{AppState, UrlSignal};
use super::worker as wc;
use crate::url_state::{embeds, Page, PAGES};

/// The line shown on every view.
pub const ETHICS: &str =
    "These are reported incidents, not crime rates — for insight, not for targeting people.";

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(address_bar::read());
    state.provide();
    EmbedRequest::provide();
    wc::spawn(state);
    wc::initial_load(state);
    // Back/forward restore the state kept in the URL.
    let pop = window_event_listener(leptos::ev::popstate, move |_| {
        state.url.set(address_bar::read())
    });
    on_cleanup(move || pop.remove());
    // Any change of data or filter asks the worker for a new overview.
    Effect::new(move |_| {
        state.url.track();
        state.data.dataset.track();
        wc::request_overview(state.url, state.data);
    });
    let page_view = move || match state.url.with(|u| u.page) {
        Page::Temporal => view! { <TemporalPage /> }.into_any(),
        Page::Forecast => view! { <ForecastPage /> }.into_any(),
        Page::Hotspots => view! { <HotspotsPage /> }.into_any(),
        Page::Allocation => view! { <AllocationPage /> }.into_any(),
        Page::Runs => view! { <RunsPage /> }.into_any(),
        Page::Lstm => view! { <LstmPage /> }.into_any(),
        Page::Glossary => view! { <GlossaryPage /> }.into_any(),
        _ => view! { <OverviewPage /> }.into_any(),
    };
    if state.url.with_untracked(|u| u.embed) {
        return view! { <EmbedShell>{page_view}</EmbedShell> }.into_any();
    }
    view! {
        <a class="skip-link" href="#main">"Skip to the analysis"</a>
        <header class="top">
            <div>
                <h1>"crimecast"</h1>
                <p class="tagline">"Detroit's reported crime incidents, analysed in your browser"</p>
                <Tour />
            </div>
            <SourceBadge />
        </header>
        <Show when=move || state.url.with(|u| u.page == Page::Overview)>
            <p class="intro" data-testid="intro">
                "crimecast shows when and where crimes are reported in Detroit, from the City's open records of reported incidents, and forecasts how many reports to expect. "
                "Everything is computed here in your browser: every result has a “How this works” panel, and the Glossary explains each term."
            </p>
        </Show>
        <p class="ethics" role="note" data-testid="ethics">{ETHICS}</p>
        <ShareBar />
        <SourcePanel />
        <FilterBar />
        <Nav pages=PAGES.to_vec() />
        <main id="main" tabindex="-1">{page_view}</main>
        <QualityPanel />
        <footer>
            <p>
                "Data: Detroit Police Department RMS Crime Incidents via the City of Detroit Open Data Portal "
                "(when live), or crimecast's own synthetic demo data (labelled as such). "
                "Times are America/Detroit local time. Counts are of reported incidents and can change as investigations proceed."
            </p>
        </footer>
    }
    .into_any()
}

/// The frame of an embedded view: a title line with the source and a link to the full page,
/// the ethics note, the view, and height reports to the host page. With `chart=<id>`, only
/// that element of the view is shown (the page still computes as usual), with the source, its
/// retrieval time and the ethics note under it; an unknown id gets a message naming the valid
/// ones.
#[component]
fn EmbedShell(children: Children) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let chart = url.with_untracked(|u| u.chart.clone());
    let known = chart.as_deref().and_then(embeds::find);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().add_1("embedded");
        if known.is_some() {
            let _ = body.class_list().add_1("embed-one");
        }
    }
    let frame_id = known.map_or_else(|| url.with_untracked(|u| u.page.key()), |e| e.id);
    super::embed::watch_height(frame_id);
    let full = move || {
        let mut u = url.get();
        u.embed = false;
        u.chart = None;
        format!("?{}", u.to_query())
    };
    let link = move || {
        view! { <a href=full target="_blank" rel="noopener" data-testid="full-page-link">"Open the full analysis in crimecast ↗"</a> }
    };
    match (chart, known) {
        (Some(id), None) => view! {
            <p class="error" role="alert" data-testid="embed-unknown">{embeds::unknown_message(&id)}</p>
            <p class="ethics" role="note" data-testid="ethics">{ETHICS}</p>
        }
        .into_any(),
        (Some(_), Some(_)) => view! {
            <main id="main">{children()}</main>
            <div class="embed-foot">
                <SourceBadge />
                <p class="ethics" role="note" data-testid="ethics">{ETHICS}</p>
                {link}
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="embed-top">
                <SourceBadge />
                {link}
            </div>
            <p class="ethics" role="note" data-testid="ethics">{ETHICS}</p>
            <main id="main">{children()}</main>
        }
        .into_any(),
    }
}
