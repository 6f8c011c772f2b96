//! Distances to the nearest point of the comparison layer: every incident against random
//! places spread evenly over the city, as two cumulative curves and a sentence.

use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::line::{self, Axes, Line};
use crate::ui::explain::text::spatial::{nearest, NearestFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::thousands;
use crate::worker::messages::{HotspotResult, NearestDistances};

/// "a liquor store (crimecast's synthetic layer)" or "a point of <layer>".
fn what(d: &NearestDistances) -> String {
    if d.synthetic {
        "a synthetic liquor store".to_string()
    } else {
        format!("a point of “{}”", d.layer)
    }
}

fn metres(m: f64) -> String {
    if m >= 10_000.0 {
        format!("{:.1} km", m / 1000.0)
    } else {
        format!("{} m", thousands(m.round().max(0.0) as u64))
    }
}

/// The medians in words.
pub fn distance_words(d: &NearestDistances, unit: &str) -> String {
    let (a, b) = (d.incident_percentiles[50], d.random_percentiles[50]);
    let compare = if a < b * 0.9 {
        "closer than"
    } else if a > b * 1.1 {
        "farther than"
    } else {
        "about as close as"
    };
    format!(
        "Half of the reported {unit} are within {} of {}, against {} for random places in the city: {unit} sit {compare} chance would put them. \
         A quarter are within {} (random places: {}).",
        metres(a),
        what(d),
        metres(b),
        metres(d.incident_percentiles[25]),
        metres(d.random_percentiles[25]),
    )
}

fn table(d: &NearestDistances, unit: &str) -> TableData {
    TableData {
        header: vec![
            "Share".into(),
            format!("Reported {unit} within (m)"),
            "Random places within (m)".into(),
        ],
        rows: [10usize, 25, 50, 75, 90]
            .into_iter()
            .map(|k| {
                vec![
                    format!("{k} %"),
                    format!("{:.0}", d.incident_percentiles[k]),
                    format!("{:.0}", d.random_percentiles[k]),
                ]
            })
            .collect(),
    }
}

fn curve(p: &[f64]) -> Vec<(i32, f64)> {
    p.iter()
        .enumerate()
        .map(|(k, m)| (m.round() as i32, k as f64))
        .collect()
}

/// The section.
#[component]
pub fn NearestDistanceSection(
    /// The analysis.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let dist = move || result.get().and_then(|r| r.distances.clone());
    view! {
        <Show when=move || dist().is_some()>
            <section class="panel distances" aria-labelledby="distances-title" data-testid="distances">
                <h3 id="distances-title">"How far to the nearest store?"</h3>
                <p class="in-words" data-testid="distance-words">
                    {move || dist().map(|d| distance_words(&d, unit.get())).unwrap_or_default()}
                </p>
                <HowThisWorks id="nearest" title="the distances to the nearest store"
                    body=Signal::derive(move || dist().map(|d| nearest(&NearestFacts {
                        incidents: metres(d.incident_percentiles[50]),
                        random: metres(d.random_percentiles[50]),
                        places: thousands(d.random as u64),
                        synthetic: d.synthetic,
                    }))) />
                <ChartFrame
                    id="distance-chart"
                    title="Distance to the nearest layer point"
                    label=Signal::derive(move || dist().map(|d| format!(
                        "Cumulative curves of the distance to {}: median {:.0} m for {} reported {}, {:.0} m for {} random places.",
                        what(&d), d.incident_percentiles[50], d.incidents, unit.get(), d.random_percentiles[50], d.random
                    )).unwrap_or_default())
                    table=Signal::derive(move || dist().map(|d| table(&d, unit.get())).unwrap_or_default())
                    caption=Signal::derive(move || dist().map(|d| format!(
                        "Each curve shows the share (up the side) within a distance (along the bottom), straight line on the projected plane. {} reported {} against {} places drawn uniformly over crimecast's approximate city outline (seed {}). A curve further left means nearer. Being near a store does not mean a store causes anything.{}",
                        thousands(d.incidents as u64), unit.get(), thousands(d.random as u64), d.seed,
                        if d.synthetic { " The store layer is synthetic." } else { "" }
                    )).unwrap_or_default())
                    height=300
                    draw=move |c, h| dist().map_or(Ok(()), |d| {
                        let inc = curve(&d.incident_percentiles);
                        let rnd = curve(&d.random_percentiles);
                        let label = format!("Reported {}", unit.get_untracked());
                        let lines = [
                            Line { label: &label, color: 0, points: &inc, dashed: false },
                            Line { label: "Random places", color: 1, points: &rnd, dashed: true },
                        ];
                        let x_label = |m: &i32| metres(f64::from(*m));
                        let y_label = |v: &f64| format!("{:.0} %", v.clamp(0.0, 100.0));
                        line::draw_axes(c, h, &lines, None, &Axes { x_label: &x_label, y_label: &y_label, min_pad: 0.0, band_label: "" })
                    })
                />
            </section>
        </Show>
    }
}
