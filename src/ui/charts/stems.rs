//! Stem chart of autocorrelations by lag, with the ±bound drawn dashed.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::palette::{GRID, INK, OKABE_ITO};
use super::{err, fit};

/// Draw `values[k]` for lags k = 1.. (lag 0 is skipped) with a ±`bound` band.
pub fn draw(
    canvas: &HtmlCanvasElement,
    height: u32,
    values: &[f64],
    bound: f64,
) -> Result<(), String> {
    fit(canvas, height);
    let backend = super::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let n = values.len().saturating_sub(1) as i32;
    if n < 1 {
        root.present().map_err(err)?;
        return Ok(());
    }
    let top = values
        .iter()
        .skip(1)
        .fold(bound, |a, v| a.max(v.abs()))
        .clamp(0.1, 1.0)
        * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(24)
        .y_label_area_size(40)
        .build_cartesian_2d(0..n + 1, -top..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(12)
        .y_labels(5)
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    let dash = ShapeStyle::from(&OKABE_ITO[3]).stroke_width(1);
    for b in [bound, -bound] {
        chart
            .draw_series(DashedLineSeries::new([(0, b), (n + 1, b)], 5, 4, dash))
            .map_err(err)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0, 0.0), (n + 1, 0.0)],
            INK,
        )))
        .map_err(err)?;
    let stem = ShapeStyle::from(&OKABE_ITO[0]).stroke_width(3);
    chart
        .draw_series(
            values
                .iter()
                .enumerate()
                .skip(1)
                .map(|(k, v)| PathElement::new(vec![(k as i32, 0.0), (k as i32, *v)], stem)),
        )
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}
