//! The 24 × 7 hour-by-weekday heatmap.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::palette::{viridis, INK};
use super::{err, fit};
use crate::ui::format::WEEKDAYS_SHORT;

/// Draw `counts` (index `weekday * 24 + hour`, Monday first).
pub fn draw(canvas: &HtmlCanvasElement, height: u32, counts: &[u64]) -> Result<(), String> {
    let (w, _) = fit(canvas, height);
    let backend = super::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(28)
        .y_label_area_size(44)
        .build_cartesian_2d(0i32..24i32, 0i32..7i32)
        .map_err(err)?;
    let cell_w = (f64::from(w) - 68.0) / 24.0;
    let cell_h = (f64::from(height) - 44.0) / 7.0;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(12)
        .y_labels(7)
        .x_label_offset((cell_w / 2.0) as i32)
        .y_label_offset((-cell_h / 2.0) as i32)
        .x_label_formatter(&|h| format!("{h:02}"))
        .y_label_formatter(&|d| {
            WEEKDAYS_SHORT
                .get((6 - *d) as usize)
                .copied()
                .unwrap_or("")
                .to_string()
        })
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    chart
        .draw_series((0..7).flat_map(|d| {
            (0..24).map(move |h| {
                let v = counts.get((d * 24 + h) as usize).copied().unwrap_or(0) as f64;
                Rectangle::new([(h, 6 - d), (h + 1, 7 - d)], viridis(v / max).filled())
            })
        }))
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}
