//! The hotspot table: Gi* hot and cold cells and DBSCAN clusters, ranked, each with a button
//! that centres the map on it (so everything on the map is also reachable without a mouse).

use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::components::embed_this::{is_chosen, EmbedThis};
use crate::ui::format::thousands;
use crate::ui::map::tooltip::bin_words;
use crate::worker::messages::{HotspotKind, HotspotResult, HotspotRow};

fn kind_text(k: HotspotKind) -> &'static str {
    match k {
        HotspotKind::HotCell => "Gi* hot cell",
        HotspotKind::ColdCell => "Gi* cold cell",
        HotspotKind::Cluster => "DBSCAN cluster",
    }
}

/// Where a row is, as the table names it.
pub(super) fn place_text(r: &HotspotRow) -> String {
    if r.place.from_data {
        r.place.name.clone()
    } else {
        format!("near {} (approx.)", r.place.name)
    }
}

/// The ranked table.
#[component]
pub fn HotspotTable(
    /// The analysis.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
    /// Where the map should centre.
    focus: RwSignal<Option<[f64; 2]>>,
) -> impl IntoView {
    let rows = move || result.get().map(|r| r.table.clone()).unwrap_or_default();
    view! {
        <figure class="chart" data-embed="hotspot-table" class:embed-chosen=is_chosen("hotspot-table") aria-labelledby="hotspot-table-title">
            <div class="chart-head"><h3 id="hotspot-table-title">"Hotspot table"</h3><EmbedThis id="hotspot-table" /></div>
            <div class="table-wrap" tabindex="0">
                <table data-testid="hotspot-table">
                    <caption>
                        {move || format!(
                            "Gi* hot cells by z-score, cold cells, then DBSCAN clusters by size. Counts are reported {}; confidence is after false-discovery-rate correction.",
                            unit.get()
                        )}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Rank"</th>
                            <th scope="col">"Neighborhood"</th>
                            <th scope="col">{move || format!("Reported {}", unit.get())}</th>
                            <th scope="col">"Gi* z"</th>
                            <th scope="col">"Meaning"</th>
                            <th scope="col">"Top categories"</th>
                            <th scope="col">"Longitude, latitude"</th>
                            <th scope="col">"Map"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows().into_iter().map(|r| {
                            let xy = r.xy;
                            let kind = kind_text(r.kind);
                            let meaning = match r.kind {
                                HotspotKind::Cluster => "dense group of points".to_string(),
                                _ => bin_words(if r.kind == HotspotKind::HotCell { 1 } else { -1 } * match r.confidence { 99 => 3, 95 => 2, 90 => 1, _ => 0 }).to_string(),
                            };
                            let place = place_text(&r);
                            let aria = format!("Show on map: {} {} {}", kind, r.rank, place);
                            let top = r.top.iter().map(|(c, n)| format!("{} ({})", c.to_lowercase(), thousands(*n))).collect::<Vec<_>>().join(", ");
                            view! {
                                <tr data-kind=format!("{:?}", r.kind)>
                                    <td>{kind}</td>
                                    <td>{r.rank}</td>
                                    <td>{place}</td>
                                    <td>{thousands(r.count)}</td>
                                    <td>{r.z.map(|z| format!("{z:.2}")).unwrap_or_else(|| "—".into())}</td>
                                    <td>{meaning}</td>
                                    <td>{top}</td>
                                    <td>{format!("{:.4}, {:.4}", r.lon, r.lat)}</td>
                                    <td><button type="button" class="small" aria-label=aria on:click=move |_| focus.set(Some(xy))>"Show on map"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </figure>
    }
}
