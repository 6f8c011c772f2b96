//! The overview dashboard: KPIs, hour-by-weekday heatmap, categories, and the trend.

use leptos::prelude::*;

use crate::data::aggregate::{Overview, Resolution};
use crate::data::clean::Action;
use crate::data::filter::Unit;
use crate::ui::address_bar;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::{bars, heatmap, line};
use crate::ui::components::embed_this::Embeddable;
use crate::ui::components::kpi_cards::KpiCards;
use crate::ui::explain::text::data::{cleaning, counting, CleaningFacts, CountingFacts};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{day, signed_pct, thousands, WEEKDAYS};
use crate::ui::state::{DataState, UrlSignal};

fn heat_label(o: &Overview) -> String {
    let (i, n) = o
        .heatmap
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map(|(i, n)| (i, *n))
        .unwrap_or((0, 0));
    format!(
        "Heatmap of {} by weekday and hour of day. Busiest hour: {} {:02}:00 with {}.",
        thousands(o.total),
        WEEKDAYS[i / 24],
        i % 24,
        thousands(n)
    )
}

fn heat_table(o: &Overview) -> TableData {
    let mut header = vec!["Weekday".to_string()];
    header.extend((0..24).map(|h| format!("{h:02}")));
    let rows = (0..7)
        .map(|d| {
            let mut r = vec![WEEKDAYS[d].to_string()];
            r.extend((0..24).map(|h| o.heatmap[d * 24 + h].to_string()));
            r
        })
        .collect();
    TableData { header, rows }
}

/// The cleaning panel's numbers, formatted as the data-quality panel shows them.
fn cleaning_facts(data: DataState) -> Option<CleaningFacts> {
    data.dataset.with(|d| {
        d.as_ref().map(|d| {
            let q = &d.quality;
            CleaningFacts {
                read: thousands(q.read),
                kept: thousands(q.kept),
                dropped: thousands(q.dropped_total()),
                default_share: format!("{:.2} %", q.default_time_share()),
                drop_junk_precinct: d.rules.junk_precinct == Action::Drop,
                drop_missing_coords: d.rules.missing_coords == Action::Drop,
                drop_outside_city: d.rules.outside_city == Action::Drop,
                synthetic: d.source.is_synthetic(),
            }
        })
    })
}

/// The counting panel's numbers, formatted as the KPI cards show them.
fn counting_facts(o: &Overview, unit: Unit) -> CountingFacts {
    CountingFacts {
        total: thousands(o.total),
        daily: format!("{:.1}", o.daily_mean),
        days: o.days.to_string(),
        from: day(o.window.0),
        to: day(o.window.1),
        incidents: unit == Unit::Incidents,
        change: o
            .change_pct
            .filter(|_| o.prior_total.is_some())
            .map(signed_pct),
    }
}

