//! In-browser tests (wasm-bindgen-test in headless Chromium): the worker engine, URL state and
//! chart drawing run as WebAssembly against real browser APIs.
#![cfg(target_arch = "wasm32")]

use crimecast::data::clean::CleanRules;
use crimecast::data::filter::{Filter, Unit};
use crimecast::data::time::day_of;
use crimecast::ui::url_state::UrlState;
use crimecast::worker::engine::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn engine_generates_cleans_and_aggregates_in_wasm() {
    let mut e = Engine::new();
    let rules = CleanRules {
        first_day: day_of(2026, 8, 1).unwrap(),
        ..CleanRules::default()
    };
    e.demo_begin(1, 2016, rules);
    while !e.demo_step(1, 2).unwrap().finished {}
    let d = e.describe().unwrap();
    assert!(d.quality.balances());
    assert!(
        d.quality.kept > 15_000,
        "three months of rows, got {}",
        d.quality.kept
    );
    let all = e
        .overview(&Filter {
            unit: Unit::Offenses,
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(all.total, d.quality.kept);
    let p08 = e
        .overview(&Filter {
            precincts: vec![8],
            ..Filter::default()
        })
        .unwrap();
    assert!(p08.total > 0 && p08.total < all.total);
    assert_eq!(p08.heatmap.iter().sum::<u64>(), p08.total);
}

#[wasm_bindgen_test]
fn url_state_round_trips_and_ignores_junk() {
    let s = UrlState::parse("?src=demo&from=2025-01-01&to=2025-03-31&cat=LARCENY,ARSON&pct=08,HP,12&unit=offenses&res=daily");
    assert_eq!(s.categories, vec!["LARCENY", "ARSON"]);
    assert_eq!(s.precincts, vec![8, 12]);
    assert_eq!(s.unit, Unit::Offenses);
    assert_eq!(UrlState::parse(&s.to_query()), s);
    let junk = UrlState::parse("?from=yesterday&years=999&api=javascript:alert(1)&pct=<script>");
    assert_eq!(junk, UrlState::default());
}

#[wasm_bindgen_test]
fn heatmap_draws_on_a_canvas() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let wrap = doc.create_element("div").unwrap();
    wrap.set_attribute("style", "width:600px").unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        doc.create_element("canvas").unwrap().dyn_into().unwrap();
    wrap.append_child(&canvas).unwrap();
    doc.body().unwrap().append_child(&wrap).unwrap();
    let counts: Vec<u64> = (0..168).map(|i| (i % 24) as u64).collect();
    crimecast::ui::charts::heatmap::draw(&canvas, 200, &counts).unwrap();
    assert_eq!(canvas.width(), 600);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let px = ctx.get_image_data(300.0, 100.0, 1.0, 1.0).unwrap().data();
    assert!(
        px[0] != 255 || px[1] != 255 || px[2] != 255,
        "the cell area is painted"
    );
}
