//! Named boundary areas (police precincts, neighbourhoods): polygons with holes and several
//! parts, their bounding boxes, an R-tree over the parts' envelopes, and point-in-polygon
//! assignment. [`read`] turns the City's ArcGIS polygon query replies (`f=geojson` or
//! `f=json` rings) into [`Area`]s; [`query`] builds the paged query URLs.

pub mod place;
pub mod query;
pub mod read;

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use serde::{Deserialize, Serialize};

use super::geography::Ring;
use super::{Error, Result};

pub use place::place_neighborhoods;
pub use query::{
    boundary_url, BoundaryKind, BoundaryLayer, BOUNDARY_PAGE, NEIGHBORHOOD_LAYER, PRECINCT_LAYER,
};
pub use read::{parse_reply, BoundaryLoad, BoundaryPage, MAX_BOUNDARY_PAGES};

/// A bounding box in degrees: `[min_lon, min_lat, max_lon, max_lat]`.
pub type BBox = [f64; 4];

/// One part of an area: a feature's rings (outer rings and holes together). A point is inside
/// when it is inside an odd number of the rings (even-odd rule), which for valid polygons is
/// "inside an outer ring and not inside one of its holes", whatever the rings' orientation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The rings, (lon, lat), not repeated at the end.
    pub rings: Vec<Ring>,
}

impl Part {
    /// The part's bounding box (`None` without vertices).
    pub fn bbox(&self) -> Option<BBox> {
        bbox_of(self.rings.iter().flatten())
    }

    /// Whether `(lon, lat)` lies inside the part (even-odd rule over all its rings).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.rings
            .iter()
            .filter(|r| super::geography::in_ring(r, lon, lat))
            .count()
            % 2
            == 1
    }
}

/// A named area made of one or more parts (a precinct drawn as two features is one area).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// The area's name as the layer gives it (`"07"`, `"Boston-Edison"`).
    pub name: String,
    /// Its parts.
    pub parts: Vec<Part>,
}

impl Area {
    /// The area's bounding box over all parts (`None` without vertices).
    pub fn bbox(&self) -> Option<BBox> {
        bbox_of(self.parts.iter().flat_map(|p| p.rings.iter().flatten()))
    }

    /// Whether `(lon, lat)` lies inside one of the area's parts.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.parts.iter().any(|p| p.contains(lon, lat))
    }
}

fn bbox_of<'a>(mut points: impl Iterator<Item = &'a (f64, f64)>) -> Option<BBox> {
    let &(x, y) = points.next()?;
    Some(points.fold([x, y, x, y], |b, &(x, y)| {
        [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
    }))
}

/// Group features into areas by name, in order of first appearance; features without
/// vertices are left out.
pub fn group_areas(features: impl IntoIterator<Item = (String, Part)>) -> Vec<Area> {
    let mut areas: Vec<Area> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (name, part) in features {
        if part.rings.iter().all(|r| r.len() < 3) {
            continue;
        }
        match index.get(&name) {
            Some(&i) => areas[i].parts.push(part),
            None => {
                index.insert(name.clone(), areas.len());
                areas.push(Area {
                    name,
                    parts: vec![part],
                });
            }
        }
    }
    areas
}

type Envelope = GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>;

/// A set of named areas with an R-tree over their parts' envelopes, for fast
/// point-in-polygon assignment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "Vec<Area>", into = "Vec<Area>")]
pub struct Boundaries {
    areas: Vec<Area>,
    tree: RTree<Envelope>,
}

impl From<Vec<Area>> for Boundaries {
    fn from(areas: Vec<Area>) -> Boundaries {
        let mut items = Vec::new();
        for (a, area) in areas.iter().enumerate() {
            for (p, part) in area.parts.iter().enumerate() {
                if let Some(b) = part.bbox() {
                    let rect = Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]);
                    items.push(GeomWithData::new(rect, (a, p)));
                }
            }
        }
        Boundaries {
            areas,
            tree: RTree::bulk_load(items),
        }
    }
}

impl From<Boundaries> for Vec<Area> {
    fn from(b: Boundaries) -> Vec<Area> {
        b.areas
    }
}

impl PartialEq for Boundaries {
    fn eq(&self, other: &Boundaries) -> bool {
        self.areas == other.areas
    }
}

