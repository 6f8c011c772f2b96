use super::*;
use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::ParamGuard;
use crate::data::clean::CleanRules;
use crate::data::filter::{Filter, Unit};
use crate::data::store::{Row, Store, FLAG_NO_COORDS, FLAG_OUTSIDE_CITY};
use crate::worker::engine::Engine;
use crate::worker::messages::{FileKind, HotspotCounts, HotspotKind, Place};

fn row(
    lon: f64,
    lat: f64,
    category: &'static str,
    neighborhood: &'static str,
    flags: u8,
) -> Row<'static> {
    Row {
        utc_ms: 0,
        day: 20_000,
        minute: 600,
        category,
        description: "",
        precinct: 3,
        neighborhood,
        lon: lon as f32,
        lat: lat as f32,
        report: 0,
        flags,
    }
}

/// 240 incidents in a tight downtown blob, 420 spread evenly over the city, 2 without
/// coordinates and 1 outside Detroit's extent.
fn store() -> Store {
    let mut s = Store::new();
    for k in 0..240 {
        let (i, j) = (k % 6, (k / 6) % 4);
        let cat = if k % 4 == 0 { "ASSAULT" } else { "LARCENY" };
        s.push(row(
            -83.047 + 0.0004 * i as f64,
            42.332 + 0.0003 * j as f64,
            cat,
            "Downtown",
            0,
        ));
    }
    let mut n = 0;
    for a in 0..30 {
        for b in 0..14 {
            let lon = -83.27 + 0.0115 * a as f64;
            let lat = 42.26 + 0.0135 * b as f64;
            s.push(row(lon, lat, "DAMAGE TO PROPERTY", "", 0));
            n += 1;
        }
    }
    assert_eq!(n, 420);
    s.push(row(f64::NAN, f64::NAN, "ARSON", "", FLAG_NO_COORDS));
    s.push(row(f64::NAN, f64::NAN, "ARSON", "", FLAG_NO_COORDS));
    s.push(row(-83.6, 42.6, "ARSON", "", FLAG_OUTSIDE_CITY));
    s.mark_representatives();
    s
}

fn analyse(store: &Store, spec: &HotspotSpec, layer: Option<&PointLayer>) -> HotspotResult {
    let filter = Filter::default().compile(store);
    let input = Input {
        store,
        filter: &filter,
        window: (20_000, 20_000),
        layer,
    };
    run(&input, spec).unwrap()
}

use crate::data::point_layer::PointLayer;

#[test]
fn finds_the_downtown_blob_with_every_method() {
    let s = store();
    let spec = HotspotSpec {
        min_samples: Some(20),
        max_points: 100,
        ..HotspotSpec::default()
    };
    let r = analyse(&s, &spec, None);
    assert_eq!(
        r.counts,
        HotspotCounts {
            used: 660,
            no_coords: 2,
            outside: 1
        }
    );
    assert_eq!(r.points.x.len(), 100);
    // Gi*: the downtown cell is the hottest, at 99 % after FDR.
    let gi = r.gi.as_ref().unwrap();
    assert_eq!(gi.counts.iter().map(|c| u64::from(*c)).sum::<u64>(), 660);
    // Gi*: the downtown cells (and their halo: Gi* sums a neighbourhood) are hot at 99 %
    // after FDR; the table lists hot cells first, by z.
    assert_eq!(r.table[0].kind, HotspotKind::HotCell);
    assert_eq!(r.table[0].confidence, 99);
    let first = r
        .table
        .iter()
        .filter(|t| t.kind == HotspotKind::HotCell)
        .max_by_key(|t| t.count)
        .unwrap();
    assert!(first.count >= 100, "{first:?}");
    assert_eq!(first.confidence, 99);
    assert_eq!(
        first.place,
        Place {
            name: "Downtown".into(),
            from_data: true
        }
    );
    assert!(
        (first.lon + 83.046).abs() < 0.01 && (first.lat - 42.333).abs() < 0.01,
        "{first:?}"
    );
    assert_eq!(first.top[0].0, "LARCENY");
    assert!(gi.bin_counts()[6] >= 1);
    assert!(gi.study_cells > 1000 && gi.study_cells < gi.rows * gi.cols);
    // DBSCAN: one cluster, the blob, with its categories; the even spread is noise.
    let c = &r.clusters;
    assert_eq!(c.n_clusters, 1);
    assert_eq!(c.clusters[0].size, 240);
    assert_eq!(c.clusters[0].top[0], ("LARCENY".to_string(), 180));
    assert!(c.clusters[0].hull.len() >= 4);
    assert_eq!(c.noise, 420);
    assert!(r
        .table
        .iter()
        .any(|t| t.kind == HotspotKind::Cluster && t.count == 240));
    // KDE: the peak is at the blob.
    let k = r.kde.as_ref().unwrap();
    assert_eq!(k.nx.max(k.ny), 256);
    let peak = k
        .values
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    let (px, py) = (
        k.x0 + (peak % k.nx) as f64 * k.step,
        k.y0 + (peak / k.nx) as f64 * k.step,
    );
    let blob = LocalTm::detroit().forward(-83.046, 42.3325).unwrap();
    assert!(
        (px - blob[0]).hypot(py - blob[1]) < 1500.0,
        "{px} {py} vs {blob:?}"
    );
    // Moran's I: positive autocorrelation; the demo layer is correlated and synthetic.
    let m = r.moran.as_ref().unwrap();
    assert!(m.i > m.expected && m.p_sim.is_none());
    let l = r.layer.as_ref().unwrap();
    assert!(l.synthetic && !l.fell_back && l.in_study == l.points);
    let corr = r.correlation.as_ref().unwrap();
    assert_eq!(corr.n_cells, gi.study_cells);
    assert!(corr.pearson.abs() <= 1.0 && corr.p_pearson > 0.0 && corr.p_pearson <= 1.0);
    assert_eq!(corr.permutations, CORRELATION_PERMUTATIONS);
}

