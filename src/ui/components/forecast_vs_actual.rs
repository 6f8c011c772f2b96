//! "Forecast vs actual": the latest held-out stretch of a backtest, its forecast and bands over
//! the actual values, with the calibration sentence (RMSE as % of the mean, band coverage) and,
//! where a band covered too few values, the conformal band drawn and named beside the model's.

use leptos::prelude::*;

use crate::analysis::ts::calibration::{Band, Calibration};
use crate::narrative::calibration::{conformal_label, conformal_notes, model_label, sentence};
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::line;
use crate::ui::format::day;

/// The conformal 95 % band drawn over the latest stretch, when the model's 95 % band covered
/// fewer values than nominal.
fn shown_conformal(c: &Calibration) -> Option<&Band> {
    let below = c.coverage_at(0.95).is_some_and(|v| v.below_nominal());
    c.latest_conformal
        .iter()
        .find(|b| below && (b.level - 0.95).abs() < 1e-9)
}

fn num(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_default()
}

/// The table under the chart (and its CSV export): one row per held-out value, then one row
/// per band with its coverage.
fn table(c: &Calibration, starts: &[i32], unit: &str) -> TableData {
    let l = &c.latest;
    let (b80, b95) = (l.band(0.8), l.band(0.95));
    let conf = shown_conformal(c);
    let at = |b: Option<&Band>, i: usize, upper: bool| {
        num(b
            .and_then(|b| {
                if upper {
                    b.upper.get(i)
                } else {
                    b.lower.get(i)
                }
            })
            .copied())
    };
    let mut rows: Vec<Vec<String>> = (0..l.actual.len())
        .map(|i| {
            vec![
                starts
                    .get(l.origin + i)
                    .map(|d| day(*d))
                    .unwrap_or_default(),
                format!("{:.0}", l.actual[i]),
                num(l.mean.get(i).copied()),
                at(b80, i, false),
                at(b80, i, true),
                at(b95, i, false),
                at(b95, i, true),
                at(conf, i, false),
                at(conf, i, true),
            ]
        })
        .collect();
    for v in &c.coverage {
        let mut row = vec![String::new(); 9];
        row[0] = format!("coverage of the model {:.0} % band", 100.0 * v.level);
        row[1] = format!("{} of {} {unit}", v.inside, v.total);
        row[2] = format!("{:.3}", v.fraction());
        rows.push(row);
    }
    if let Some(p) = c.rmse_pct_mean {
        let mut row = vec![String::new(); 9];
        row[0] = "RMSE, % of the mean".into();
        row[1] = format!("{p:.1}");
        rows.push(row);
    }
    let header = [
        "Period",
        "Actual",
        "Forecast",
        "Lower 80 %",
        "Upper 80 %",
        "Lower 95 %",
        "Upper 95 %",
        "Conformal lower 95 %",
        "Conformal upper 95 %",
    ];
    TableData {
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    height: u32,
    c: &Calibration,
    starts: &[i32],
) -> Result<(), String> {
    let l = &c.latest;
    let x = |i: usize| starts.get(l.origin + i).copied();
    let pts = |v: &[f64]| -> Vec<(i32, f64)> {
        v.iter()
            .enumerate()
            .filter_map(|(i, y)| Some((x(i)?, *y)))
            .collect()
    };
    let (actual, mean) = (pts(&l.actual), pts(&l.mean));
    let band: Vec<(i32, f64, f64)> = l
        .band(0.95)
        .map(|b| {
            (0..b.lower.len())
                .filter_map(|i| Some((x(i)?, b.lower[i], *b.upper.get(i)?)))
                .collect()
        })
        .unwrap_or_default();
    let conf = shown_conformal(c);
    let (lo, hi) = conf.map_or((Vec::new(), Vec::new()), |b| (pts(&b.lower), pts(&b.upper)));
    let (lo_label, hi_label) = (
        format!("{}: lower", conformal_label(0.95)),
        format!("{}: upper", conformal_label(0.95)),
    );
    let mut lines = vec![
        line::Line {
            label: "actual",
            color: 0,
            points: &actual,
            dashed: false,
        },
        line::Line {
            label: "forecast",
            color: 3,
            points: &mean,
            dashed: true,
        },
    ];
    if conf.is_some() {
        lines.push(line::Line {
            label: &lo_label,
            color: 5,
            points: &lo,
            dashed: true,
        });
        lines.push(line::Line {
            label: &hi_label,
            color: 5,
            points: &hi,
            dashed: true,
        });
    }
    let y_label = |v: &f64| crate::ui::format::thousands(v.max(0.0).round() as u64);
    let band_label = model_label(0.95);
    let axes = line::Axes {
        x_label: &|d| day(*d),
        y_label: &y_label,
        min_pad: 1.0,
        band_label: &band_label,
    };
    let band = (!band.is_empty()).then_some(band.as_slice());
    line::draw_axes(canvas, height, &lines, band, &axes)
}

/// The "Forecast vs actual" figure of one calibration: `starts` are the first days of the
/// periods of the whole series (the held-out stretch starts at `latest.origin`), `unit` their
/// plural name ("months", "weeks"), `id` the figure's id prefix.
#[component]
pub fn ForecastVsActual(
    /// Stable id prefix.
    #[prop(into)]
    id: String,
    /// The calibration to show (nothing is shown without one).
    #[prop(into)]
    calibration: Signal<Option<Calibration>>,
    /// First day of each period of the series.
    #[prop(into)]
    starts: Signal<Vec<i32>>,
    /// Plural name of a period.
    unit: &'static str,
    /// What the held-out values are, for the caption (e.g. "the last backtest origin").
    #[prop(into)]
    held_out: String,
) -> impl IntoView {
    let sentence_id = format!("{id}-coverage");
    let notes_id = format!("{id}-conformal");
    view! {
        <Show when=move || calibration.with(Option::is_some)>
            <p class="in-words" data-testid=sentence_id.clone()>
                {move || calibration.get().map(|c| sentence(&c, unit))}
            </p>
            {
                let notes_id = notes_id.clone();
                move || {
                    let notes = calibration.get().map(|c| conformal_notes(&c, unit)).unwrap_or_default();
                    (!notes.is_empty()).then(|| view! {
                        <ul class="in-words" data-testid=notes_id.clone()>
                            {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                        </ul>
                    })
                }
            }
            <ChartFrame
                id=id.clone()
                title="Forecast vs actual"
                label=Signal::derive(move || calibration.get().map(|c| format!(
                    "{} actual {unit} held out with the forecast made before them and its {}. {}",
                    c.latest.actual.len(),
                    model_label(0.95),
                    sentence(&c, unit),
                )).unwrap_or_default())
                table=Signal::derive(move || calibration.get().map(|c| starts.with(|s| table(&c, s, unit))).unwrap_or_default())
                caption=Signal::derive({
                    let held_out = held_out.clone();
                    move || format!(
                        "The held-out {unit} are {held_out}; the coverage counts every {} held out in the backtest. A dashed pair of lines, where drawn, is the {}: the model's own band covered too few.",
                        unit.trim_end_matches('s'),
                        conformal_label(0.95),
                    )
                })
                height=260
                draw=move |canvas, h| calibration.get().map_or(Ok(()), |c| starts.with(|s| draw(canvas, h, &c, s)))
            />
        </Show>
    }
}
