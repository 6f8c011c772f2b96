//! Canvas charts (plotters-canvas). A chart takes data and a canvas and only draws; the
//! [`frame::ChartFrame`] component adds the accessible name, a caption and a table view.

pub mod backend;
pub mod bars;
pub mod frame;
pub mod heatmap;
pub mod line;
pub mod palette;
pub mod scatter;
pub mod segments;
pub mod stems;

use web_sys::HtmlCanvasElement;

/// Size the canvas to its container's width (and the given height) before drawing.
pub fn fit(canvas: &HtmlCanvasElement, height: u32) -> (u32, u32) {
    let width = canvas
        .parent_element()
        .map(|p| p.client_width().max(280) as u32)
        .unwrap_or(640);
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    (width, height)
}

/// Turn any drawing error into text.
pub fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}
