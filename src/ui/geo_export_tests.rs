//! The GeoJSON and CSV builders: valid GeoJSON parsed back (closed counter-clockwise rings in
//! longitude, latitude order, at the right places) and tables matching the layers.

use super::*;
use crate::data::geography::precinct_areas;
use crate::worker::messages::{Cluster, Place};

fn meta(view: &str) -> ExportMeta {
    ExportMeta {
        view: view.into(),
        source: "synthetic demo data".into(),
        retrieved: "2026-12-05T07:30:00Z".into(),
        ethics: "Reported incidents, not crime rates — for insight, not for targeting people."
            .into(),
        url: "http://127.0.0.1/?src=demo&page=hotspots".into(),
    }
}

/// A 3 × 2 Gi* grid of 500 m cells south-west of downtown; cell 4 is outside the study.
fn gi() -> (GiLayer, LocalTm) {
    let proj = LocalTm::detroit();
    let o = proj.forward(-83.06, 42.32).unwrap();
    let n = 6;
    let gi = GiLayer {
        x0: o[0],
        y0: o[1],
        cell: 500.0,
        rows: 2,
        cols: 3,
        study: vec![true, true, true, true, false, true],
        counts: vec![1, 2, 3, 40, 0, 6],
        z: vec![Some(-1.2), Some(0.1), None, Some(3.4), None, Some(0.5)],
        p: vec![Some(0.23), Some(0.92), None, Some(0.0007), None, Some(0.6)],
        bins: vec![0, 0, 0, 3, 0, 0],
        p_sim: None,
        study_cells: 5,
        n_undefined: 1,
        contiguity: crate::analysis::spatial::weights::Contiguity::Queen,
        permutations: 0,
    };
    assert_eq!(gi.study.len(), n);
    (gi, proj)
}

/// Every polygon ring of a parsed FeatureCollection: closed, counter-clockwise, in Detroit
/// with longitude first.
fn check_rings(v: &Value) -> usize {
    assert_eq!(v["type"], "FeatureCollection");
    let mut rings = 0;
    for f in v["features"].as_array().unwrap() {
        assert_eq!(f["type"], "Feature");
        if f["geometry"]["type"] != "Polygon" {
            continue;
        }
        for ring in f["geometry"]["coordinates"].as_array().unwrap() {
            let pts: Vec<[f64; 2]> = ring
                .as_array()
                .unwrap()
                .iter()
                .map(|p| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()])
                .collect();
            assert!(pts.len() >= 4);
            assert_eq!(pts.first(), pts.last(), "closed");
            for p in &pts {
                assert!((-83.4..-82.8).contains(&p[0]), "longitude first: {p:?}");
                assert!((42.2..42.5).contains(&p[1]), "then latitude: {p:?}");
            }
            let area2: f64 = pts
                .windows(2)
                .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
                .sum();
            assert!(area2 > 0.0, "counter-clockwise");
            rings += 1;
        }
    }
    rings
}

