//! Per-cluster summaries: size, centroid, convex hull, most frequent categories.

use std::collections::HashMap;

use super::super::hull::convex_hull;
use super::super::points::Point;
use super::DbscanResult;
use crate::analysis::{Error, Result};

/// How often a category occurs in a cluster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CategoryCount {
    /// Category name (e.g. offense category).
    pub category: String,
    /// Number of the cluster's points in the category.
    pub count: usize,
}

/// Description of one DBSCAN cluster.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClusterSummary {
    /// Cluster label (0-based, as in [`DbscanResult::labels`]).
    pub label: i32,
    /// Number of points (core and border).
    pub size: usize,
    /// Number of core points.
    pub n_core: usize,
    /// Mean position of the points (metres).
    pub centroid: Point,
    /// Convex hull of the points, counter-clockwise (see [`convex_hull`]).
    pub hull: Vec<Point>,
    /// Most frequent categories, by count descending then name; empty without categories.
    pub top_categories: Vec<CategoryCount>,
}

/// Summaries of every cluster in `result` (noise excluded), in label order.
///
/// `points` must be the clustered points. [`Error::Data`] on a length mismatch.
pub fn summarize_clusters(points: &[Point], result: &DbscanResult) -> Result<Vec<ClusterSummary>> {
    build(points, result, None::<&[&str]>, 0)
}

/// Like [`summarize_clusters`], adding the `top_k` most frequent of `categories` (parallel to
/// `points`) per cluster. [`Error::Data`] on a length mismatch.
pub fn summarize_clusters_with_categories<S: AsRef<str>>(
    points: &[Point],
    result: &DbscanResult,
    categories: &[S],
    top_k: usize,
) -> Result<Vec<ClusterSummary>> {
    build(points, result, Some(categories), top_k)
}

fn build<S: AsRef<str>>(
    points: &[Point],
    result: &DbscanResult,
    categories: Option<&[S]>,
    top_k: usize,
) -> Result<Vec<ClusterSummary>> {
    if points.len() != result.labels.len() || points.len() != result.is_core.len() {
        return Err(Error::Data(format!(
            "{} points but the DBSCAN result has {} labels",
            points.len(),
            result.labels.len()
        )));
    }
    if let Some(c) = categories {
        if c.len() != points.len() {
            return Err(Error::Data(format!(
                "{} categories for {} points",
                c.len(),
                points.len()
            )));
        }
    }
    let k = result.n_clusters;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &l) in result.labels.iter().enumerate() {
        if l >= 0 && (l as usize) < k {
            members[l as usize].push(i);
        }
    }
    let out = members
        .into_iter()
        .enumerate()
        .map(|(label, idx)| {
            let size = idx.len();
            let n_core = idx.iter().filter(|&&i| result.is_core[i]).count();
            let (mut sx, mut sy) = (0.0, 0.0);
            for &i in &idx {
                sx += points[i][0];
                sy += points[i][1];
            }
            let denom = size.max(1) as f64;
            let pts: Vec<Point> = idx.iter().map(|&i| points[i]).collect();
            let top_categories = match categories {
                Some(c) => top_counts(idx.iter().map(|&i| c[i].as_ref()), top_k),
                None => Vec::new(),
            };
            ClusterSummary {
                label: label as i32,
                size,
                n_core,
                centroid: [sx / denom, sy / denom],
                hull: convex_hull(&pts),
                top_categories,
            }
        })
        .collect();
    Ok(out)
}

fn top_counts<'a>(items: impl Iterator<Item = &'a str>, top_k: usize) -> Vec<CategoryCount> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in items {
        *counts.entry(c).or_insert(0) += 1;
    }
    let mut v: Vec<CategoryCount> = counts
        .into_iter()
        .map(|(category, count)| CategoryCount {
            category: category.to_string(),
            count,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.category.cmp(&b.category)));
    v.truncate(top_k);
    v
}
