//! The official boundaries next to a live source, projected to metres for the map: precinct
//! polygons with their label positions and the neighborhood outlines; and the caption saying
//! which boundaries the map draws.

use leptos::prelude::*;

use crate::analysis::spatial::projection::LocalTm;
use crate::data::boundaries::{Area, Boundaries};
use crate::ui::state::DataState;
use crate::worker::messages::{Dataset, OfficialBoundaries, Source};

/// An area's rings in metres, every part's rings together.
pub type Rings = Vec<Vec<[f64; 2]>>;

/// The official boundaries in metres.
pub struct OfficialGeo {
    /// Precincts: name, rings, label position (the centre of the largest ring's box).
    pub precincts: Vec<(String, Rings, [f64; 2])>,
    /// Neighborhood rings (empty when they did not load).
    pub neighborhoods: Rings,
}

fn rings(area: &Area) -> Rings {
    let p = LocalTm::detroit();
    area.parts
        .iter()
        .flat_map(|part| &part.rings)
        .map(|r| {
            r.iter()
                .filter_map(|&(x, y)| p.forward(x, y).ok())
                .collect()
        })
        .collect()
}

fn label_at(rings: &Rings) -> [f64; 2] {
    let mut best = ([0.0, 0.0], -1.0);
    for r in rings {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in r {
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        let size = (hi[0] - lo[0]) * (hi[1] - lo[1]);
        if size > best.1 {
            best = ([(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0], size);
        }
    }
    best.0
}

impl OfficialGeo {
    /// Project the precincts (required) and the neighborhoods (optional) of `b`; `None`
    /// without precincts.
    pub fn new(b: &OfficialBoundaries) -> Option<OfficialGeo> {
        let precincts: &Boundaries = b.precincts.as_ref()?;
        Some(OfficialGeo {
            precincts: precincts
                .areas()
                .iter()
                .map(|a| {
                    let r = rings(a);
                    let at = label_at(&r);
                    (a.name.clone(), r, at)
                })
                .collect(),
            neighborhoods: b
                .neighborhoods
                .as_ref()
                .map(|n| n.areas().iter().flat_map(rings).collect())
                .unwrap_or_default(),
        })
    }
}

/// Which boundaries the map draws, in words: "official boundaries (City of Detroit)" on live
/// data whose boundaries loaded, otherwise "approximate outlines" and why.
pub fn caption(dataset: Option<&Dataset>, official: Option<&OfficialBoundaries>) -> String {
    let live = matches!(dataset.map(|d| &d.source), Some(Source::Live { .. }));
    match (live, official) {
        (true, Some(b)) => b.caption(),
        (true, None) => "approximate outlines (the official boundaries are loading)".into(),
        (false, _) => "approximate outlines (drawn by crimecast)".into(),
    }
}

/// The official boundaries as a map component sees them: projected once per arrival, a
/// version to track when painting, and the caption in words.
#[derive(Clone, Copy)]
pub struct OfficialLayer {
    /// The projected boundaries (None: approximate outlines).
    pub geo: StoredValue<Option<OfficialGeo>, LocalStorage>,
    /// Bumped whenever `geo` changes.
    pub version: RwSignal<u32>,
    /// Which boundaries the map draws, in words.
    pub caption: Signal<String>,
}

impl OfficialLayer {
    /// Follow the page's boundaries (from its [`DataState`], when provided).
    pub fn follow() -> OfficialLayer {
        let data = use_context::<DataState>();
        let geo = StoredValue::new_local(None::<OfficialGeo>);
        let version = RwSignal::new(0u32);
        Effect::new(move |_| {
            let g = data.and_then(|d| d.boundaries.with(|b| b.as_ref().and_then(OfficialGeo::new)));
            geo.set_value(g);
            version.update(|t| *t += 1);
        });
        let caption = Signal::derive(move || {
            data.map_or_else(
                || caption(None, None),
                |d| {
                    d.dataset
                        .with(|ds| d.boundaries.with(|b| caption(ds.as_ref(), b.as_ref())))
                },
            )
        });
        OfficialLayer {
            geo,
            version,
            caption,
        }
    }

    /// Whether the official boundaries are drawn (tracked).
    pub fn is_official(&self) -> bool {
        self.version.track();
        self.geo.with_value(Option::is_some)
    }
}
