//! The legend: one entry per visible layer, plus the always-drawn boundaries. Swatch colours
//! come from the style sheet (classes), never from inline styles.

use std::sync::Arc;

use leptos::prelude::*;

use super::basemap::StreetStatus;
use crate::data::tiles::CARTO_LIGHT;
use crate::ui::format::thousands;
use crate::url_state::MapLayer;
use crate::worker::messages::HotspotResult;

fn item(class: &'static str, text: String) -> impl IntoView {
    view! {
        <li>
            <span class=format!("swatch {class}") aria-hidden="true"></span>
            {text}
        </li>
    }
}

/// The legend of the hotspot map.
#[component]
pub fn MapLegend(
    /// Visible layers.
    #[prop(into)]
    layers: Signal<Vec<MapLayer>>,
    /// The analysis drawn.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
    /// Which boundaries are drawn, in words.
    #[prop(into)]
    caption: Signal<String>,
    /// Whether the official boundaries are drawn.
    #[prop(into)]
    official: Signal<bool>,
    /// How the street map stands.
    #[prop(into)]
    street: Signal<StreetStatus>,
) -> impl IntoView {
    let entries = move || {
        let layers = layers.get();
        let r = result.get();
        let unit = unit.get();
        let official = official.get();
        let mut v: Vec<AnyView> = Vec::new();
        if official {
            v.push(item("sw-outline", "City limits (official precincts)".into()).into_any());
        } else {
            v.push(item("sw-outline", "Approximate city limits (crimecast)".into()).into_any());
            v.push(
                item(
                    "sw-enclave",
                    "Hamtramck and Highland Park (not Detroit)".into(),
                )
                .into_any(),
            );
        }
        for l in layers {
            match l {
                MapLayer::Precincts if official => {
                    v.push(item("sw-precinct", "Official precinct".into()).into_any())
                }
                MapLayer::Precincts => {
                    v.push(item("sw-precinct", "Approximate precinct area".into()).into_any())
                }
                MapLayer::Street => v.push(
                    view! {
                        <li class="legend-note" data-testid="map-attribution">
                            {move || match street.get() {
                                StreetStatus::Unavailable => format!(
                                    "Street map unavailable (its tiles could not be loaded); {}",
                                    CARTO_LIGHT.attribution
                                ),
                                _ => format!("Street map: {}", CARTO_LIGHT.attribution),
                            }}
                        </li>
                    }
                    .into_any(),
                ),
                MapLayer::Neighborhoods if official => {
                    v.push(item("sw-nhood", "Official neighborhood".into()).into_any())
                }
                MapLayer::Neighborhoods => v.push(
                    item(
                        "sw-nhood",
                        "Neighborhoods: only with the official boundaries (live data)".into(),
                    )
                    .into_any(),
                ),
                MapLayer::Kde => {
                    let max = r
                        .as_ref()
                        .and_then(|r| r.kde.as_ref())
                        .map(|k| k.max)
                        .unwrap_or(0.0);
                    v.push(
                        view! {
                            <li class="ramp-item">
                                "Density of " {unit} " per km²: "
                                <span class="ramp-label">"low"</span>
                                <span class="swatch ramp" aria-hidden="true"></span>
                                <span class="ramp-label">{format!("{max:.0} (highest)")}</span>
                            </li>
                        }
                        .into_any(),
                    );
                }
                MapLayer::GiStar => {
                    for (class, text) in [
                        ("sw-gi-p3", "Hot spot, 99 % confidence"),
                        ("sw-gi-p2", "Hot spot, 95 %"),
                        ("sw-gi-p1", "Hot spot, 90 %"),
                        ("sw-gi-m1", "Cold spot, 90 %"),
                        ("sw-gi-m2", "Cold spot, 95 %"),
                        ("sw-gi-m3", "Cold spot, 99 %"),
                    ] {
                        v.push(item(class, text.into()).into_any());
                    }
                    v.push(view! { <li class="legend-note">"Gi* cells, confidence after FDR correction; unshaded cells are not significant."</li> }.into_any());
                }
                MapLayer::Points => {
                    let (drawn, used) = r
                        .as_ref()
                        .map_or((0, 0), |r| (r.points.x.len() as u64, r.counts.used));
                    let text = if drawn < used {
                        format!(
                            "{} (an even sample of {} of {})",
                            unit,
                            thousands(drawn),
                            thousands(used)
                        )
                    } else {
                        format!("{} (all {})", unit, thousands(used))
                    };
                    v.push(item("sw-point", format!("Reported {text}")).into_any());
                }
                MapLayer::Clusters => v.push(
                    item(
                        "sw-cluster",
                        "DBSCAN cluster (outline; a circle marks a cluster at a single location)"
                            .into(),
                    )
                    .into_any(),
                ),
                MapLayer::PointLayer => {
                    let text = match r.as_ref().and_then(|r| r.layer.as_ref()) {
                        Some(l) if l.synthetic => {
                            "Liquor store — SYNTHETIC demo layer, not real stores".to_string()
                        }
                        Some(l) => format!("Point of {}", l.name),
                        None => "Liquor stores (no layer)".to_string(),
                    };
                    v.push(item("sw-liquor", text).into_any());
                }
            }
        }
        v
    };
    view! {
        <div class="map-legend" data-testid="map-legend">
            <h4>"Legend"</h4>
            <p class="map-boundaries" data-testid="map-boundaries">"Boundaries: " {caption}</p>
            <ul>{entries}</ul>
        </div>
    }
}
