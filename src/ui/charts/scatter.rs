//! Scatter plot of two per-cell counts (e.g. liquor stores vs incidents), with the mean of y
//! for each x value drawn as a line.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::palette::{GRID, INK, OKABE_ITO};
use super::{err, fit};

/// Draw `pairs` (x, y) with axis descriptions. x values are small integers; points are
/// spread sideways by a fixed, deterministic offset so stacks stay visible.
pub fn draw(
    canvas: &HtmlCanvasElement,
    height: u32,
    pairs: &[(u32, u32)],
    x_desc: &str,
    y_desc: &str,
) -> Result<(), String> {
    fit(canvas, height);
    let backend = super::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let x_max = pairs.iter().map(|p| p.0).max().unwrap_or(1).max(1);
    let y_max = pairs.iter().map(|p| p.1).max().unwrap_or(1).max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(
            -0.5f64..f64::from(x_max) + 0.5,
            0f64..f64::from(y_max) * 1.05,
        )
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels((x_max as usize + 1).min(12))
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-9 && *v >= 0.0 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| crate::ui::format::thousands(v.max(0.0).round() as u64))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_desc_style(("sans-serif", 13).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    let jitter = |k: usize| ((k.wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0 - 0.5) * 0.5;
    chart
        .draw_series(pairs.iter().enumerate().map(|(k, (x, y))| {
            Circle::new(
                (f64::from(*x) + jitter(k), f64::from(*y)),
                2,
                OKABE_ITO[0].mix(0.35).filled(),
            )
        }))
        .map_err(err)?;
    let mut sums = vec![(0.0f64, 0u32); x_max as usize + 1];
    for (x, y) in pairs {
        let s = &mut sums[*x as usize];
        s.0 += f64::from(*y);
        s.1 += 1;
    }
    let means: Vec<(f64, f64)> = sums
        .iter()
        .enumerate()
        .filter(|(_, s)| s.1 > 0)
        .map(|(x, s)| (x as f64, s.0 / f64::from(s.1)))
        .collect();
    let style = ShapeStyle::from(&OKABE_ITO[3]).stroke_width(3);
    chart
        .draw_series(LineSeries::new(means.iter().copied(), style))
        .map_err(err)?;
    chart
        .draw_series(
            means
                .iter()
                .map(|p| Circle::new(*p, 4, OKABE_ITO[3].filled())),
        )
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}
