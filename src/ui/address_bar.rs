//! Reading and writing the page's URL (the state itself lives in [`crate::url_state`]). This is
//! the only module that touches the address bar.

pub use crate::url_state::{Page, SourceChoice, UrlState};

/// The `debug` test hook of the current location (`panic` or `worker-panic`), if any.
pub fn debug_flag() -> Option<String> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    crate::url_state::parse_pairs(&search)
        .into_iter()
        .find(|(k, _)| k == "debug")
        .map(|(_, v)| v)
}

/// Whether the current location has no query string at all: the plain landing view.
pub fn is_plain() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| s.trim_start_matches('?').is_empty())
}

/// Read the state from the current location.
pub fn read() -> UrlState {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    UrlState::parse(&search)
}

/// Write the state to the address bar: `push` adds a history entry (for back/forward).
pub fn write(state: &UrlState, push: bool) {
    write_with_fragment(state, push, "");
}

/// The fragment of the current location without its `#` (a glossary anchor), or "".
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// [`write`], ending the address with `#fragment` (none when empty).
pub fn write_with_fragment(state: &UrlState, push: bool, fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let q = state.to_query();
    let path = w.location().pathname().unwrap_or_default();
    let mut url = if q.is_empty() {
        path
    } else {
        format!("{path}?{q}")
    };
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    if let Ok(h) = w.history() {
        let _ = if push {
            h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}
