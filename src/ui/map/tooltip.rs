//! What the map shows at a point, in words: the Gi* cell, the drawn points, the cluster, the
//! density and the nearest liquor store, found on the R-trees of [`super::hit`]. Used for the hover tooltip and for the keyboard readout at the
//! centre of the view.
//!
//! The pointer is projected back to longitude/latitude and named by its nearest neighbourhood
//! here, on the main thread (a deliberate exception, see [`crate::ui`]): it follows the
//! pointer.

use crate::analysis::spatial::projection::LocalTm;
use crate::data::geography::{in_city, nearest_neighborhood};
use crate::ui::format::thousands;
use crate::url_state::MapLayer;
use crate::worker::messages::HotspotResult;

use super::hit::HitIndex;
use super::view::Viewport;

fn singular(unit: &str) -> &str {
    match unit {
        "offense rows" => "offense row",
        _ => "incident",
    }
}

/// Confidence in words for a Gi* bin.
pub fn bin_words(bin: i8) -> &'static str {
    match bin {
        3 => "a hot spot at 99 % confidence",
        2 => "a hot spot at 95 % confidence",
        1 => "a hot spot at 90 % confidence",
        -1 => "a cold spot at 90 % confidence",
        -2 => "a cold spot at 95 % confidence",
        -3 => "a cold spot at 99 % confidence",
        _ => "not a significant hot or cold spot",
    }
}

/// Describe point (`x`, `y`) (metres) for the visible `layers`; `unit` is "incidents" or
/// "offense rows". None outside the map's data.
pub fn describe(
    r: &HotspotResult,
    hits: &HitIndex,
    layers: &[MapLayer],
    v: &Viewport,
    x: f64,
    y: f64,
    unit: &str,
) -> Option<String> {
    let mut parts = Vec::new();
    let proj = LocalTm::detroit();
    let place = proj.inverse([x, y]).ok().map(|(lon, lat)| {
        if in_city(lon, lat) {
            format!("Near {}", nearest_neighborhood(lon, lat))
        } else {
            "Outside crimecast's approximate city limits".to_string()
        }
    });
    parts.extend(place);
    if let Some(g) = r.gi.as_ref() {
        let col = ((x - g.x0) / g.cell).floor();
        let row = ((y - g.y0) / g.cell).floor();
        if col >= 0.0 && row >= 0.0 && (col as usize) < g.cols && (row as usize) < g.rows {
            let id = row as usize * g.cols + col as usize;
            if g.study[id] {
                let z = g.z[id]
                    .map(|z| format!(", Gi* z = {z:.1}"))
                    .unwrap_or_default();
                parts.push(format!(
                    "this {:.0} m cell has {} {unit}{z}: {}",
                    g.cell,
                    thousands(u64::from(g.counts[id])),
                    bin_words(g.bins[id])
                ));
            }
        }
    }
    if layers.contains(&MapLayer::Points) {
        let reach = 6.0 / v.scale;
        if let Some((n, d)) = hits.points_near([x, y], reach) {
            parts.push(if n == 1 {
                format!("a drawn {} ({d:.0} m away)", singular(unit))
            } else {
                format!("{} drawn {unit} within {reach:.0} m", thousands(n as u64))
            });
        }
    }
    if layers.contains(&MapLayer::Clusters) {
        let near = (r.clusters.eps_m).max(8.0 / v.scale);
        if let Some(c) = hits.cluster_at(r, [x, y], near) {
            let top = c
                .top
                .first()
                .map(|(name, n)| {
                    format!(
                        ", mostly {} ({:.0} %)",
                        name.to_lowercase(),
                        100.0 * *n as f64 / c.size.max(1) as f64
                    )
                })
                .unwrap_or_default();
            parts.push(format!(
                "DBSCAN cluster number {} of {} {unit}{top}",
                c.rank,
                thousands(c.size)
            ));
        }
    }
    if layers.contains(&MapLayer::Kde) {
        if let Some(k) = r.kde.as_ref() {
            let j = ((x - k.x0) / k.step).round();
            let i = ((y - k.y0) / k.step).round();
            if j >= 0.0 && i >= 0.0 && (j as usize) < k.nx && (i as usize) < k.ny {
                let d = k.values[i as usize * k.nx + j as usize];
                parts.push(format!("smoothed density about {d:.0} {unit} per km²"));
            }
        }
    }
    if layers.contains(&MapLayer::PointLayer) {
        let reach = 10.0 / v.scale;
        if hits.layer_near([x, y], reach) {
            let synthetic = r.layer.as_ref().is_some_and(|l| l.synthetic);
            parts.push(if synthetic {
                "a synthetic liquor store (demo layer)".to_string()
            } else {
                "a point of the uploaded layer".to_string()
            });
        }
    }
    (!parts.is_empty()).then(|| parts.join("; ") + ".")
}
