//! The nearest-layer distances and the OPTICS layer of the hotspot analysis.

use super::*;
use crate::analysis::spatial::nearest::{distance, percentiles};
use crate::analysis::spatial::points::Point;
use crate::data::demo::{Demo, DemoConfig};
use crate::data::point_layer::PointLayer;
use crate::worker::messages::{OpticsLayer, OPTICS_MAX_POINTS, RANDOM_PLACES};

fn demo_points(days: i32) -> Vec<Point> {
    let demo = Demo::new(DemoConfig::default());
    let first = demo.config().first_day;
    let tm = LocalTm::detroit();
    let mut out = Vec::new();
    demo.generate(first, first + days - 1, &mut |r| {
        if let (Some(lon), Some(lat)) = (r.longitude, r.latitude) {
            if let Ok(p) = tm.forward(lon, lat) {
                out.push(p);
            }
        }
    });
    out
}

#[test]
fn incident_distances_match_brute_force_and_random_places_fill_the_city() {
    let proj = LocalTm::detroit();
    let layer = demo_liquor_stores(DEMO_LAYER_SEED);
    let xy = demo_points(30);
    let d = distances::nearest_distances(&layer, &xy, &proj, 2016)
        .unwrap()
        .unwrap();
    let stores: Vec<Point> = layer
        .lon
        .iter()
        .zip(&layer.lat)
        .map(|(lon, lat)| proj.forward(*lon, *lat).unwrap())
        .collect();
    let brute: Vec<f64> = xy
        .iter()
        .map(|p| {
            stores
                .iter()
                .map(|s| distance(*s, *p))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let want = percentiles(&brute);
    assert_eq!(d.incident_percentiles.len(), 101);
    for (a, b) in d.incident_percentiles.iter().zip(&want) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
    assert_eq!(
        (d.incidents, d.random, d.seed),
        (xy.len(), RANDOM_PLACES, 2016)
    );
    // The random places lie in the city.
    let area = city_area(&proj);
    let random = area.random_points(RANDOM_PLACES, 2016).unwrap();
    assert!(random.iter().all(|p| area.contains(*p)));
    // Percentiles rise and the random places' median is in metres of a city block or more.
    assert!(d.random_percentiles.windows(2).all(|w| w[0] <= w[1]));
    assert!(d.random_percentiles[50] > 50.0);
    let empty = PointLayer {
        name: "empty".into(),
        synthetic: false,
        lon: Vec::new(),
        lat: Vec::new(),
        rows: 0,
        skipped: 0,
    };
    let none = distances::nearest_distances(&empty, &xy, &proj, 1).unwrap();
    assert!(none.is_none());
}

#[test]
fn optics_gathers_single_locations_at_a_larger_radius() {
    let proj = LocalTm::detroit();
    let xy = demo_points(60);
    let small = HotspotSpec {
        optics_eps_m: 100.0,
        ..HotspotSpec::default()
    };
    let large = HotspotSpec {
        optics_eps_m: 800.0,
        ..HotspotSpec::default()
    };
    let t = std::time::Instant::now();
    let a = optics::optics(&xy, &proj, &small).unwrap().unwrap();
    let b = optics::optics(&xy, &proj, &large).unwrap().unwrap();
    eprintln!("two OPTICS runs on {} points: {:?}", a.sample, t.elapsed());
    for o in [&a, &b] {
        assert_eq!(o.sample, xy.len().min(OPTICS_MAX_POINTS));
        assert_eq!(o.reachability.len(), o.sample);
        assert_eq!(o.labels.len(), o.sample);
        assert_eq!(o.max_eps_m, max_eps_for(o.eps_m));
        let in_clusters: usize = o.labels.iter().filter(|&&l| l >= 0).count();
        assert_eq!(in_clusters + o.noise, o.sample);
        let ranked: Vec<usize> = o.clusters.iter().map(|c| c.size).collect();
        assert!(ranked.windows(2).all(|w| w[0] >= w[1]));
        assert!(o.clusters.iter().all(|c| c.sites >= 1 && c.sites <= c.size));
    }
    // A larger radius gathers locations: fewer single-location clusters among its clusters.
    let share = |o: &OpticsLayer| o.single_site as f64 / o.n_clusters.max(1) as f64;
    assert!(share(&b) < share(&a), "{} vs {}", share(&b), share(&a));
    assert!(b.clusters[0].sites > 1);
}

#[test]
fn optics_needs_two_points() {
    let proj = LocalTm::detroit();
    let spec = HotspotSpec::default();
    assert!(optics::optics(&[[0.0, 0.0]], &proj, &spec)
        .unwrap()
        .is_none());
}
