//! The hotspot settings, kept in the URL: Gi* cell size, neighbours and permutations, DBSCAN
//! radius and minimum points, OPTICS radius, KDE bandwidth.

use leptos::prelude::*;

use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::spatial::weights::Contiguity;
use crate::analysis::ParamGuard;
use crate::ui::address_bar;
use crate::ui::components::field_error::{described_by, invalid, FieldError};
use crate::ui::state::UrlSignal;
use crate::url_state::HotspotQuery;
use crate::worker::messages::{
    HotspotSpec, BANDWIDTH_FACTOR_RANGE, CELL_SIZES_M, MIN_POINTS_RANGE, RADIUS_RANGE_M,
};

/// The spec's message when it refuses the one setting `set` changes.
fn refused(set: impl FnOnce(&mut HotspotSpec)) -> Option<String> {
    let mut spec = HotspotSpec::default();
    set(&mut spec);
    spec.check_ref().err().map(|e| format!("{e}."))
}

/// The settings form.
#[component]
pub fn HotspotControls() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let hq = move || url.with(|u| u.hotspots.clone());
    let set = move |f: &dyn Fn(&mut HotspotQuery)| {
        url.update(|u| f(&mut u.hotspots));
        address_bar::write(&url.get_untracked(), true);
    };
    let eps_error = RwSignal::new(None::<String>);
    let minpts_error = RwSignal::new(None::<String>);
    let oeps_error = RwSignal::new(None::<String>);
    let factor_error = RwSignal::new(None::<String>);
    let not_a_number = |text: &str| Some(format!("“{text}” is not a number."));
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
                        {CELL_SIZES_M.into_iter().map(|c| view! {
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
                    <input type="number" data-testid="hs-eps" min=RADIUS_RANGE_M.0 max=RADIUS_RANGE_M.1 step="25"
                        prop:value=move || hq().eps_m.to_string()
                        aria-invalid=invalid(eps_error.into())
                        aria-describedby=described_by(eps_error.into(), "hs-eps-error")
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            match text.trim().parse::<f64>() {
                                Ok(e) => {
                                    let e = e.round();
                                    let error = refused(|s| s.eps_m = e);
                                    if error.is_none() {
                                        set(&|h| h.eps_m = e as u32);
                                    }
                                    eps_error.set(error);
                                }
                                Err(_) => eps_error.set(not_a_number(&text)),
                            }
                        } />
                    <FieldError id="hs-eps-error" error=eps_error />
                </label>
                <label>
                    "DBSCAN minimum points (empty: automatic)"
                    <input type="number" data-testid="hs-minpts" min=MIN_POINTS_RANGE.0 max=MIN_POINTS_RANGE.1 step="1" placeholder="automatic"
                        prop:value=move || hq().min_pts.map(|m| m.to_string()).unwrap_or_default()
                        aria-invalid=invalid(minpts_error.into())
                        aria-describedby=described_by(minpts_error.into(), "hs-minpts-error")
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            if text.trim().is_empty() {
                                minpts_error.set(None);
                                set(&|h| h.min_pts = None);
                                return;
                            }
                            match text.trim().parse::<f64>() {
                                Ok(m) if m.is_finite() && m >= 0.0 => {
                                    let m = m.round() as u32;
                                    let error = refused(|s| s.min_samples = Some(m as usize));
                                    if error.is_none() {
                                        set(&|h| h.min_pts = Some(m));
                                    }
                                    minpts_error.set(error);
                                }
                                _ => minpts_error.set(Some(format!("“{text}” is not a number of points."))),
                            }
                        } />
                    <FieldError id="hs-minpts-error" error=minpts_error />
                </label>
                <label>
                    "OPTICS radius (m)"
                    <input type="number" data-testid="hs-oeps" min=RADIUS_RANGE_M.0 max=RADIUS_RANGE_M.1 step="25"
                        prop:value=move || hq().optics_eps_m.to_string()
                        aria-invalid=invalid(oeps_error.into())
                        aria-describedby=described_by(oeps_error.into(), "hs-oeps-error")
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            match text.trim().parse::<f64>() {
                                Ok(e) => {
                                    let e = e.round();
                                    let error = refused(|s| s.optics_eps_m = e);
                                    if error.is_none() {
                                        set(&|h| h.optics_eps_m = e as u32);
                                    }
                                    oeps_error.set(error);
                                }
                                Err(_) => oeps_error.set(not_a_number(&text)),
                            }
                        } />
                    <FieldError id="hs-oeps-error" error=oeps_error />
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
                        {format!("Bandwidth factor ({}–{})", BANDWIDTH_FACTOR_RANGE.0, BANDWIDTH_FACTOR_RANGE.1)}
                        <input type="number" data-testid="hs-bw-factor" min=BANDWIDTH_FACTOR_RANGE.0 max=BANDWIDTH_FACTOR_RANGE.1 step="0.01"
                            prop:value=move || match hq().bandwidth { Bandwidth::Factor(f) => f.to_string(), _ => String::new() }
                            aria-invalid=invalid(factor_error.into())
                            aria-describedby=described_by(factor_error.into(), "hs-bw-factor-error")
                            on:change=move |ev| {
                                let text = event_target_value(&ev);
                                match text.trim().parse::<f64>() {
                                    Ok(f) => {
                                        let error = refused(|s| s.bandwidth = Bandwidth::Factor(f));
                                        if error.is_none() {
                                            set(&|h| h.bandwidth = Bandwidth::Factor(f));
                                        }
                                        factor_error.set(error);
                                    }
                                    Err(_) => factor_error.set(not_a_number(&text)),
                                }
                            } />
                        <FieldError id="hs-bw-factor-error" error=factor_error />
                    </label>
                </Show>
            </div>
            <p class="hint">
                "Automatic minimum points: twice the number of " "points expected within the radius if they were spread evenly over the city, so a cluster is at least twice as dense as the city-wide average. "
                "The OPTICS radius cuts the OPTICS ordering into clusters (same automatic minimum, for its sample). "
                "In two dimensions Silverman's rule equals Scott's. Statistics use every point; the map draws at most 20,000."
            </p>
        </div>
    }
}
