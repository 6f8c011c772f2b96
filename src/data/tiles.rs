//! Web Mercator (EPSG:3857) raster tiles: the tile holding a point, a tile's bounds, the tiles
//! covering a box, the zoom matching a map scale, and the street-map tile service the page may
//! draw under its map (with the attribution its terms ask for). No networking here.

/// A raster tile service: its URL template (`{z}`, `{x}`, `{y}`), the one host it is served
/// from (the page's Content-Security-Policy lists exactly this host), its attribution and
/// zoom limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileService {
    /// URL template with `{z}`, `{x}` and `{y}`.
    pub template: &'static str,
    /// The origin the tiles come from (`https://host`).
    pub origin: &'static str,
    /// The attribution to show whenever its tiles are drawn.
    pub attribution: &'static str,
    /// The deepest zoom level it serves.
    pub max_zoom: u8,
}

/// CARTO's light basemap ("Positron", `light_all`) from OpenStreetMap data: free to embed with
/// this attribution under CARTO's basemap terms for non-commercial use (no caching or
/// redistribution of the tiles, so the page's PNG exports leave them out).
pub const CARTO_LIGHT: TileService = TileService {
    template: "https://a.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
    origin: "https://a.basemaps.cartocdn.com",
    attribution: "© OpenStreetMap contributors © CARTO",
    max_zoom: 18,
};

/// Largest latitude Web Mercator tiles reach, degrees.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;

/// Circumference of the Web Mercator sphere at the equator, metres.
pub const EQUATOR_M: f64 = 40_075_016.685_578_49;

/// Fractional tile coordinates `(x, y)` of `(lon, lat)` at zoom `z` (x east, y south; the
/// integer parts name the tile).
pub fn tile_xy(lon: f64, lat: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z.min(30));
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0 * n;
    (x, y)
}

/// The tile `(x, y)` holding `(lon, lat)` at zoom `z` (clamped to the grid).
pub fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let last = (1u64 << z.min(30)) as f64 - 1.0;
    let (x, y) = tile_xy(lon, lat, z);
    (
        x.floor().clamp(0.0, last) as u32,
        y.floor().clamp(0.0, last) as u32,
    )
}

/// The longitude and latitude of the north-west corner of tile `(x, y)` at zoom `z` (the
/// south-east corner is that of tile `(x + 1, y + 1)`).
pub fn tile_corner(x: u32, y: u32, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z.min(30));
    let lon = f64::from(x) / n * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * f64::from(y) / n))
        .sinh()
        .atan()
        .to_degrees();
    (lon, lat)
}

/// The tiles at zoom `z` covering the box `[west, south, east, north]` (degrees), row by
/// row from the north-west; empty for a box larger than `limit` tiles.
pub fn tiles_covering(bbox: [f64; 4], z: u8, limit: usize) -> Vec<(u32, u32)> {
    let (x0, y0) = tile_of(bbox[0], bbox[3], z);
    let (x1, y1) = tile_of(bbox[2], bbox[1], z);
    let count = (x1 - x0 + 1) as usize * (y1 - y0 + 1) as usize;
    if count > limit {
        return Vec::new();
    }
    (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| (x, y)))
        .collect()
}

/// The zoom level whose tiles (256 px) show about `metres_per_px` ground metres per pixel at
/// latitude `lat`: the next deeper level, so tiles are drawn at most at their own size, capped
/// at `max_zoom`.
pub fn zoom_for(metres_per_px: f64, lat: f64, max_zoom: u8) -> u8 {
    if !(metres_per_px.is_finite() && metres_per_px > 0.0) {
        return max_zoom;
    }
    let at_zero = EQUATOR_M * lat.to_radians().cos() / 256.0;
    (at_zero / metres_per_px)
        .log2()
        .ceil()
        .clamp(0.0, f64::from(max_zoom)) as u8
}

impl TileService {
    /// The URL of tile `(x, y)` at zoom `z`.
    pub fn url(&self, z: u8, x: u32, y: u32) -> String {
        self.template
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values from the slippy-map formulas of the OpenStreetMap wiki, computed
    // independently in Python (math.asinh).
    #[test]
    fn tiles_of_known_places() {
        let (x, y) = tile_xy(-83.0458, 42.3314, 12);
        assert!((x - 1_103.123_342_222).abs() < 1e-6 && (y - 1_515.417_854_657).abs() < 1e-6);
        assert_eq!(tile_of(-83.0458, 42.3314, 12), (1103, 1515));
        assert_eq!(tile_of(-83.0458, 42.3314, 15), (8824, 12123));
        // The wiki's Berlin example.
        assert_eq!(
            tile_of(13.377_714_963_619_61, 52.516_280_112_623_04, 17),
            (70406, 42987)
        );
        assert_eq!(tile_xy(0.0, 0.0, 1), (1.0, 1.0));
        assert_eq!(tile_of(-180.0, 89.0, 3), (0, 0), "clamped to the grid");
        assert_eq!(tile_of(180.0, -89.0, 3), (7, 7));
    }

    #[test]
    fn corners_invert_the_tile_of_a_point() {
        let (lon, lat) = tile_corner(1103, 1513, 12);
        assert!((lon + 83.056_640_625).abs() < 1e-9);
        assert!((lat - 42.488_301_979_602_25).abs() < 1e-9);
        for z in [0u8, 5, 12, 18] {
            let (x, y) = tile_of(-83.1, 42.4, z);
            let (w, n) = tile_corner(x, y, z);
            let (e, s) = tile_corner(x + 1, y + 1, z);
            assert!(w <= -83.1 && -83.1 < e && s < 42.4 && 42.4 <= n, "zoom {z}");
        }
    }

    #[test]
    fn covering_tiles_and_zoom() {
        let detroit = [-83.29, 42.25, -82.91, 42.45];
        let t = tiles_covering(detroit, 12, 100);
        // x 1100..=1104 by y 1512..=1517, hand-checked from tile_of of the corners.
        assert_eq!(tile_of(-83.29, 42.45, 12), (1100, 1513));
        assert_eq!(tile_of(-82.91, 42.25, 12), (1104, 1516));
        assert_eq!(t.len(), 5 * 4);
        assert_eq!(t[0], (1100, 1513));
        assert_eq!(t[19], (1104, 1516));
        assert!(
            tiles_covering(detroit, 18, 100).is_empty(),
            "over the limit"
        );
        // At the equator a zoom-0 tile spans the whole circumference in 256 px.
        assert_eq!(zoom_for(EQUATOR_M / 256.0, 0.0, 18), 0);
        assert_eq!(zoom_for(EQUATOR_M / 512.0, 0.0, 18), 1);
        assert_eq!(
            zoom_for(EQUATOR_M / 500.0, 0.0, 18),
            1,
            "the next deeper level"
        );
        assert_eq!(zoom_for(0.01, 42.0, 18), 18);
        assert_eq!(zoom_for(f64::NAN, 42.0, 18), 18);
        assert_eq!(
            CARTO_LIGHT.url(12, 1103, 1515),
            "https://a.basemaps.cartocdn.com/light_all/12/1103/1515.png"
        );
        assert!(CARTO_LIGHT.template.starts_with(CARTO_LIGHT.origin));
    }
}
