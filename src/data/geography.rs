//! crimecast's own approximate geography of Detroit: a simplified city outline (with the
//! Hamtramck and Highland Park enclaves), approximate precinct areas derived from it, main
//! corridors and neighborhood anchor points. Hand-drawn from general knowledge of the city
//! to a few hundred metres; used for the synthetic demo data and as the offline fallback
//! map. The official boundaries replace it when they can be loaded.

use serde::{Deserialize, Serialize};

/// A ring of (longitude, latitude) vertices, not repeated at the end.
pub type Ring = Vec<(f64, f64)>;

/// The approximate city limits, from the north-west corner down the west side.
pub const CITY_OUTLINE: [(f64, f64); 32] = [
    (-83.2885, 42.4505),
    (-83.2870, 42.3520),
    (-83.2650, 42.3450),
    (-83.2450, 42.3350),
    (-83.2350, 42.3230),
    (-83.2050, 42.3230),
    (-83.1900, 42.3350),
    (-83.1850, 42.3430),
    (-83.1570, 42.3430),
    (-83.1550, 42.3250),
    (-83.1600, 42.3000),
    (-83.1750, 42.2800),
    (-83.1750, 42.2530),
    (-83.1350, 42.2500),
    (-83.1250, 42.2700),
    (-83.1050, 42.2870),
    (-83.0850, 42.3000),
    (-83.0650, 42.3140),
    (-83.0450, 42.3250),
    (-83.0200, 42.3300),
    (-82.9950, 42.3370),
    (-82.9650, 42.3460),
    (-82.9320, 42.3540),
    (-82.9220, 42.3750),
    (-82.9080, 42.3900),
    (-82.9000, 42.4100),
    (-82.9030, 42.4250),
    (-82.9180, 42.4360),
    (-82.9330, 42.4475),
    (-82.9600, 42.4505),
    (-83.1000, 42.4505),
    (-83.2000, 42.4505),
];

/// The enclaves inside the outline that are not Detroit (Hamtramck, Highland Park).
pub const ENCLAVES: [[(f64, f64); 5]; 2] = [
    [
        (-83.066, 42.384),
        (-83.046, 42.387),
        (-83.043, 42.398),
        (-83.055, 42.404),
        (-83.068, 42.399),
    ],
    [
        (-83.108, 42.397),
        (-83.085, 42.393),
        (-83.074, 42.405),
        (-83.088, 42.421),
        (-83.110, 42.412),
    ],
];

/// Approximate centre of each precinct's area (02..12), used to partition the outline.
pub const PRECINCT_SEEDS: [(u8, f64, f64); 11] = [
    (2, -83.195, 42.400),
    (3, -83.068, 42.338),
    (4, -83.128, 42.310),
    (5, -82.978, 42.372),
    (6, -83.235, 42.372),
    (7, -83.020, 42.360),
    (8, -83.245, 42.425),
    (9, -82.985, 42.420),
    (10, -83.135, 42.370),
    (11, -83.060, 42.432),
    (12, -83.140, 42.432),
];

/// Main corridors (polylines) where reported incidents concentrate in the demo data.
pub const CORRIDORS: [(&str, &[(f64, f64)]); 9] = [
    (
        "Woodward Ave",
        &[
            (-83.046, 42.331),
            (-83.062, 42.355),
            (-83.083, 42.385),
            (-83.103, 42.410),
            (-83.125, 42.446),
        ],
    ),
    (
        "Gratiot Ave",
        &[
            (-83.043, 42.336),
            (-83.020, 42.360),
            (-82.990, 42.390),
            (-82.965, 42.425),
            (-82.955, 42.446),
        ],
    ),
    (
        "Grand River Ave",
        &[
            (-83.050, 42.333),
            (-83.090, 42.355),
            (-83.150, 42.385),
            (-83.210, 42.418),
            (-83.285, 42.443),
        ],
    ),
    (
        "Michigan Ave",
        &[(-83.050, 42.331), (-83.100, 42.327), (-83.165, 42.331)],
    ),
    (
        "E Jefferson Ave",
        &[(-83.040, 42.331), (-82.990, 42.346), (-82.940, 42.360)],
    ),
    ("8 Mile Rd", &[(-83.285, 42.445), (-82.955, 42.445)]),
    ("7 Mile Rd", &[(-83.280, 42.432), (-82.970, 42.432)]),
    ("Livernois Ave", &[(-83.120, 42.340), (-83.140, 42.445)]),
    ("W Warren Ave", &[(-83.070, 42.352), (-83.280, 42.356)]),
];

/// Neighborhood anchor points (name, lon, lat): demo locations take the nearest name.
pub const NEIGHBORHOODS: [(&str, f64, f64); 36] = [
    ("Downtown", -83.047, 42.332),
    ("Midtown", -83.064, 42.352),
    ("Corktown", -83.073, 42.330),
    ("Mexicantown", -83.098, 42.318),
    ("Delray", -83.118, 42.296),
    ("Springwells", -83.140, 42.318),
    ("Boynton", -83.155, 42.290),
    ("Woodbridge", -83.077, 42.352),
    ("New Center", -83.076, 42.370),
    ("North End", -83.068, 42.385),
    ("Boston-Edison", -83.093, 42.381),
    ("Dexter-Linwood", -83.118, 42.378),
    ("Russell Woods", -83.141, 42.387),
    ("Warrendale", -83.225, 42.345),
    ("Cody Rouge", -83.255, 42.357),
    ("Brightmoor", -83.262, 42.398),
    ("Old Redford", -83.255, 42.420),
    ("Rosedale Park", -83.213, 42.390),
    ("Grandmont", -83.195, 42.385),
    ("Bagley", -83.150, 42.430),
    ("University District", -83.134, 42.424),
    ("Palmer Park", -83.120, 42.428),
    ("Sherwood Forest", -83.138, 42.438),
    ("Nolan", -83.060, 42.440),
    ("Pershing", -83.080, 42.428),
    ("Conant Gardens", -83.050, 42.430),
    ("Osborn", -82.985, 42.430),
    ("Regent Park", -82.988, 42.412),
    ("Denby", -82.955, 42.425),
    ("East English Village", -82.950, 42.400),
    ("Morningside", -82.955, 42.388),
    ("Jefferson Chalmers", -82.945, 42.365),
    ("East Village", -82.985, 42.358),
    ("Islandview", -83.000, 42.357),
    ("Eastern Market", -83.040, 42.347),
    ("Poletown East", -83.035, 42.368),
];

