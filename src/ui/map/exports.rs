//! The maps' download buttons: the map as PNG (with its title, legend, source, retrieval date
//! and the ethics line), and its results as CSV and GeoJSON in WGS84.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::draw::{CLUSTER, ENCLAVE, GI_COLORS, INK, LIQUOR};
use super::risk::RiskMapRow;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::geography::precinct_areas;
use crate::ui::charts::palette::ylgnbu;
use crate::ui::export;
use crate::ui::geo_export::{self as geo, RiskExportRow};
use crate::ui::state::DataState;
use crate::url_state::MapLayer;
use crate::worker::messages::HotspotResult;

/// The map canvas next to the button of event `ev`.
fn map_canvas(ev: &leptos::ev::MouseEvent) -> Option<HtmlCanvasElement> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    el.closest(".map")
        .ok()??
        .query_selector("canvas.map-canvas")
        .ok()??
        .dyn_into()
        .ok()
}

/// The hotspot map's legend as (colour, text) for the PNG.
fn hotspot_legend(
    r: &HotspotResult,
    layers: &[MapLayer],
    unit: &str,
    official: bool,
) -> Vec<(String, String)> {
    let mut v = if official {
        vec![(
            INK.to_string(),
            "City limits (official precincts)".to_string(),
        )]
    } else {
        vec![
            (
                INK.to_string(),
                "Approximate city limits (crimecast)".to_string(),
            ),
            (
                ENCLAVE.to_string(),
                "Hamtramck and Highland Park".to_string(),
            ),
        ]
    };
    for l in layers {
        match l {
            MapLayer::Precincts if official => {
                v.push(("#868e96".into(), "Official precinct".into()))
            }
            MapLayer::Precincts => v.push(("#868e96".into(), "Approximate precinct area".into())),
            MapLayer::Kde => v.push((
                "#22a884".into(),
                format!(
                    "Density of {unit} per km² (highest {:.0})",
                    r.kde.as_ref().map_or(0.0, |k| k.max)
                ),
            )),
            MapLayer::GiStar => {
                for (i, t) in [
                    (6, "Gi* hot spot, 99 %"),
                    (5, "Gi* hot spot, 95 %"),
                    (4, "Gi* hot spot, 90 %"),
                    (2, "Gi* cold spot, 90 %"),
                    (1, "Gi* cold spot, 95 %"),
                    (0, "Gi* cold spot, 99 %"),
                ] {
                    v.push((GI_COLORS[i].to_string(), t.to_string()));
                }
            }
            MapLayer::Points => v.push(("#6c6e70".into(), format!("Reported {unit} (sampled)"))),
            MapLayer::Clusters => v.push((CLUSTER.into(), "DBSCAN cluster".into())),
            MapLayer::Neighborhoods => v.push(("#adb5bd".into(), "Neighborhood".into())),
            MapLayer::Street => {}
            MapLayer::PointLayer => v.push((
                LIQUOR.into(),
                match &r.layer {
                    Some(l) if l.synthetic => "Liquor store (SYNTHETIC layer)".to_string(),
                    Some(l) => format!("Point of {}", l.name),
                    None => "Liquor stores".to_string(),
                },
            )),
        }
    }
    v
}

/// The page's data, and the error line of a map's downloads; each complete dataset's load
/// time is noted as it arrives (the exports' retrieval date).
fn download_state() -> (DataState, RwSignal<Option<String>>) {
    let data = expect_context::<DataState>();
    Effect::new(move |_| {
        if let Some(d) = data.dataset.get() {
            export::note_loaded(&d);
        }
    });
    (data, RwSignal::new(None))
}

fn report(error: RwSignal<Option<String>>, r: Result<(), String>) {
    error.set(r.err().map(|e| format!("The download failed: {e}")));
}

