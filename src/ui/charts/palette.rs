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

const YLGNBU: [(u8, u8, u8); 9] = [
    (255, 255, 217),
    (237, 248, 177),
    (199, 233, 180),
    (127, 205, 187),
    (65, 182, 196),
    (29, 145, 192),
    (34, 94, 168),
    (37, 52, 148),
    (8, 29, 88),
];

/// ColorBrewer's YlGnBu sequential ramp (colour-blind safe) at `t` in 0..=1 (dark = high).
pub fn ylgnbu(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (YLGNBU.len() - 1) as f64;
    let i = (x.floor() as usize).min(YLGNBU.len() - 2);
    let f = x - i as f64;
    let (a, b) = (YLGNBU[i], YLGNBU[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
