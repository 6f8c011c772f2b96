//! Downloads: tables as CSV, charts and maps as PNG, spatial results as GeoJSON, the whole
//! analysis as JSON. Every export carries
//! the ethics note and the data source.

use leptos::prelude::GetUntracked;
use wasm_bindgen::JsCast;

use super::app::ETHICS;
use super::charts::frame::TableData;
use super::geo_export::{file_name, ExportMeta, Table};

/// The line heading every export.
pub fn provenance(source: &str) -> String {
    let url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    format!(
        "crimecast {} — {ETHICS} Source: {source}. View: {url}",
        env!("CARGO_PKG_VERSION")
    )
}

fn csv_field(s: &str) -> String {
    // Quote when needed; neutralise spreadsheet formulas (a cell starting with = + - @).
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A table as CSV text, preceded by a `#` provenance line.
pub fn to_csv(table: &TableData, source: &str) -> String {
    let mut out = format!("# {}\n", provenance(source).replace('\n', " "));
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
    };
    out.push_str(&line(&table.header));
    out.push('\n');
    for r in &table.rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

/// The page's document.
fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_string())
}

/// Click a hidden link that downloads `href` as `name`.
fn click_download(doc: &web_sys::Document, href: &str, name: &str) -> Result<(), String> {
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(href);
    a.set_download(name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    Ok(())
}

/// A white canvas of `width` × `height` pixels and its 2D context, to draw an export on.
fn white_canvas(
    doc: &web_sys::Document,
    width: u32,
    height: u32,
) -> Result<
    (
        web_sys::HtmlCanvasElement,
        web_sys::CanvasRenderingContext2d,
    ),
    String,
> {
    let out: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    out.set_width(width);
    out.set_height(height);
    let ctx: web_sys::CanvasRenderingContext2d = out
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("no 2D context")?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    Ok((out, ctx))
}

/// Offer `canvas` as a PNG download named `name`.
fn download_canvas(
    doc: &web_sys::Document,
    canvas: &web_sys::HtmlCanvasElement,
    name: &str,
) -> Result<(), String> {
    let data = canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| "cannot encode the PNG")?;
    click_download(doc, &data, name)
}

/// Offer `blob` as a download named `name`.
fn download_blob(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let url =
        web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "cannot create a download")?;
    let done = click_download(&document()?, &url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
    done
}

/// Download `text` as a file.
pub fn download_text(text: &str, name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot build the file")?;
    download_blob(&blob, name)
}

/// Download `bytes` as a file.
pub fn download_bytes(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot build the file")?;
    download_blob(&blob, name)
}

/// Download a chart as PNG with a footer carrying the ethics note and source.
pub fn download_png(
    canvas: &web_sys::HtmlCanvasElement,
    name: &str,
    source: &str,
) -> Result<(), String> {
    let doc = document()?;
    let (w, h) = (canvas.width(), canvas.height());
    let footer = 44;
    let (out, ctx) = white_canvas(&doc, w, h + footer)?;
    ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)
        .map_err(|_| "cannot copy the chart")?;
    ctx.set_fill_style_str("#212529");
    ctx.set_font("11px sans-serif");
    let _ = ctx.fill_text(ETHICS, 8.0, f64::from(h) + 16.0);
    let _ = ctx.fill_text(
        &format!("Source: {source} · crimecast"),
        8.0,
        f64::from(h) + 34.0,
    );
    download_canvas(&doc, &out, name)
}

