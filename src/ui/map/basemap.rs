//! The optional street map under the hotspot map: raster tiles of [`CARTO_LIGHT`] (or, for
//! tests only, a same-origin template given by `?debug=tiles:/path/{z}/{x}/{y}.png`), loaded as
//! anonymous cross-origin images, kept while the page lives, and drawn into the map's
//! projected metres. A tile that fails to load (offline, blocked by the network or the
//! Content-Security-Policy) is not retried and the map says the street map is unavailable.
//!
//! [`CARTO_LIGHT`]: crate::data::tiles::CARTO_LIGHT

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlImageElement};

use super::view::Viewport;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::tiles::{tile_corner, tiles_covering, zoom_for, CARTO_LIGHT};

/// Most tiles drawn at once (a larger view waits for the next zoom level).
const MAX_TILES: usize = 64;

/// How the street map stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreetStatus {
    /// Not asked for.
    Off,
    /// Tiles are loading or drawn.
    Shown,
    /// Some tiles could not be loaded.
    Unavailable,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Load {
    Pending,
    Ready,
    Failed,
}

/// A tile's image and how its load stands.
type Tile = (HtmlImageElement, Rc<Cell<Load>>);

thread_local! {
    static TEMPLATE: RefCell<Option<String>> = const { RefCell::new(None) };
    static TILES: RefCell<HashMap<String, Tile>> = RefCell::new(HashMap::new());
}

/// Use `template` (a same-origin path with `{z}`, `{x}`, `{y}`) instead of the street-map
/// service: the `debug=tiles:` test hook. Anything else is ignored (false).
pub fn override_template(template: &str) -> bool {
    let ok = template.starts_with('/') && !template.starts_with("//");
    if ok {
        TEMPLATE.with(|t| *t.borrow_mut() = Some(template.to_string()));
    }
    ok
}

fn tile_url(z: u8, x: u32, y: u32) -> String {
    TEMPLATE.with(|t| match &*t.borrow() {
        Some(tpl) => tpl
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string()),
        None => CARTO_LIGHT.url(z, x, y),
    })
}

/// The image of `url` and how its load stands; a new image starts loading and calls
/// `on_change` when it has loaded or failed.
fn tile(url: &str, on_change: &Rc<dyn Fn()>) -> Option<(HtmlImageElement, Load)> {
    if let Some((img, s)) = TILES.with(|t| t.borrow().get(url).cloned()) {
        return Some((img, s.get()));
    }
    let img: HtmlImageElement = web_sys::window()?
        .document()?
        .create_element("img")
        .ok()?
        .dyn_into()
        .ok()?;
    img.set_cross_origin(Some("anonymous"));
    let state = Rc::new(Cell::new(Load::Pending));
    for (ready, ok) in [(true, Load::Ready), (false, Load::Failed)] {
        let (state, on_change) = (state.clone(), on_change.clone());
        let done = Closure::<dyn FnMut()>::new(move || {
            state.set(ok);
            on_change();
        });
        if ready {
            img.set_onload(Some(done.as_ref().unchecked_ref()));
        } else {
            img.set_onerror(Some(done.as_ref().unchecked_ref()));
        }
        done.forget();
    }
    img.set_src(url);
    TILES.with(|t| t.borrow_mut().insert(url.to_string(), (img.clone(), state)));
    Some((img, Load::Pending))
}

/// Draw the street-map tiles covering the view; `on_change` is called when a tile loads or
/// fails (to draw again). Returns how the street map stands.
pub fn draw_tiles(
    ctx: &CanvasRenderingContext2d,
    v: &Viewport,
    on_change: &Rc<dyn Fn()>,
) -> StreetStatus {
    let p = LocalTm::detroit();
    let b = v.visible();
    let corners = [
        [b.x_min, b.y_min],
        [b.x_max, b.y_max],
        [b.x_min, b.y_max],
        [b.x_max, b.y_min],
    ];
    let ll: Vec<(f64, f64)> = corners.iter().filter_map(|c| p.inverse(*c).ok()).collect();
    if ll.len() < 4 {
        return StreetStatus::Unavailable;
    }
    let bbox = ll.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |a, &(x, y)| [a[0].min(x), a[1].min(y), a[2].max(x), a[3].max(y)],
    );
    let lat = (bbox[1] + bbox[3]) / 2.0;
    let z = zoom_for(1.0 / v.scale, lat, CARTO_LIGHT.max_zoom);
    let mut failed = false;
    for (x, y) in tiles_covering(bbox, z, MAX_TILES) {
        let Some((img, state)) = tile(&tile_url(z, x, y), on_change) else {
            failed = true;
            continue;
        };
        match state {
            Load::Failed => failed = true,
            Load::Pending => {}
            Load::Ready => {
                let (w, n) = tile_corner(x, y, z);
                let (e, s) = tile_corner(x + 1, y + 1, z);
                let (Ok(nw), Ok(se)) = (p.forward(w, n), p.forward(e, s)) else {
                    continue;
                };
                let (x0, y0) = v.to_screen(nw[0], nw[1]);
                let (x1, y1) = v.to_screen(se[0], se[1]);
                let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                    &img,
                    x0,
                    y0,
                    x1 - x0,
                    y1 - y0,
                );
            }
        }
    }
    if failed {
        StreetStatus::Unavailable
    } else {
        StreetStatus::Shown
    }
}
