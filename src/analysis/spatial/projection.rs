//! Longitude/latitude (WGS84, degrees) ↔ local planar metres for Detroit.
//!
//! # Method
//!
//! A transverse Mercator projection of the WGS84 ellipsoid with scale factor 1 on a central
//! meridian through the city, shifted so that the centre (default −83.10°, 42.35°) maps to
//! `(0, 0)`: `x` grows east, `y` grows north, both in metres. The ellipsoidal formulas are
//! Krüger's series to sixth order in the third flattening `n`, in the form given by
//! C. F. F. Karney, *Transverse Mercator with an accuracy of a few nanometers*, J. Geodesy
//! 85 (2011) 475–485; the inverse solves for latitude from the conformal latitude by Newton
//! iteration (Karney 2011, eqs. 19–21).
//!
//! # Error over the city
//!
//! * Series truncation: below a micrometre within a few hundred kilometres of the centre;
//!   a forward→inverse round trip reproduces coordinates to ~1e-10 degrees.
//! * Scale distortion: the point scale factor is `k ≈ 1 + x²/(2R²)` (R ≈ 6 371 km), so across
//!   Detroit (±15 km east–west of the central meridian, ~30 km extent) planar distances are
//!   too long by at most 2.8 ppm — under 0.1 m over the whole city, far below the accuracy of
//!   geocoded incident locations. North–south distances along the central meridian are exact.
//! * Angles are preserved (the projection is conformal), so grid cells are true squares.

use super::points::Point;
use crate::analysis::{Error, Result};

/// WGS84 semi-major axis in metres.
const WGS84_A: f64 = 6_378_137.0;
/// WGS84 flattening.
const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// Default projection centre longitude for Detroit, degrees east.
pub const DETROIT_LON: f64 = -83.10;
/// Default projection centre latitude for Detroit, degrees north.
pub const DETROIT_LAT: f64 = 42.35;

/// Largest allowed longitude offset from the central meridian, degrees.
const MAX_DLON_DEG: f64 = 30.0;

/// A local transverse Mercator projection (WGS84, scale factor 1 on the central meridian)
/// whose origin `(0, 0)` is at a chosen longitude/latitude.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalTm {
    /// Central meridian (degrees east).
    lon0: f64,
    /// Latitude of the origin (degrees north).
    lat0: f64,
    /// Northing (metres, before shifting) of the origin; subtracted from every `y`.
    y0: f64,
}

/// Constants of the ellipsoid used by the series.
struct Ellipsoid {
    /// First eccentricity.
    e: f64,
    /// Rectifying radius `A` (metres).
    a_rect: f64,
    /// Forward series coefficients α1..α6.
    alpha: [f64; 6],
    /// Inverse series coefficients β1..β6.
    beta: [f64; 6],
}

fn ellipsoid() -> Ellipsoid {
    let f = WGS84_F;
    let n = f / (2.0 - f);
    let (n2, n3) = (n * n, n * n * n);
    let (n4, n5, n6) = (n3 * n, n3 * n2, n3 * n3);
    let e = (f * (2.0 - f)).sqrt();
    let a_rect = WGS84_A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
    let alpha = [
        n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0
            + 7891.0 * n6 / 37800.0,
        13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0
            - 1_983_433.0 * n6 / 1_935_360.0,
        61.0 * n3 / 240.0 - 103.0 * n4 / 140.0
            + 15061.0 * n5 / 26880.0
            + 167_603.0 * n6 / 181_440.0,
        49561.0 * n4 / 161_280.0 - 179.0 * n5 / 168.0 + 6_601_661.0 * n6 / 7_257_600.0,
        34729.0 * n5 / 80640.0 - 3_418_889.0 * n6 / 1_995_840.0,
        212_378_941.0 * n6 / 319_334_400.0,
    ];
    let beta = [
        n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0 - 81.0 * n5 / 512.0
            + 96199.0 * n6 / 604_800.0,
        n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0 + 46.0 * n5 / 105.0
            - 1_118_711.0 * n6 / 3_870_720.0,
        17.0 * n3 / 480.0 - 37.0 * n4 / 840.0 - 209.0 * n5 / 4480.0 + 5569.0 * n6 / 90720.0,
        4397.0 * n4 / 161_280.0 - 11.0 * n5 / 504.0 - 830_251.0 * n6 / 7_257_600.0,
        4583.0 * n5 / 161_280.0 - 108_847.0 * n6 / 3_991_680.0,
        20_648_693.0 * n6 / 638_668_800.0,
    ];
    Ellipsoid {
        e,
        a_rect,
        alpha,
        beta,
    }
}

/// tan(conformal latitude) from tan(geodetic latitude) (Karney 2011, eq. 7–9).
fn taup(tau: f64, e: f64) -> f64 {
    let tau1 = (1.0 + tau * tau).sqrt();
    let sig = (e * (e * tau / tau1).atanh()).sinh();
    tau * (1.0 + sig * sig).sqrt() - sig * tau1
}

