//! Point-in-polygon assignment of stored rows that lack a neighborhood.

use super::Boundaries;
use crate::data::store::Store;

/// Give every row from `from` on that has no neighborhood (id 0) and has coordinates the
/// name of the `neighborhoods` area containing it; returns how many rows were placed.
pub fn place_neighborhoods(store: &mut Store, neighborhoods: &Boundaries, from: usize) -> u64 {
    let mut placed = 0;
    for i in from..store.len() {
        if store.neighborhood[i] != 0 {
            continue;
        }
        let (lon, lat) = (f64::from(store.lon[i]), f64::from(store.lat[i]));
        if let Some(name) = neighborhoods.name_at(lon, lat) {
            store.neighborhood[i] = store.neighborhoods.intern(name);
            placed += 1;
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::boundaries::{group_areas, Part};
    use crate::data::store::Row;

    fn row(neighborhood: &str, lon: f32, lat: f32) -> Row<'_> {
        Row {
            utc_ms: 0,
            day: 0,
            minute: 60,
            category: "ARSON",
            description: "",
            precinct: 2,
            neighborhood,
            lon,
            lat,
            report: 1,
            flags: 0,
        }
    }

    #[test]
    fn only_rows_without_a_neighborhood_are_placed() {
        let square = vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];
        let b = Boundaries::new(group_areas([(
            "Square".to_string(),
            Part {
                rings: vec![square],
            },
        )]))
        .unwrap();
        let mut store = Store::new();
        store.push(row("", 1.0, 1.0)); // placed
        store.push(row("Kept", 1.0, 1.0)); // has one already
        store.push(row("", 5.0, 5.0)); // outside every area
        store.push(row("", f32::NAN, f32::NAN)); // no coordinates
        store.push(row("", 0.5, 1.5)); // placed, but before `from` in the second call
        assert_eq!(place_neighborhoods(&mut store, &b, 0), 2);
        let names: Vec<&str> = (0..store.len())
            .map(|i| store.neighborhoods.name(store.neighborhood[i]))
            .collect();
        assert_eq!(names, ["Square", "Kept", "", "", "Square"]);
        store.push(row("", 1.5, 0.5));
        assert_eq!(place_neighborhoods(&mut store, &b, 5), 1);
        assert_eq!(
            place_neighborhoods(&mut store, &b, 0),
            0,
            "nothing left to place"
        );
    }
}
