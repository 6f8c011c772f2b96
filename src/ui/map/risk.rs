//! The risk map: the precinct areas (the City's official boundaries on live data once they
//! have loaded, crimecast's approximate areas otherwise) coloured by the Composite Risk Score
//! (ColorBrewer YlGnBu, colour-blind safe), a circle per precinct sized by its forecast volume,
//! and a ▲ badge where the trend is increasing; tooltips and the keyboard readout give the
//! numbers, a select centres the map on a precinct, and a table view lists the same values.

use std::rc::Rc;

use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use super::canvas::{city_extent, Describer, MapCanvas};
use super::draw::{geography, label, polygon, ENCLAVE, INK};
use super::layers::{furniture, land, outline};
use super::official::{OfficialGeo, OfficialLayer};
use super::view::Viewport;
use crate::analysis::spatial::grid::BBox;
use crate::data::taxonomy::precinct_code;
use crate::ui::charts::palette::ylgnbu;
use crate::ui::format::{signed_pct, thousands};

/// Fill of a precinct that has no score.
const UNSCORED: &str = "#ffffff";
/// Badge colour of an increasing trend (Okabe–Ito vermillion).
const RISING: &str = "#d55e00";
/// Largest marker radius at the home zoom, pixels.
const MAX_RADIUS: f64 = 24.0;

/// One precinct on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskMapRow {
    /// Precinct number.
    pub precinct: u8,
    /// Rank and score, None when the precinct is not scored.
    pub rank: Option<(usize, f64)>,
    /// Forecast total for the next 12 months.
    pub forecast: f64,
    /// Momentum, percent (None when undefined).
    pub momentum: Option<f64>,
    /// Why the precinct is not scored, or a flag on its score.
    pub note: Option<String>,
}

/// The city's extent with a margin for the labels at its edges.
fn padded_extent() -> BBox {
    let b = city_extent();
    let (dx, dy) = (0.04 * b.width(), 0.06 * b.height());
    BBox {
        x_min: b.x_min - dx,
        y_min: b.y_min - dy,
        x_max: b.x_max + dx,
        y_max: b.y_max + dy,
    }
}

fn css(t: f64) -> String {
    let c = ylgnbu(t);
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

fn in_ring(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0] {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// One precinct area as drawn: number, rings (metres), label position.
type Area<'a> = (u8, Vec<&'a [[f64; 2]]>, [f64; 2]);

/// The precinct areas to draw: the official ones when given, else crimecast's approximate
/// ones.
fn areas(official: Option<&OfficialGeo>) -> Vec<Area<'_>> {
    match official {
        Some(o) => o
            .precincts
            .iter()
            .filter_map(|(name, rings, at)| {
                let p = precinct_code(name)?;
                Some((p, rings.iter().map(Vec::as_slice).collect(), *at))
            })
            .collect(),
        None => geography()
            .precincts
            .iter()
            .map(|(p, ring, c)| (*p, vec![ring.as_slice()], *c))
            .collect(),
    }
}

/// The precinct whose area holds point (`x`, `y`), metres (even-odd over its rings).
fn precinct_at(official: Option<&OfficialGeo>, x: f64, y: f64) -> Option<u8> {
    areas(official)
        .into_iter()
        .find(|(_, rings, _)| rings.iter().filter(|r| in_ring(r, x, y)).count() % 2 == 1)
        .map(|(p, _, _)| p)
}

/// A precinct's numbers in words.
pub fn describe_row(r: &RiskMapRow, of: usize, trend: usize, unit: &str) -> String {
    let momentum = r.momentum.map_or_else(
        || "momentum undefined".to_string(),
        |m| {
            format!(
                "momentum {} (last {trend} months against a year earlier)",
                signed_pct(m)
            )
        },
    );
    let head = match r.rank {
        Some((rank, score)) => format!(
            "Precinct {:02}: rank {rank} of {of}, score {score:.2}; about {} {unit} forecast for the next 12 months; {momentum}",
            r.precinct,
            thousands(r.forecast.round().max(0.0) as u64)
        ),
        None => format!("Precinct {:02}: not scored", r.precinct),
    };
    match &r.note {
        Some(n) => format!("{head} ({n})."),
        None => format!("{head}."),
    }
}

/// What the map draws besides the rows: the official areas (if any) and the boundaries'
/// caption.
struct Ground<'a> {
    official: Option<&'a OfficialGeo>,
    caption: &'a str,
}