/// tan(geodetic latitude) from tan(conformal latitude) by Newton iteration (Karney 2011, eq. 19–21).
fn tau_from_taup(taup_v: f64, e: f64) -> f64 {
    let e2m = 1.0 - e * e;
    let mut tau = taup_v / e2m;
    for _ in 0..8 {
        let tp = taup(tau, e);
        let dtau = (taup_v - tp) * (1.0 + e2m * tau * tau)
            / (e2m * (1.0 + tau * tau).sqrt() * (1.0 + tp * tp).sqrt());
        tau += dtau;
        if dtau.abs() <= 1e-15 * tau.abs().max(1.0) {
            break;
        }
    }
    tau
}

impl LocalTm {
    /// Projection centred on Detroit (−83.10°, 42.35°).
    pub fn detroit() -> Self {
        // The centre is a valid coordinate, so the fallible constructor cannot fail here;
        // build the struct directly to stay infallible.
        let mut p = LocalTm {
            lon0: DETROIT_LON,
            lat0: DETROIT_LAT,
            y0: 0.0,
        };
        p.y0 = p.raw_forward(DETROIT_LON, DETROIT_LAT)[1];
        p
    }

    /// Projection with origin at (`lon0`, `lat0`) degrees.
    ///
    /// Returns [`Error::Params`] unless `lon0` ∈ [−180, 180] and `lat0` ∈ (−90, 90).
    pub fn new(lon0: f64, lat0: f64) -> Result<Self> {
        if !(lon0.is_finite() && (-180.0..=180.0).contains(&lon0)) {
            return Err(Error::Params(format!(
                "projection centre longitude {lon0} must be in [-180, 180] degrees"
            )));
        }
        if !(lat0.is_finite() && lat0 > -90.0 && lat0 < 90.0) {
            return Err(Error::Params(format!(
                "projection centre latitude {lat0} must be in (-90, 90) degrees"
            )));
        }
        let mut p = LocalTm {
            lon0,
            lat0,
            y0: 0.0,
        };
        p.y0 = p.raw_forward(lon0, lat0)[1];
        Ok(p)
    }

    /// Central meridian, degrees east.
    pub fn lon0(&self) -> f64 {
        self.lon0
    }

    /// Latitude of the origin, degrees north.
    pub fn lat0(&self) -> f64 {
        self.lat0
    }

    /// Unshifted transverse Mercator coordinates (metres) of a valid input.
    fn raw_forward(&self, lon: f64, lat: f64) -> Point {
        let el = ellipsoid();
        let lam = wrap_deg(lon - self.lon0).to_radians();
        let phi = lat.to_radians();
        let tp = taup(phi.tan(), el.e);
        let (sl, cl) = lam.sin_cos();
        let xip = tp.atan2(cl);
        let etap = (sl / tp.hypot(cl)).asinh();
        let mut xi = xip;
        let mut eta = etap;
        for (j, a) in el.alpha.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi += a * (k * xip).sin() * (k * etap).cosh();
            eta += a * (k * xip).cos() * (k * etap).sinh();
        }
        [el.a_rect * eta, el.a_rect * xi]
    }

    /// Project longitude/latitude (degrees, WGS84) to local metres `[x east, y north]`.
    ///
    /// Returns [`Error::Data`] for non-finite input, |`lat`| ≥ 90, or a longitude more than
    /// 30° from the central meridian (outside the domain where the series is accurate).
    pub fn forward(&self, lon: f64, lat: f64) -> Result<Point> {
        if !(lon.is_finite() && lat.is_finite()) {
            return Err(Error::Data(format!(
                "coordinate ({lon}, {lat}) is not finite"
            )));
        }
        if lat.abs() >= 90.0 {
            return Err(Error::Data(format!(
                "latitude {lat} must be strictly between -90 and 90 degrees"
            )));
        }
        if wrap_deg(lon - self.lon0).abs() > MAX_DLON_DEG {
            return Err(Error::Data(format!(
                "longitude {lon} is more than {MAX_DLON_DEG} degrees from the central meridian {}",
                self.lon0
            )));
        }
        let p = self.raw_forward(lon, lat);
        Ok([p[0], p[1] - self.y0])
    }

    /// Project parallel longitude/latitude slices (degrees); fails on the first bad pair
    /// (see [`LocalTm::forward`]) or when the lengths differ.
    pub fn forward_many(&self, lon: &[f64], lat: &[f64]) -> Result<Vec<Point>> {
        if lon.len() != lat.len() {
            return Err(Error::Data(format!(
                "lon has {} values but lat has {}",
                lon.len(),
                lat.len()
            )));
        }
        lon.iter()
            .zip(lat)
            .map(|(&a, &b)| self.forward(a, b))
            .collect()
    }

    /// Inverse projection: local metres `[x, y]` to `(lon, lat)` in degrees.
    ///
    /// Returns [`Error::Data`] for non-finite input or points farther than 3000 km from the
    /// origin (outside the domain where the series is accurate).
    pub fn inverse(&self, p: Point) -> Result<(f64, f64)> {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return Err(Error::Data(format!(
                "point ({}, {}) is not finite",
                p[0], p[1]
            )));
        }
        if p[0].abs() > 3.0e6 || (p[1] + self.y0).abs() > 1.0e7 {
            return Err(Error::Data(format!(
                "point ({}, {}) is too far from the projection centre",
                p[0], p[1]
            )));
        }
        let el = ellipsoid();
        let xi = (p[1] + self.y0) / el.a_rect;
        let eta = p[0] / el.a_rect;
        let mut xip = xi;
        let mut etap = eta;
        for (j, b) in el.beta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xip -= b * (k * xi).sin() * (k * eta).cosh();
            etap -= b * (k * xi).cos() * (k * eta).sinh();
        }
        let (sx, cx) = xip.sin_cos();
        let sh = etap.sinh();
        let tp = sx / sh.hypot(cx);
        let lam = sh.atan2(cx);
        let tau = tau_from_taup(tp, el.e);
        let lat = tau.atan().to_degrees();
        let lon = wrap_deg(self.lon0 + lam.to_degrees());
        Ok((lon, lat))
    }
}

