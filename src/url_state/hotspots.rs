//! The hotspot page's settings in the URL: Gi* cell size and contiguity, permutations, DBSCAN
//! radius and minimum points, OPTICS radius, KDE bandwidth and the map layers shown. Out-of-range or
//! unreadable values fall back to the defaults.

use crate::analysis::spatial::dbscan;
use crate::analysis::spatial::kde::Bandwidth;
use crate::analysis::spatial::weights::Contiguity;
use crate::analysis::ParamGuard;
use crate::worker::messages::{HotspotSpec, DEFAULT_CELL_M, DEFAULT_OPTICS_EPS_M};

/// Whether the page's hotspot spec accepts the one setting `set` changes (the URL keeps each
/// value only when it does, and falls back to the default otherwise).
fn accepts(set: impl FnOnce(&mut HotspotSpec)) -> bool {
    let mut spec = HotspotSpec::default();
    set(&mut spec);
    spec.check_ref().is_ok()
}

/// A layer of the hotspot map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MapLayer {
    /// Precinct areas (official where loaded, approximate otherwise).
    Precincts,
    /// Official neighborhood outlines (a thin layer; live data only).
    Neighborhoods,
    /// The street map under everything (raster tiles; off unless asked for).
    Street,
    /// Sampled incident points.
    Points,
    /// Kernel density surface.
    Kde,
    /// DBSCAN cluster hulls.
    Clusters,
    /// Getis-Ord Gi* cells by confidence.
    GiStar,
    /// The liquor-store point layer.
    PointLayer,
}

/// Every map layer, in drawing order (bottom first).
pub const MAP_LAYERS: [MapLayer; 8] = [
    MapLayer::Street,
    MapLayer::Precincts,
    MapLayer::Neighborhoods,
    MapLayer::Kde,
    MapLayer::GiStar,
    MapLayer::Points,
    MapLayer::Clusters,
    MapLayer::PointLayer,
];

/// Layers shown when the URL names none.
pub const DEFAULT_LAYERS: [MapLayer; 3] =
    [MapLayer::Precincts, MapLayer::GiStar, MapLayer::Clusters];

impl MapLayer {
    /// Query value.
    pub fn key(self) -> &'static str {
        match self {
            MapLayer::Precincts => "precincts",
            MapLayer::Neighborhoods => "nhoods",
            MapLayer::Street => "street",
            MapLayer::Points => "points",
            MapLayer::Kde => "kde",
            MapLayer::Clusters => "clusters",
            MapLayer::GiStar => "gi",
            MapLayer::PointLayer => "liquor",
        }
    }

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            MapLayer::Precincts => "Precinct areas",
            MapLayer::Neighborhoods => "Neighborhoods",
            MapLayer::Street => "Street map",
            MapLayer::Points => "Incident points",
            MapLayer::Kde => "Density (KDE)",
            MapLayer::Clusters => "DBSCAN clusters",
            MapLayer::GiStar => "Gi* hot and cold spots",
            MapLayer::PointLayer => "Liquor stores",
        }
    }

    /// Parse a query value.
    pub fn parse(s: &str) -> Option<MapLayer> {
        MAP_LAYERS.into_iter().find(|l| l.key() == s)
    }
}

/// The hotspot page's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct HotspotQuery {
    /// Gi* cell size, metres (one the spec accepts).
    pub cell_m: u32,
    /// Gi* and Moran's I neighbours.
    pub contiguity: Contiguity,
    /// Permutations for pseudo p-values (0 = none).
    pub permutations: u32,
    /// DBSCAN radius, metres.
    pub eps_m: u32,
    /// DBSCAN minimum points (None: automatic).
    pub min_pts: Option<u32>,
    /// OPTICS extraction radius, metres.
    pub optics_eps_m: u32,
    /// KDE bandwidth rule.
    pub bandwidth: Bandwidth,
    /// Visible map layers, in [`MAP_LAYERS`] order.
    pub layers: Vec<MapLayer>,
}

impl Default for HotspotQuery {
    fn default() -> Self {
        HotspotQuery {
            cell_m: DEFAULT_CELL_M,
            contiguity: Contiguity::Queen,
            permutations: 0,
            eps_m: dbscan::DEFAULT_EPS_M as u32,
            min_pts: None,
            optics_eps_m: DEFAULT_OPTICS_EPS_M as u32,
            bandwidth: Bandwidth::Scott,
            layers: DEFAULT_LAYERS.to_vec(),
        }
    }
}

/// The query value of a bandwidth rule.
pub fn bandwidth_key(b: Bandwidth) -> String {
    match b {
        Bandwidth::Scott => "scott".into(),
        Bandwidth::Silverman => "silverman".into(),
        Bandwidth::Factor(f) => format!("{f}"),
    }
}

/// Parse a bandwidth query value (`scott`, `silverman` or a factor the spec accepts).
pub fn parse_bandwidth(s: &str) -> Option<Bandwidth> {
    match s {
        "scott" => Some(Bandwidth::Scott),
        "silverman" => Some(Bandwidth::Silverman),
        _ => s
            .parse::<f64>()
            .ok()
            .map(Bandwidth::Factor)
            .filter(|b| accepts(|spec| spec.bandwidth = *b)),
    }
}

