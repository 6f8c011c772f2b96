//! The map's view: which part of the projected plane (metres, x east, y north) is shown, and
//! the conversions between metres and canvas pixels (CSS pixels, y down).

use crate::analysis::spatial::grid::BBox;

/// Smallest zoom relative to the fitted view.
pub const MIN_ZOOM: f64 = 0.5;
/// Largest zoom relative to the fitted view.
pub const MAX_ZOOM: f64 = 64.0;
/// Zoom step of one key press or button click.
pub const ZOOM_STEP: f64 = 1.5;

/// A view of the plane on a canvas of `width` × `height` CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// x of the canvas centre, metres.
    pub cx: f64,
    /// y of the canvas centre, metres.
    pub cy: f64,
    /// Pixels per metre.
    pub scale: f64,
    /// Canvas width, CSS pixels.
    pub width: f64,
    /// Canvas height, CSS pixels.
    pub height: f64,
    /// Pixels per metre of the fitted ("home") view.
    pub home_scale: f64,
}

impl Viewport {
    /// The view that fits `extent` into the canvas with a small margin.
    pub fn fit(extent: &BBox, width: f64, height: f64) -> Viewport {
        let (w, h) = (width.max(1.0), height.max(1.0));
        let scale = 0.96 * (w / extent.width().max(1.0)).min(h / extent.height().max(1.0));
        Viewport {
            cx: (extent.x_min + extent.x_max) / 2.0,
            cy: (extent.y_min + extent.y_max) / 2.0,
            scale,
            width: w,
            height: h,
            home_scale: scale,
        }
    }

    /// Canvas pixel of a point in metres.
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.width / 2.0 + (x - self.cx) * self.scale,
            self.height / 2.0 - (y - self.cy) * self.scale,
        )
    }

    /// Point in metres under a canvas pixel.
    pub fn to_world(&self, px: f64, py: f64) -> (f64, f64) {
        (
            self.cx + (px - self.width / 2.0) / self.scale,
            self.cy - (py - self.height / 2.0) / self.scale,
        )
    }

    /// Move the view by a drag of (`dx`, `dy`) pixels (the map follows the pointer).
    pub fn pan_px(&mut self, dx: f64, dy: f64) {
        self.cx -= dx / self.scale;
        self.cy += dy / self.scale;
    }

    /// Zoom by `factor` keeping the point under pixel (`px`, `py`) in place; the zoom stays
    /// within [`MIN_ZOOM`]..=[`MAX_ZOOM`] of the fitted view.
    pub fn zoom_at(&mut self, factor: f64, px: f64, py: f64) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let (wx, wy) = self.to_world(px, py);
        let lo = self.home_scale * MIN_ZOOM;
        let hi = self.home_scale * MAX_ZOOM;
        self.scale = (self.scale * factor).clamp(lo, hi);
        self.cx = wx - (px - self.width / 2.0) / self.scale;
        self.cy = wy + (py - self.height / 2.0) / self.scale;
    }

    /// Zoom about the canvas centre.
    pub fn zoom(&mut self, factor: f64) {
        self.zoom_at(factor, self.width / 2.0, self.height / 2.0);
    }

    /// Zoom relative to the fitted view (1 = whole city).
    pub fn zoom_level(&self) -> f64 {
        self.scale / self.home_scale
    }

    /// A new canvas size, keeping the centre and the zoom level.
    pub fn resized(&self, extent: &BBox, width: f64, height: f64) -> Viewport {
        let home = Viewport::fit(extent, width, height);
        Viewport {
            cx: self.cx,
            cy: self.cy,
            scale: home.home_scale * self.zoom_level(),
            ..home
        }
    }

    /// The visible part of the plane, metres.
    pub fn visible(&self) -> BBox {
        let (x0, y1) = self.to_world(0.0, 0.0);
        let (x1, y0) = self.to_world(self.width, self.height);
        BBox {
            x_min: x0,
            y_min: y0,
            x_max: x1,
            y_max: y1,
        }
    }
}
