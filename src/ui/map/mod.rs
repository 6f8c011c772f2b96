//! An interactive canvas map in projected metres ([`LocalTm::detroit`]): layers toggled by
//! buttons, pan (drag, arrow keys), zoom (wheel, +/− keys, buttons), reset, hover tooltips and
//! a keyboard readout of what lies under the centre crosshair, and a legend. Nothing animates,
//! so `prefers-reduced-motion` is respected by construction. On live data the City's official
//! precinct and neighborhood boundaries replace crimecast's approximate outlines once they
//! have loaded ([`official`]); offline, demo and uploaded data keep the approximate ones.
//!
//! [`LocalTm::detroit`]: crate::analysis::spatial::projection::LocalTm::detroit

pub mod basemap;
pub mod canvas;
pub mod draw;
pub mod exports;
pub mod hit;
pub mod layers;
pub mod legend;
pub mod official;
pub mod risk;
pub mod tooltip;
pub mod view;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::analysis::spatial::grid::BBox;
use crate::url_state::{MapLayer, MAP_LAYERS};
use crate::worker::messages::HotspotResult;

use self::basemap::StreetStatus;
use self::canvas::{city_extent, Describer, MapCanvas};
use self::layers::{draw_scene, Scene};
use self::legend::MapLegend;
use crate::data::tiles::CARTO_LIGHT;

fn extent_of(r: Option<&HotspotResult>) -> BBox {
    r.map(|r| r.extent).unwrap_or_else(city_extent)
}

/// What the hotspot map shows, in words (the map adds the zoom level and the keys).
fn aria_label(
    r: Option<&HotspotResult>,
    layers: &[MapLayer],
    unit: &str,
    official: bool,
) -> String {
    let Some(r) = r else {
        return "Map of Detroit, waiting for the analysis.".into();
    };
    let mut shown: Vec<String> = Vec::new();
    for l in layers {
        shown.push(match l {
            MapLayer::GiStar => {
                let c = r.gi.as_ref().map(|g| g.bin_counts()).unwrap_or_default();
                format!(
                    "Gi* hot and cold spots ({} hot and {} cold cells at 95 % confidence or more)",
                    c[5] + c[6],
                    c[0] + c[1]
                )
            }
            MapLayer::Clusters => format!("{} DBSCAN clusters", r.clusters.n_clusters),
            MapLayer::Kde => format!("kernel density of {unit}"),
            MapLayer::Points => format!("{} sampled {unit}", r.points.x.len()),
            MapLayer::PointLayer => match &r.layer {
                Some(l) if l.synthetic => format!("{} synthetic liquor stores", l.points),
                Some(l) => format!("{} points of {}", l.points, l.name),
                None => "no liquor-store layer".into(),
            },
            MapLayer::Precincts if official => "official precinct areas".into(),
            MapLayer::Precincts => "approximate precinct areas".into(),
            MapLayer::Neighborhoods if official => "official neighborhood outlines".into(),
            MapLayer::Neighborhoods => "no neighborhood outlines (not loaded)".into(),
            MapLayer::Street => format!("a street map ({})", CARTO_LIGHT.attribution),
        });
    }
    let what = if shown.is_empty() {
        "only the city outline".to_string()
    } else {
        shown.join(", ")
    };
    format!("Map of reported {unit} in Detroit showing {what}.")
}