fn paint(
    ctx: &CanvasRenderingContext2d,
    v: &Viewport,
    rows: &[RiskMapRow],
    crosshair: bool,
    ground: &Ground<'_>,
) {
    let geo = geography();
    land(ctx, v);
    let max_fc = rows.iter().map(|r| r.forecast).fold(0.0, f64::max);
    let row = |p: u8| rows.iter().find(|r| r.precinct == p);
    let areas = areas(ground.official);
    for (p, rings, _) in &areas {
        let fill = row(*p)
            .and_then(|r| r.rank)
            .map_or_else(|| UNSCORED.to_string(), |(_, s)| css(s));
        for ring in rings {
            polygon(ctx, v, ring, Some(&fill), Some(("#ffffff", 1.5)));
        }
    }
    for (_, e) in &geo.enclaves {
        polygon(ctx, v, e, Some(ENCLAVE), None);
    }
    outline(ctx, v);
    let grow = v.zoom_level().sqrt().min(3.0);
    ctx.set_text_align("center");
    for (p, _, c) in &areas {
        let (x, y) = v.to_screen(c[0], c[1]);
        let Some(r) = row(*p) else {
            label(ctx, &format!("P{p:02}"), x, y + 4.0, 12);
            continue;
        };
        if max_fc > 0.0 && r.forecast > 0.0 {
            let radius = (MAX_RADIUS * (r.forecast / max_fc).sqrt() * grow).max(3.0);
            ctx.begin_path();
            let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str("rgba(255,255,255,0.55)");
            ctx.fill();
            ctx.set_stroke_style_str(INK);
            ctx.set_line_width(1.5);
            ctx.stroke();
        }
        let text = match r.rank {
            Some((rank, _)) => format!("P{p:02} #{rank}"),
            None => format!("P{p:02}"),
        };
        label(ctx, &text, x, y + 4.0, 12);
        if r.momentum.is_some_and(|m| m > 0.0) {
            badge(ctx, x + 20.0 * grow + 6.0, y - 14.0);
        }
    }
    ctx.set_text_align("start");
    furniture(ctx, v, crosshair, ground.caption);
}

/// An upward triangle: the trend is increasing.
fn badge(ctx: &CanvasRenderingContext2d, x: f64, y: f64) {
    ctx.begin_path();
    ctx.move_to(x, y - 7.0);
    ctx.line_to(x + 7.0, y + 5.0);
    ctx.line_to(x - 7.0, y + 5.0);
    ctx.close_path();
    ctx.set_fill_style_str(RISING);
    ctx.fill();
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(1.5);
    ctx.stroke();
}

