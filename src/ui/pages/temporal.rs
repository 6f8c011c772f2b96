//! The temporal-patterns page: series at a chosen resolution, peak hours and weekdays,
//! month-of-year profile and the year-over-year overlay.

use leptos::prelude::*;

use crate::analysis::ts::decompose::DecomposeKind;
use crate::data::aggregate::Resolution;
use crate::ui::address_bar;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::{bars, line};
use crate::ui::explain::text::temporal::{calendar, CalendarFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{day, thousands, WEEKDAYS};
use crate::ui::pages::temporal_diagnostics::DiagnosticsPanel;
use crate::ui::state::{AnalysisState, DataState, UrlSignal};
use crate::ui::worker as wc;
use crate::worker::messages::{AnalysisResult, AnalysisSpec, TemporalResult, TemporalSpec};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn resolution_key(r: Resolution) -> &'static str {
    match r {
        Resolution::Daily => "daily",
        Resolution::Weekly => "weekly",
        Resolution::Monthly => "monthly",
    }
}

/// The busiest four hours (start hour and share, %) and the busiest weekday (index and
/// share, %); None without rows.
fn peaks(t: &TemporalResult) -> Option<((usize, f64), (usize, f64))> {
    let total: u64 = t.by_hour.iter().sum();
    if total == 0 {
        return None;
    }
    // The busiest 4-hour window (wrapping midnight).
    let (start, n) = (0..24)
        .map(|s| (s, (0..4).map(|k| t.by_hour[(s + k) % 24]).sum::<u64>()))
        .max_by_key(|x| x.1)
        .unwrap_or((0, 0));
    let (wd, wn) = t
        .by_weekday
        .iter()
        .enumerate()
        .max_by_key(|x| x.1)
        .map(|(i, n)| (i, *n))
        .unwrap_or((0, 0));
    let share = |k: u64| 100.0 * k as f64 / total as f64;
    Some(((start, share(n)), (wd, share(wn))))
}

fn hours(start: usize) -> String {
    format!("{:02}:00–{:02}:00", start, (start + 4) % 24)
}

/// Peak hours and weekdays in words.
fn peaks_in_words(t: &TemporalResult) -> String {
    let Some(((start, share), (wd, wd_share))) = peaks(t) else {
        return "No rows in this selection.".into();
    };
    format!(
        "The busiest four hours are {} with {share:.1} % of rows (an even spread would give 16.7 %); the busiest weekday is {} with {wd_share:.1} % (even: 14.3 %).",
        hours(start),
        WEEKDAYS[wd],
    )
}

/// The calendar panel's numbers, formatted as [`peaks_in_words`] shows them.
fn calendar_facts(t: &TemporalResult) -> Option<CalendarFacts> {
    peaks(t).map(|((start, share), (wd, wd_share))| CalendarFacts {
        hours: hours(start),
        hours_share: format!("{share:.1} %"),
        weekday: WEEKDAYS[wd].to_string(),
        weekday_share: format!("{wd_share:.1} %"),
    })
}