impl Default for LocalTm {
    fn default() -> Self {
        Self::detroit()
    }
}

/// Wrap an angle in degrees to (−180, 180].
fn wrap_deg(d: f64) -> f64 {
    let mut r = d % 360.0;
    if r > 180.0 {
        r -= 360.0;
    } else if r <= -180.0 {
        r += 360.0;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_maps_to_origin() {
        let p = LocalTm::detroit();
        let o = p.forward(DETROIT_LON, DETROIT_LAT).unwrap();
        assert!(o[0].abs() < 1e-9 && o[1].abs() < 1e-9, "{o:?}");
    }

    #[test]
    fn round_trip_over_city() {
        let p = LocalTm::detroit();
        for i in 0..=10 {
            for j in 0..=10 {
                let lon = -83.30 + 0.04 * i as f64;
                let lat = 42.25 + 0.02 * j as f64;
                let xy = p.forward(lon, lat).unwrap();
                let (lo, la) = p.inverse(xy).unwrap();
                assert!((lo - lon).abs() < 1e-10 && (la - lat).abs() < 1e-10);
            }
        }
    }

    #[test]
    fn local_lengths_match_ellipsoid_radii() {
        // Along the central meridian a small step in latitude must equal the meridian
        // radius of curvature times the angle; along the parallel through the centre a small
        // step in longitude must equal N cos(phi) times the angle (scale factor 1 there).
        let p = LocalTm::detroit();
        let e2 = WGS84_F * (2.0 - WGS84_F);
        let phi = DETROIT_LAT.to_radians();
        let w = (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let m = WGS84_A * (1.0 - e2) / w.powi(3);
        let nrad = WGS84_A / w;
        let d = 1e-4_f64;
        let a = p.forward(DETROIT_LON, DETROIT_LAT + d).unwrap();
        let b = p.forward(DETROIT_LON, DETROIT_LAT - d).unwrap();
        let dy = (a[1] - b[1]) / (2.0 * d.to_radians());
        assert!((dy / m - 1.0).abs() < 1e-8, "{dy} vs {m}");
        let c = p.forward(DETROIT_LON + d, DETROIT_LAT).unwrap();
        let e = p.forward(DETROIT_LON - d, DETROIT_LAT).unwrap();
        let dx = (c[0] - e[0]) / (2.0 * d.to_radians());
        assert!((dx / (nrad * phi.cos()) - 1.0).abs() < 1e-8);
    }

    #[test]
    fn city_extent_is_about_30_km() {
        let p = LocalTm::detroit();
        let w = p.forward(-83.29, 42.35).unwrap();
        let e = p.forward(-82.91, 42.35).unwrap();
        let width = e[0] - w[0];
        assert!((30_000.0..33_000.0).contains(&width), "{width}");
    }

    #[test]
    fn rejects_bad_input() {
        let p = LocalTm::detroit();
        assert!(matches!(p.forward(f64::NAN, 42.0), Err(Error::Data(_))));
        assert!(matches!(p.forward(-83.0, 95.0), Err(Error::Data(_))));
        assert!(matches!(p.forward(10.0, 42.0), Err(Error::Data(_))));
        assert!(matches!(
            p.inverse([f64::INFINITY, 0.0]),
            Err(Error::Data(_))
        ));
        assert!(matches!(LocalTm::new(0.0, 90.0), Err(Error::Params(_))));
    }
}
