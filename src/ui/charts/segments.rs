//! Horizontal bars made of several segments: stacked (the parts of a total, e.g. a score's
//! two terms) or side by side (e.g. two models' errors). Okabe–Ito colours and a hand-placed
//! legend (plotters' own would measure text with a styled `<span>`, which the page's
//! Content-Security-Policy forbids).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use super::palette::{GRID, INK, OKABE_ITO};
use super::{err, fit};

/// The bars: one label per row, one value per series.
pub struct Segments<'a> {
    /// Row labels, first on top.
    pub labels: &'a [String],
    /// Series names (legend), in segment order.
    pub series: &'a [&'a str],
    /// `values[row][series]`.
    pub values: &'a [Vec<f64>],
    /// Stack the segments (else draw them side by side).
    pub stacked: bool,
    /// Axis label formatter.
    pub format: &'a dyn Fn(f64) -> String,
}

/// Draw `s` into `canvas`.
pub fn draw(canvas: &HtmlCanvasElement, height: u32, s: &Segments<'_>) -> Result<(), String> {
    let (w, _) = fit(canvas, height);
    let backend = super::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let n = s.labels.len();
    if n == 0 || s.series.is_empty() {
        root.present().map_err(err)?;
        return Ok(());
    }
    let k = s.series.len();
    let row_max = |v: &Vec<f64>| {
        let clean = v
            .iter()
            .map(|x| if x.is_finite() { x.max(0.0) } else { 0.0 });
        if s.stacked {
            clean.sum::<f64>()
        } else {
            clean.fold(0.0, f64::max)
        }
    };
    let max = s.values.iter().map(row_max).fold(0.0, f64::max);
    let max = if max > 0.0 { max * 1.05 } else { 1.0 };
    let label_w = s.labels.iter().map(|l| l.len()).max().unwrap_or(4).min(24) as u32 * 7 + 10;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_top(8 + 18)
        .margin_right(20)
        .x_label_area_size(24)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0.0..max, 0.0..n as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .y_labels(0)
        .x_label_formatter(&|v| (s.format)(*v))
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    // Row labels at the middle of each row, right-aligned against the axis.
    let label_style = ("sans-serif", 12)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    chart
        .draw_series(s.labels.iter().enumerate().map(|(row, l)| {
            let y = (n - row) as f64 - 0.5;
            EmptyElement::at((0.0, y))
                + Text::new(
                    l.chars().take(24).collect::<String>(),
                    (-6, 0),
                    label_style.clone(),
                )
        }))
        .map_err(err)?;
    let mut rects = Vec::with_capacity(n * k);
    for (row, vals) in s.values.iter().enumerate().take(n) {
        let top = (n - row) as f64 - 0.12;
        let bottom = (n - 1 - row) as f64 + 0.12;
        let mut x = 0.0;
        for (j, v) in vals.iter().enumerate().take(k) {
            let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
            let color = OKABE_ITO[j % OKABE_ITO.len()];
            let r = if s.stacked {
                let r = Rectangle::new([(x, bottom), (x + v, top)], color.filled());
                x += v;
                r
            } else {
                let h = (top - bottom) / k as f64;
                let b = top - h * (j + 1) as f64;
                Rectangle::new([(0.0, b), (v, b + h)], color.filled())
            };
            rects.push(r);
        }
    }
    chart.draw_series(rects).map_err(err)?;
    let font = ("sans-serif", 12).into_font().color(&INK);
    let mut x = label_w as i32 + 8;
    for (j, name) in s.series.iter().enumerate() {
        let color = OKABE_ITO[j % OKABE_ITO.len()];
        root.draw(&Rectangle::new([(x, 8), (x + 14, 20)], color.filled()))
            .map_err(err)?;
        root.draw(&Text::new(name.to_string(), (x + 20, 8), font.clone()))
            .map_err(err)?;
        x += 34 + 7 * name.len() as i32;
        if x > w as i32 - 40 {
            break;
        }
    }
    root.present().map_err(err)?;
    Ok(())
}
