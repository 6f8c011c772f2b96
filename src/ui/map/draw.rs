//! Canvas 2D drawing primitives for the map, its colours, and crimecast's approximate
//! geography projected to metres.

use std::sync::OnceLock;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::view::Viewport;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::geography::{precinct_areas, CITY_OUTLINE, ENCLAVES};
use crate::ui::charts::palette::viridis;

/// Diverging colours (ColorBrewer RdBu, colour-blind safe) for Gi* bins −3..=3 (index bin+3;
/// the middle entry, not significant, is never drawn).
pub const GI_COLORS: [&str; 7] = [
    "#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b",
];
/// Background outside the city.
pub const BACKGROUND: &str = "#e9edf1";
/// Fill of the city.
pub const LAND: &str = "#fbfbfa";
/// Outline and text colour.
pub const INK: &str = "#343a40";
/// Fill of the enclaves (not Detroit).
pub const ENCLAVE: &str = "#ced4da";
/// Cluster hull colour (Okabe–Ito bluish green).
pub const CLUSTER: &str = "#007a5a";
/// Liquor-store marker colour (Okabe–Ito orange).
pub const LIQUOR: &str = "#e69f00";

/// The approximate geography, projected once.
pub struct Geography {
    /// City outline, metres.
    pub outline: Vec<[f64; 2]>,
    /// Enclaves (Hamtramck, Highland Park) with names.
    pub enclaves: Vec<(&'static str, Vec<[f64; 2]>)>,
    /// Precinct areas with their label position.
    pub precincts: Vec<(u8, Vec<[f64; 2]>, [f64; 2])>,
}

fn project(ring: &[(f64, f64)]) -> Vec<[f64; 2]> {
    let p = LocalTm::detroit();
    ring.iter()
        .filter_map(|&(x, y)| p.forward(x, y).ok())
        .collect()
}

/// crimecast's approximate outline, enclaves and precinct areas in metres.
pub fn geography() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(|| Geography {
        outline: project(&CITY_OUTLINE),
        enclaves: ["Hamtramck", "Highland Park"]
            .into_iter()
            .zip(ENCLAVES.iter())
            .map(|(n, r)| (n, project(r)))
            .collect(),
        precincts: precinct_areas()
            .into_iter()
            .map(|a| {
                let ring = project(&a.ring);
                let n = ring.len().max(1) as f64;
                let c = ring
                    .iter()
                    .fold([0.0, 0.0], |s, p| [s[0] + p[0] / n, s[1] + p[1] / n]);
                (a.precinct, ring, c)
            })
            .collect(),
    })
}

/// The 2D context of a canvas.
pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Trace a closed ring (metres) as the current path.
pub fn ring_path(ctx: &CanvasRenderingContext2d, v: &Viewport, ring: &[[f64; 2]]) {
    ctx.begin_path();
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

/// Fill and/or stroke a ring.
pub fn polygon(
    ctx: &CanvasRenderingContext2d,
    v: &Viewport,
    ring: &[[f64; 2]],
    fill: Option<&str>,
    stroke: Option<(&str, f64)>,
) {
    ring_path(ctx, v, ring);
    if let Some(f) = fill {
        ctx.set_fill_style_str(f);
        ctx.fill();
    }
    if let Some((s, w)) = stroke {
        ctx.set_stroke_style_str(s);
        ctx.set_line_width(w);
        ctx.stroke();
    }
}

/// Text with a light halo so it stays readable over any layer.
pub fn label(ctx: &CanvasRenderingContext2d, text: &str, x: f64, y: f64, size: u32) {
    ctx.set_font(&format!("600 {size}px system-ui, sans-serif"));
    ctx.set_line_width(3.0);
    ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
    let _ = ctx.stroke_text(text, x, y);
    ctx.set_fill_style_str(INK);
    let _ = ctx.fill_text(text, x, y);
}

/// An off-screen canvas holding a density surface as an image, one pixel per node, north up.
/// Values below 2 % of the maximum are transparent; above, viridis with growing opacity.
pub fn density_image(values: &[f32], nx: usize, ny: usize, max: f32) -> Option<HtmlCanvasElement> {
    let doc = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(nx as u32);
    canvas.set_height(ny as u32);
    let ctx = context(&canvas)?;
    let mut rgba = vec![0u8; nx * ny * 4];
    let max = f64::from(max).max(f64::MIN_POSITIVE);
    for k in 0..ny {
        let row = ny - 1 - k; // image rows run north to south
        for j in 0..nx {
            let t = f64::from(values[k * nx + j]) / max;
            if t < 0.02 {
                continue;
            }
            let c = viridis(t.sqrt());
            let o = (row * nx + j) * 4;
            rgba[o] = c.0;
            rgba[o + 1] = c.1;
            rgba[o + 2] = c.2;
            rgba[o + 3] = (255.0 * (0.12 + 0.68 * t.sqrt())).round() as u8;
        }
    }
    let img =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), nx as u32, ny as u32)
            .ok()?;
    ctx.put_image_data(&img, 0.0, 0.0).ok()?;
    Some(canvas)
}

/// A scale bar (a round number of metres or kilometres) at the bottom right.
pub fn scale_bar(ctx: &CanvasRenderingContext2d, v: &Viewport) {
    let target = 120.0 / v.scale; // metres for ~120 px
    let nice = [
        50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 2500.0, 5000.0, 10000.0, 20000.0,
    ];
    let m = nice
        .iter()
        .copied()
        .rev()
        .find(|m| *m <= target)
        .unwrap_or(50.0);
    let px = m * v.scale;
    let (x1, y) = (v.width - 16.0, v.height - 16.0);
    let x0 = x1 - px;
    ctx.set_fill_style_str("rgba(255,255,255,0.85)");
    ctx.fill_rect(x0 - 8.0, y - 22.0, px + 16.0, 30.0);
    ctx.set_stroke_style_str(INK);
    ctx.set_line_width(2.0);
    ctx.begin_path();
    ctx.move_to(x0, y - 6.0);
    ctx.line_to(x0, y);
    ctx.line_to(x1, y);
    ctx.line_to(x1, y - 6.0);
    ctx.stroke();
    let text = if m >= 1000.0 {
        format!("{} km", m / 1000.0)
    } else {
        format!("{m} m")
    };
    label(ctx, &text, x0, y - 9.0, 12);
}
