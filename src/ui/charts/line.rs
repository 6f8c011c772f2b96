//! Line chart of a count series over days.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::palette::{GRID, INK, OKABE_ITO};
use super::{err, fit};
use crate::ui::format;

/// One line: label, colour index, points (day number, value).
pub struct Line<'a> {
    /// Legend label.
    pub label: &'a str,
    /// Palette index.
    pub color: usize,
    /// Points.
    pub points: &'a [(i32, f64)],
    /// Dashed (e.g. a forecast or a partial period).
    pub dashed: bool,
}

/// An optional band (day, lower, upper) drawn under the lines.
pub type Band<'a> = &'a [(i32, f64, f64)];

/// Draw lines (and an optional shaded band) over a shared day axis.
pub fn draw(
    canvas: &HtmlCanvasElement,
    height: u32,
    lines: &[Line<'_>],
    band: Option<Band<'_>>,
) -> Result<(), String> {
    draw_with(canvas, height, lines, band, &|d| format::day(*d))
}

/// Like [`draw`], with a custom label for x (a day number).
pub fn draw_with(
    canvas: &HtmlCanvasElement,
    height: u32,
    lines: &[Line<'_>],
    band: Option<Band<'_>>,
    x_label: &dyn Fn(&i32) -> String,
) -> Result<(), String> {
    let y_label = |v: &f64| format::thousands(v.max(0.0).round() as u64);
    let axes = Axes {
        x_label,
        y_label: &y_label,
        min_pad: 1.0,
        band_label: "95% band",
    };
    draw_axes(canvas, height, lines, band, &axes)
}

/// Axis labels and padding of a line chart.
pub struct Axes<'a> {
    /// Label of an x value.
    pub x_label: &'a dyn Fn(&i32) -> String,
    /// Label of a y value.
    pub y_label: &'a dyn Fn(&f64) -> String,
    /// Smallest padding above and below the data, in y units.
    pub min_pad: f64,
    /// Legend text of the band.
    pub band_label: &'a str,
}

/// Like [`draw`], with custom axis labels (e.g. epochs on x, a log-scale loss on y).
pub fn draw_axes(
    canvas: &HtmlCanvasElement,
    height: u32,
    lines: &[Line<'_>],
    band: Option<Band<'_>>,
    axes: &Axes<'_>,
) -> Result<(), String> {
    fit(canvas, height);
    let backend = super::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let xs = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .chain(band.unwrap_or(&[]).iter().map(|b| b.0));
    let (mut x0, mut x1) = (i32::MAX, i32::MIN);
    for x in xs {
        x0 = x0.min(x);
        x1 = x1.max(x);
    }
    if x0 > x1 {
        root.present().map_err(err)?;
        return Ok(());
    }
    let ys = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .chain(band.unwrap_or(&[]).iter().flat_map(|b| [b.1, b.2]));
    let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
    for y in ys.filter(|y| y.is_finite()) {
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let pad = ((y1 - y0) * 0.08).max(axes.min_pad);
    let (y0, y1) = ((y0 - pad).min(0.0f64.max(y0 - pad)), y1 + pad);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(28)
        .y_label_area_size(56)
        .build_cartesian_2d(x0..x1.max(x0 + 1), y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(axes.x_label)
        .y_label_formatter(axes.y_label)
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    if let Some(band) = band {
        let c = OKABE_ITO[0].mix(0.18);
        let mut poly: Vec<(i32, f64)> = band.iter().map(|b| (b.0, b.2)).collect();
        poly.extend(band.iter().rev().map(|b| (b.0, b.1)));
        chart
            .draw_series(std::iter::once(Polygon::new(poly, c.filled())))
            .map_err(err)?;
    }
    for l in lines {
        let color = OKABE_ITO[l.color % OKABE_ITO.len()];
        let style = ShapeStyle::from(&color).stroke_width(2);
        if l.dashed {
            chart
                .draw_series(DashedLineSeries::new(l.points.iter().copied(), 6, 4, style))
                .map_err(err)?;
        } else {
            chart
                .draw_series(LineSeries::new(l.points.iter().copied(), style))
                .map_err(err)?;
        }
    }
    if lines.len() > 1 || band.is_some() {
        // A hand-placed legend (plotters' own measures text with a styled <span>, which the
        // page's Content-Security-Policy forbids).
        let (w, _) = root.dim_in_pixel();
        let font = ("sans-serif", 12).into_font().color(&INK);
        let longest = lines.iter().map(|l| l.label.len()).max().unwrap_or(4) as i32;
        let x0 = w as i32 - 40 - longest * 7;
        let rows = lines.len() as i32 + i32::from(band.is_some());
        root.draw(&Rectangle::new(
            [(x0 - 6, 10), (w as i32 - 22, 14 + 16 * rows)],
            WHITE.mix(0.85).filled(),
        ))
        .map_err(err)?;
        for (k, l) in lines.iter().enumerate() {
            let y = 20 + 16 * k as i32;
            let color = OKABE_ITO[l.color % OKABE_ITO.len()];
            root.draw(&PathElement::new(
                vec![(x0, y), (x0 + 16, y)],
                ShapeStyle::from(&color).stroke_width(2),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                l.label.to_string(),
                (x0 + 22, y - 6),
                font.clone(),
            ))
            .map_err(err)?;
        }
        if band.is_some() {
            let y = 20 + 16 * lines.len() as i32;
            root.draw(&Rectangle::new(
                [(x0, y - 5), (x0 + 16, y + 5)],
                OKABE_ITO[0].mix(0.18).filled(),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                axes.band_label.to_string(),
                (x0 + 22, y - 6),
                font,
            ))
            .map_err(err)?;
        }
    }
    root.present().map_err(err)?;
    Ok(())
}
