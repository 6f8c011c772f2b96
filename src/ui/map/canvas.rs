//! The interactive canvas shared by every map: it keeps the view in step with the canvas
//! size, redraws when anything the painter reads changes, pans (drag, arrow keys), zooms
//! (wheel, double click, +/− keys, buttons), resets (0, Home, button), shows a hover tooltip and
//! a keyboard readout of what lies under the centre crosshair. What is drawn and said comes
//! from the page's map: a painter, a describer, a label, a toolbar and a legend.

use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use super::draw;
use super::view::{Viewport, ZOOM_STEP};
use crate::analysis::spatial::grid::BBox;
use crate::ui::deferred::Deferred;

/// Pixels moved by one arrow-key press (four times that with Shift).
const KEY_PAN_PX: f64 = 60.0;

/// The extent of crimecast's approximate city outline, metres.
pub fn city_extent() -> BBox {
    let mut b = BBox {
        x_min: f64::MAX,
        y_min: f64::MAX,
        x_max: f64::MIN,
        y_max: f64::MIN,
    };
    for p in &draw::geography().outline {
        b.x_min = b.x_min.min(p[0]);
        b.x_max = b.x_max.max(p[0]);
        b.y_min = b.y_min.min(p[1]);
        b.y_max = b.y_max.max(p[1]);
    }
    b
}

/// Describes a point (metres) of the map in words, for the tooltip and the readout.
pub type Describer = Rc<dyn Fn(&Viewport, f64, f64) -> Option<String>>;

