//! Horizontal bar chart of labelled counts.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::palette::{GRID, INK, OKABE_ITO};
use super::{err, fit};

/// Draw `items` (label, value) as horizontal bars, first on top.
pub fn draw(
    canvas: &HtmlCanvasElement,
    height: u32,
    items: &[(String, f64)],
) -> Result<(), String> {
    fit(canvas, height);
    let backend = super::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    if items.is_empty() {
        root.present().map_err(err)?;
        return Ok(());
    }
    let n = items.len() as i32;
    let max = items.iter().map(|i| i.1).fold(0.0, f64::max).max(1.0);
    let label_w = items.iter().map(|i| i.0.len()).max().unwrap_or(8).min(28) as u32 * 7 + 8;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(24)
        .x_label_area_size(24)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0.0..max * 1.05, n..0)
        .map_err(err)?;
    let cell_h = (f64::from(height) - 40.0) / f64::from(n);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .y_labels(items.len())
        .y_label_offset((cell_h / 2.0) as i32)
        .y_label_formatter(&|i| {
            items
                .get(*i as usize)
                .map(|x| x.0.chars().take(28).collect())
                .unwrap_or_default()
        })
        .x_label_formatter(&|v| crate::ui::format::thousands(*v as u64))
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    chart
        .draw_series(items.iter().enumerate().map(|(i, (_, v))| {
            let i = i as i32;
            let mut r = Rectangle::new([(0.0, i), (*v, i + 1)], OKABE_ITO[0].filled());
            r.set_margin(2, 2, 0, 0);
            r
        }))
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}
