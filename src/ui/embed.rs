//! Embed mode: tell the embedding page our height whenever it changes, in the three formats
//! embed scripts understand — AMP's `embed-size` message, pym.js's height string and
//! Datawrapper's `{"datawrapper-height": {"<id>": <px>}}` — which crimecast's own `embed.js`
//! (in `public/`) reads too.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The pym.js child id given by the parent in the `childId` query parameter.
fn pym_child_id() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    crate::url_state::parse_pairs(&search)
        .into_iter()
        .find(|(k, _)| k == "childId")
        .map(|(_, v)| {
            v.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .unwrap_or_default()
}

/// The height of the content: the root element's box, which follows the content (the
/// document's scroll height never drops below the frame's own height, so it could not
/// shrink).
fn content_height(w: &web_sys::Window) -> i32 {
    w.document()
        .and_then(|d| d.document_element())
        .map_or(0, |e| e.get_bounding_client_rect().height().ceil() as i32)
}

/// Post the current height to the parent window (all three formats); `id` names the embedded
/// element (or view) in the Datawrapper form.
pub fn post_height(id: &str) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    let height = content_height(&w);
    let amp = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&amp, &"sentinel".into(), &"amp".into());
    let _ = js_sys::Reflect::set(&amp, &"type".into(), &"embed-size".into());
    let _ = js_sys::Reflect::set(&amp, &"height".into(), &JsValue::from(height));
    let _ = parent.post_message(&amp, "*");
    let pym = format!("pymxPYMx{}xPYMxheightxPYMx{height}", pym_child_id());
    let _ = parent.post_message(&JsValue::from_str(&pym), "*");
    let sizes = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&sizes, &JsValue::from_str(id), &JsValue::from(height));
    let dw = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&dw, &"datawrapper-height".into(), &sizes);
    let _ = parent.post_message(&dw, "*");
}

/// Watch the document's size and post it on every change (ResizeObserver).
pub fn watch_height(id: &'static str) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let cb =
        Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| post_height(id));
    if let Ok(observer) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        observer.observe(&root);
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            observer.observe(&body);
        }
        std::mem::forget(observer);
    }
    cb.forget();
    post_height(id);
}