/// The overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let ov = move || data.overview.get();
    let synthetic = move || data.synthetic_note();
    let daily = move || url.with(|u| u.resolution == Resolution::Daily);
    let unit = move || url.with(|u| u.unit);
    // From the server's counts (a live load in progress): no hours, no days.
    let counts_only = move || {
        data.overview.with(|o| {
            o.as_ref()
                .is_some_and(|o| o.basis.is_some() && o.heatmap.iter().all(|n| *n == 0))
        })
    };
    view! {
        <section aria-labelledby="overview-title" data-testid="overview">
            <h2 id="overview-title">"Overview"</h2>
            <Embeddable id="kpis"><KpiCards /></Embeddable>
            <div class="explainers">
                <HowThisWorks id="counting" title="counting reports"
                    body=Signal::derive(move || ov().map(|o| counting(&counting_facts(&o, unit())))) />
                <HowThisWorks id="cleaning" title="cleaning the data"
                    body=Signal::derive(move || cleaning_facts(data).map(|f| cleaning(&f))) />
            </div>
            <Show when=move || ov().is_some() fallback=|| view! { <p class="loading" aria-live="polite">"Preparing the overview…"</p> }>
                <div class="grid">
                    <Show when=move || !counts_only() fallback=|| view! {
                        <p class="hint" data-testid="heatmap-waiting">"The hour-by-weekday chart and the trend are drawn from the rows, which are still loading; the server's counts do not hold the hour of each incident."</p>
                    }>
                    <ChartFrame
                        id="heatmap"
                        title="When incidents are reported to have occurred"
                        label=Signal::derive(move || ov().map(|o| heat_label(&o)).unwrap_or_default())
                        table=Signal::derive(move || ov().map(|o| heat_table(&o)).unwrap_or_default())
                        caption=Signal::derive(move || format!("Local time (America/Detroit). 00:00 and 12:00 include default times.{}", synthetic()))
                        height=250
                        draw=move |c, h| ov().map_or(Ok(()), |o| heatmap::draw(c, h, &o.heatmap))
                    />
                    </Show>
                    <ChartFrame
                        id="categories"
                        title="By offense category"
                        label=Signal::derive(move || ov().map(|o| {
                            let top: Vec<String> = o.by_category.iter().take(3).map(|(c, n)| format!("{c} {}", thousands(*n))).collect();
                            format!("Bar chart of {} categories; largest: {}.", o.by_category.len(), top.join(", "))
                        }).unwrap_or_default())
                        table=Signal::derive(move || ov().map(|o| TableData {
                            header: vec!["Category".into(), "Count".into()],
                            rows: o.by_category.iter().map(|(c, n)| vec![c.clone(), n.to_string()]).collect(),
                        }).unwrap_or_default())
                        caption=Signal::derive(move || format!("Top 12 categories shown; the table lists all.{}", synthetic()))
                        height=320
                        draw=move |c, h| ov().map_or(Ok(()), |o| {
                            let items: Vec<(String, f64)> = o.by_category.iter().take(12).map(|(c, n)| (c.clone(), *n as f64)).collect();
                            bars::draw(c, h, &items)
                        })
                    />
                </div>
                <Show when=move || !counts_only()>
                <div class="resolution" role="group" aria-label="Trend resolution">
                    <button type="button" data-testid="res-weekly" aria-pressed=move || if daily() { "false" } else { "true" }
                        on:click=move |_| { url.update(|u| u.resolution = Resolution::Weekly); address_bar::write(&url.get_untracked(), true); }>"Weekly"</button>
                    <button type="button" data-testid="res-daily" aria-pressed=move || if daily() { "true" } else { "false" }
                        on:click=move |_| { url.update(|u| u.resolution = Resolution::Daily); address_bar::write(&url.get_untracked(), true); }>"Daily"</button>
                </div>
                <ChartFrame
                    id="trend"
                    title="Trend"
                    label=Signal::derive(move || ov().map(|o| {
                        let s = if daily() { &o.daily } else { &o.weekly };
                        let (max_i, max_v) = s.values.iter().enumerate().fold((0, 0.0), |a, (i, v)| if *v > a.1 { (i, *v) } else { a });
                        format!("Line chart of {} {} counts from {} to {}; highest {} in the period starting {}.",
                            s.values.len(), if daily() { "daily" } else { "weekly" }, day(o.window.0), day(o.window.1),
                            thousands(max_v as u64), s.starts.get(max_i).map(|d| day(*d)).unwrap_or_default())
                    }).unwrap_or_default())
                    table=Signal::derive(move || ov().map(|o| {
                        let s = if daily() { o.daily.clone() } else { o.weekly.clone() };
                        let n = s.values.len();
                        TableData {
                            header: vec!["Period start".into(), "Count".into(), "Note".into()],
                            rows: s.starts.iter().zip(&s.values).enumerate().map(|(i, (d, v))| {
                                let partial = (i == 0 && s.partial_first) || (i + 1 == n && s.partial_last);
                                vec![day(*d), (*v as u64).to_string(), if partial { "partial period".into() } else { String::new() }]
                            }).collect(),
                        }
                    }).unwrap_or_default())
                    caption=Signal::derive(move || format!("ISO weeks start on Monday; partial first/last weeks are marked in the table.{}", synthetic()))
                    height=260
                    draw=move |c, h| ov().map_or(Ok(()), |o| {
                        let s = if daily() { &o.daily } else { &o.weekly };
                        let (a, b) = (usize::from(s.partial_first), s.values.len().saturating_sub(usize::from(s.partial_last)));
                        let pts: Vec<(i32, f64)> = s.starts.iter().copied().zip(s.values.iter().copied()).collect();
                        let full = &pts[a.min(b)..b];
                        line::draw(c, h, &[line::Line { label: "count", color: 0, points: full, dashed: false }], None)
                    })
                />
                </Show>
            </Show>
        </section>
    }
}