/// Whether a point lies inside a ring (even-odd rule).
pub fn in_ring(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Whether a point is inside the approximate city (outline minus enclaves).
pub fn in_city(lon: f64, lat: f64) -> bool {
    in_ring(&CITY_OUTLINE, lon, lat) && !ENCLAVES.iter().any(|e| in_ring(e, lon, lat))
}

/// Scale of longitude degrees relative to latitude degrees at Detroit (cos 42.35°).
pub const LON_SCALE: f64 = 0.739;

/// The precinct whose seed is nearest (the approximate partition).
pub fn nearest_precinct(lon: f64, lat: f64) -> u8 {
    let mut best = (f64::INFINITY, 0u8);
    for (p, x, y) in PRECINCT_SEEDS {
        let d = ((lon - x) * LON_SCALE).powi(2) + (lat - y).powi(2);
        if d < best.0 {
            best = (d, p);
        }
    }
    best.1
}

/// The nearest neighborhood anchor's name.
pub fn nearest_neighborhood(lon: f64, lat: f64) -> &'static str {
    let mut best = (f64::INFINITY, "");
    for (name, x, y) in NEIGHBORHOODS {
        let d = ((lon - x) * LON_SCALE).powi(2) + (lat - y).powi(2);
        if d < best.0 {
            best = (d, name);
        }
    }
    best.1
}

/// Clip a ring by the half-plane of points nearer to `a` than to `b` (Sutherland–Hodgman).
fn clip_nearer(ring: &[(f64, f64)], a: (f64, f64), b: (f64, f64)) -> Ring {
    // Work in scaled coordinates so the bisector is the true perpendicular.
    let f = |p: (f64, f64)| {
        let (ax, ay) = ((a.0 - b.0) * LON_SCALE, a.1 - b.1);
        let (mx, my) = (((a.0 + b.0) / 2.0) * LON_SCALE, (a.1 + b.1) / 2.0);
        (p.0 * LON_SCALE - mx) * ax + (p.1 - my) * ay
    };
    let mut out = Vec::with_capacity(ring.len() + 2);
    for i in 0..ring.len() {
        let p = ring[i];
        let q = ring[(i + 1) % ring.len()];
        let (fp, fq) = (f(p), f(q));
        if fp >= 0.0 {
            out.push(p);
        }
        if (fp >= 0.0) != (fq >= 0.0) {
            let t = fp / (fp - fq);
            out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
        }
    }
    out
}

/// An approximate precinct area: the part of the city outline nearest to its seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecinctArea {
    /// Precinct number 2..=12.
    pub precinct: u8,
    /// Outer ring, (lon, lat).
    pub ring: Ring,
}

/// The 11 approximate precinct areas (Voronoi cells of the seeds clipped to the outline).
pub fn precinct_areas() -> Vec<PrecinctArea> {
    PRECINCT_SEEDS
        .iter()
        .map(|&(p, x, y)| {
            let mut ring: Ring = CITY_OUTLINE.to_vec();
            for &(q, qx, qy) in &PRECINCT_SEEDS {
                if q != p && !ring.is_empty() {
                    ring = clip_nearer(&ring, (x, y), (qx, qy));
                }
            }
            PrecinctArea { precinct: p, ring }
        })
        .collect()
}

/// Distance in metres (approximate, local flat Earth) from a point to a polyline.
pub fn distance_to_polyline_m(lon: f64, lat: f64, line: &[(f64, f64)]) -> f64 {
    const M_PER_DEG: f64 = 111_320.0;
    let p = (lon * LON_SCALE * M_PER_DEG, lat * M_PER_DEG);
    let mut best = f64::INFINITY;
    for w in line.windows(2) {
        let a = (w[0].0 * LON_SCALE * M_PER_DEG, w[0].1 * M_PER_DEG);
        let b = (w[1].0 * LON_SCALE * M_PER_DEG, w[1].1 * M_PER_DEG);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
        best = best.min(((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt());
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_lie_in_the_city_and_areas_partition_it() {
        for (p, x, y) in PRECINCT_SEEDS {
            assert!(in_city(x, y), "seed of {p}");
            assert_eq!(nearest_precinct(x, y), p);
        }
        let areas = precinct_areas();
        assert_eq!(areas.len(), 11);
        for a in &areas {
            assert!(a.ring.len() >= 3, "precinct {} has an area", a.precinct);
        }
        assert!(in_city(-83.047, 42.332)); // downtown
        assert!(!in_city(-83.055, 42.400)); // Hamtramck
        assert!(!in_city(-83.0, 42.30)); // Windsor, across the river
    }
}
