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

/// Read the state from the current location.
pub fn read() -> UrlState {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    UrlState::parse(&search)
}

/// Write the state to the address bar: `push` adds a history entry (for back/forward).
pub fn write(state: &UrlState, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let q = state.to_query();
    let path = w.location().pathname().unwrap_or_default();
    let url = if q.is_empty() {
        path
    } else {
        format!("{path}?{q}")
    };
    if let Ok(h) = w.history() {
        let _ = if push {
            h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}
