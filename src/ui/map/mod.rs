//! An interactive canvas map in projected metres ([`LocalTm::detroit`]): layers toggled by
//! buttons, pan (drag, arrow keys), zoom (wheel, +/− keys, buttons), reset, hover tooltips and
//! a keyboard readout of what lies under the centre crosshair, and a legend. Nothing animates,
//! so `prefers-reduced-motion` is respected by construction. No web map tiles: the page's
//! Content-Security-Policy allows no tile servers, and the map works offline.
//!
//! [`LocalTm::detroit`]: crate::analysis::spatial::projection::LocalTm::detroit

pub mod draw;
pub mod layers;
pub mod legend;
pub mod tooltip;
pub mod view;

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::analysis::spatial::grid::BBox;
use crate::query::{MapLayer, MAP_LAYERS};
use crate::worker::analyses::hotspots::HotspotResult;

use self::layers::{draw_scene, Scene};
use self::legend::MapLegend;
use self::view::{Viewport, ZOOM_STEP};

/// Pixels moved by one arrow-key press (four times that with Shift).
const KEY_PAN_PX: f64 = 60.0;

fn extent_of(r: Option<&HotspotResult>) -> BBox {
    r.map(|r| r.extent).unwrap_or_else(|| {
        let o = &draw::geography().outline;
        let mut b = BBox {
            x_min: f64::MAX,
            y_min: f64::MAX,
            x_max: f64::MIN,
            y_max: f64::MIN,
        };
        for p in o {
            b.x_min = b.x_min.min(p[0]);
            b.x_max = b.x_max.max(p[0]);
            b.y_min = b.y_min.min(p[1]);
            b.y_max = b.y_max.max(p[1]);
        }
        b
    })
}