/// Downloads of the hotspot map and its Gi* cells and DBSCAN clusters.
#[component]
pub fn HotspotExports(
    /// The analysis drawn.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// Visible layers.
    #[prop(into)]
    layers: Signal<Vec<MapLayer>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let (data, error) = download_state();
    let proj = LocalTm::detroit();
    let on_png = move |ev: leptos::ev::MouseEvent| {
        let (Some(c), Some(r)) = (map_canvas(&ev), result.get_untracked()) else {
            return;
        };
        if layers.with_untracked(|l| l.contains(&MapLayer::Street)) {
            // The tile service's terms allow no saved images of its tiles.
            return report(
                error,
                Err("The street map's tiles may not be saved in an image: turn \"Street map\" off, then download the map.".into()),
            );
        }
        let official = data
            .boundaries
            .with_untracked(|b| b.as_ref().is_some_and(|b| b.precincts.is_some()));
        let legend = hotspot_legend(&r, &layers.get_untracked(), unit.get_untracked(), official);
        let meta = export::meta("hotspots-map", &data);
        let title = format!("Hotspots of reported {} in Detroit", unit.get_untracked());
        report(error, export::download_map_png(&c, &title, &legend, &meta));
    };
    let gi = move |json: bool| {
        let Some(g) = result.get_untracked().and_then(|r| r.gi.clone()) else {
            return report(error, Err("no Gi* cells for this selection".into()));
        };
        let meta = export::meta("hotspots-gi-cells", &data);
        report(
            error,
            if json {
                export::download_geojson(&geo::gi_geojson(&g, &proj, &meta), &meta)
            } else {
                export::download_table(&geo::gi_table(&g, &proj), &meta, geo::GI_NOTE)
            },
        );
    };
    let clusters = move |json: bool| {
        let Some(r) = result.get_untracked() else {
            return;
        };
        let meta = export::meta("hotspots-clusters", &data);
        report(
            error,
            if json {
                export::download_geojson(&geo::clusters_geojson(&r.clusters, &proj, &meta), &meta)
            } else {
                export::download_table(
                    &geo::clusters_table(&r.clusters, &proj),
                    &meta,
                    geo::CLUSTER_NOTE,
                )
            },
        );
    };
    view! {
        <div class="map-exports" role="group" aria-label="Download the map and its results">
            <button type="button" class="small" data-testid="map-export-png" aria-label="Map PNG: download the hotspot map as PNG" on:click=on_png>"Map PNG"</button>
            <button type="button" class="small" data-testid="gi-export-csv" aria-label="Gi* CSV: download the Gi* cells as CSV" on:click=move |_| gi(false)>"Gi* CSV"</button>
            <button type="button" class="small" data-testid="gi-export-geojson" aria-label="Gi* GeoJSON: download the Gi* cells as GeoJSON" on:click=move |_| gi(true)>"Gi* GeoJSON"</button>
            <button type="button" class="small" data-testid="clusters-export-csv" aria-label="Clusters CSV: download the DBSCAN clusters as CSV" on:click=move |_| clusters(false)>"Clusters CSV"</button>
            <button type="button" class="small" data-testid="clusters-export-geojson" aria-label="Clusters GeoJSON: download the DBSCAN clusters as GeoJSON" on:click=move |_| clusters(true)>"Clusters GeoJSON"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

fn risk_rows(rows: &[RiskMapRow]) -> Vec<RiskExportRow> {
    rows.iter()
        .map(|r| RiskExportRow {
            precinct: r.precinct,
            rank: r.rank.map(|(k, _)| k),
            score: r.rank.map(|(_, s)| s),
            forecast: r.forecast,
            momentum: r.momentum,
            note: r.note.clone(),
        })
        .collect()
}

fn css(t: f64) -> String {
    let c = ylgnbu(t);
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

/// Downloads of the risk map and the ranking with the approximate precinct areas.
#[component]
pub fn RiskExports(
    /// One row per precinct.
    #[prop(into)]
    rows: Signal<Vec<RiskMapRow>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let (data, error) = download_state();
    let on_png = move |ev: leptos::ev::MouseEvent| {
        let Some(c) = map_canvas(&ev) else { return };
        let legend = vec![
            (css(0.0), "Composite Risk Score 0".to_string()),
            (css(0.5), "Score 0.5".to_string()),
            (css(1.0), "Score 1".to_string()),
            ("#ffffff".to_string(), "Not scored".to_string()),
            ("#d55e00".to_string(), "Trend increasing".to_string()),
            (
                String::new(),
                "Circle area: next-12-month forecast".to_string(),
            ),
            (String::new(), "Precinct areas are approximate".to_string()),
        ];
        let meta = export::meta("allocation-risk-map", &data);
        let title = format!(
            "Composite Risk Score by precinct (expected reported {}, not danger)",
            unit.get_untracked()
        );
        report(error, export::download_map_png(&c, &title, &legend, &meta));
    };
    let ranking = move |json: bool| {
        let rs = risk_rows(&rows.get_untracked());
        let areas = precinct_areas();
        let meta = export::meta("allocation-risk-ranking", &data);
        report(
            error,
            if json {
                export::download_geojson(&geo::risk_geojson(&rs, &areas, &meta), &meta)
            } else {
                export::download_table(&geo::risk_table(&rs, &areas), &meta, geo::RISK_NOTE)
            },
        );
    };
    view! {
        <div class="map-exports" role="group" aria-label="Download the risk map and ranking">
            <button type="button" class="small" data-testid="risk-export-png" aria-label="Map PNG: download the risk map as PNG" on:click=on_png>"Map PNG"</button>
            <button type="button" class="small" data-testid="risk-export-csv" aria-label="Ranking CSV: download the risk ranking with precinct areas as CSV" on:click=move |_| ranking(false)>"Ranking CSV"</button>
            <button type="button" class="small" data-testid="risk-export-geojson" aria-label="Ranking GeoJSON: download the risk ranking with precinct areas as GeoJSON" on:click=move |_| ranking(true)>"Ranking GeoJSON"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}
