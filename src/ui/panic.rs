//! A readable error panel instead of a dead page: a panic hook that shows what happened,
//! with "Copy details" and "Reload" buttons. It uses plain DOM calls (no framework), because
//! after a panic the app's own state cannot be trusted; all text is set as text, never HTML.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Install the hook (also logs the panic to the console).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Show the error panel with `details` (idempotent: a second panic updates the text).
pub fn show(details: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let report = format!(
        "crimecast {} stopped with an internal error.\nPage: {}\nBrowser: {}\n\n{}",
        env!("CARGO_PKG_VERSION"),
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
        web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default(),
        details
    );
    if let Some(existing) = doc.get_element_by_id("panic-details") {
        existing.set_text_content(Some(&report));
        return;
    }
    let build = || -> Option<()> {
        let panel = doc.create_element("section").ok()?;
        panel.set_id("panic-panel");
        panel.set_class_name("panic");
        panel.set_attribute("role", "alert").ok()?;
        panel.set_attribute("data-testid", "panic-panel").ok()?;
        let h = doc.create_element("h2").ok()?;
        h.set_text_content(Some("Something went wrong inside crimecast"));
        let p = doc.create_element("p").ok()?;
        p.set_text_content(Some(
            "The page hit an internal error and stopped. Nothing was sent anywhere. You can reload to start again; \
             if it happens again, copy the details below into a bug report.",
        ));
        let pre = doc.create_element("pre").ok()?;
        pre.set_id("panic-details");
        pre.set_text_content(Some(&report));
        let copy = doc.create_element("button").ok()?;
        copy.set_attribute("type", "button").ok()?;
        copy.set_attribute("data-testid", "panic-copy").ok()?;
        copy.set_text_content(Some("Copy details"));
        let text = report.clone();
        let copy_el = copy.clone();
        let on_copy = Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
                copy_el.set_text_content(Some("Copied"));
            }
        });
        copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())
            .ok()?;
        on_copy.forget();
        let reload = doc.create_element("button").ok()?;
        reload.set_attribute("type", "button").ok()?;
        reload.set_text_content(Some("Reload the page"));
        let on_reload = Closure::<dyn FnMut()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        reload
            .add_event_listener_with_callback("click", on_reload.as_ref().unchecked_ref())
            .ok()?;
        on_reload.forget();
        for child in [&h, &p, &pre, &copy, &reload] {
            panel.append_child(child).ok()?;
        }
        body.insert_before(&panel, body.first_child().as_ref())
            .ok()?;
        Some(())
    };
    let _ = build();
}