/// The accessible name of the map: what is shown and how to use it.
fn aria_label(
    r: Option<&HotspotResult>,
    layers: &[MapLayer],
    v: Option<&Viewport>,
    unit: &str,
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
            MapLayer::Liquor => match &r.layer {
                Some(l) if l.synthetic => format!("{} synthetic liquor stores", l.points),
                Some(l) => format!("{} points of {}", l.points, l.name),
                None => "no liquor-store layer".into(),
            },
            MapLayer::Precincts => "approximate precinct areas".into(),
        });
    }
    let what = if shown.is_empty() {
        "only the city outline".to_string()
    } else {
        shown.join(", ")
    };
    let zoom = v
        .map(|v| format!(" Zoom {:.1}×.", v.zoom_level()))
        .unwrap_or_default();
    format!(
        "Map of reported {unit} in Detroit showing {what}.{zoom} Arrow keys pan, plus and minus zoom, 0 resets; the text under the map describes the centre."
    )
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
    let canvas = NodeRef::<Canvas>::new();
    let view = RwSignal::new(None::<Viewport>);
    let tick = RwSignal::new(0u32);
    let focused = RwSignal::new(false);
    let tip = RwSignal::new(None::<(f64, f64, String)>);
    let readout = RwSignal::new(String::new());
    let drag = StoredValue::new(None::<(f64, f64)>);
    let density = StoredValue::new_local(None::<HtmlCanvasElement>);

    // The density image is rebuilt only when the analysis changes.
    Effect::new(move |_| {
        let img = result.with(|r| {
            r.as_ref()
                .and_then(|r| r.kde.as_ref())
                .and_then(|k| draw::density_image(&k.values, k.nx, k.ny, k.max))
        });
        density.set_value(img);
        tick.update(|t| *t += 1);
    });
    // Keep the view in step with the canvas size and the extent.
    Effect::new(move |_| {
        tick.track();
        let Some(c) = canvas.get() else { return };
        let (w, h) = (f64::from(c.client_width()), f64::from(c.client_height()));
        if w < 1.0 || h < 1.0 {
            return;
        }
        let extent = result.with(|r| extent_of(r.as_deref()));
        let next = match view.get_untracked() {
            None => Viewport::fit(&extent, w, h),
            Some(v) if v.width != w || v.height != h => v.resized(&extent, w, h),
            Some(_) => return,
        };
        view.set(Some(next));
    });
    // Draw.
    Effect::new(move |_| {
        tick.track();
        let Some(v) = view.get() else { return };
        let Some(c) = canvas.get() else { return };
        let layers = layers.get();
        let crosshair = focused.get();
        result.with(|r| {
            let dpr = web_sys::window()
                .map_or(1.0, |w| w.device_pixel_ratio())
                .clamp(1.0, 2.0);
            let (pw, ph) = (
                (v.width * dpr).round() as u32,
                (v.height * dpr).round() as u32,
            );
            if c.width() != pw || c.height() != ph {
                c.set_width(pw);
                c.set_height(ph);
            }
            let Some(ctx) = draw::context(&c) else { return };
            let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
            density.with_value(|img| {
                draw_scene(
                    &ctx,
                    &v,
                    &Scene {
                        result: r.as_deref(),
                        layers: &layers,
                        density: img.as_ref(),
                        crosshair,
                    },
                );
            });
        });
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| tick.update(|t| *t += 1));
    on_cleanup(move || on_resize.remove());

    let describe_centre = move || {
        let Some(v) = view.get_untracked() else {
            return;
        };
        let text = result.with_untracked(|r| {
            r.as_ref().and_then(|r| {
                tooltip::describe(
                    r,
                    &layers.get_untracked(),
                    &v,
                    v.cx,
                    v.cy,
                    unit.get_untracked(),
                )
            })
        });
        readout.set(format!(
            "At the crosshair: {}",
            text.unwrap_or_else(|| "nothing".into())
        ));
    };
    // Centre on a point chosen elsewhere (the table's "Show on map").
    Effect::new(move |_| {
        if let Some(p) = focus.get() {
            view.update(|v| {
                if let Some(v) = v {
                    v.cx = p[0];
                    v.cy = p[1];
                    if v.zoom_level() < 4.0 {
                        v.zoom(4.0 / v.zoom_level());
                    }
                }
            });
            describe_centre();
        }
    });
    let act = move |f: &dyn Fn(&mut Viewport)| {
        view.update(|v| {
            if let Some(v) = v {
                f(v);
            }
        });
        describe_centre();
    };
    let reset = move || {
        let extent = result.with_untracked(|r| extent_of(r.as_deref()));
        act(&|v: &mut Viewport| *v = Viewport::fit(&extent, v.width, v.height));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = if ev.shift_key() {
            4.0 * KEY_PAN_PX
        } else {
            KEY_PAN_PX
        };
        match ev.key().as_str() {
            "ArrowLeft" => act(&|v: &mut Viewport| v.pan_px(step, 0.0)),
            "ArrowRight" => act(&|v: &mut Viewport| v.pan_px(-step, 0.0)),
            "ArrowUp" => act(&|v: &mut Viewport| v.pan_px(0.0, step)),
            "ArrowDown" => act(&|v: &mut Viewport| v.pan_px(0.0, -step)),
            "+" | "=" => act(&|v: &mut Viewport| v.zoom(ZOOM_STEP)),
            "-" | "_" => act(&|v: &mut Viewport| v.zoom(1.0 / ZOOM_STEP)),
            "0" | "Home" => reset(),
            _ => return,
        }
        ev.prevent_default();
    };
    let hover = move |x: f64, y: f64| {
        let Some(v) = view.get_untracked() else {
            return;
        };
        let (wx, wy) = v.to_world(x, y);
        let text = result.with_untracked(|r| {
            r.as_ref().and_then(|r| {
                tooltip::describe(r, &layers.get_untracked(), &v, wx, wy, unit.get_untracked())
            })
        });
        tip.set(text.map(|t| (x, y, t)));
    };
    let label = move || {
        result.with(|r| aria_label(r.as_deref(), &layers.get(), view.get().as_ref(), unit.get()))
    };

    view! {
        <div class="map" data-testid="map">
            <div class="map-toolbar">
                <div class="map-layers" role="group" aria-label="Map layers">
                    {MAP_LAYERS.into_iter().map(|l| view! {
                        <button type="button" data-testid=format!("layer-{}", l.key())
                            aria-pressed=move || if layers.with(|v| v.contains(&l)) { "true" } else { "false" }
                            on:click=move |_| on_toggle.run(l)>
                            {l.label()}
                        </button>
                    }).collect_view()}
                </div>
                <div class="map-zoom" role="group" aria-label="Zoom">
                    <button type="button" data-testid="map-zoom-in" aria-label="Zoom in" on:click=move |_| act(&|v: &mut Viewport| v.zoom(ZOOM_STEP))>"+"</button>
                    <button type="button" data-testid="map-zoom-out" aria-label="Zoom out" on:click=move |_| act(&|v: &mut Viewport| v.zoom(1.0 / ZOOM_STEP))>"−"</button>
                    <button type="button" data-testid="map-reset" on:click=move |_| reset()>"Reset view"</button>
                </div>
            </div>
            <div class="map-body">
                <div class="map-wrap">
                    <canvas node_ref=canvas class="map-canvas" data-testid="map-canvas" tabindex="0" role="img"
                        aria-label=label aria-describedby="map-help"
                        data-ready=move || if result.with(Option::is_some) && view.with(Option::is_some) { "true" } else { "false" }
                        data-zoom=move || view.with(|v| v.map(|v| format!("{:.3}", v.zoom_level())).unwrap_or_default())
                        on:focus=move |_| { focused.set(true); describe_centre(); }
                        on:blur=move |_| focused.set(false)
                        on:keydown=on_key
                        on:pointerdown=move |ev| {
                            if ev.button() == 0 {
                                drag.set_value(Some((f64::from(ev.offset_x()), f64::from(ev.offset_y()))));
                                if let Some(c) = canvas.get_untracked() { let _ = c.set_pointer_capture(ev.pointer_id()); }
                            }
                        }
                        on:pointermove=move |ev| {
                            let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
                            match drag.get_value() {
                                Some((lx, ly)) => {
                                    view.update(|v| if let Some(v) = v { v.pan_px(x - lx, y - ly) });
                                    drag.set_value(Some((x, y)));
                                    tip.set(None);
                                }
                                None => hover(x, y),
                            }
                        }
                        on:pointerup=move |_| drag.set_value(None)
                        on:pointercancel=move |_| drag.set_value(None)
                        on:pointerleave=move |_| tip.set(None)
                        on:dblclick=move |ev| {
                            let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
                            view.update(|v| if let Some(v) = v { v.zoom_at(ZOOM_STEP * ZOOM_STEP, x, y) });
                        }
                        on:wheel=move |ev| {
                            ev.prevent_default();
                            let f = (-ev.delta_y() * 0.0015).clamp(-0.5, 0.5).exp();
                            let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
                            view.update(|v| if let Some(v) = v { v.zoom_at(f, x, y) });
                        }
                    ></canvas>
                    {move || tip.get().map(|(x, y, t)| view! {
                        <div class="map-tooltip" aria-hidden="true" style:left=format!("{}px", x + 14.0) style:top=format!("{}px", y + 14.0)>{t}</div>
                    })}
                </div>
                <MapLegend layers=layers result=result unit=unit />
            </div>
            <p class="map-readout" aria-live="polite" data-testid="map-readout">{move || readout.get()}</p>
            <p class="hint" id="map-help">
                "Drag or use the arrow keys (Shift for bigger steps) to pan; use the mouse wheel, the + and − keys or the buttons to zoom; 0 or Reset view shows the whole city. "
                "Hover for details, or focus the map and read what lies under the crosshair above. The hotspot table below lists the same hot spots and clusters."
            </p>
        </div>
    }
}
