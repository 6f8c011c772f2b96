//! Official boundaries on the real captured files in `../shared/data` (read in place, never
//! copied): the City's precinct polygons read as a boundary layer, and incidents of a real
//! API page placed in them by point-in-polygon. Each test prints a notice and passes
//! vacuously where the folder is absent.

mod common;

use common::shared;
use crimecast::data::arcgis::parse_page;
use crimecast::data::boundaries::{BoundaryLoad, PRECINCT_LAYER};

fn precincts() -> Option<crimecast::data::boundaries::Boundaries> {
    let path = shared("boundaries/precincts.geojson")?;
    let text = std::fs::read_to_string(path).unwrap();
    let mut load = BoundaryLoad::new(
        "https://h/arcgis/rest/services/x/FeatureServer/0/query",
        PRECINCT_LAYER,
    );
    Some(load.take(&text).unwrap().expect("one page"))
}

#[test]
fn the_city_precincts_read_as_eleven_named_areas() {
    let Some(b) = precincts() else { return };
    let mut names: Vec<&str> = b.areas().iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
    );
    let parts: usize = b.areas().iter().map(|a| a.parts.len()).sum();
    assert_eq!(parts, 12, "every polygon read; 07 has two");
    let bbox = b.bbox().unwrap();
    // Detroit's extent, to a few hundred metres.
    assert!((bbox[0] + 83.29).abs() < 0.01, "{bbox:?}");
    assert!((bbox[2] + 82.91).abs() < 0.01, "{bbox:?}");
    assert!((bbox[1] - 42.255).abs() < 0.01, "{bbox:?}");
    assert!((bbox[3] - 42.45).abs() < 0.01, "{bbox:?}");
    // Downtown (Woodward at Jefferson) is in the 3rd precinct; Hamtramck in none.
    assert_eq!(b.name_at(-83.0445, 42.3290), Some("03"));
    assert_eq!(b.name_at(-83.0550, 42.3990), None);
}

#[test]
fn incidents_fall_in_the_precinct_the_city_recorded() {
    let Some(b) = precincts() else { return };
    let Some(path) = shared("arcgis/rms_page_old_schema.json") else {
        return;
    };
    let page = parse_page(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut checked, mut agree, mut outside) = (0usize, 0usize, 0usize);
    for (attrs, geom) in &page.features {
        let recorded = attrs.get("precinct").and_then(|v| v.as_str()).unwrap_or("");
        let Some((x, y)) = *geom else { continue };
        if recorded.len() != 2 || !x.is_finite() {
            continue;
        }
        checked += 1;
        match b.name_at(x, y) {
            Some(p) if p == recorded => agree += 1,
            Some(_) => {}
            None => outside += 1,
        }
    }
    let rate = agree as f64 / checked as f64;
    println!(
        "precinct agreement: {agree} of {checked} ({:.1} %), {outside} outside every polygon",
        100.0 * rate
    );
    assert!(checked > 1900, "{checked}");
    assert!(rate >= 0.95, "agreement {rate}");
}

#[test]
fn a_hundred_thousand_points_are_assigned() {
    let Some(b) = precincts() else { return };
    // A 400 × 250 lattice over the city's box: each answer must match a scan of every area.
    let bbox = b.bbox().unwrap();
    let (mut placed, mut n) = (0usize, 0usize);
    for i in 0..400 {
        for j in 0..250 {
            let x = bbox[0] + (bbox[2] - bbox[0]) * (i as f64 + 0.5) / 400.0;
            let y = bbox[1] + (bbox[3] - bbox[1]) * (j as f64 + 0.5) / 250.0;
            let got = b.locate(x, y);
            if n % 97 == 0 {
                let scan = b.areas().iter().position(|a| a.contains(x, y));
                assert_eq!(got, scan, "({x}, {y})");
            }
            placed += usize::from(got.is_some());
            n += 1;
        }
    }
    assert_eq!(n, 100_000);
    println!("{placed} of {n} lattice points inside a precinct");
    assert!(placed > 45_000 && placed < 80_000, "{placed}");
}
