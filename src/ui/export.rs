//! Downloads: tables as CSV, charts as PNG, the whole analysis as JSON. Every export carries
//! the ethics note and the data source.

use wasm_bindgen::JsCast;

use super::app::ETHICS;
use super::charts::frame::TableData;

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

/// Offer `blob` as a download named `name`.
fn download_blob(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url =
        web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "cannot create a download")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
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

/// Download a chart as PNG with a footer carrying the ethics note and source.
pub fn download_png(
    canvas: &web_sys::HtmlCanvasElement,
    name: &str,
    source: &str,
) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let out: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    let (w, h) = (canvas.width(), canvas.height());
    let footer = 44;
    out.set_width(w);
    out.set_height(h + footer);
    let ctx: web_sys::CanvasRenderingContext2d = out
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("no 2D context")?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h + footer));
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
    let data = out
        .to_data_url_with_type("image/png")
        .map_err(|_| "cannot encode the PNG")?;
    let doc_a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    doc_a.set_href(&data);
    doc_a.set_download(name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&doc_a);
        doc_a.click();
        let _ = body.remove_child(&doc_a);
    }
    Ok(())
}
