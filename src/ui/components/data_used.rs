//! "Data used": the source, window, filters and cleaning rules behind the numbers shown.

use leptos::prelude::*;

use crate::data::clean::Action;
use crate::data::filter::Unit;
use crate::ui::format::{day, thousands};
use crate::ui::state::{DataState, UrlSignal};

/// One line describing the data behind an analysis.
pub fn describe(url: UrlSignal, data: DataState) -> String {
    let Some(d) = data.dataset.get() else {
        return String::new();
    };
    let f = url.with(|u| u.filter(d.facets.day_range));
    let window = match (f.from_day, f.to_day) {
        (Some(a), Some(b)) => format!("{} to {}", day(a), day(b)),
        _ => "all dates".into(),
    };
    let mut filters = Vec::new();
    if !f.categories.is_empty() {
        filters.push(format!("categories {}", f.categories.join(", ")));
    }
    if !f.precincts.is_empty() {
        let p: Vec<String> = f.precincts.iter().map(|p| format!("{p:02}")).collect();
        filters.push(format!("precincts {}", p.join(", ")));
    }
    if !f.neighborhoods.is_empty() {
        filters.push(format!("neighborhoods {}", f.neighborhoods.join(", ")));
    }
    let act = |a: Action| {
        if a == Action::Drop {
            "dropped"
        } else {
            "kept, flagged"
        }
    };
    let so_far = d
        .live
        .as_ref()
        .filter(|_| !d.complete)
        .and_then(|l| l.rows.describe())
        .map(|b| format!(" Still loading: analyses of rows read the {b}; the rest is coming."))
        .unwrap_or_default();
    format!(
        "Data: {} ({} rows kept of {} read); window {}; counting {}; {}.{so_far} Cleaning: dates outside the window and unreadable dates dropped; junk precincts {}; missing coordinates {}; coordinates outside Detroit {}.",
        d.source.label(),
        thousands(d.quality.kept),
        thousands(d.quality.read),
        window,
        if f.unit == Unit::Incidents { "incidents (one per report number)" } else { "offense rows" },
        if filters.is_empty() { "no other filters".to_string() } else { filters.join("; ") },
        act(d.rules.junk_precinct),
        act(d.rules.missing_coords),
        act(d.rules.outside_city),
    )
}

/// The "data used" line.
#[component]
pub fn DataUsed() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    view! { <p class="data-used" data-testid="data-used">{move || describe(url, data)}</p> }
}
