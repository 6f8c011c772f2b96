//! Spatial results as files: GeoJSON (RFC 7946: WGS84 longitude, latitude; closed
//! counter-clockwise rings) and CSV tables of the Gi* cells, the DBSCAN clusters and the risk
//! ranking with the precinct areas. Plain Rust (no browser), so native tests parse the output
//! back; the page adds the download.
//!
//! Each GeoJSON file carries, beside its features, what a reader needs to use it honestly:
//! the data source, when the data were retrieved, the ethics line and what the polygons are.

use serde_json::{json, Map, Value};

use crate::analysis::spatial::points::Point;
use crate::analysis::spatial::projection::LocalTm;
use crate::data::geography::PrecinctArea;
use crate::worker::messages::{ClusterLayer, GiLayer};

/// What every export says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMeta {
    /// The view, e.g. "hotspots-gi-cells" (also the file name's stem).
    pub view: String,
    /// The data source in words.
    pub source: String,
    /// When the data were retrieved (or loaded), ISO 8601.
    pub retrieved: String,
    /// The ethics line.
    pub ethics: String,
    /// The page's address for this view.
    pub url: String,
}

/// A table for CSV: header and rows of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

/// One precinct of the risk ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskExportRow {
    /// Precinct number.
    pub precinct: u8,
    /// Rank (None when not scored).
    pub rank: Option<usize>,
    /// Composite Risk Score, 0..=1 (None when not scored).
    pub score: Option<f64>,
    /// Forecast for the next 12 months.
    pub forecast: f64,
    /// Momentum, percent.
    pub momentum: Option<f64>,
    /// Why it is not scored, or a flag on its score.
    pub note: Option<String>,
}

/// File name for a view: `crimecast-<view>-<YYYY-MM-DD>.<ext>`, with the date the data were
/// retrieved.
pub fn file_name(meta: &ExportMeta, ext: &str) -> String {
    let date: String = meta.retrieved.chars().take(10).collect();
    format!("crimecast-{}-{date}.{ext}", meta.view)
}

/// Round to 6 decimals (about 0.1 m): enough for these polygons, and smaller files.
fn deg(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A closed counter-clockwise ring of `[lon, lat]` from projected points; None when a point
/// cannot be projected back or fewer than 3 distinct vertices remain.
fn ring_wgs84(proj: &LocalTm, pts: &[Point]) -> Option<Vec<[f64; 2]>> {
    let ll: Option<Vec<(f64, f64)>> = pts.iter().map(|p| proj.inverse(*p).ok()).collect();
    ring_lonlat(&ll?)
}

/// A closed counter-clockwise ring of `[lon, lat]` from (lon, lat) vertices.
fn ring_lonlat(pts: &[(f64, f64)]) -> Option<Vec<[f64; 2]>> {
    let mut ring: Vec<[f64; 2]> = pts.iter().map(|&(x, y)| [deg(x), deg(y)]).collect();
    ring.dedup();
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < 3 {
        return None;
    }
    let area2: f64 = (0..ring.len())
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    if area2 < 0.0 {
        ring.reverse();
    }
    ring.push(ring[0]);
    Some(ring)
}

fn wkt(ring: &[[f64; 2]]) -> String {
    let pts: Vec<String> = ring.iter().map(|p| format!("{} {}", p[0], p[1])).collect();
    format!("POLYGON(({}))", pts.join(", "))
}

fn collection(meta: &ExportMeta, note: &str, features: Vec<Value>) -> String {
    let mut m = Map::new();
    m.insert("type".into(), json!("FeatureCollection"));
    m.insert("name".into(), json!(format!("crimecast {}", meta.view)));
    m.insert("source".into(), json!(meta.source));
    m.insert("retrieved".into(), json!(meta.retrieved));
    m.insert("ethics".into(), json!(meta.ethics));
    m.insert("view".into(), json!(meta.url));
    m.insert("note".into(), json!(note));
    m.insert("features".into(), Value::Array(features));
    Value::Object(m).to_string()
}

fn feature(geometry: Value, properties: Value) -> Value {
    json!({ "type": "Feature", "geometry": geometry, "properties": properties })
}

fn confidence(bin: i8) -> &'static str {
    match bin {
        3 => "hot 99%",
        2 => "hot 95%",
        1 => "hot 90%",
        -1 => "cold 90%",
        -2 => "cold 95%",
        -3 => "cold 99%",
        _ => "not significant",
    }
}