#[test]
fn permutations_options_and_fallbacks() {
    let s = store();
    let spec = HotspotSpec {
        permutations: 99,
        contiguity: Contiguity::Rook,
        cell_m: 1000.0,
        bandwidth: Bandwidth::Factor(0.2),
        layer: LayerChoice::Uploaded,
        ..HotspotSpec::default()
    };
    let r = analyse(&s, &spec, None);
    let gi = r.gi.as_ref().unwrap();
    assert_eq!(
        (gi.permutations, gi.contiguity, gi.cell),
        (99, Contiguity::Rook, 1000.0)
    );
    let ps = gi.p_sim.as_ref().unwrap();
    assert!(ps.iter().flatten().all(|p| (0.01..=1.0).contains(p)));
    assert_eq!(r.moran.as_ref().unwrap().permutations, 99);
    assert_eq!(r.kde.as_ref().unwrap().factor, 0.2);
    assert!(r.layer.as_ref().unwrap().fell_back);
    // Automatic min_samples: 660 points over ~360 km² expect ~0.2 within 200 m → 5.
    assert!(r.clusters.auto_min_samples);
    assert_eq!(r.clusters.min_samples, 5);
    assert_eq!(r, analyse(&s, &spec, None), "seeded, so repeatable");
    let none = analyse(
        &s,
        &HotspotSpec {
            layer: LayerChoice::None,
            ..spec.clone()
        },
        None,
    );
    assert!(none.layer.is_none() && none.correlation.is_none());
    for bad in [
        HotspotSpec {
            cell_m: 10.0,
            ..HotspotSpec::default()
        },
        HotspotSpec {
            eps_m: f64::NAN,
            ..HotspotSpec::default()
        },
        HotspotSpec {
            kde_grid: 4,
            ..HotspotSpec::default()
        },
        HotspotSpec {
            min_samples: Some(0),
            ..HotspotSpec::default()
        },
    ] {
        assert!(bad.check().is_err());
    }
}

#[test]
fn offense_rows_and_tiny_selections() {
    let mut s = Store::new();
    for _ in 0..3 {
        s.push(Row {
            report: 7,
            ..row(-83.05, 42.35, "LARCENY", "", 0)
        });
    }
    s.mark_representatives();
    let spec = HotspotSpec::default();
    let r = analyse(&s, &spec, None);
    assert_eq!(r.counts.used, 1);
    assert!(r.kde.is_none() && !r.notes.is_empty());
    let filter = Filter {
        unit: Unit::Offenses,
        ..Filter::default()
    }
    .compile(&s);
    let input = Input {
        store: &s,
        filter: &filter,
        window: (20_000, 20_000),
        layer: None,
    };
    assert_eq!(run(&input, &spec).unwrap().counts.used, 3);
    assert!(
        city_area_m2() > 350e6 && city_area_m2() < 470e6,
        "{}",
        city_area_m2()
    );
}

