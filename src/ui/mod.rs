//! The page: Leptos components, canvas charts and URL state. Runs on the main thread and
//! sends all heavy work to the Web Worker.

pub mod app;
pub mod charts;
pub mod components;
pub mod format;
pub mod map;
pub mod pages;
pub mod state;
pub mod url_state;
pub mod worker_client;

/// Mount the app into the page body.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
