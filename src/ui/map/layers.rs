//! Drawing each map layer of a hotspot result, bottom to top: land and enclaves (or the
//! official precincts' land), neighborhoods, precincts,
//! density, Gi* cells, points, cluster hulls, liquor stores, then the city outline and the
//! map furniture (credit line, scale bar, north arrow, keyboard crosshair).

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::draw::{self, geography, label, polygon, CLUSTER, GI_COLORS, INK, LIQUOR};
use super::official::OfficialGeo;
use super::view::Viewport;
use crate::url_state::MapLayer;
use crate::worker::messages::HotspotResult;

/// Something drawn into the map's context at its viewport.
pub type Painter<'a> = dyn Fn(&CanvasRenderingContext2d, &Viewport) + 'a;

/// What to draw.
pub struct Scene<'a> {
    /// The analysis.
    pub result: Option<&'a HotspotResult>,
    /// Visible layers.
    pub layers: &'a [MapLayer],
    /// The density surface as an image (see [`draw::density_image`]).
    pub density: Option<&'a HtmlCanvasElement>,
    /// Draw the keyboard crosshair at the centre.
    pub crosshair: bool,
    /// The official boundaries, when loaded (otherwise the approximate ones are drawn).
    pub official: Option<&'a OfficialGeo>,
    /// Which boundaries are drawn, in words (the map's credit line).
    pub caption: &'a str,
    /// Draws the street map over the background; the land is then drawn translucent over it.
    pub under: Option<&'a Painter<'a>>,
}

/// Draw the whole map.
pub fn draw_scene(ctx: &CanvasRenderingContext2d, v: &Viewport, scene: &Scene<'_>) {
    let geo = geography();
    let shows = |l: MapLayer| scene.layers.contains(&l);
    let ground = || match scene.official {
        Some(o) => official_land(ctx, v, o),
        None => land(ctx, v),
    };
    ground();
    if let Some(under) = scene.under {
        under(ctx, v);
        ctx.set_global_alpha(0.45);
        ground();
        ctx.set_global_alpha(1.0);
    }
    if let (Some(o), true) = (scene.official, shows(MapLayer::Neighborhoods)) {
        for ring in &o.neighborhoods {
            polygon(ctx, v, ring, None, Some(("#adb5bd", 0.7)));
        }
    }
    if shows(MapLayer::Precincts) {
        let _ = ctx.set_line_dash(&js_array(&[6.0, 4.0]));
        match scene.official {
            Some(o) => {
                for ring in o.precincts.iter().flat_map(|p| &p.1) {
                    polygon(ctx, v, ring, None, Some(("#868e96", 1.2)));
                }
            }
            None => {
                for (_, ring, _) in &geo.precincts {
                    polygon(ctx, v, ring, None, Some(("#868e96", 1.2)));
                }
            }
        }
        let _ = ctx.set_line_dash(&js_array(&[]));
    }
    if let Some(r) = scene.result {
        // Surfaces stop at the city limits; the enclaves are painted over them again.
        ctx.save();
        match scene.official {
            Some(o) => {
                ctx.begin_path();
                for ring in o.precincts.iter().flat_map(|p| &p.1) {
                    sub_path(ctx, v, ring);
                }
            }
            None => draw::ring_path(ctx, v, &geo.outline),
        }
        ctx.clip();
        if shows(MapLayer::Kde) {
            density(ctx, v, r, scene.density);
        }
        if shows(MapLayer::GiStar) {
            gi_cells(ctx, v, r);
        }
        ctx.restore();
        if scene.official.is_none() {
            for (_, e) in &geo.enclaves {
                polygon(ctx, v, e, Some(draw::ENCLAVE), None);
            }
        }
        if shows(MapLayer::Points) {
            points(ctx, v, r);
        }
        if shows(MapLayer::Clusters) {
            clusters(ctx, v, r);
        }
        if shows(MapLayer::PointLayer) {
            liquor(ctx, v, r);
        }
    }
    match scene.official {
        Some(o) => {
            for ring in o.precincts.iter().flat_map(|p| &p.1) {
                polygon(ctx, v, ring, None, Some((INK, 1.0)));
            }
        }
        None => outline(ctx, v),
    }
    if shows(MapLayer::Precincts) {
        ctx.set_text_align("center");
        match scene.official {
            Some(o) => {
                for (name, _, c) in &o.precincts {
                    let (x, y) = v.to_screen(c[0], c[1]);
                    label(ctx, &format!("P{name}"), x, y, 12);
                }
            }
            None => {
                for (p, _, c) in &geo.precincts {
                    let (x, y) = v.to_screen(c[0], c[1]);
                    label(ctx, &format!("P{p:02}"), x, y, 12);
                }
            }
        }
        ctx.set_text_align("start");
    }
    furniture(ctx, v, scene.crosshair, scene.caption);
}