/// The temporal-patterns page.
#[component]
pub fn TemporalPage() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let analysis = expect_context::<AnalysisState>();
    let resolution = move || url.with(|u| u.resolution);
    Effect::new(move |_| {
        url.track();
        data.dataset.track();
        let decompose = if url.with(|u| u.multiplicative) {
            DecomposeKind::Multiplicative
        } else {
            DecomposeKind::Additive
        };
        wc::request_analysis(
            url,
            data,
            analysis,
            AnalysisSpec::Temporal(TemporalSpec {
                resolution: resolution(),
                decompose,
            }),
        );
    });
    let result = move || match analysis.result.get() {
        Some(AnalysisResult::Temporal(t)) => Some(*t),
        _ => None,
    };
    let synthetic = move || data.synthetic_note();
    view! {
        <section aria-labelledby="temporal-title" data-testid="temporal">
            <h2 id="temporal-title">"Temporal patterns"</h2>
            <div class="resolution" role="group" aria-label="Series resolution">
                {[Resolution::Daily, Resolution::Weekly, Resolution::Monthly].into_iter().map(|r| view! {
                    <button type="button" data-testid=format!("res-{}", resolution_key(r))
                        aria-pressed=move || if resolution() == r { "true" } else { "false" }
                        on:click=move |_| { url.update(|u| u.resolution = r); address_bar::write(&url.get_untracked(), true); }>
                        {match r { Resolution::Daily => "Daily", Resolution::Weekly => "Weekly (ISO)", Resolution::Monthly => "Monthly" }}
                    </button>
                }).collect_view()}
            </div>
            {move || analysis.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || result().is_some() fallback=|| view! { <p class="loading" aria-live="polite">"Computing temporal patterns…"</p> }>
                <p class="in-words" data-testid="peaks">{move || result().map(|t| peaks_in_words(&t))}</p>
                <HowThisWorks id="calendar" title="dates, hours and weekdays"
                    body=Signal::derive(move || result().and_then(|t| calendar_facts(&t)).map(|f| calendar(&f))) />
                <ChartFrame
                    id="series"
                    title="Counts over time"
                    label=Signal::derive(move || result().map(|t| format!(
                        "Line chart of {} {} counts from {} to {}.", t.series.values.len(), resolution_key(t.series.resolution), day(t.window.0), day(t.window.1)
                    )).unwrap_or_default())
                    table=Signal::derive(move || result().map(|t| {
                        let n = t.series.values.len();
                        TableData {
                            header: vec!["Period start".into(), "Count".into(), "Note".into()],
                            rows: t.series.starts.iter().zip(&t.series.values).enumerate().map(|(i, (d, v))| {
                                let partial = (i == 0 && t.series.partial_first) || (i + 1 == n && t.series.partial_last);
                                vec![day(*d), thousands(*v as u64), if partial { "partial period (not used for fitting)".into() } else { String::new() }]
                            }).collect(),
                        }
                    }).unwrap_or_default())
                    caption=Signal::derive(move || format!("Partial first and last periods are drawn dashed.{}", synthetic()))
                    height=260
                    draw=move |c, h| result().map_or(Ok(()), |t| {
                        let pts: Vec<(i32, f64)> = t.series.starts.iter().copied().zip(t.series.values.iter().copied()).collect();
                        let (a, b) = (usize::from(t.series.partial_first), pts.len().saturating_sub(usize::from(t.series.partial_last)));
                        let mut lines = vec![line::Line { label: "complete periods", color: 0, points: &pts[a.min(b)..b], dashed: false }];
                        let head = &pts[..(a + 1).min(pts.len())];
                        let tail = &pts[b.saturating_sub(1).min(pts.len())..];
                        if t.series.partial_first { lines.push(line::Line { label: "partial period", color: 1, points: head, dashed: true }); }
                        if t.series.partial_last { lines.push(line::Line { label: "partial period", color: 1, points: tail, dashed: true }); }
                        line::draw(c, h, &lines, None)
                    })
                />
                <div class="grid">
                    <ChartFrame
                        id="by-hour"
                        title="By hour of day"
                        label=Signal::derive(move || result().map(|t| peaks_in_words(&t)).unwrap_or_default())
                        table=Signal::derive(move || result().map(|t| TableData {
                            header: vec!["Hour".into(), "Count".into()],
                            rows: t.by_hour.iter().enumerate().map(|(h, n)| vec![format!("{h:02}:00"), thousands(*n)]).collect(),
                        }).unwrap_or_default())
                        caption=Signal::derive(move || format!("Local time; 00:00 and 12:00 include default times.{}", synthetic()))
                        height=380
                        draw=move |c, h| result().map_or(Ok(()), |t| {
                            let items: Vec<(String, f64)> = t.by_hour.iter().enumerate().map(|(h, n)| (format!("{h:02}:00"), *n as f64)).collect();
                            bars::draw(c, h, &items)
                        })
                    />
                    <ChartFrame
                        id="by-weekday"
                        title="By weekday"
                        label=Signal::derive(move || result().map(|t| {
                            let parts: Vec<String> = t.by_weekday.iter().enumerate().map(|(i, n)| format!("{} {}", WEEKDAYS[i], thousands(*n))).collect();
                            format!("Bar chart by weekday: {}.", parts.join(", "))
                        }).unwrap_or_default())
                        table=Signal::derive(move || result().map(|t| TableData {
                            header: vec!["Weekday".into(), "Count".into()],
                            rows: t.by_weekday.iter().enumerate().map(|(i, n)| vec![WEEKDAYS[i].to_string(), thousands(*n)]).collect(),
                        }).unwrap_or_default())
                        caption=Signal::derive(move || format!("Monday first.{}", synthetic()))
                        height=220
                        draw=move |c, h| result().map_or(Ok(()), |t| {
                            let items: Vec<(String, f64)> = t.by_weekday.iter().enumerate().map(|(i, n)| (WEEKDAYS[i].to_string(), *n as f64)).collect();
                            bars::draw(c, h, &items)
                        })
                    />
                </div>
                <div class="grid">
                    <ChartFrame
                        id="by-month"
                        title="Month-of-year profile"
                        label=Signal::derive(move || result().map(|t| {
                            let best = t.by_month.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
                            format!("Mean count per calendar month; highest in {}.", MONTHS[best.0])
                        }).unwrap_or_default())
                        table=Signal::derive(move || result().map(|t| TableData {
                            header: vec!["Month".into(), "Mean count".into()],
                            rows: t.by_month.iter().enumerate().map(|(i, v)| vec![MONTHS[i].to_string(), v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into())]).collect(),
                        }).unwrap_or_default())
                        caption=Signal::derive(move || format!("Mean over the complete months in the window.{}", synthetic()))
                        height=300
                        draw=move |c, h| result().map_or(Ok(()), |t| {
                            let items: Vec<(String, f64)> = t.by_month.iter().enumerate().map(|(i, v)| (MONTHS[i].to_string(), v.unwrap_or(0.0))).collect();
                            bars::draw(c, h, &items)
                        })
                    />
                    <ChartFrame
                        id="yoy"
                        title="Year over year (monthly counts)"
                        label=Signal::derive(move || result().map(|t| format!("Lines of monthly counts for {} years.", t.years.len())).unwrap_or_default())
                        table=Signal::derive(move || result().map(|t| {
                            let mut header = vec!["Year".to_string()];
                            header.extend(MONTHS.iter().map(|m| m.to_string()));
                            TableData { header, rows: t.years.iter().map(|y| {
                                let mut r = vec![y.year.to_string()];
                                r.extend(y.months.iter().map(|v| v.map(|v| thousands(v as u64)).unwrap_or_default()));
                                r
                            }).collect() }
                        }).unwrap_or_default())
                        caption=Signal::derive(move || format!("Each line is one year; only complete months are shown.{}", synthetic()))
                        height=300
                        draw=move |c, h| result().map_or(Ok(()), |t| {
                            let pts: Vec<Vec<(i32, f64)>> = t.years.iter().map(|y| y.months.iter().enumerate().filter_map(|(m, v)| v.map(|v| (crate::data::time::day_of(2001, m as u32 + 1, 15).unwrap_or(0), v))).collect()).collect();
                            let labels: Vec<String> = t.years.iter().map(|y| y.year.to_string()).collect();
                            let lines: Vec<line::Line> = pts.iter().zip(&labels).enumerate().map(|(i, (p, l))| line::Line { label: l, color: i, points: p, dashed: false }).collect();
                            let month = |d: &i32| MONTHS[chrono::Datelike::month0(&crate::data::time::date_of(*d)) as usize].to_string();
                            line::draw_with(c, h, &lines, None, &month)
                        })
                    />
                </div>
                <DiagnosticsPanel diag=Signal::derive(move || result().map(|t| t.diagnostics)) />
            </Show>
        </section>
    }
}