/// What the Gi* export holds.
pub const GI_NOTE: &str = "Getis-Ord Gi* per square grid cell of the study area (cell side in metres on crimecast's local transverse Mercator plane, shown here in WGS84). bin: confidence after Benjamini-Hochberg FDR control, -3..3 (negative = cold). Reported incidents, not crime rates.";

/// The study cells of a Gi* layer: (id, row, col, ring) with their values.
fn gi_cells(gi: &GiLayer, proj: &LocalTm) -> Vec<(usize, Vec<[f64; 2]>)> {
    (0..gi.rows * gi.cols)
        .filter(|&id| gi.study.get(id).copied().unwrap_or(false))
        .filter_map(|id| {
            let (row, col) = (id / gi.cols, id % gi.cols);
            let x = gi.x0 + col as f64 * gi.cell;
            let y = gi.y0 + row as f64 * gi.cell;
            let corners = [
                [x, y],
                [x + gi.cell, y],
                [x + gi.cell, y + gi.cell],
                [x, y + gi.cell],
            ];
            ring_wgs84(proj, &corners).map(|r| (id, r))
        })
        .collect()
}

fn opt(v: Option<f32>) -> Value {
    v.map_or(Value::Null, |x| json!((f64::from(x) * 1e4).round() / 1e4))
}

/// The Gi* study cells as a GeoJSON FeatureCollection of polygons.
pub fn gi_geojson(gi: &GiLayer, proj: &LocalTm, meta: &ExportMeta) -> String {
    let features = gi_cells(gi, proj)
        .into_iter()
        .map(|(id, ring)| {
            feature(
                json!({ "type": "Polygon", "coordinates": [ring] }),
                json!({
                    "cell": id,
                    "row": id / gi.cols,
                    "col": id % gi.cols,
                    "cell_m": gi.cell,
                    "count": gi.counts[id],
                    "z": opt(gi.z[id]),
                    "p": opt(gi.p[id]),
                    "p_sim": gi.p_sim.as_ref().map_or(Value::Null, |v| opt(v[id])),
                    "bin": gi.bins[id],
                    "confidence": confidence(gi.bins[id]),
                }),
            )
        })
        .collect();
    collection(meta, GI_NOTE, features)
}

fn num(v: Option<f32>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}")).unwrap_or_default()
}

/// The Gi* study cells as a table with the cell polygon as WKT.
pub fn gi_table(gi: &GiLayer, proj: &LocalTm) -> Table {
    Table {
        header: [
            "cell",
            "row",
            "col",
            "cell_m",
            "count",
            "z",
            "p",
            "bin",
            "confidence",
            "polygon_wgs84",
        ]
        .map(String::from)
        .to_vec(),
        rows: gi_cells(gi, proj)
            .into_iter()
            .map(|(id, ring)| {
                vec![
                    id.to_string(),
                    (id / gi.cols).to_string(),
                    (id % gi.cols).to_string(),
                    format!("{}", gi.cell),
                    gi.counts[id].to_string(),
                    num(gi.z[id], 3),
                    num(gi.p[id], 5),
                    gi.bins[id].to_string(),
                    confidence(gi.bins[id]).to_string(),
                    wkt(&ring),
                ]
            })
            .collect(),
    }
}

/// What the cluster export holds.
pub const CLUSTER_NOTE: &str = "DBSCAN clusters: the convex hull of each cluster's points (a Point at the centre when the hull is a single location or a line). size: points in the cluster; top: its most frequent categories. Reported incidents, not crime rates.";