/// The hotspot map with its layer buttons, zoom controls, tooltip, readout and legend.
#[component]
pub fn HotspotMap(
    /// The analysis to draw.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// Visible layers.
    #[prop(into)]
    layers: Signal<Vec<MapLayer>>,
    /// Called when a layer button is pressed.
    on_toggle: Callback<MapLayer>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
    /// A point (metres) to centre on, e.g. from the hotspot table.
    #[prop(into)]
    focus: Signal<Option<[f64; 2]>>,
) -> impl IntoView {
    let density = StoredValue::new_local(None::<HtmlCanvasElement>);
    let density_version = RwSignal::new(0u32);
    // The density image is rebuilt only when the analysis changes.
    Effect::new(move |_| {
        let img = result.with(|r| {
            r.as_ref()
                .and_then(|r| r.kde.as_ref())
                .and_then(|k| draw::density_image(&k.values, k.nx, k.ny, k.max))
        });
        density.set_value(img);
        density_version.update(|t| *t += 1);
    });
    // The official boundaries are projected once per arrival.
    let boundaries = official::OfficialLayer::follow();
    let (official, official_version, caption) =
        (boundaries.geo, boundaries.version, boundaries.caption);
    let is_official = Signal::derive(move || boundaries.is_official());
    // The street map: tiles redraw the map as they arrive; its state feeds the legend.
    let street = RwSignal::new(StreetStatus::Off);
    let tiles_version = RwSignal::new(0u32);
    let on_tile: Rc<dyn Fn()> = Rc::new(move || tiles_version.update(|t| *t += 1));
    let paint = move |ctx: &web_sys::CanvasRenderingContext2d, v: &view::Viewport, crosshair| {
        density_version.track();
        official_version.track();
        tiles_version.track();
        let layers = layers.get();
        let caption = caption.get();
        let status = Cell::new(StreetStatus::Off);
        let draw_street = |ctx: &web_sys::CanvasRenderingContext2d, v: &view::Viewport| {
            status.set(basemap::draw_tiles(ctx, v, &on_tile));
        };
        let under: Option<&layers::Painter<'_>> =
            layers.contains(&MapLayer::Street).then_some(&draw_street);
        result.with(|r| {
            density.with_value(|img| {
                official.with_value(|o| {
                    draw_scene(
                        ctx,
                        v,
                        &Scene {
                            result: r.as_deref(),
                            layers: &layers,
                            density: img.as_ref(),
                            crosshair,
                            official: o.as_ref(),
                            caption: &caption,
                            under,
                        },
                    );
                });
            });
        });
        if status.get() != StreetStatus::Off {
            draw::label(ctx, CARTO_LIGHT.attribution, 8.0, 16.0, 11);
        }
        if street.get_untracked() != status.get() {
            street.set(status.get());
        }
    };
    // The hit-test R-trees are built once per analysis.
    let hits = StoredValue::new_local(None::<(Arc<HotspotResult>, hit::HitIndex)>);
    let describe: Describer = Rc::new(move |v, x, y| {
        let r = result.get_untracked()?;
        let stale = hits.with_value(|h| !h.as_ref().is_some_and(|(k, _)| Arc::ptr_eq(k, &r)));
        if stale {
            hits.set_value(Some((r.clone(), hit::HitIndex::new(&r))));
        }
        hits.with_value(|h| {
            h.as_ref().and_then(|(_, index)| {
                tooltip::describe(
                    &r,
                    index,
                    &layers.get_untracked(),
                    v,
                    x,
                    y,
                    unit.get_untracked(),
                )
            })
        })
    });
    let label = Signal::derive(move || {
        result.with(|r| aria_label(r.as_deref(), &layers.get(), unit.get(), is_official.get()))
    });
    let extent = Signal::derive(move || result.with(|r| extent_of(r.as_deref())));
    let ready = Signal::derive(move || result.with(Option::is_some));
    let toolbar = move || {
        view! {
            <div class="map-layers" role="group" aria-label="Map layers">
                {MAP_LAYERS.into_iter().map(|l| view! {
                    <button type="button" data-testid=format!("layer-{}", l.key())
                        aria-pressed=move || if layers.with(|v| v.contains(&l)) { "true" } else { "false" }
                        on:click=move |_| on_toggle.run(l)>
                        {l.label()}
                    </button>
                }).collect_view()}
            </div>
            <exports::HotspotExports result=result layers=layers unit=unit />
        }
        .into_any()
    };
    view! {
        <MapCanvas extent=extent ready=ready label=label focus=focus paint=paint describe=describe
            toolbar=Box::new(toolbar)
            legend=Box::new(move || view! { <MapLegend layers=layers result=result unit=unit caption=caption official=is_official street=street /> }.into_any())
            help="Drag or use the arrow keys (Shift for bigger steps) to pan; use the mouse wheel, the + and − keys or the buttons to zoom; 0 or Reset view shows the whole city. Hover for details, or focus the map and read what lies under the crosshair above. The hotspot table below lists the same hot spots and clusters."
        />
    }
}
