//! Choosing the data source (live, demo, upload), with progress, cancel, notices and errors.

use leptos::prelude::*;

use crate::narrative::provenance::retrieval_words;
use crate::ui::address_bar::{self, SourceChoice};
use crate::ui::format::thousands;
use crate::ui::state::{DataState, LoadState, Notices, UrlSignal};
use crate::ui::worker as wc;

/// The label of the active source, always saying when data are synthetic, and once loaded
/// when they were retrieved (or, for the demo data, generated).
#[component]
pub fn SourceBadge() -> impl IntoView {
    let data = expect_context::<DataState>();
    let when = move |d: &crate::worker::messages::Dataset| {
        d.complete.then(|| {
            let words = retrieval_words(&crate::ui::export::retrieved(d), d.source.is_synthetic());
            view! { <span class="retrieved" data-testid="retrieved">{words}</span> }
        })
    };
    view! {
        <p class="source-badge" data-testid="source-badge" class:synthetic=move || data.synthetic()>
            {move || match data.dataset.get() {
                None => view! { "Loading data…" }.into_any(),
                Some(d) if d.source.is_synthetic() => view! {
                    "Synthetic demo data — " {when(&d).unwrap_or_else(|| view! { <span class="retrieved">"generated"</span> })}
                    " by crimecast, not real incidents"
                }
                .into_any(),
                Some(d) => {
                    let label = d.source.label();
                    let mut s = label[..1].to_uppercase();
                    s.push_str(&label[1..]);
                    let s = if d.complete { s } else { format!("{s} (incomplete)") };
                    let when = when(&d).map(|w| view! { " · " {w} });
                    view! { {s} {when} }.into_any()
                }
            }}
        </p>
    }
}

fn set_source(url: UrlSignal, choice: SourceChoice) {
    url.update(|u| u.source = Some(choice));
    address_bar::write(&url.get_untracked(), true);
}

/// The data-source panel.
#[component]
pub fn SourcePanel() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let load = expect_context::<LoadState>();
    let drag = RwSignal::new(false);
    let years = move || url.with(|u| u.years);
    view! {
        <section class="panel source-panel" aria-labelledby="source-title" data-testid="source-panel"
            class:dragging=move || drag.get()
            on:dragover=move |ev| { ev.prevent_default(); drag.set(true); }
            on:dragleave=move |_| drag.set(false)
            on:drop=move |ev| {
                ev.prevent_default();
                drag.set(false);
                if let Some(f) = wc::first_file(ev.data_transfer().and_then(|d| d.files())) {
                    set_source(url, SourceChoice::File);
                    wc::upload(load, f);
                }
            }
        >
            <h2 id="source-title">"Data"</h2>
            <div class="source-buttons" role="group" aria-label="Data source">
                <button type="button" data-testid="load-live"
                    on:click=move |_| { set_source(url, SourceChoice::Live); wc::load_live(url, load, false); }>
                    "Live City of Detroit data"
                </button>
                <label class="inline">
                    "Years"
                    <select aria-label="Years of live data to load" on:change=move |ev| {
                        let y = event_target_value(&ev).parse().ok();
                        url.update(|u| u.years = y);
                        address_bar::write(&url.get_untracked(), false);
                    }>
                        <option value="all" selected=move || years().is_none()>"All (2017 on)"</option>
                        {[1u32, 2, 3, 5].into_iter().map(|y| view! {
                            <option value=y.to_string() selected=move || years() == Some(y)>{y}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="load-demo"
                    on:click=move |_| { set_source(url, SourceChoice::Demo); wc::load_demo(load); }>
                    "Synthetic demo data"
                </button>
                <label class="file-button">
                    "Upload CSV or GeoJSON"
                    <input type="file" data-testid="upload" accept=".csv,.geojson,.json,text/csv,application/geo+json"
                        on:change=move |ev| {
                            if let Some(f) = wc::first_file(wc::input_files(&ev)) {
                                set_source(url, SourceChoice::File);
                                wc::upload(load, f);
                            }
                        } />
                </label>
            </div>
            <p class="hint">"You can also drop the portal's CSV export anywhere on this panel. Files stay on your computer."</p>
            <div class="cache-buttons" role="group" aria-label="Data kept in this browser">
                <button type="button" data-testid="refresh-live"
                    disabled=move || load.progress.with(Option::is_some)
                    on:click=move |_| { set_source(url, SourceChoice::Live); wc::load_live(url, load, false); }>
                    "Refresh now"
                </button>
                <button type="button" data-testid="forget-cache" on:click=move |_| wc::forget_cache()>
                    "Forget cached data"
                </button>
            </div>
            <p class="hint">"The whole live history is kept in this browser, so the next visit shows it at once and asks the City only for what changed. Refresh now loads the changes again; Forget cached data deletes the copy."</p>
            <ProgressBar />
            <Summary />
            <Notices />
            <FailureBox />
        </section>
    }
}

#[component]
fn ProgressBar() -> impl IntoView {
    let load = expect_context::<LoadState>();
    move || {
        load.progress.get().map(|p| {
            let pct = p.total.filter(|t| *t > 0).map(|t| (100.0 * p.done as f64 / t as f64).min(100.0));
            let text = match (p.total, p.bytes) {
                (Some(t), true) => format!("{} — {:.1} of {:.1} MB", p.stage, p.done as f64 / 1e6, t as f64 / 1e6),
                (Some(t), false) if p.stage.contains("demo") => format!("{} — month {} of {}", p.stage, p.done, t),
                (Some(t), false) => format!("{} — {} of {} rows", p.stage, thousands(p.done), thousands(t)),
                (None, _) => format!("{}…", p.stage),
            };
            view! {
                <div class="progress" data-testid="progress">
                    <div class="bar" role="progressbar" aria-label=p.stage.clone() aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=pct.map(|v| format!("{v:.0}")) aria-valuetext=text.clone()>
                        <div class="fill" style:width=format!("{}%", pct.unwrap_or(5.0))></div>
                    </div>
                    <span class="progress-text" aria-live="polite">{text}</span>
                    <button type="button" data-testid="cancel" on:click=move |_| wc::cancel(load)>"Cancel"</button>
                </div>
            }
        })
    }
}

#[component]
fn Summary() -> impl IntoView {
    let load = expect_context::<LoadState>();
    move || {
        load.summary
            .get()
            .filter(|_| load.progress.with(Option::is_some))
            .map(|s| {
                let top = s
                    .by_category
                    .first()
                    .map(|c| format!("{} ({})", c.0, thousands(c.1)))
                    .unwrap_or_default();
                view! {
                    <p class="summary" data-testid="live-summary">
                        "Server-side counts while rows load: " <strong>{thousands(s.total)}</strong>
                        " offense rows in the window, from "
                        {if s.city { "the City's" } else { "the custom source's" }}
                        " server counts; most common category " {top} "."
                    </p>
                }
            })
    }
}

#[component]
fn Notices() -> impl IntoView {
    let notices = expect_context::<Notices>();
    view! {
        <ul class="notices" aria-live="polite" data-testid="notices">
            {move || notices.items.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn FailureBox() -> impl IntoView {
    let load = expect_context::<LoadState>();
    move || {
        load.failure.get().map(|f| {
            let job = f.job;
            view! {
                <div class="failure" role="alert" data-testid="failure">
                    <p>{f.message.clone()}</p>
                    {(f.partial_rows > 0).then(|| view! {
                        <button type="button" on:click=move |_| wc::use_partial(load, job)>
                            {format!("Use the {} rows loaded so far", thousands(f.partial_rows))}
                        </button>
                    })}
                    <button type="button" on:click=move |_| load.failure.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