fn top_words(top: &[(String, u64)]) -> String {
    top.iter()
        .map(|(c, n)| format!("{c} ({n})"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn cluster_geometry(c: &crate::worker::messages::Cluster, proj: &LocalTm) -> Option<Value> {
    let hull: Vec<Point> = c
        .hull
        .iter()
        .map(|p| [f64::from(p[0]), f64::from(p[1])])
        .collect();
    match ring_wgs84(proj, &hull) {
        Some(ring) => Some(json!({ "type": "Polygon", "coordinates": [ring] })),
        None => proj
            .inverse(c.centroid)
            .ok()
            .map(|(lon, lat)| json!({ "type": "Point", "coordinates": [deg(lon), deg(lat)] })),
    }
}

/// The listed DBSCAN clusters as a GeoJSON FeatureCollection.
pub fn clusters_geojson(layer: &ClusterLayer, proj: &LocalTm, meta: &ExportMeta) -> String {
    let features = layer
        .clusters
        .iter()
        .filter_map(|c| {
            let (lon, lat) = proj.inverse(c.centroid).ok()?;
            Some(feature(
                cluster_geometry(c, proj)?,
                json!({
                    "rank": c.rank,
                    "size": c.size,
                    "core_points": c.n_core,
                    "centre_lon": deg(lon),
                    "centre_lat": deg(lat),
                    "place": c.place.name,
                    "top": top_words(&c.top),
                    "eps_m": layer.eps_m,
                    "min_samples": layer.min_samples,
                }),
            ))
        })
        .collect();
    collection(meta, CLUSTER_NOTE, features)
}

/// The listed DBSCAN clusters as a table with the hull as WKT (empty when degenerate).
pub fn clusters_table(layer: &ClusterLayer, proj: &LocalTm) -> Table {
    Table {
        header: [
            "rank",
            "size",
            "core_points",
            "centre_lon",
            "centre_lat",
            "place",
            "top_categories",
            "hull_wgs84",
        ]
        .map(String::from)
        .to_vec(),
        rows: layer
            .clusters
            .iter()
            .map(|c| {
                let (lon, lat) = proj.inverse(c.centroid).unwrap_or((f64::NAN, f64::NAN));
                let hull: Vec<Point> = c
                    .hull
                    .iter()
                    .map(|p| [f64::from(p[0]), f64::from(p[1])])
                    .collect();
                vec![
                    c.rank.to_string(),
                    c.size.to_string(),
                    c.n_core.to_string(),
                    format!("{:.6}", lon),
                    format!("{:.6}", lat),
                    c.place.name.clone(),
                    top_words(&c.top),
                    ring_wgs84(proj, &hull).map(|r| wkt(&r)).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// What the risk export holds (its polygons are approximate).
pub const RISK_NOTE: &str = "Composite Risk Score per police precinct: expected reported-incident volume and momentum, not danger and not people. The polygons are crimecast's APPROXIMATE precinct areas (the part of its approximate city outline nearest each precinct's seed point), not the official boundaries.";

fn risk_props(r: &RiskExportRow) -> Value {
    json!({
        "precinct": r.precinct,
        "rank": r.rank,
        "score": r.score.map(|s| (s * 1e4).round() / 1e4),
        "forecast_12m": r.forecast.round(),
        "momentum_pct": r.momentum.map(|m| (m * 10.0).round() / 10.0),
        "note": r.note,
        "area": "approximate",
    })
}

/// The risk ranking on the approximate precinct areas as a GeoJSON FeatureCollection.
pub fn risk_geojson(rows: &[RiskExportRow], areas: &[PrecinctArea], meta: &ExportMeta) -> String {
    let features = rows
        .iter()
        .filter_map(|r| {
            let area = areas.iter().find(|a| a.precinct == r.precinct)?;
            let ring = ring_lonlat(&area.ring)?;
            Some(feature(
                json!({ "type": "Polygon", "coordinates": [ring] }),
                risk_props(r),
            ))
        })
        .collect();
    collection(meta, RISK_NOTE, features)
}

/// The risk ranking as a table with the approximate precinct area as WKT.
pub fn risk_table(rows: &[RiskExportRow], areas: &[PrecinctArea]) -> Table {
    Table {
        header: [
            "precinct",
            "rank",
            "score",
            "forecast_12m",
            "momentum_pct",
            "note",
            "approximate_area_wgs84",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                let ring = areas
                    .iter()
                    .find(|a| a.precinct == r.precinct)
                    .and_then(|a| ring_lonlat(&a.ring));
                vec![
                    r.precinct.to_string(),
                    r.rank.map(|k| k.to_string()).unwrap_or_default(),
                    r.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
                    format!("{:.0}", r.forecast),
                    r.momentum.map(|m| format!("{m:.1}")).unwrap_or_default(),
                    r.note.clone().unwrap_or_default(),
                    ring.map(|r| wkt(&r)).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "geo_export_tests.rs"]
mod tests;
