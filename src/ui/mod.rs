//! The page: Leptos components, canvas charts and URL state. Runs on the main thread and
//! sends all heavy work to the Web Worker.
//!
//! - [`state`]: the page's state as small context structs (URL, data and load, analysis,
//!   point layer, LSTM run, notices, run records);
//! - [`worker`]: the Web Worker's page side (job ids, bridge, reply router, loads, files,
//!   requests);
//! - [`app`], [`components`], [`pages`]: the shell, shared pieces and one module per page;
//! - [`charts`], [`map`]: canvas drawing; [`address_bar`]: reading and writing the URL;
//! - [`explain`]: the "How this works" panels, glossary links and the first-visit tour;
//! - results in words come from [`crate::narrative`], shared with the command-line interface.
//!
//! # Numerics on the main thread: the one deliberate exception
//! Analyses run in the worker. The page calls the numerics itself only to recompute from a
//! result it already holds, so a control answers at once without a round trip:
//! - the allocation page re-ranks the Composite Risk Score
//!   ([`crate::analysis::risk::composite_risk`], [`crate::analysis::risk::momentum`]) from
//!   the fitted precincts when the weights or the trend window change
//!   (`pages/allocation/ranking.rs`);
//! - it recomputes the staffing patterns ([`crate::analysis::staffing`]) from the weekday ×
//!   hour counts in hand when the shifts, the window length or the area change
//!   (`pages/allocation/staffing.rs`);
//! - the map projects the pointer back to longitude/latitude
//!   ([`crate::analysis::spatial::projection::LocalTm`]) and names the nearest neighbourhood
//!   ([`crate::data::geography`]) for its tooltip, and projects the boundaries it draws
//!   ([`map::tooltip`], [`map::draw`]).
//!
//! Each works on small tables the worker already computed (11 precincts, 168-cell weekday ×
//! hour counts per area) or on one point; anything that reads the incident rows goes to the
//! worker.

pub mod address_bar;
pub mod app;
pub mod charts;
pub mod components;
pub mod deferred;
pub mod embed;
pub mod explain;
pub mod export;
pub mod format;
pub mod geo_export;
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
        Some("worker-hang") => worker::debug_hang_worker(),
        Some("worker-oom") => worker::debug_exhaust_worker(),
        Some(flag) if flag.starts_with("tiles:") => {
            map::basemap::override_template(&flag["tiles:".len()..]);
        }
        _ => {}
    }
}
