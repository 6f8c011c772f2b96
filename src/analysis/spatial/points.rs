//! Planar points in metres and the input checks shared by the spatial algorithms.

use crate::analysis::{Error, Result};

/// A planar point `[x, y]` in metres (for example the output of
/// [`crate::analysis::spatial::projection::LocalTm::forward`]).
pub type Point = [f64; 2];

/// Zip parallel coordinate slices into points.
///
/// * `x`, `y` — coordinates in metres, same length.
///
/// Returns the points, or [`Error::Data`] when the lengths differ or a coordinate is not finite.
pub fn points_from_xy(x: &[f64], y: &[f64]) -> Result<Vec<Point>> {
    if x.len() != y.len() {
        return Err(Error::Data(format!(
            "x has {} values but y has {}; they must be parallel",
            x.len(),
            y.len()
        )));
    }
    let pts: Vec<Point> = x.iter().zip(y).map(|(&a, &b)| [a, b]).collect();
    check_finite(&pts)?;
    Ok(pts)
}

/// Fail with [`Error::Data`] naming the first point with a NaN or infinite coordinate.
pub(crate) fn check_finite(points: &[Point]) -> Result<()> {
    match points
        .iter()
        .position(|p| !(p[0].is_finite() && p[1].is_finite()))
    {
        Some(i) => Err(Error::Data(format!(
            "point {i} has a non-finite coordinate ({}, {})",
            points[i][0], points[i][1]
        ))),
        None => Ok(()),
    }
}

/// Fail with [`Error::Data`] when `values` holds a NaN or infinite value; `what` names the input.
pub(crate) fn check_finite_values(values: &[f64], what: &str) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(Error::Data(format!(
            "{what}[{i}] = {} is not finite",
            values[i]
        ))),
        None => Ok(()),
    }
}