/// The risk map with its legend, precinct select and table view.
#[component]
pub fn RiskMap(
    /// One row per precinct.
    #[prop(into)]
    rows: Signal<Vec<RiskMapRow>>,
    /// Trend window, months (for the words).
    #[prop(into)]
    trend: Signal<usize>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let focus = RwSignal::new(None::<[f64; 2]>);
    let as_table = RwSignal::new(false);
    // The official boundaries, projected once per arrival (as on the hotspot map).
    let boundaries = OfficialLayer::follow();
    let (official, official_version, caption) =
        (boundaries.geo, boundaries.version, boundaries.caption);
    let is_official = move || boundaries.is_official();
    let scored = move || rows.with(|r| r.iter().filter(|r| r.rank.is_some()).count());
    let describe: Describer = Rc::new(move |_v, x, y| {
        let p = official.with_value(|o| precinct_at(o.as_ref(), x, y))?;
        let of = scored();
        rows.with_untracked(|rs| {
            rs.iter()
                .find(|r| r.precinct == p)
                .map(|r| describe_row(r, of, trend.get_untracked(), unit.get_untracked()))
        })
    });
    let label_text = Signal::derive(move || {
        let top: Vec<String> = rows.with(|rs| {
            let mut v: Vec<&RiskMapRow> = rs.iter().filter(|r| r.rank.is_some()).collect();
            v.sort_by_key(|r| r.rank.map_or(usize::MAX, |(k, _)| k));
            v.iter()
                .take(3)
                .map(|r| format!("{:02}", r.precinct))
                .collect()
        });
        format!(
            "Map of the Composite Risk Score of {} precincts (a ranking of expected reported {}, not of danger); highest: precincts {}.",
            scored(),
            unit.get(),
            top.join(", ")
        )
    });
    let toolbar = move || {
        view! {
            <label class="inline">
                "Centre on "
                <select data-testid="risk-map-precinct" on:change=move |ev| {
                    let p: u8 = event_target_value(&ev).parse().unwrap_or(0);
                    let at = official.with_value(|o| {
                        areas(o.as_ref()).into_iter().find(|(q, _, _)| *q == p).map(|(_, _, c)| c)
                    });
                    focus.set(at);
                }>
                    <option value="0">"(choose a precinct)"</option>
                    {geography().precincts.iter().map(|(p, _, _)| view! {
                        <option value=p.to_string()>{format!("Precinct {p:02}")}</option>
                    }).collect_view()}
                </select>
            </label>
            <super::exports::RiskExports rows=rows unit=unit />
        }
        .into_any()
    };
    let legend = move || {
        view! {
            <div class="map-legend risk-legend" data-testid="risk-legend">
                <h4>"Legend"</h4>
                <ul>
                    <li class="ramp-item">
                        "Score: " <span class="ramp-label">"0"</span>
                        <span class="swatch ramp-risk" aria-hidden="true"></span>
                        <span class="ramp-label">"1"</span>
                    </li>
                    <li><span class="swatch sw-unscored" aria-hidden="true"></span>"Not scored"</li>
                    <li><span class="swatch sw-marker" aria-hidden="true"></span>"Circle area: next-12-month forecast"</li>
                    <li><span class="swatch sw-rising" aria-hidden="true"></span>"Trend increasing (momentum above 0)"</li>
                    <li><span class="swatch sw-outline" aria-hidden="true"></span>"Approximate city limits (crimecast)"</li>
                    <li><span class="swatch sw-enclave" aria-hidden="true"></span>"Hamtramck and Highland Park (not Detroit)"</li>
                    <li class="legend-note" data-testid="risk-map-areas">{move || if is_official() {
                        "#k is the rank. Precinct areas: the official boundaries."
                    } else {
                        "#k is the rank. Precinct areas are approximate."
                    }}</li>
                </ul>
            </div>
        }
        .into_any()
    };
    let paint_fn = move |ctx: &CanvasRenderingContext2d, v: &Viewport, crosshair: bool| {
        official_version.track();
        let caption = caption.get();
        official.with_value(|o| {
            let ground = Ground {
                official: o.as_ref(),
                caption: &caption,
            };
            rows.with(|r| paint(ctx, v, r, crosshair, &ground));
        });
    };
    view! {
        <div class="risk-map" data-testid="risk-map">
            <MapCanvas extent=Signal::derive(padded_extent) ready=Signal::derive(move || rows.with(|r| !r.is_empty()))
                label=label_text focus=focus focus_zoom=1.5 paint=paint_fn describe=describe
                toolbar=Box::new(toolbar) legend=Box::new(legend)
                help="Drag or use the arrow keys to pan, the wheel, + and − to zoom, 0 to reset; hover a precinct for its numbers, or focus the map and read the line above; the select centres the map on a precinct."
            />
            <button type="button" class="toggle" data-testid="risk-map-table-toggle"
                aria-pressed=move || if as_table.get() { "true" } else { "false" }
                on:click=move |_| as_table.update(|t| *t = !*t)>
                {move || if as_table.get() { "Hide the map's table" } else { "Show the map as a table" }}
            </button>
            <Show when=move || as_table.get()>
                <div class="table-wrap" tabindex="0">
                    <table data-testid="risk-map-table">
                        <caption>"What the map shows, precinct by precinct"</caption>
                        <thead><tr>
                            <th scope="col">"Precinct"</th><th scope="col">"Rank"</th><th scope="col">"Score (fill)"</th>
                            <th scope="col">"Next 12 months (circle)"</th><th scope="col">"Momentum"</th><th scope="col">"Trend badge"</th>
                        </tr></thead>
                        <tbody>
                            {move || rows.get().into_iter().map(|r| view! {
                                <tr>
                                    <td>{format!("{:02}", r.precinct)}</td>
                                    <td>{r.rank.map(|(k, _)| k.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td>{r.rank.map(|(_, s)| format!("{s:.3}")).unwrap_or_else(|| r.note.clone().unwrap_or_default())}</td>
                                    <td>{thousands(r.forecast.round().max(0.0) as u64)}</td>
                                    <td>{r.momentum.map(signed_pct).unwrap_or_else(|| "undefined".into())}</td>
                                    <td>{if r.momentum.is_some_and(|m| m > 0.0) { "▲ increasing" } else { "" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
        </div>
    }
}
