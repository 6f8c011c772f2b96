//! OPTICS, the variable-density alternative to DBSCAN: the reachability plot of an even
//! sample of the points, the clusters at the URL's radius, and how they compare with DBSCAN's.

use std::sync::Arc;

use leptos::prelude::*;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::palette::{GRID, INK, OKABE_ITO};
use crate::ui::charts::{err, fit};
use crate::ui::explain::text::spatial::{optics as explain_optics, OpticsFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::thousands;
use crate::worker::messages::{ClusterLayer, HotspotResult, OpticsLayer};

/// OPTICS against DBSCAN, in words.
pub fn optics_words(o: &OpticsLayer, db: &ClusterLayer, unit: &str) -> String {
    format!(
        "At a radius of {:.0} m, OPTICS finds {} clusters in an even sample of {} of the {} reported {unit} ({} of them a single location; {} points left as noise). \
         DBSCAN at {:.0} m finds {} clusters, {} of them a single location: the demo data and the City's records place incidents at a limited set of points, so a small radius sees each busy location on its own. \
         The valleys of the plot below show how dense each area is, at every radius up to {:.0} m at once.",
        o.eps_m,
        thousands(o.n_clusters as u64),
        thousands(o.sample as u64),
        thousands(o.used),
        thousands(o.single_site as u64),
        thousands(o.noise as u64),
        db.eps_m,
        thousands(db.n_clusters as u64),
        thousands(db.single_site as u64),
        o.max_eps_m,
    )
}

fn table(o: &OpticsLayer) -> TableData {
    TableData {
        header: vec![
            "Rank".into(),
            "Points of the sample".into(),
            "Distinct locations".into(),
            "Near".into(),
        ],
        rows: o
            .clusters
            .iter()
            .map(|c| {
                vec![
                    c.rank.to_string(),
                    thousands(c.size as u64),
                    thousands(c.sites as u64),
                    c.place.clone(),
                ]
            })
            .collect(),
    }
}

/// The reachability plot: one bar per point in visiting order, coloured by its cluster at the
/// radius (grey: noise; hatched top: undefined), with the radius as a line.
pub fn draw_reachability(
    canvas: &HtmlCanvasElement,
    height: u32,
    o: &OpticsLayer,
) -> Result<(), String> {
    fit(canvas, height);
    let backend = crate::ui::charts::backend::Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let n = o.reachability.len() as i32;
    if n == 0 {
        root.present().map_err(err)?;
        return Ok(());
    }
    let top = o.max_eps_m * 1.05;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(28)
        .y_label_area_size(56)
        .build_cartesian_2d(0..n, 0.0..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|k| thousands((*k).max(0) as u64))
        .y_label_formatter(&|v| format!("{v:.0} m"))
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    let grey = RGBColor(173, 181, 189);
    chart
        .draw_series(
            o.reachability
                .iter()
                .zip(&o.labels)
                .enumerate()
                .map(|(k, (r, &l))| {
                    let k = k as i32;
                    let (v, color) = match r {
                        Some(v) => (
                            f64::from(*v),
                            if l >= 0 {
                                OKABE_ITO[(l as usize % 7) + 1]
                            } else {
                                grey
                            },
                        ),
                        None => (o.max_eps_m, RGBColor(222, 226, 230)),
                    };
                    Rectangle::new([(k, 0.0), (k + 1, v)], color.filled())
                }),
        )
        .map_err(err)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0, o.eps_m), (n, o.eps_m)],
            6,
            4,
            ShapeStyle::from(&INK).stroke_width(2),
        ))
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}

/// The section.
#[component]
pub fn OpticsSection(
    /// The analysis.
    #[prop(into)]
    result: Signal<Option<Arc<HotspotResult>>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let optics = move || result.get().and_then(|r| r.optics.clone());
    view! {
        <Show when=move || optics().is_some()>
            <section class="panel optics" aria-labelledby="optics-title" data-testid="optics">
                <h3 id="optics-title">"OPTICS: clusters of every density"</h3>
                <p class="in-words" data-testid="optics-words">
                    {move || result.get().and_then(|r| r.optics.as_ref().map(|o| optics_words(o, &r.clusters, unit.get()))).unwrap_or_default()}
                </p>
                <HowThisWorks id="optics" title="OPTICS"
                    body=Signal::derive(move || optics().map(|o| explain_optics(&OpticsFacts {
                        eps: format!("{:.0}", o.eps_m),
                        clusters: thousands(o.n_clusters as u64),
                        sample: thousands(o.sample as u64),
                        min_points: o.min_points.to_string(),
                    }))) />
                <ChartFrame
                    id="reachability"
                    title="OPTICS reachability plot"
                    label=Signal::derive(move || optics().map(|o| format!(
                        "Reachability plot of {} sampled points in OPTICS order: {} clusters below the {:.0} m line, {} points of noise.",
                        o.sample, o.n_clusters, o.eps_m, o.noise
                    )).unwrap_or_default())
                    table=Signal::derive(move || optics().map(|o| table(&o)).unwrap_or_default())
                    caption=Signal::derive(move || optics().map(|o| format!(
                        "Each bar is one sampled point, in the order OPTICS visits them; its height is the distance at which it joins the points before it (its reachability). Valleys are clusters: deep ones dense, shallow ones sparse. Coloured bars are in a cluster at {:.0} m (dashed line), grey ones are noise, pale full-height bars are farther than {:.0} m from any dense place. Minimum points: {} (twice the count expected within {:.0} m under an even spread of the sample). Computed with linfa-clustering's OPTICS.",
                        o.eps_m, o.max_eps_m, o.min_points, o.eps_m
                    )).unwrap_or_default())
                    height=280
                    draw=move |c, h| optics().map_or(Ok(()), |o| draw_reachability(c, h, &o))
                />
            </section>
        </Show>
    }
}
