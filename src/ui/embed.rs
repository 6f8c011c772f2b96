//! Embed mode: tell the embedding page our height whenever it changes, in the two formats
//! newsroom embed scripts understand — AMP's `embed-size` message and pym.js's height string.

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

/// Post the current height to the parent window (both formats).
pub fn post_height() {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    let height = w
        .document()
        .and_then(|d| d.document_element())
        .map_or(0, |e| {
            e.scroll_height()
                .max(e.get_bounding_client_rect().height().ceil() as i32)
        });
    let amp = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&amp, &"sentinel".into(), &"amp".into());
    let _ = js_sys::Reflect::set(&amp, &"type".into(), &"embed-size".into());
    let _ = js_sys::Reflect::set(&amp, &"height".into(), &JsValue::from(height));
    let _ = parent.post_message(&amp, "*");
    let pym = format!("pymxPYMx{}xPYMxheightxPYMx{height}", pym_child_id());
    let _ = parent.post_message(&JsValue::from_str(&pym), "*");
}

/// Watch the document's size and post it on every change.
pub fn watch_height() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(|_entries: js_sys::Array| post_height());
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
    post_height();
}
