//! The page: Leptos components, canvas charts and URL state. Runs on the main thread and
//! sends all heavy work to the Web Worker.

pub mod address_bar;
pub mod app;
pub mod charts;
pub mod components;
pub mod deferred;
pub mod embed;
pub mod export;
pub mod format;
pub mod idb;
pub mod map;
pub mod pages;
pub mod panic;
pub mod record;
pub mod state;
pub mod worker;

/// Mount the app into the page body.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
    match address_bar::debug_flag().as_deref() {
        Some("panic") => panic!("the page was asked to crash (debug=panic)"),
        Some("worker-panic") => worker::debug_crash_worker(),
        _ => {}
    }
}