#[test]
fn gi_cells_geojson_parses_back_with_their_values_and_corners() {
    let (gi, proj) = gi();
    let text = gi_geojson(&gi, &proj, &meta("hotspots-gi-cells"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(check_rings(&v), 5);
    assert_eq!(v["retrieved"], "2026-12-05T07:30:00Z");
    assert!(v["ethics"]
        .as_str()
        .unwrap()
        .starts_with("Reported incidents, not crime rates"));
    let f = &v["features"].as_array().unwrap()[3];
    assert_eq!(f["properties"]["cell"], 3);
    assert_eq!(f["properties"]["count"], 40);
    assert_eq!(f["properties"]["z"], 3.4);
    assert_eq!(f["properties"]["p"], 0.0007);
    assert_eq!(f["properties"]["bin"], 3);
    assert_eq!(f["properties"]["confidence"], "hot 99%");
    // Cell 3 is row 1, column 0: its south-west corner projects back to (x0, y0 + 500).
    let ring = f["geometry"]["coordinates"][0].as_array().unwrap();
    let corners: Vec<Point> = ring
        .iter()
        .map(|p| {
            proj.forward(p[0].as_f64().unwrap(), p[1].as_f64().unwrap())
                .unwrap()
        })
        .collect();
    let sw = [gi.x0, gi.y0 + 500.0];
    assert!(corners
        .iter()
        .any(|c| (c[0] - sw[0]).abs() < 0.2 && (c[1] - sw[1]).abs() < 0.2));
    for c in &corners {
        assert!(c[0] > gi.x0 - 0.2 && c[0] < gi.x0 + 500.2);
        assert!(c[1] > gi.y0 + 499.8 && c[1] < gi.y0 + 1000.2);
    }
    // An undefined z is null, not a number.
    let undefined = &v["features"].as_array().unwrap()[2];
    assert!(undefined["properties"]["z"].is_null());
}

#[test]
fn gi_cells_table_has_a_row_per_study_cell_with_its_polygon() {
    let (gi, proj) = gi();
    let t = gi_table(&gi, &proj);
    assert_eq!(t.rows.len(), 5);
    assert!(t.rows.iter().all(|r| r.len() == t.header.len()));
    let hot = &t.rows[3];
    assert_eq!(
        &hot[..9],
        &["3", "1", "0", "500", "40", "3.400", "0.00070", "3", "hot 99%"]
    );
    assert!(hot[9].starts_with("POLYGON((-83."));
    assert_eq!(hot[9].matches(',').count(), 4, "five positions, closed");
    assert_eq!(t.rows[2][5], "", "undefined z");
}

fn cluster(rank: usize, hull: Vec<[f32; 2]>, centroid: [f64; 2]) -> Cluster {
    Cluster {
        rank,
        size: 100 / rank as u64,
        n_core: 10,
        centroid,
        hull,
        top: vec![("ASSAULT".into(), 30), ("LARCENY".into(), 20)],
        place: Place {
            name: "Downtown".into(),
            from_data: true,
        },
    }
}

#[test]
fn clusters_export_hulls_and_single_locations() {
    let proj = LocalTm::detroit();
    let c = proj.forward(-83.047, 42.332).unwrap();
    let (x, y) = (c[0] as f32, c[1] as f32);
    // Clockwise on purpose: the export turns it counter-clockwise.
    let hull = vec![
        [x, y],
        [x, y + 300.0],
        [x + 300.0, y + 300.0],
        [x + 300.0, y],
    ];
    let layer = ClusterLayer {
        eps_m: 200.0,
        min_samples: 8,
        n_clusters: 2,
        clusters: vec![
            cluster(1, hull, [c[0] + 150.0, c[1] + 150.0]),
            cluster(2, vec![[x, y]], c),
        ],
        ..ClusterLayer::default()
    };
    let text = clusters_geojson(&layer, &proj, &meta("hotspots-clusters"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(check_rings(&v), 1);
    let fs = v["features"].as_array().unwrap();
    assert_eq!(fs.len(), 2);
    assert_eq!(fs[0]["properties"]["size"], 100);
    assert_eq!(fs[0]["properties"]["top"], "ASSAULT (30); LARCENY (20)");
    assert_eq!(fs[1]["geometry"]["type"], "Point");
    let pt = &fs[1]["geometry"]["coordinates"];
    assert!((pt[0].as_f64().unwrap() + 83.047).abs() < 1e-5);
    assert!((pt[1].as_f64().unwrap() - 42.332).abs() < 1e-5);
    let t = clusters_table(&layer, &proj);
    assert_eq!(t.rows.len(), 2);
    assert!(t.rows[0][7].starts_with("POLYGON(("));
    assert_eq!(t.rows[1][7], "");
    assert_eq!(t.rows[1][3], "-83.047000");
}

#[test]
fn risk_ranking_on_the_approximate_precinct_areas() {
    let areas = precinct_areas();
    let rows = vec![
        RiskExportRow {
            precinct: 3,
            rank: Some(1),
            score: Some(0.91234),
            forecast: 5012.4,
            momentum: Some(4.26),
            note: None,
        },
        RiskExportRow {
            precinct: 12,
            rank: None,
            score: None,
            forecast: 0.0,
            momentum: None,
            note: Some("too little data".into()),
        },
    ];
    let text = risk_geojson(&rows, &areas, &meta("allocation-risk"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(check_rings(&v), 2);
    assert!(v["note"].as_str().unwrap().contains("APPROXIMATE"));
    let p = &v["features"][0]["properties"];
    assert_eq!(p["precinct"], 3);
    assert_eq!(p["score"], 0.9123);
    assert_eq!(p["forecast_12m"], 5012.0);
    assert_eq!(p["area"], "approximate");
    assert!(v["features"][1]["properties"]["score"].is_null());
    let t = risk_table(&rows, &areas);
    assert_eq!(t.rows[0][..5], ["3", "1", "0.9123", "5012", "4.3"]);
    assert!(t.rows[1][6].starts_with("POLYGON(("));
    assert_eq!(
        file_name(&meta("allocation-risk"), "geojson"),
        "crimecast-allocation-risk-2026-12-05.geojson"
    );
}
