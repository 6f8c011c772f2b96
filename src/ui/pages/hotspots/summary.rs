//! The hotspot results in words: rows used, Gi* hot spots, the largest cluster, density,
//! and Moran's I.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::spatial::weights::Contiguity;
use crate::ui::format::{day, p_text, thousands};
use crate::ui::state::DataState;
use crate::worker::messages::{HotspotResult, MoranSummary};

/// Moran's I in words.
pub fn moran_words(m: &MoranSummary, unit: &str) -> String {
    let sim = m
        .p_sim
        .map(|p| {
            format!(
                ", permutation p = {p:.3} with {} permutations",
                m.permutations
            )
        })
        .unwrap_or_default();
    let significant = m.p_sim.unwrap_or(m.p_norm) < 0.05;
    let meaning = if !significant {
        format!(
            "no clear spatial pattern: cells with many {unit} are not reliably next to each other"
        )
    } else if m.i > m.expected {
        format!("{unit} are spatially clustered — cells with many {unit} tend to sit next to cells with many {unit}")
    } else {
        "a dispersed, checkerboard-like pattern — busy cells tend to sit next to quiet ones"
            .to_string()
    };
    format!(
        "Global Moran's I = {:.3} over {} cells (about {:.4} expected without any spatial pattern; z = {:.1}, {}{sim}): {meaning}.",
        m.i,
        thousands(m.n as u64),
        m.expected,
        m.z,
        p_text(m.p_norm)
    )
}

/// The bandwidth rule as the summary names it.
pub fn rule_name(rule: Bandwidth) -> String {
    match rule {
        Bandwidth::Scott => "Scott's rule".to_string(),
        Bandwidth::Silverman => "Silverman's rule".to_string(),
        Bandwidth::Factor(f) => format!("a factor of {f}"),
    }
}

fn summary_lines(r: &HotspotResult, unit: &str) -> Vec<String> {
    let mut out = Vec::new();
    let c = r.counts;
    out.push(format!(
        "Using {} reported {unit} with coordinates from {} to {}; {} without coordinates and {} outside Detroit's extent are left out.",
        thousands(c.used),
        day(r.window.0),
        day(r.window.1),
        thousands(c.no_coords),
        thousands(c.outside)
    ));
    if let Some(g) = &r.gi {
        let b = g.bin_counts();
        out.push(format!(
            "{} significant hot-spot cells at 95 %+ confidence after FDR correction ({} at 99 %), and {} cold-spot cells at 95 %+, among {} cells of {:.0} m ({} neighbours).",
            thousands((b[5] + b[6]) as u64),
            thousands(b[6] as u64),
            thousands((b[0] + b[1]) as u64),
            thousands(g.study_cells as u64),
            g.cell,
            if g.contiguity == Contiguity::Queen { "queen" } else { "rook" }
        ));
    }
    let cl = &r.clusters;
    let how = if cl.auto_min_samples {
        "chosen automatically"
    } else {
        "set by you"
    };
    match cl.clusters.first() {
        Some(big) => {
            let top = big
                .top
                .first()
                .map(|(n, _)| format!(", mostly {}", n.to_lowercase()))
                .unwrap_or_default();
            let near = if big.place.from_data { "in" } else { "near" };
            out.push(format!(
                "DBSCAN (radius {:.0} m, at least {} points, {how}) found {} clusters holding {:.0} % of the {unit}; the largest cluster has {} {unit} {near} {}{top}.",
                cl.eps_m,
                thousands(cl.min_samples as u64),
                thousands(cl.n_clusters as u64),
                100.0 * cl.clustered as f64 / c.used.max(1) as f64,
                thousands(big.size),
                big.place.name
            ));
            if cl.single_site > 0 {
                out.push(format!(
                    "{} of the clusters are a single location: {unit} are recorded at a limited set of points (blocks or intersections), so a radius smaller than the spacing of those points finds busy single locations.",
                    thousands(cl.single_site as u64)
                ));
            }
        }
        None => out.push(format!(
            "DBSCAN (radius {:.0} m, at least {} points, {how}) found no clusters.",
            cl.eps_m,
            thousands(cl.min_samples as u64)
        )),
    }
    if let Some(k) = &r.kde {
        let rule = rule_name(k.rule);
        out.push(format!(
            "The density surface uses {rule} (a kernel about {:.0} m wide, one standard deviation); it peaks at about {:.0} {unit} per km².",
            k.sd_m, k.max
        ));
    }
    out.extend(r.notes.iter().cloned());
    out
}

/// The results in words.
#[component]
pub fn HotspotSummary(
    /// The analysis.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// Time from request to result, ms.
    #[prop(into)]
    elapsed: Signal<Option<f64>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let data = expect_context::<DataState>();
    view! {
        <div class="in-words" data-testid="hotspot-summary">
            {move || result.get().map(|r| summary_lines(&r, unit.get()).into_iter().map(|l| view! { <p>{l}</p> }).collect_view())}
            <p data-testid="moran">
                {move || result.get().map(|r| r.moran.as_ref().map_or_else(
                    || "Moran's I is undefined for this selection.".to_string(),
                    |m| moran_words(m, unit.get()),
                ))}
            </p>
            <p class="hint">
                {move || elapsed.get().map(|ms| format!("Computed in the background in {:.1} s.", ms / 1000.0))}
                {move || data.synthetic_note()}
            </p>
        </div>
    }
}
