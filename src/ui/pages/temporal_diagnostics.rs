//! The diagnostics half of the temporal page: classical decomposition (additive or
//! multiplicative), ACF/PACF with confidence bounds, and the ADF verdict in words.

use leptos::prelude::*;

use crate::narrative::diagnostics::adf_reading;
use crate::ui::address_bar;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::{line, stems};
use crate::ui::explain::text::temporal::{
    acf, adf, decomposition, AcfFacts, AdfFacts, DecompositionFacts,
};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{day, p_text};
use crate::ui::state::UrlSignal;
use crate::worker::messages::Diagnostics;

fn opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "—".into())
}

fn stem_table(name: &str, values: &[f64], bound: f64) -> TableData {
    TableData {
        header: vec!["Lag".into(), name.into(), "Outside ±bound".into()],
        rows: values
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, v)| {
                vec![
                    k.to_string(),
                    format!("{v:.3}"),
                    if v.abs() > bound {
                        "yes".into()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
    }
}

/// The correlogram panel's numbers, formatted as the charts label them.
fn acf_facts(d: &Diagnostics) -> AcfFacts {
    let outside = |v: &[f64]| v.iter().skip(1).filter(|v| v.abs() > d.bound).count();
    AcfFacts {
        lags: d.acf.len().saturating_sub(1),
        bound: format!("{:.3}", d.bound),
        acf_outside: outside(&d.acf),
        pacf_outside: outside(&d.pacf),
        lag1: d.acf.get(1).map(|v| format!("{v:.3}")),
        period: d.period,
    }
}

/// The ADF panel's numbers, formatted as the verdict shows them.
fn adf_facts(d: &Diagnostics) -> Option<AdfFacts> {
    d.adf.as_ref().ok().map(|a| AdfFacts {
        stat: format!("{:.3}", a.stat),
        p: p_text(a.pvalue),
        lags: a.usedlag,
        crit5: a.crit.five,
        rejected_at: a.rejected_at(),
    })
}

/// Decomposition, correlograms and the stationarity test for the page's series.
#[component]
pub fn DiagnosticsPanel(
    /// The diagnostics to show (None while computing).
    #[prop(into)]
    diag: Signal<Option<Diagnostics>>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let mult = move || url.with(|u| u.multiplicative);
    let set_mult = move |m: bool| {
        url.update(|u| u.multiplicative = m);
        address_bar::write(&url.get_untracked(), true);
    };
    let component = move |which: usize| -> Vec<(i32, f64)> {
        diag.get()
            .and_then(|d| {
                let dec = d.decomposition.ok()?;
                let vals: Vec<Option<f64>> = match which {
                    0 => dec.trend.clone(),
                    1 => dec.seasonal.iter().map(|v| Some(*v)).collect(),
                    _ => dec.resid.clone(),
                };
                Some(
                    d.starts
                        .iter()
                        .zip(vals)
                        .filter_map(|(s, v)| v.map(|v| (*s, v)))
                        .collect(),
                )
            })
            .unwrap_or_default()
    };
    let names = ["Trend (centred moving average)", "Seasonal", "Residual"];
    let decomposition_facts = move || {
        let d = diag.get()?;
        d.decomposition.as_ref().ok()?;
        let peak = component(1)
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, v)| (day(s), opt(Some(v))));
        Some(DecompositionFacts {
            period: d.period,
            multiplicative: mult(),
            peak,
        })
    };
    view! {
        <section class="diagnostics" aria-labelledby="diag-title" data-testid="diagnostics">
            <h3 id="diag-title">"Decomposition and diagnostics"</h3>
            <p class="in-words" data-testid="adf-verdict">
                {move || diag.get().map(|d| match d.adf {
                    Ok(a) => format!(
                        "Augmented Dickey–Fuller test (constant, lag {} chosen by AIC): statistic {:.3}, {} — {}.",
                        a.usedlag, a.stat, p_text(a.pvalue), adf_reading(&a)
                    ),
                    Err(e) => format!("The stationarity test could not run: {e}"),
                })}
            </p>
            <HowThisWorks id="adf" title="the stationarity test (ADF)"
                body=Signal::derive(move || diag.get().and_then(|d| adf_facts(&d)).map(|f| adf(&f))) />
            <div class="resolution" role="group" aria-label="Decomposition model">
                <button type="button" data-testid="dec-additive" aria-pressed=move || if mult() { "false" } else { "true" } on:click=move |_| set_mult(false)>"Additive"</button>
                <button type="button" data-testid="dec-multiplicative" aria-pressed=move || if mult() { "true" } else { "false" } on:click=move |_| set_mult(true)>"Multiplicative"</button>
            </div>
            {move || diag.get().and_then(|d| d.decomposition.err()).map(|e| view! { <p class="error" role="alert">"Decomposition unavailable: " {e}</p> })}
            <div class="grid">
                {(0..3).map(|k| view! {
                    <ChartFrame
                        id=format!("dec-{k}")
                        title=names[k]
                        label=Signal::derive(move || {
                            let pts = component(k);
                            format!("{}: {} points{}", names[k], pts.len(), pts.first().map(|p| format!(" from {}", day(p.0))).unwrap_or_default())
                        })
                        table=Signal::derive(move || TableData {
                            header: vec!["Period start".into(), names[k].into()],
                            rows: component(k).into_iter().map(|(s, v)| vec![day(s), opt(Some(v))]).collect(),
                        })
                        caption=Signal::derive(move || diag.get().map(|d| format!(
                            "Period {}; the moving average leaves {} periods undefined at each end.", d.period, d.period / 2
                        )).unwrap_or_default())
                        height=180
                        draw=move |c, h| {
                            let pts = component(k);
                            line::draw(c, h, &[line::Line { label: names[k], color: k, points: &pts, dashed: false }], None)
                        }
                    />
                }).collect_view()}
            </div>
            <HowThisWorks id="decomposition" title="decomposition"
                body=Signal::derive(move || decomposition_facts().map(|f| decomposition(&f))) />
            <div class="grid">
                <ChartFrame
                    id="acf"
                    title="Autocorrelation (ACF)"
                    label=Signal::derive(move || diag.get().map(|d| {
                        let out = d.acf.iter().skip(1).filter(|v| v.abs() > d.bound).count();
                        format!("ACF for {} lags; {} lie outside ±{:.3}.", d.acf.len().saturating_sub(1), out, d.bound)
                    }).unwrap_or_default())
                    table=Signal::derive(move || diag.get().map(|d| stem_table("ACF", &d.acf, d.bound)).unwrap_or_default())
                    caption=Signal::derive(|| "Dashed lines: ±1.96/√n, the approximate 95 % bound for white noise.".to_string())
                    height=200
                    draw=move |c, h| diag.get().map_or(Ok(()), |d| stems::draw(c, h, &d.acf, d.bound))
                />
                <ChartFrame
                    id="pacf"
                    title="Partial autocorrelation (PACF, Yule–Walker)"
                    label=Signal::derive(move || diag.get().map(|d| {
                        let out = d.pacf.iter().skip(1).filter(|v| v.abs() > d.bound).count();
                        format!("PACF for {} lags; {} lie outside ±{:.3}.", d.pacf.len().saturating_sub(1), out, d.bound)
                    }).unwrap_or_default())
                    table=Signal::derive(move || diag.get().map(|d| stem_table("PACF", &d.pacf, d.bound)).unwrap_or_default())
                    caption=Signal::derive(|| "Dashed lines: ±1.96/√n.".to_string())
                    height=200
                    draw=move |c, h| diag.get().map_or(Ok(()), |d| stems::draw(c, h, &d.pacf, d.bound))
                />
            </div>
            <HowThisWorks id="acf" title="autocorrelation (ACF and PACF)"
                body=Signal::derive(move || diag.get().map(|d| acf(&acf_facts(&d)))) />
        </section>
    }
}