/// A map canvas with its toolbar, legend, readout and help line.
#[component]
pub fn MapCanvas(
    /// The part of the plane shown by the home view.
    #[prop(into)]
    extent: Signal<BBox>,
    /// Whether the map's data are there (the canvas's `data-ready`).
    #[prop(into)]
    ready: Signal<bool>,
    /// What the map shows, in words; the zoom level and the keys are appended.
    #[prop(into)]
    label: Signal<String>,
    /// A point (metres) to centre on.
    #[prop(into)]
    focus: Signal<Option<[f64; 2]>>,
    /// Zoom level (relative to the home view) at least shown when centring on `focus`.
    #[prop(default = 4.0)]
    focus_zoom: f64,
    /// Draws the map; any signal it reads triggers a redraw. The flag asks for the keyboard
    /// crosshair.
    paint: impl Fn(&CanvasRenderingContext2d, &Viewport, bool) + 'static,
    /// What lies at a point, in words.
    describe: Describer,
    /// Buttons left of the zoom controls.
    toolbar: Children,
    /// The legend beside the map.
    legend: Children,
    /// The help line under the map.
    #[prop(into)]
    help: String,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let view = RwSignal::new(None::<Viewport>);
    let tick = RwSignal::new(0u32);
    let focused = RwSignal::new(false);
    let tip = RwSignal::new(None::<(f64, f64, String)>);
    let readout = RwSignal::new(String::new());
    let drag = StoredValue::new(None::<(f64, f64)>);
    // Whether the pointer moved the map since it was pressed (a click that did not drag
    // shows what lies under it, as hovering does: touch screens have no hover).
    let moved = StoredValue::new(false);

    // Keep the view in step with the canvas size and the extent. The size is read in a task of
    // its own (a zero-delay timeout), after the page around the map is built, so measuring it
    // and the drawing that follows never lengthen the task that built the page.
    let deferred = Deferred::new();
    Effect::new(move |_| {
        tick.track();
        let Some(c) = canvas.get() else { return };
        let extent = extent.get();
        deferred.run(move || {
            let (w, h) = (f64::from(c.client_width()), f64::from(c.client_height()));
            if w < 1.0 || h < 1.0 {
                return;
            }
            let next = match view.try_get_untracked().flatten() {
                None => Viewport::fit(&extent, w, h),
                Some(v) if v.width != w || v.height != h => v.resized(&extent, w, h),
                Some(_) => return,
            };
            view.try_set(Some(next));
        });
    });
    // Draw.
    Effect::new(move |_| {
        tick.track();
        let Some(v) = view.get() else { return };
        let Some(c) = canvas.get() else { return };
        let crosshair = focused.get();
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
        paint(&ctx, &v, crosshair);
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| tick.update(|t| *t += 1));
    on_cleanup(move || on_resize.remove());

    let say = describe.clone();
    let describe_centre = Rc::new(move || {
        let Some(v) = view.get_untracked() else {
            return;
        };
        let text = say(&v, v.cx, v.cy);
        readout.set(format!(
            "At the crosshair: {}",
            text.unwrap_or_else(|| "nothing".into())
        ));
    });
    // Centre on a point chosen elsewhere (a table's "Show on map").
    let centre = describe_centre.clone();
    Effect::new(move |_| {
        if let Some(p) = focus.get() {
            view.update(|v| {
                if let Some(v) = v {
                    v.cx = p[0];
                    v.cy = p[1];
                    if v.zoom_level() < focus_zoom {
                        v.zoom(focus_zoom / v.zoom_level());
                    }
                }
            });
            centre();
        }
    });
    let centre = describe_centre.clone();
    let act = Rc::new(move |f: &dyn Fn(&mut Viewport)| {
        view.update(|v| {
            if let Some(v) = v {
                f(v);
            }
        });
        centre();
    });
    let a = act.clone();
    let reset = Rc::new(move || {
        let extent = extent.get_untracked();
        a(&|v: &mut Viewport| *v = Viewport::fit(&extent, v.width, v.height));
    });
    let (a, r) = (act.clone(), reset.clone());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = if ev.shift_key() {
            4.0 * KEY_PAN_PX
        } else {
            KEY_PAN_PX
        };
        match ev.key().as_str() {
            "ArrowLeft" => a(&|v: &mut Viewport| v.pan_px(step, 0.0)),
            "ArrowRight" => a(&|v: &mut Viewport| v.pan_px(-step, 0.0)),
            "ArrowUp" => a(&|v: &mut Viewport| v.pan_px(0.0, step)),
            "ArrowDown" => a(&|v: &mut Viewport| v.pan_px(0.0, -step)),
            "+" | "=" => a(&|v: &mut Viewport| v.zoom(ZOOM_STEP)),
            "-" | "_" => a(&|v: &mut Viewport| v.zoom(1.0 / ZOOM_STEP)),
            "0" | "Home" => r(),
            _ => return,
        }
        ev.prevent_default();
    };
    let hover = Rc::new(move |x: f64, y: f64| {
        let Some(v) = view.get_untracked() else {
            return;
        };
        let (wx, wy) = v.to_world(x, y);
        tip.set(describe(&v, wx, wy).map(|t| (x, y, t)));
    });
    let hover_click = hover.clone();
    let aria = move || {
        let zoom = view
            .get()
            .map(|v| format!(" Zoom {:.1}×.", v.zoom_level()))
            .unwrap_or_default();
        format!(
            "{}{zoom} Arrow keys pan, plus and minus zoom, 0 resets; the text under the map describes the centre.",
            label.get()
        )
    };
    let (zoom_in, zoom_out, reset_click) = (act.clone(), act, reset);
    let centre = describe_centre;

    view! {
        <div class="map" data-testid="map">
            <div class="map-toolbar">
                {toolbar()}
                <div class="map-zoom" role="group" aria-label="Zoom">
                    <button type="button" data-testid="map-zoom-in" aria-label="Zoom in" on:click=move |_| zoom_in(&|v: &mut Viewport| v.zoom(ZOOM_STEP))>"+"</button>
                    <button type="button" data-testid="map-zoom-out" aria-label="Zoom out" on:click=move |_| zoom_out(&|v: &mut Viewport| v.zoom(1.0 / ZOOM_STEP))>"−"</button>
                    <button type="button" data-testid="map-reset" on:click=move |_| reset_click()>"Reset view"</button>
                </div>
            </div>
            <div class="map-body">
                <div class="map-wrap">
                    <canvas node_ref=canvas class="map-canvas" data-testid="map-canvas" tabindex="0" role="img"
                        aria-label=aria aria-describedby="map-help"
                        data-ready=move || if ready.get() && view.with(Option::is_some) { "true" } else { "false" }
                        data-zoom=move || view.with(|v| v.map(|v| format!("{:.3}", v.zoom_level())).unwrap_or_default())
                        on:focus=move |_| { focused.set(true); centre(); }
                        on:blur=move |_| focused.set(false)
                        on:keydown=on_key
                        on:pointerdown=move |ev| {
                            if ev.button() == 0 {
                                moved.set_value(false);
                                drag.set_value(Some((f64::from(ev.offset_x()), f64::from(ev.offset_y()))));
                                if let Some(c) = canvas.get_untracked() { let _ = c.set_pointer_capture(ev.pointer_id()); }
                            }
                        }
                        on:pointermove=move |ev| {
                            let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
                            match drag.get_value() {
                                Some((lx, ly)) => {
                                    if (x - lx).abs() + (y - ly).abs() > 0.0 {
                                        moved.set_value(true);
                                    }
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
                        on:click=move |ev| {
                            if !moved.get_value() {
                                hover_click(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
                            }
                        }
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
                {legend()}
            </div>
            <p class="map-readout" aria-live="polite" data-testid="map-readout">{move || readout.get()}</p>
            <p class="hint" id="map-help">{help}</p>
        </div>
    }
}