#[test]
fn engine_uses_an_uploaded_layer() {
    let mut e = Engine::new();
    e.file_start(1, "x.csv", FileKind::Csv, CleanRules::default());
    let mut csv = String::from(
        "incident_occurred_at,offense_category,police_precinct,report_number,longitude,latitude\n",
    );
    for k in 0..60 {
        let lon = -83.2 + 0.005 * f64::from(k % 30);
        let lat = 42.3 + 0.004 * f64::from(k / 30) + 0.001 * f64::from(k % 7);
        csv.push_str(&format!(
            "2025/10/23 20:00:00+00,LARCENY,02,R{k},{lon},{lat}\n"
        ));
    }
    e.file_chunk(1, csv.as_bytes()).unwrap();
    e.file_end(1).unwrap();
    assert!(e.load_layer("bad.csv", b"a,b\n1,2\n").is_err());
    let info = e
        .load_layer(
            "stores.csv",
            b"name,lon,lat\nA,-83.1,42.35\nB,-83.15,42.31\nC,,\n",
        )
        .unwrap();
    assert_eq!((info.points, info.in_extent, info.skipped), (2, 2, 1));
    let spec = AnalysisSpec::Hotspots(HotspotSpec {
        layer: LayerChoice::Uploaded,
        ..HotspotSpec::default()
    });
    let Ok(crate::worker::pipelines::AnalysisResult::Hotspots(r)) =
        e.analyze(&Filter::default(), &spec)
    else {
        panic!("no hotspot result");
    };
    let l = r.layer.as_ref().unwrap();
    assert_eq!(
        (l.name.as_str(), l.points, l.synthetic, l.fell_back),
        ("stores.csv", 2, false, false)
    );
    assert_eq!(r.layer_points.len(), 2);
    assert_eq!(r.counts.used, 60);
}

use crate::worker::messages::AnalysisSpec;

#[test]
fn a_year_of_demo_data() {
    let mut e = Engine::new();
    let rules = CleanRules {
        first_day: crate::data::time::day_of(2025, 10, 1).unwrap(),
        last_day: crate::data::time::day_of(2026, 9, 30).unwrap(),
        ..CleanRules::default()
    };
    e.demo_begin(1, 2016, rules);
    while !e.demo_step(1, 12).unwrap().finished {}
    let t = std::time::Instant::now();
    let spec = AnalysisSpec::Hotspots(HotspotSpec::default());
    let Ok(crate::worker::pipelines::AnalysisResult::Hotspots(r)) =
        e.analyze(&Filter::default(), &spec)
    else {
        panic!("no hotspot result");
    };
    let elapsed = t.elapsed();
    let gi = r.gi.as_ref().unwrap();
    let bins = gi.bin_counts();
    eprintln!(
        "{:?}: used {} min_samples {} clusters {} clustered {} sites {} bins {:?} moran {:?} corr {:?} {:?}",
        elapsed,
        r.counts.used,
        r.clusters.min_samples,
        r.clusters.n_clusters,
        r.clusters.clustered,
        r.clusters.sites,
        bins,
        r.moran.as_ref().map(|m| m.i),
        r.correlation.as_ref().map(|c| (c.pearson, c.spearman, c.p_pearson)),
        r.clusters.clusters.iter().take(5).map(|c| (c.size, c.place.name.clone(), c.hull.len())).collect::<Vec<_>>(),
    );
    assert!(
        (65_000..90_000).contains(&r.counts.used),
        "{}",
        r.counts.used
    );
    assert_eq!(r.points.x.len(), 20_000);
    assert!(bins[5] + bins[6] > 10, "{bins:?}");
    assert!(r.clusters.n_clusters > 0);
    assert!(r.moran.as_ref().unwrap().i > 0.2);
    assert!(r.correlation.as_ref().unwrap().pearson > 0.1);
    assert!(r
        .table
        .iter()
        .any(|t| t.kind == HotspotKind::HotCell && t.place.name == "Downtown"));
}

#[test]
fn an_empty_selection_gives_notes_not_errors() {
    let s = store();
    let filter = Filter {
        categories: vec!["NO SUCH CATEGORY".into()],
        ..Filter::default()
    }
    .compile(&s);
    let input = Input {
        store: &s,
        filter: &filter,
        window: (20_000, 20_000),
        layer: None,
    };
    let r = run(&input, &HotspotSpec::default()).unwrap();
    assert_eq!(r.counts, HotspotCounts::default());
    assert!(r.points.x.is_empty() && r.kde.is_none() && r.moran.is_none());
    assert_eq!(r.clusters.n_clusters, 0);
    let gi = r.gi.as_ref().unwrap();
    assert!(gi.z.iter().all(Option::is_none) && gi.bins.iter().all(|b| *b == 0));
    assert!(r.table.is_empty() && r.correlation.is_none());
    assert!(r.notes.len() >= 3, "{:?}", r.notes);
}