/// Add a closed ring (metres) to the current path.
fn sub_path(ctx: &CanvasRenderingContext2d, v: &Viewport, ring: &[[f64; 2]]) {
    for (k, p) in ring.iter().enumerate() {
        let (x, y) = v.to_screen(p[0], p[1]);
        if k == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.close_path();
}

/// The background and the city's land as the official precincts cover it.
fn official_land(ctx: &CanvasRenderingContext2d, v: &Viewport, o: &OfficialGeo) {
    ctx.set_fill_style_str(draw::BACKGROUND);
    ctx.fill_rect(0.0, 0.0, v.width, v.height);
    for ring in o.precincts.iter().flat_map(|p| &p.1) {
        polygon(ctx, v, ring, Some(draw::LAND), None);
    }
}

/// The background, the city's land and the enclaves.
pub fn land(ctx: &CanvasRenderingContext2d, v: &Viewport) {
    let geo = geography();
    ctx.set_fill_style_str(draw::BACKGROUND);
    ctx.fill_rect(0.0, 0.0, v.width, v.height);
    polygon(ctx, v, &geo.outline, Some(draw::LAND), None);
    for (_, e) in &geo.enclaves {
        polygon(ctx, v, e, Some(draw::ENCLAVE), None);
    }
}

/// The city outline and the enclaves' outlines (named when zoomed in).
pub fn outline(ctx: &CanvasRenderingContext2d, v: &Viewport) {
    let geo = geography();
    polygon(ctx, v, &geo.outline, None, Some((INK, 1.6)));
    for (name, e) in &geo.enclaves {
        polygon(ctx, v, e, None, Some(("#868e96", 1.0)));
        if v.zoom_level() >= 1.5 {
            let n = e.len().max(1) as f64;
            let c = e
                .iter()
                .fold([0.0, 0.0], |s, p| [s[0] + p[0] / n, s[1] + p[1] / n]);
            let (x, y) = v.to_screen(c[0], c[1]);
            ctx.set_text_align("center");
            label(ctx, name, x, y, 11);
            ctx.set_text_align("start");
        }
    }
}

fn js_array(v: &[f64]) -> wasm_bindgen::JsValue {
    let a = js_sys::Array::new();
    for x in v {
        a.push(&wasm_bindgen::JsValue::from_f64(*x));
    }
    a.into()
}

fn density(
    ctx: &CanvasRenderingContext2d,
    v: &Viewport,
    r: &HotspotResult,
    img: Option<&HtmlCanvasElement>,
) {
    let (Some(k), Some(img)) = (r.kde.as_ref(), img) else {
        return;
    };
    let half = k.step / 2.0;
    let (x0, y0) = v.to_screen(k.x0 - half, k.y0 + (k.ny as f64 - 1.0) * k.step + half);
    let (x1, y1) = v.to_screen(k.x0 + (k.nx as f64 - 1.0) * k.step + half, k.y0 - half);
    ctx.set_image_smoothing_enabled(true);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(img, x0, y0, x1 - x0, y1 - y0);
}

fn gi_cells(ctx: &CanvasRenderingContext2d, v: &Viewport, r: &HotspotResult) {
    let Some(g) = r.gi.as_ref() else { return };
    let vis = v.visible();
    ctx.set_global_alpha(0.78);
    for id in 0..g.bins.len() {
        let b = g.bins[id];
        if b == 0 {
            continue;
        }
        let (row, col) = (id / g.cols, id % g.cols);
        let x = g.x0 + col as f64 * g.cell;
        let y = g.y0 + row as f64 * g.cell;
        if x > vis.x_max || x + g.cell < vis.x_min || y > vis.y_max || y + g.cell < vis.y_min {
            continue;
        }
        let (sx, sy) = v.to_screen(x, y + g.cell);
        let s = g.cell * v.scale;
        ctx.set_fill_style_str(GI_COLORS[(b + 3).clamp(0, 6) as usize]);
        ctx.fill_rect(sx, sy, s + 0.5, s + 0.5);
    }
    ctx.set_global_alpha(1.0);
}

fn points(ctx: &CanvasRenderingContext2d, v: &Viewport, r: &HotspotResult) {
    let size = (1.2 + v.zoom_level().log2() * 0.5).clamp(1.5, 4.0);
    ctx.set_fill_style_str("rgba(33,37,41,0.55)");
    for (x, y) in r.points.x.iter().zip(&r.points.y) {
        let (sx, sy) = v.to_screen(f64::from(*x), f64::from(*y));
        if sx < -4.0 || sy < -4.0 || sx > v.width + 4.0 || sy > v.height + 4.0 {
            continue;
        }
        ctx.fill_rect(sx - size / 2.0, sy - size / 2.0, size, size);
    }
}

fn clusters(ctx: &CanvasRenderingContext2d, v: &Viewport, r: &HotspotResult) {
    let c = &r.clusters;
    let radius = (c.eps_m * v.scale).max(3.0);
    ctx.set_line_width(1.8);
    ctx.set_stroke_style_str(CLUSTER);
    ctx.set_fill_style_str("rgba(0,122,90,0.18)");
    for cl in &c.clusters {
        if cl.hull.len() >= 3 {
            let ring: Vec<[f64; 2]> = cl
                .hull
                .iter()
                .map(|p| [f64::from(p[0]), f64::from(p[1])])
                .collect();
            draw::ring_path(ctx, v, &ring);
        } else {
            let (x, y) = v.to_screen(cl.centroid[0], cl.centroid[1]);
            ctx.begin_path();
            let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
        }
        ctx.fill();
        ctx.stroke();
    }
}

fn liquor(ctx: &CanvasRenderingContext2d, v: &Viewport, r: &HotspotResult) {
    let s = 5.0;
    ctx.set_fill_style_str(LIQUOR);
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(1.0);
    for p in &r.layer_points {
        let (x, y) = v.to_screen(f64::from(p[0]), f64::from(p[1]));
        if x < -s || y < -s || x > v.width + s || y > v.height + s {
            continue;
        }
        ctx.begin_path();
        ctx.move_to(x, y - s);
        ctx.line_to(x + s, y);
        ctx.line_to(x, y + s);
        ctx.line_to(x - s, y);
        ctx.close_path();
        ctx.fill();
        ctx.stroke();
    }
}

/// The credit line, scale bar, north arrow and (when asked) the keyboard crosshair.
pub fn furniture(ctx: &CanvasRenderingContext2d, v: &Viewport, crosshair: bool, caption: &str) {
    let text = format!("Boundaries: {caption}");
    ctx.set_font("600 12px system-ui, sans-serif");
    let w = ctx.measure_text(&text).map_or(330.0, |m| m.width() + 16.0);
    ctx.set_fill_style_str("rgba(255,255,255,0.85)");
    ctx.fill_rect(0.0, v.height - 24.0, w.min(v.width), 24.0);
    label(ctx, &text, 8.0, v.height - 8.0, 12);
    draw::scale_bar(ctx, v);
    // North arrow.
    let (x, y) = (v.width - 24.0, 18.0);
    ctx.set_fill_style_str(INK);
    ctx.begin_path();
    ctx.move_to(x, y);
    ctx.line_to(x + 7.0, y + 16.0);
    ctx.line_to(x, y + 12.0);
    ctx.line_to(x - 7.0, y + 16.0);
    ctx.close_path();
    ctx.fill();
    ctx.set_text_align("center");
    label(ctx, "N", x, y + 30.0, 12);
    ctx.set_text_align("start");
    if crosshair {
        let (cx, cy) = (v.width / 2.0, v.height / 2.0);
        for (w, c) in [(4.0, "rgba(255,255,255,0.9)"), (2.0, INK)] {
            ctx.set_line_width(w);
            ctx.set_stroke_style_str(c);
            ctx.begin_path();
            ctx.move_to(cx - 12.0, cy);
            ctx.line_to(cx + 12.0, cy);
            ctx.move_to(cx, cy - 12.0);
            ctx.line_to(cx, cy + 12.0);
            ctx.stroke();
        }
    }
}
