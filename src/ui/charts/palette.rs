//! Colour-blind-safe colours: a viridis ramp for magnitudes and the Okabe–Ito set for
//! categories.

use plotters::style::RGBColor;

const VIRIDIS: [(f64, (u8, u8, u8)); 6] = [
    (0.0, (68, 1, 84)),
    (0.2, (65, 68, 135)),
    (0.4, (42, 120, 142)),
    (0.6, (34, 168, 132)),
    (0.8, (122, 209, 81)),
    (1.0, (253, 231, 37)),
];

/// Viridis colour at `t` in 0..=1 (light = high).
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    for w in VIRIDIS.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if t <= b {
            let f = (t - a) / (b - a);
            let mix =
                |x: u8, y: u8| (f64::from(x) + f * (f64::from(y) - f64::from(x))).round() as u8;
            return RGBColor(mix(ca.0, cb.0), mix(ca.1, cb.1), mix(ca.2, cb.2));
        }
    }
    RGBColor(253, 231, 37)
}

/// The Okabe–Ito palette.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

/// Text colour.
pub const INK: RGBColor = RGBColor(33, 37, 41);
/// Light grid colour.
pub const GRID: RGBColor = RGBColor(222, 226, 230);