thread_local! {
    /// When this page first saw each complete dataset (keyed by source and rows read).
    static SEEN: std::cell::RefCell<Vec<(String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// When the data were retrieved, ISO 8601 UTC: the page does not get the server's date, so
/// this is when the page first saw the complete dataset (its load time).
pub fn retrieved(d: &crate::worker::messages::Dataset) -> String {
    let key = format!("{}|{}", d.source.label(), d.quality.read);
    SEEN.with(|s| {
        let mut s = s.borrow_mut();
        if let Some((_, t)) = s.iter().find(|(k, _)| *k == key) {
            return t.clone();
        }
        let now: String = js_sys::Date::new_0().to_iso_string().into();
        s.push((key, now.clone()));
        now
    })
}

/// Note the load time of `d` when complete (call when a dataset arrives).
pub fn note_loaded(d: &crate::worker::messages::Dataset) {
    if d.complete {
        let _ = retrieved(d);
    }
}

/// What an export of `view` says about itself, from the page's data state.
pub fn meta(view: &str, data: &crate::ui::state::DataState) -> ExportMeta {
    let d = data.dataset.get_untracked();
    ExportMeta {
        view: view.to_string(),
        source: d
            .as_ref()
            .map_or_else(|| "unknown".to_string(), |d| d.source.label()),
        retrieved: d.as_ref().map(retrieved).unwrap_or_default(),
        ethics: ETHICS.to_string(),
        url: web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
    }
}

/// Download a GeoJSON text named after the view and the retrieval date.
pub fn download_geojson(text: &str, meta: &ExportMeta) -> Result<(), String> {
    download_text(text, &file_name(meta, "geojson"), "application/geo+json")
}

/// Download a table as CSV named after the view and the retrieval date; `note` follows the
/// provenance line as a `#` comment.
pub fn download_table(table: &Table, meta: &ExportMeta, note: &str) -> Result<(), String> {
    let data = TableData {
        header: table.header.clone(),
        rows: table.rows.clone(),
    };
    let mut text = to_csv(&data, &meta.source);
    let body = text.split_off(text.find('\n').map_or(0, |i| i + 1));
    text.push_str(&format!("# Data retrieved (loaded): {}\n", meta.retrieved));
    if !note.is_empty() {
        text.push_str(&format!("# {}\n", note.replace('\n', " ")));
    }
    text.push_str(&body);
    download_text(&text, &file_name(meta, "csv"), "text/csv")
}

/// Download a map canvas as PNG with its title, a legend column (colour, text) and a footer
/// with the source, the retrieval date and the ethics line.
pub fn download_map_png(
    canvas: &web_sys::HtmlCanvasElement,
    title: &str,
    legend: &[(String, String)],
    meta: &ExportMeta,
) -> Result<(), String> {
    let doc = document()?;
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let css_w = f64::from(canvas.client_width().max(1));
    let k = (w / css_w).max(1.0);
    let (head, side, foot) = (34.0 * k, 300.0 * k, 62.0 * k);
    let height = (h + head + foot).max(head + 24.0 * k * legend.len() as f64 + foot);
    let (out, ctx) = white_canvas(&doc, (w + side) as u32, height as u32)?;
    ctx.set_fill_style_str("#212529");
    ctx.set_font(&format!("bold {}px sans-serif", (16.0 * k).round()));
    let _ = ctx.fill_text(title, 8.0 * k, 22.0 * k);
    ctx.draw_image_with_html_canvas_element(canvas, 0.0, head)
        .map_err(|_| "cannot copy the map")?;
    ctx.set_font(&format!("{}px sans-serif", (12.0 * k).round()));
    let x = w + 12.0 * k;
    let _ = ctx.fill_text("Legend", x, head + 14.0 * k);
    for (i, (color, text)) in legend.iter().enumerate() {
        let y = head + (36.0 + 22.0 * i as f64) * k;
        if !color.is_empty() {
            ctx.set_fill_style_str(color);
            ctx.fill_rect(x, y - 11.0 * k, 16.0 * k, 12.0 * k);
            ctx.set_stroke_style_str("#495057");
            ctx.stroke_rect(x, y - 11.0 * k, 16.0 * k, 12.0 * k);
        }
        ctx.set_fill_style_str("#212529");
        let _ = ctx.fill_text_with_max_width(text, x + 22.0 * k, y, side - 40.0 * k);
    }
    let base = h + head;
    let lines = [
        format!("Source: {} · crimecast", meta.source),
        format!("Data retrieved (loaded): {}", meta.retrieved),
        meta.ethics.clone(),
    ];
    for (i, l) in lines.iter().enumerate() {
        let _ = ctx.fill_text(l, 8.0 * k, base + (18.0 + 18.0 * i as f64) * k);
    }
    download_canvas(&doc, &out, &file_name(meta, "png"))
}
