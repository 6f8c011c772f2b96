//! In-browser tests (wasm-bindgen-test in headless Chromium): the worker engine, URL state and
//! chart drawing run as WebAssembly against real browser APIs.
#![cfg(target_arch = "wasm32")]

use crimecast::data::clean::CleanRules;
use crimecast::data::filter::{Filter, Unit};
use crimecast::data::time::day_of;
use crimecast::ui::address_bar::UrlState;
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

#[wasm_bindgen_test]
fn map_view_round_trips_and_zooms_about_the_pointer() {
    use crimecast::analysis::spatial::grid::BBox;
    use crimecast::ui::map::view::{Viewport, MAX_ZOOM};
    let extent = BBox::new(-15_000.0, -12_000.0, 16_000.0, 11_000.0).unwrap();
    let mut v = Viewport::fit(&extent, 800.0, 500.0);
    assert!((v.zoom_level() - 1.0).abs() < 1e-12);
    let (px, py) = v.to_screen(1234.0, -567.0);
    let (x, y) = v.to_world(px, py);
    assert!((x - 1234.0).abs() < 1e-6 && (y + 567.0).abs() < 1e-6);
    // North is up: a point further north is higher on the canvas.
    assert!(v.to_screen(0.0, 1000.0).1 < v.to_screen(0.0, 0.0).1);
    let under = v.to_world(100.0, 50.0);
    v.zoom_at(3.0, 100.0, 50.0);
    let after = v.to_world(100.0, 50.0);
    assert!((under.0 - after.0).abs() < 1e-6 && (under.1 - after.1).abs() < 1e-6);
    assert!((v.zoom_level() - 3.0).abs() < 1e-12);
    v.zoom(1e9);
    assert!((v.zoom_level() - MAX_ZOOM).abs() < 1e-9);
    let before = v.to_world(0.0, 0.0);
    v.pan_px(10.0, 0.0);
    assert!(
        v.to_world(0.0, 0.0).0 < before.0,
        "dragging right shows what lies west"
    );
    let r = v.resized(&extent, 400.0, 500.0);
    assert!((r.zoom_level() - v.zoom_level()).abs() < 1e-9 && r.cx == v.cx);
}

#[wasm_bindgen_test]
fn map_scene_draws_the_city() {
    use crimecast::ui::map::layers::{draw_scene, Scene};
    use crimecast::ui::map::view::Viewport;
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(400);
    canvas.set_height(300);
    let ctx = crimecast::ui::map::draw::context(&canvas).unwrap();
    let geo = crimecast::ui::map::draw::geography();
    let mut b = crimecast::analysis::spatial::grid::BBox::new(0.0, 0.0, 0.0, 0.0).unwrap();
    for p in &geo.outline {
        b.x_min = b.x_min.min(p[0]);
        b.x_max = b.x_max.max(p[0]);
        b.y_min = b.y_min.min(p[1]);
        b.y_max = b.y_max.max(p[1]);
    }
    let v = Viewport::fit(&b, 400.0, 300.0);
    let layers = crimecast::url_state::MAP_LAYERS;
    draw_scene(
        &ctx,
        &v,
        &Scene {
            result: None,
            layers: &layers,
            density: None,
            crosshair: true,
            official: None,
            caption: "approximate outlines (drawn by crimecast)",
            under: None,
        },
    );
    let centre = ctx.get_image_data(200.0, 150.0, 1.0, 1.0).unwrap().data();
    let corner = ctx.get_image_data(2.0, 2.0, 1.0, 1.0).unwrap().data();
    assert_ne!(
        centre.to_vec(),
        corner.to_vec(),
        "the city is drawn over the background"
    );
    assert_eq!(geo.precincts.len(), 11);
}

#[wasm_bindgen_test]
fn lstm_trains_in_wasm_and_its_model_file_forecasts_identically() {
    use crimecast::worker::lstm::compare::SarimaxCache;
    use crimecast::worker::lstm::job::{import, TrainingJob};
    use crimecast::worker::lstm::WeeklySeries;
    use crimecast::worker::messages::{LstmSettings, ScoreKind};
    let first = day_of(2020, 1, 6).unwrap();
    // 168 weeks: just enough for these settings, too few for weekly SARIMAX (skipped).
    let n: usize = 168;
    let series = WeeklySeries {
        starts: (0..n).map(|t| first + 7 * t as i32).collect(),
        values: (0..n)
            .map(|t| {
                let t = t as f64;
                (1200.0 + 150.0 * (std::f64::consts::TAU * t / 52.0).sin() + (t * 7.3).sin() * 20.0)
                    .round()
            })
            .collect(),
        dropped_partial: (false, false),
    };
    let settings = LstmSettings {
        window: 4,
        units: vec![8],
        epochs: 3,
        patience: 3,
        seed: 2,
        seasonal_lag: 52,
        test_weeks: 52,
    };
    let clock = || js_sys::Date::now();
    let mut job = TrainingJob::new(series.clone(), settings, clock()).unwrap();
    let mut epochs = 0;
    while !job.is_done() {
        epochs += job.step(&clock, 0.0).unwrap().len();
    }
    assert_eq!(epochs, 3);
    let mut cache = SarimaxCache::default();
    let r = job.finish(&clock, &mut cache).unwrap();
    assert_eq!(r.mean.len(), 52);
    assert!(r.score(ScoreKind::SeasonalNaive).unwrap().metrics.is_some());
    let sarimax = r.score(ScoreKind::Sarimax).unwrap();
    assert!(sarimax.metrics.is_none());
    assert!(sarimax.note.as_deref().unwrap().contains("training weeks"));
    let back = import(&r.model_json, &series, 52, &clock, &mut cache).unwrap();
    assert_eq!(
        (back.mean, back.lower, back.upper),
        (r.mean, r.lower, r.upper)
    );
}
