//! The hotspot page's "How this works" panels (kernel density, DBSCAN, Gi* with FDR bins,
//! permutations, Moran's I), each quoting the numbers the summary and the table show.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::spatial::weights::Contiguity;
use crate::ui::explain::text::spatial::{
    dbscan, gi_star, kde, moran, permutations, DbscanFacts, GiFacts, KdeFacts, MoranFacts,
    PermutationFacts,
};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::thousands;
use crate::worker::messages::{HotspotKind, HotspotResult};

use super::summary::rule_name;
use super::table::place_text;

fn kde_facts(r: &HotspotResult, unit: &'static str) -> Option<KdeFacts> {
    r.kde.as_ref().map(|k| KdeFacts {
        rule: rule_name(k.rule),
        from_rule: !matches!(k.rule, crate::analysis::spatial::kde::Bandwidth::Factor(_)),
        sd_m: format!("{:.0}", k.sd_m),
        peak: format!("{:.0}", k.max),
        unit,
    })
}

fn dbscan_facts(r: &HotspotResult, unit: &'static str) -> DbscanFacts {
    let cl = &r.clusters;
    DbscanFacts {
        eps_m: format!("{:.0}", cl.eps_m),
        min_points: thousands(cl.min_samples as u64),
        auto: cl.auto_min_samples,
        clusters: thousands(cl.n_clusters as u64),
        clustered_pct: format!(
            "{:.0}",
            100.0 * cl.clustered as f64 / r.counts.used.max(1) as f64
        ),
        single_site: cl.single_site,
        unit,
    }
}

fn gi_facts(r: &HotspotResult) -> Option<GiFacts> {
    let g = r.gi.as_ref()?;
    let b = g.bin_counts();
    let top = r
        .table
        .iter()
        .find(|row| row.kind == HotspotKind::HotCell)
        .and_then(|row| {
            row.z
                .map(|z| (place_text(row), format!("{z:.2}"), row.confidence))
        });
    Some(GiFacts {
        top,
        hot95: thousands((b[5] + b[6]) as u64),
        hot99: thousands(b[6] as u64),
        cold95: thousands((b[0] + b[1]) as u64),
        cells: thousands(g.study_cells as u64),
        cell_m: format!("{:.0}", g.cell),
        queen: g.contiguity == Contiguity::Queen,
    })
}

fn permutation_facts(r: &HotspotResult) -> PermutationFacts {
    PermutationFacts {
        gi_moran: r.gi.as_ref().map_or(0, |g| g.permutations),
        moran_p: r
            .moran
            .as_ref()
            .and_then(|m| m.p_sim)
            .map(|p| format!("{p:.3}")),
        correlation: r.correlation.as_ref().map(|c| c.permutations.to_string()),
    }
}

fn moran_facts(r: &HotspotResult) -> Option<MoranFacts> {
    r.moran.as_ref().map(|m| MoranFacts {
        i: format!("{:.3}", m.i),
        expected: format!("{:.4}", m.expected),
        z: format!("{:.1}", m.z),
        cells: thousands(m.n as u64),
        significant: m.p_sim.unwrap_or(m.p_norm) < 0.05,
        positive: m.i > m.expected,
    })
}

/// The panels for the hotspot methods.
#[component]
pub fn HotspotExplainers(
    /// The analysis.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let with = move |f: fn(
        &HotspotResult,
        &'static str,
    ) -> Option<crate::ui::explain::text::Explainer>| {
        Signal::derive(move || result.get().and_then(|r| f(&r, unit.get())))
    };
    view! {
        <div class="explainers" data-testid="hotspot-explainers">
            <HowThisWorks id="kde" title="the density surface (KDE) and its bandwidth"
                body=with(|r, u| kde_facts(r, u).map(|f| kde(&f))) />
            <HowThisWorks id="dbscan" title="DBSCAN clusters"
                body=with(|r, u| Some(dbscan(&dbscan_facts(r, u)))) />
            <HowThisWorks id="gi-star" title="Gi* hot spots and the FDR correction"
                body=with(|r, _| gi_facts(r).map(|f| gi_star(&f))) />
            <HowThisWorks id="moran" title="Moran's I"
                body=with(|r, _| moran_facts(r).map(|f| moran(&f))) />
            <HowThisWorks id="permutations" title="permutation tests"
                body=with(|r, _| Some(permutations(&permutation_facts(r)))) />
        </div>
    }
}