impl Boundaries {
    /// Index `areas`; an error when there is none.
    pub fn new(areas: Vec<Area>) -> Result<Boundaries> {
        if areas.is_empty() {
            return Err(Error::Empty("the boundary layer has no polygons".into()));
        }
        Ok(Boundaries::from(areas))
    }

    /// The areas, in the layer's order.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The number of areas.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// Whether there is no area.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// The bounding box of all areas (`None` when empty).
    pub fn bbox(&self) -> Option<BBox> {
        let env = self.tree.root().envelope();
        (self.tree.size() > 0).then(|| {
            let (lo, hi) = (env.lower(), env.upper());
            [lo[0], lo[1], hi[0], hi[1]]
        })
    }

    /// The index of the area containing `(lon, lat)`: the first in layer order when areas
    /// overlap, `None` outside every area or for a non-finite point.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<usize> {
        if !(lon.is_finite() && lat.is_finite()) {
            return None;
        }
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([lon, lat]))
            .filter(|e| self.areas[e.data.0].parts[e.data.1].contains(lon, lat))
            .map(|e| e.data.0)
            .min()
    }

    /// The name of the area containing `(lon, lat)`, if any.
    pub fn name_at(&self, lon: f64, lat: f64) -> Option<&str> {
        self.locate(lon, lat).map(|i| self.areas[i].name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, s: f64) -> Ring {
        vec![(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s)]
    }

    fn boundaries() -> Boundaries {
        // "A": a 4×4 square with a 2×2 hole in its middle, plus a second part far away.
        // "B": a 1×1 square inside A's hole. "C": overlaps A's top-right corner.
        let a1 = Part {
            rings: vec![square(0.0, 0.0, 4.0), square(1.0, 1.0, 2.0)],
        };
        let a2 = Part {
            rings: vec![square(10.0, 10.0, 1.0)],
        };
        let b = Part {
            rings: vec![square(1.5, 1.5, 1.0)],
        };
        let c = Part {
            rings: vec![square(3.5, 3.5, 1.0)],
        };
        let areas = group_areas([
            ("A".to_string(), a1),
            ("B".to_string(), b),
            ("A".to_string(), a2),
            ("C".to_string(), c),
            ("empty".to_string(), Part { rings: vec![] }),
        ]);
        Boundaries::new(areas).unwrap()
    }

    #[test]
    fn holes_parts_and_overlaps() {
        let b = boundaries();
        assert_eq!(
            b.len(),
            3,
            "two parts of A are one area; the empty one is left out"
        );
        assert_eq!(b.areas()[0].parts.len(), 2);
        assert_eq!(b.name_at(0.5, 0.5), Some("A"));
        assert_eq!(b.name_at(1.2, 1.2), None, "in A's hole, outside B");
        assert_eq!(b.name_at(2.0, 2.0), Some("B"), "B fills part of A's hole");
        assert_eq!(b.name_at(10.5, 10.5), Some("A"), "A's second part");
        assert_eq!(
            b.name_at(3.75, 3.75),
            Some("A"),
            "overlap: the first area wins"
        );
        assert_eq!(b.name_at(4.25, 4.25), Some("C"));
        assert_eq!(b.name_at(5.0, 0.5), None);
        assert_eq!(b.name_at(f64::NAN, 0.5), None);
        assert_eq!(b.bbox(), Some([0.0, 0.0, 11.0, 11.0]));
        assert_eq!(b.areas()[0].bbox(), Some([0.0, 0.0, 11.0, 11.0]));
    }

    #[test]
    fn hole_orientation_does_not_matter() {
        let mut hole = square(1.0, 1.0, 2.0);
        hole.reverse();
        let p = Part {
            rings: vec![square(0.0, 0.0, 4.0), hole],
        };
        assert!(p.contains(0.5, 0.5));
        assert!(!p.contains(2.0, 2.0));
    }

    #[test]
    fn round_trips_through_serde_and_rebuilds_the_index() {
        let b = boundaries();
        let text = serde_json::to_string(&b).unwrap();
        let back: Boundaries = serde_json::from_str(&text).unwrap();
        assert_eq!(back, b);
        assert_eq!(back.name_at(2.0, 2.0), Some("B"));
        assert!(Boundaries::new(vec![]).is_err());
    }
}