impl HotspotQuery {
    /// Read the settings from decoded query pairs.
    pub fn from_pairs(get: &dyn Fn(&str) -> Option<String>) -> HotspotQuery {
        let d = HotspotQuery::default();
        let num = |k: &str| get(k).and_then(|v| v.trim().parse::<u32>().ok());
        let layers = match get("layers").as_deref() {
            None => d.layers.clone(),
            Some("none") => Vec::new(),
            Some(v) => {
                let mut l: Vec<MapLayer> = v
                    .split(',')
                    .filter_map(|k| MapLayer::parse(k.trim()))
                    .collect();
                sort_layers(&mut l);
                if l.is_empty() {
                    d.layers.clone()
                } else {
                    l
                }
            }
        };
        HotspotQuery {
            cell_m: num("cell")
                .filter(|c| accepts(|s| s.cell_m = f64::from(*c)))
                .unwrap_or(d.cell_m),
            contiguity: if get("contig").as_deref() == Some("rook") {
                Contiguity::Rook
            } else {
                Contiguity::Queen
            },
            permutations: num("perm")
                .filter(|p| accepts(|s| s.permutations = *p as usize))
                .unwrap_or(0),
            eps_m: num("eps")
                .filter(|e| accepts(|s| s.eps_m = f64::from(*e)))
                .unwrap_or(d.eps_m),
            min_pts: num("minpts").filter(|m| accepts(|s| s.min_samples = Some(*m as usize))),
            optics_eps_m: num("oeps")
                .filter(|e| accepts(|s| s.optics_eps_m = f64::from(*e)))
                .unwrap_or(d.optics_eps_m),
            bandwidth: get("bw")
                .and_then(|v| parse_bandwidth(&v))
                .unwrap_or_default(),
            layers,
        }
    }

    /// Append the non-default settings as query pairs.
    pub fn to_pairs(&self, p: &mut Vec<(&'static str, String)>) {
        let d = HotspotQuery::default();
        if self.cell_m != d.cell_m {
            p.push(("cell", self.cell_m.to_string()));
        }
        if self.contiguity == Contiguity::Rook {
            p.push(("contig", "rook".into()));
        }
        if self.permutations > 0 {
            p.push(("perm", self.permutations.to_string()));
        }
        if self.eps_m != d.eps_m {
            p.push(("eps", self.eps_m.to_string()));
        }
        if let Some(m) = self.min_pts {
            p.push(("minpts", m.to_string()));
        }
        if self.optics_eps_m != d.optics_eps_m {
            p.push(("oeps", self.optics_eps_m.to_string()));
        }
        if self.bandwidth != Bandwidth::Scott {
            p.push(("bw", bandwidth_key(self.bandwidth)));
        }
        if self.layers != d.layers {
            let v: Vec<&str> = self.layers.iter().map(|l| l.key()).collect();
            p.push((
                "layers",
                if v.is_empty() {
                    "none".into()
                } else {
                    v.join(",")
                },
            ));
        }
    }

    /// Whether `layer` is shown.
    pub fn shows(&self, layer: MapLayer) -> bool {
        self.layers.contains(&layer)
    }

    /// Show or hide `layer`.
    pub fn toggle(&mut self, layer: MapLayer) {
        if let Some(i) = self.layers.iter().position(|l| *l == layer) {
            self.layers.remove(i);
        } else {
            self.layers.push(layer);
            sort_layers(&mut self.layers);
        }
    }
}

fn sort_layers(l: &mut Vec<MapLayer>) {
    let pos = |x: &MapLayer| MAP_LAYERS.iter().position(|y| y == x).unwrap_or(0);
    l.sort_by_key(pos);
    l.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::UrlState;

    #[test]
    fn hotspot_settings_round_trip_and_fall_back() {
        let s = UrlState::parse(
            "?page=hotspots&cell=250&contig=rook&perm=99&eps=150&minpts=40&oeps=600&bw=0.3&layers=liquor,kde,kde,bogus",
        );
        let h = &s.hotspots;
        assert_eq!(h.cell_m, 250);
        assert_eq!(h.contiguity, Contiguity::Rook);
        assert_eq!(h.permutations, 99);
        assert_eq!(h.eps_m, 150);
        assert_eq!(h.min_pts, Some(40));
        assert_eq!(h.optics_eps_m, 600);
        assert_eq!(h.bandwidth, Bandwidth::Factor(0.3));
        assert_eq!(h.layers, vec![MapLayer::Kde, MapLayer::PointLayer]);
        assert_eq!(UrlState::parse(&s.to_query()), s);
        let junk = UrlState::parse("?cell=7&perm=5000&eps=-3&minpts=1&oeps=9000&bw=NaN&layers=,");
        assert_eq!(junk.hotspots, HotspotQuery::default());
        assert_eq!(UrlState::default().to_query(), "");
        let mut none = UrlState::default();
        none.hotspots.layers.clear();
        assert!(none.to_query().contains("layers=none"));
        assert_eq!(UrlState::parse(&none.to_query()), none);
        let mut t = HotspotQuery::default();
        t.toggle(MapLayer::Points);
        assert!(t.shows(MapLayer::Points));
        t.toggle(MapLayer::Points);
        assert_eq!(t, HotspotQuery::default());
    }
}
