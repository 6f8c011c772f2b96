//! The hotspot settings, kept in the URL: Gi* cell size, neighbours and permutations, DBSCAN
//! radius and minimum points, KDE bandwidth.

use leptos::prelude::*;

use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::spatial::weights::Contiguity;
use crate::ui::address_bar;
use crate::ui::state::UrlSignal;
use crate::url_state::hotspots::{CELL_SIZES, EPS_RANGE, FACTOR_RANGE};
use crate::url_state::HotspotQuery;

/// The settings form.
#[component]
pub fn HotspotControls() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let hq = move || url.with(|u| u.hotspots.clone());
    let set = move |f: &dyn Fn(&mut HotspotQuery)| {
        url.update(|u| f(&mut u.hotspots));
        address_bar::write(&url.get_untracked(), true);
    };
    let bw_kind = move || match hq().bandwidth {
        Bandwidth::Scott => "scott",
        Bandwidth::Silverman => "silverman",
        Bandwidth::Factor(_) => "manual",
    };
    view! {
        <div class="panel hotspot-controls" role="group" aria-label="Hotspot settings">
            <div class="filter-grid">
                <label>
                    "Gi* cell size"
                    <select data-testid="hs-cell" on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<u32>() { set(&|h| h.cell_m = c); }
                    }>
                        {CELL_SIZES.into_iter().map(|c| view! {
                            <option value=c.to_string() selected=move || hq().cell_m == c>{format!("{c} m")}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Gi* neighbours"
                    <select data-testid="hs-contig" on:change=move |ev| {
                        let c = if event_target_value(&ev) == "rook" { Contiguity::Rook } else { Contiguity::Queen };
                        set(&|h| h.contiguity = c);
                    }>
                        <option value="queen" selected=move || hq().contiguity == Contiguity::Queen>"Queen (8 around)"</option>
                        <option value="rook" selected=move || hq().contiguity == Contiguity::Rook>"Rook (4 sharing an edge)"</option>
                    </select>
                </label>
                <label>
                    "Permutations (Gi*, Moran's I)"
                    <select data-testid="hs-perm" on:change=move |ev| {
                        if let Ok(p) = event_target_value(&ev).parse::<u32>() { set(&|h| h.permutations = p); }
                    }>
                        {[(0u32, "None (normal p-values)"), (99, "99"), (999, "999")].into_iter().map(|(p, t)| view! {
                            <option value=p.to_string() selected=move || hq().permutations == p>{t}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "DBSCAN radius (m)"
                    <input type="number" data-testid="hs-eps" min=EPS_RANGE.0 max=EPS_RANGE.1 step="25"
                        prop:value=move || hq().eps_m.to_string()
                        on:change=move |ev| {
                            if let Ok(e) = event_target_value(&ev).trim().parse::<f64>() {
                                let e = (e.round() as u32).clamp(EPS_RANGE.0, EPS_RANGE.1);
                                set(&|h| h.eps_m = e);
                            }
                        } />
                </label>
                <label>
                    "DBSCAN minimum points (empty: automatic)"
                    <input type="number" data-testid="hs-minpts" min="2" step="1" placeholder="automatic"
                        prop:value=move || hq().min_pts.map(|m| m.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let m = v.trim().parse::<f64>().ok().map(|m| (m.round() as u32).clamp(2, 1_000_000));
                            set(&|h| h.min_pts = m);
                        } />
                </label>
                <label>
                    "KDE bandwidth"
                    <select data-testid="hs-bw" on:change=move |ev| {
                        let b = match event_target_value(&ev).as_str() {
                            "silverman" => Bandwidth::Silverman,
                            "manual" => Bandwidth::Factor(0.1),
                            _ => Bandwidth::Scott,
                        };
                        set(&|h| h.bandwidth = b);
                    }>
                        <option value="scott" selected=move || bw_kind() == "scott">"Scott's rule"</option>
                        <option value="silverman" selected=move || bw_kind() == "silverman">"Silverman's rule"</option>
                        <option value="manual" selected=move || bw_kind() == "manual">"Manual factor"</option>
                    </select>
                </label>
                <Show when=move || bw_kind() == "manual">
                    <label>
                        "Bandwidth factor (0.01–2)"
                        <input type="number" data-testid="hs-bw-factor" min=FACTOR_RANGE.0 max=FACTOR_RANGE.1 step="0.01"
                            prop:value=move || match hq().bandwidth { Bandwidth::Factor(f) => f.to_string(), _ => String::new() }
                            on:change=move |ev| {
                                if let Ok(f) = event_target_value(&ev).trim().parse::<f64>() {
                                    if f.is_finite() {
                                        let f = f.clamp(FACTOR_RANGE.0, FACTOR_RANGE.1);
                                        set(&|h| h.bandwidth = Bandwidth::Factor(f));
                                    }
                                }
                            } />
                    </label>
                </Show>
            </div>
            <p class="hint">
                "Automatic minimum points: twice the number of " "points expected within the radius if they were spread evenly over the city, so a cluster is at least twice as dense as the city-wide average. "
                "In two dimensions Silverman's rule equals Scott's. Statistics use every point; the map draws at most 20,000."
            </p>
        </div>
    }
}
