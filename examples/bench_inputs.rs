//! Write the benchmark inputs to a folder so other libraries (scikit-learn, scipy, esda,
//! statsmodels) can be timed on exactly the data crimecast's benches use. Run by
//! `scripts/bench`:
//!
//! `cargo run --example bench_inputs -- <folder>`
//!
//! Files: `points.csv` (x,y in metres, 100k rows), `gi_counts_<cells>.csv` (one count per cell,
//! row-major), `monthly_<months>.csv` (the SARIMAX series, one count per month), `meta.json`
//! (the parameters every stage uses, with crimecast's SARIMAX log-likelihood), and crimecast's
//! own results for the peers to compare with: `dbscan_labels_<n>.csv`, `kde_<n>.csv` (density,
//! row-major over y then x) and `gi_z_<cells>.csv` (z-scores, empty when undefined).

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "../benches/inputs/mod.rs"]
mod inputs;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: bench_inputs <folder>")?,
    );
    std::fs::create_dir_all(&dir)?;
    let pts = inputs::points(100_000);
    let mut text = String::with_capacity(pts.len() * 40);
    text.push_str("x,y\n");
    for p in &pts {
        writeln!(text, "{},{}", p[0], p[1])?;
    }
    std::fs::write(dir.join("points.csv"), text)?;
    let lines = |values: &mut dyn Iterator<Item = String>| -> String {
        values.fold(String::new(), |mut s, v| {
            s.push_str(&v);
            s.push('\n');
            s
        })
    };
    let mut gi = Vec::new();
    for side in [50, inputs::GI_SIDE] {
        let input = inputs::gi_input(&pts, side);
        let cells = side * side;
        let name = format!("gi_counts_{cells}.csv");
        std::fs::write(
            dir.join(&name),
            lines(&mut input.counts.iter().map(|c| c.to_string())),
        )?;
        let z = inputs::stage_gi_star(&input, 0).z;
        let z_name = format!("gi_z_{cells}.csv");
        std::fs::write(
            dir.join(&z_name),
            lines(&mut z.iter().map(|v| v.map_or(String::new(), |v| v.to_string()))),
        )?;
        gi.push(serde_json::json!({
            "cells": cells, "file": name, "z_file": z_name, "side": side,
            "cell_m": input.cell, "contiguity": "queen",
        }));
    }
    let mut dbscan = Vec::new();
    let mut kde = Vec::new();
    for n in [10_000, 100_000] {
        let r = inputs::stage_dbscan(&pts[..n]);
        let name = format!("dbscan_labels_{n}.csv");
        std::fs::write(
            dir.join(&name),
            lines(&mut r.labels.iter().map(|l| l.to_string())),
        )?;
        dbscan.push(serde_json::json!({
            "points": n, "labels_file": name, "clusters": r.n_clusters, "noise": r.n_noise,
        }));
        let axes = inputs::kde_axes(&pts[..n], inputs::KDE_NODES);
        let surface = inputs::stage_kde(&pts[..n], &axes);
        let name = format!("kde_{n}.csv");
        std::fs::write(
            dir.join(&name),
            lines(&mut surface.density.iter().map(|d| d.to_string())),
        )?;
        kde.push(serde_json::json!({
            "points": n, "x0": axes.x0, "dx": axes.dx, "nx": axes.nx,
            "y0": axes.y0, "dy": axes.dy, "ny": axes.ny, "density_file": name,
        }));
    }
    let y = inputs::monthly_series(inputs::SARIMAX_MONTHS);
    let name = format!("monthly_{}.csv", y.len());
    std::fs::write(dir.join(&name), lines(&mut y.iter().map(|v| v.to_string())))?;
    let (m, _) = inputs::stage_sarimax(&inputs::sarimax_spec(), &y);
    let sarimax = serde_json::json!({
        "file": name, "months": y.len(), "order": [1, 1, 1], "seasonal_order": [1, 1, 1, 12],
        "horizon": inputs::HORIZON, "llf": m.llf, "converged": m.converged,
    });
    let meta = serde_json::json!({
        "seed": inputs::SEED,
        "points_file": "points.csv",
        "dbscan": { "eps": inputs::DBSCAN_EPS, "min_samples": inputs::DBSCAN_MIN_SAMPLES, "runs": dbscan },
        "kde": kde,
        "gi_star": gi,
        "sarimax": sarimax,
    });
    std::fs::write(dir.join("meta.json"), serde_json::to_string_pretty(&meta)?)?;
    println!("benchmark inputs written to {}", dir.display());
    Ok(())
}
