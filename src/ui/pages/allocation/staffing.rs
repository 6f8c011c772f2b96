//! Staffing patterns, citywide or for one precinct: the weekday × hour heatmap, the
//! month-of-year profile, the share of each shift (start hours in the URL) and the busiest
//! windows of the week in words; and a table of every area's busiest window.
//!
//! The patterns are computed here, on the main thread, from the weekday × hour counts the
//! worker sent with the allocation result ([`crate::analysis::staffing`]): a deliberate
//! exception (see [`crate::ui`]) so the shift, window and area controls answer at once.

use std::sync::Arc;

use chrono::Datelike;
use leptos::prelude::*;

use crate::analysis::staffing::{month_profile, peak_windows, shift_shares, Shifts};
use crate::analysis::ParamGuard;
use crate::data::time::date_of;
use crate::narrative::staffing::{peak_window, shift_hours};
use crate::ui::address_bar;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::segments::{self, Segments};
use crate::ui::charts::{bars, heatmap};
use crate::ui::explain::text::allocation::{staffing, StaffingFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{thousands, WEEKDAYS};
use crate::ui::state::UrlSignal;
use crate::url_state::allocation::PEAK_HOURS;
use crate::worker::messages::{AllocationResult, AreaCounts};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The weekday × hour table of `a`, with or without the rows timed exactly 00:00 or 12:00.
pub fn week_of(a: &AreaCounts, default_times: bool) -> Vec<u64> {
    if default_times {
        return a.week.clone();
    }
    a.week
        .iter()
        .zip(a.week_default_time.iter().chain(std::iter::repeat(&0)))
        .map(|(w, d)| w.saturating_sub(*d))
        .collect()
}

/// "precinct 09" or "the city".
fn area_name(p: u8) -> String {
    if p == 0 {
        "the city".into()
    } else {
        format!("precinct {p:02}")
    }
}

/// The busiest window (and the next one) of the table `week` of area `p` in words.
pub fn peak_sentence(week: &[u64], p: u8, hours: usize, unit: &str) -> String {
    match peak_windows(week, hours, 2) {
        Ok(w) if !w.is_empty() => {
            let mut s = format!(
                "{} carry {:.1} % of weekly {unit} in {} (an even spread would give {:.1} %).",
                peak_window(&w[0]),
                w[0].share,
                area_name(p),
                100.0 * hours as f64 / 168.0
            );
            if let Some(n) = w.get(1) {
                s.push_str(&format!(
                    " The next busiest {hours}-hour window is {} with {:.1} %.",
                    peak_window(n),
                    n.share
                ));
            }
            s
        }
        Ok(_) => format!("No {unit} in {} for this selection.", area_name(p)),
        Err(e) => e.to_string(),
    }
}

fn month_rows(a: &AreaCounts) -> Vec<(u8, f64)> {
    a.starts
        .iter()
        .zip(&a.values)
        .map(|(d, v)| (date_of(*d).month() as u8, *v))
        .collect()
}

/// The staffing-patterns section.
#[component]
pub fn StaffingSection(
    /// The counts.
    #[prop(into)]
    result: Signal<Option<Arc<AllocationResult>>>,
    /// "incidents" or "offense rows".
    #[prop(into)]
    unit: Signal<&'static str>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let q = move || url.with(|u| u.allocation.clone());
    let area = move || {
        let (p, dt) = (q().area, q().default_times);
        result.with(|r| {
            r.as_ref()
                .and_then(|r| r.area(p).or_else(|| r.area(0)))
                .map(|a| (a.precinct, week_of(a, dt), a.clone()))
        })
    };
    // The last refused shift field and why.
    let shift_error = RwSignal::new(None::<(usize, String)>);
    let set_shift = move |i: usize, text: String| {
        let mut s = q().shifts;
        let Ok(h) = text.trim().parse::<u8>() else {
            shift_error.set(Some((i, format!("“{text}” is not an hour from 0 to 23."))));
            return;
        };
        if let Some(slot) = s.get_mut(i) {
            *slot = h;
        }
        match Shifts::new(&s).check() {
            Ok(shifts) => {
                shift_error.set(None);
                url.update(|u| u.allocation.shifts = shifts.hours().to_vec());
                address_bar::write(&url.get_untracked(), false);
            }
            Err(e) => shift_error.set(Some((
                i,
                format!("{e}; the shares keep the last valid hours."),
            ))),
        }
    };
    let shift_bad = move |i: usize| shift_error.with(|e| e.as_ref().is_some_and(|(j, _)| *j == i));
    let shares = move || area().and_then(|(_, w, _)| shift_shares(&w, &q().shifts).ok());
    let set_area = move |p: u8| {
        url.update(|u| u.allocation.area = p);
        address_bar::write(&url.get_untracked(), false);
    };
    let set_peak = move |h: usize| {
        url.update(|u| u.allocation.peak_hours = h);
        address_bar::write(&url.get_untracked(), false);
    };
    let title = move || area().map(|(p, _, _)| area_name(p)).unwrap_or_default();
    let set_default_times = move |on: bool| {
        url.update(|u| u.allocation.default_times = on);
        address_bar::write(&url.get_untracked(), false);
    };
    let left_out = move || {
        area().map(|(p, _, a)| {
            let n: u64 = a.week_default_time.iter().sum();
            if q().default_times {
                format!("Rows timed exactly 00:00 or 12:00 ({} in {}) are counted.", thousands(n), area_name(p))
            } else {
                format!(
                    "Left out: {} rows timed exactly 00:00 or 12:00 in {}, often a default time rather than the time of the incident ({:.1} % of its rows).",
                    thousands(n),
                    area_name(p),
                    100.0 * n as f64 / a.total.max(1) as f64
                )
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="staffing-title" data-testid="staffing">
            <h3 id="staffing-title">"Staffing patterns"</h3>
            <p class="hint">"When reports come in, by local time (America/Detroit). Reports are timed by when the incident occurred as recorded, and 00:00 or 12:00 are often default times."</p>
            <div class="risk-controls">
                <label>"Area "
                    <select data-testid="staffing-area" on:change=move |ev| set_area(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || result.with(|r| r.as_ref().map(|r| r.areas.iter().map(|a| {
                            let p = a.precinct;
                            view! { <option value=p.to_string() selected=move || q().area == p>{if p == 0 { "Citywide".to_string() } else { format!("Precinct {p:02}") }}</option> }
                        }).collect_view()))}
                    </select>
                </label>
                <label>"Peak window "
                    <select data-testid="peak-hours" on:change=move |ev| set_peak(event_target_value(&ev).parse().unwrap_or(6))>
                        {(PEAK_HOURS.0..=PEAK_HOURS.1).map(|h| view! {
                            <option value=h.to_string() selected=move || q().peak_hours == h>{format!("{h} hours")}</option>
                        }).collect_view()}
                    </select>
                </label>
                <fieldset class="shift-inputs">
                    <legend>"Shift start hours"</legend>
                    {move || q().shifts.into_iter().enumerate().map(|(i, h)| view! {
                        <label>{format!("Shift {}", i + 1)}
                            <input type="number" min="0" max="23" data-testid=format!("shift-{i}") prop:value=h.to_string()
                                aria-invalid=move || if shift_bad(i) { "true" } else { "false" }
                                aria-describedby=move || shift_bad(i).then_some("shift-error")
                                on:change=move |ev| set_shift(i, event_target_value(&ev)) />
                        </label>
                    }).collect_view()}
                </fieldset>
            </div>
            <label class="inline">
                <input type="checkbox" data-testid="default-times" prop:checked=move || q().default_times
                    on:change=move |ev| set_default_times(event_target_checked(&ev)) />
                "Count rows timed exactly 00:00 or 12:00"
            </label>
            <p class="hint" data-testid="default-times-note">{left_out}</p>
            {move || shift_error.get().map(|(_, e)| view! { <p class="error" role="alert" id="shift-error" data-testid="shift-error">{e}</p> })}
            <p class="in-words" data-testid="peak-window">{move || area().map(|(p, w, _)| peak_sentence(&w, p, q().peak_hours, unit.get()))}</p>
            <HowThisWorks id="staffing" title="staffing patterns"
                body=Signal::derive(move || area().and_then(|(p, w, _)| {
                    let hours = q().peak_hours;
                    let peak = peak_windows(&w, hours, 1).ok()?.first().copied()?;
                    let top_shift = shares().and_then(|s| s.into_iter().max_by(|x, y| x.share.total_cmp(&y.share)))
                        .map(|x| (shift_hours(&x), format!("{:.1} %", x.share)));
                    Some(staffing(&StaffingFacts {
                        window: peak_window(&peak),
                        share: format!("{:.1} %", peak.share),
                        hours,
                        area: area_name(p),
                        top_shift,
                        default_times: q().default_times,
                    }))
                })) />
            <div class="grid">
                <ChartFrame
                    id="staffing-heatmap"
                    title="Weekday × hour"
                    label=Signal::derive(move || area().map(|(p, w, _)| format!("Reported {} in {} by weekday and hour; {} in all.", unit.get(), area_name(p), thousands(w.iter().sum()))).unwrap_or_default())
                    table=Signal::derive(move || area().map(|(_, w, _)| TableData {
                        header: std::iter::once("Weekday".to_string()).chain((0..24).map(|h| format!("{h:02}"))).collect(),
                        rows: (0..7).map(|d| std::iter::once(WEEKDAYS[d].to_string()).chain((0..24).map(|h| w[d * 24 + h].to_string())).collect()).collect(),
                    }).unwrap_or_default())
                    caption=Signal::derive(move || format!("Counts over the whole window for {}; lighter is more.", title()))
                    height=260
                    draw=move |c, h| area().map_or(Ok(()), |(_, w, _)| heatmap::draw(c, h, &w))
                />
                <ChartFrame
                    id="staffing-shifts"
                    title="Share of each shift"
                    label=Signal::derive(move || shares().map(|s| s.iter().map(|x| format!("{} {:.1} %", shift_hours(x), x.share)).collect::<Vec<_>>().join("; ")).unwrap_or_default())
                    table=Signal::derive(move || shares().map(|s| TableData {
                        header: vec!["Shift".into(), "Hours".into(), "Reported".into(), "Share %".into()],
                        rows: s.iter().map(|x| vec![shift_hours(x), x.hours.to_string(), x.count.to_string(), format!("{:.1}", x.share)]).collect(),
                    }).unwrap_or_default())
                    caption=Signal::derive(move || format!("Shares of {} by local hour, all weekdays; they sum to 100 %.", title()))
                    height=200
                    draw=move |c, h| shares().map_or(Ok(()), |s| {
                        let items: Vec<(String, f64)> = s.iter().map(|x| (shift_hours(x), x.count as f64)).collect();
                        bars::draw(c, h, &items)
                    })
                />
            </div>
            <ChartFrame
                id="staffing-months"
                title="Month-of-year profile"
                label=Signal::derive(move || area().map(|(_, _, a)| {
                    let p = month_profile(&month_rows(&a));
                    let best = p.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).max_by(|a, b| a.1.total_cmp(&b.1));
                    best.map(|(i, v)| format!("Average reported {} per month in {}; highest in {} ({v:.0}).", unit.get(), area_name(a.precinct), MONTHS[i])).unwrap_or_default()
                }).unwrap_or_default())
                table=Signal::derive(move || area().map(|(_, _, a)| {
                    let rows = month_rows(&a);
                    let p = month_profile(&rows);
                    TableData {
                        header: vec!["Month".into(), "Average per month".into(), "Months observed".into()],
                        rows: (0..12).map(|i| vec![
                            MONTHS[i].to_string(),
                            p[i].map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into()),
                            rows.iter().filter(|(m, _)| usize::from(*m) == i + 1).count().to_string(),
                        ]).collect(),
                    }
                }).unwrap_or_default())
                caption=Signal::derive(|| "Average over the complete months in the window.".to_string())
                height=320
                draw=move |c, h| area().map_or(Ok(()), |(_, _, a)| {
                    let p = month_profile(&month_rows(&a));
                    let items: Vec<(String, f64)> = (0..12).map(|i| (MONTHS[i].to_string(), p[i].unwrap_or(0.0))).collect();
                    bars::draw(c, h, &items)
                })
            />
            <ChartFrame
                id="staffing-peaks"
                title="Busiest window by area"
                label=Signal::derive(move || format!("The busiest {}-hour window of each area.", q().peak_hours))
                table=Signal::derive(move || result.with(|r| r.as_ref().map(|r| {
                    let hours = q().peak_hours;
                    let shifts = q().shifts;
                    let dt = q().default_times;
                    TableData {
                        header: vec!["Area".into(), format!("Busiest {hours}-hour window"), "Share of the week %".into(), "Busiest shift".into(), "Shift share %".into(), "Reported".into()],
                        rows: r.areas.iter().map(|a| {
                            let week = week_of(a, dt);
                            let w = peak_windows(&week, hours, 1).ok().and_then(|w| w.first().copied());
                            let s = shift_shares(&week, &shifts).ok().and_then(|s| s.into_iter().max_by(|x, y| x.share.total_cmp(&y.share)));
                            vec![
                                if a.precinct == 0 { "Citywide".into() } else { format!("Precinct {:02}", a.precinct) },
                                w.map(|w| peak_window(&w)).unwrap_or_else(|| "—".into()),
                                w.map(|w| format!("{:.1}", w.share)).unwrap_or_default(),
                                s.as_ref().map(shift_hours).unwrap_or_default(),
                                s.map(|s| format!("{:.1}", s.share)).unwrap_or_default(),
                                week.iter().sum::<u64>().to_string(),
                            ]
                        }).collect(),
                    }
                })).unwrap_or_default())
                caption=Signal::derive(|| "Windows may run past midnight and from Sunday into Monday.".to_string())
                table_first=true
                height=300
                draw=move |c, h| result.with(|r| {
                    let Some(r) = r else { return Ok(()) };
                    let (hours, dt) = (q().peak_hours, q().default_times);
                    let items: Vec<(String, f64)> = r.areas.iter().map(|a| (
                        if a.precinct == 0 { "Citywide".to_string() } else { format!("P{:02}", a.precinct) },
                        peak_windows(&week_of(a, dt), hours, 1).ok().and_then(|w| w.first().map(|w| w.share)).unwrap_or(0.0),
                    )).collect();
                    let (labels, values): (Vec<String>, Vec<Vec<f64>>) = items.into_iter().map(|(l, v)| (l, vec![v])).unzip();
                    segments::draw(c, h, &Segments { labels: &labels, series: &["share of the week in the busiest window, %"], values: &values, stacked: false, format: &|v| format!("{v:.1}") })
                })
            />
        </section>
    }
}
