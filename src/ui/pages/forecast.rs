//! The forecast page: a monthly SARIMAX forecast with 95% bands over the history, the model
//! and its candidates, rolling-origin backtests against seasonal naive, residual checks.

use leptos::prelude::*;

use crate::analysis::ts::backtest::Backtest;
use crate::narrative::diagnostics::ljung_box_reading;
use crate::narrative::selection::differencing;
use crate::ui::address_bar;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::{line, stems};
use crate::ui::components::data_used::DataUsed;
use crate::ui::components::forecast_vs_actual::ForecastVsActual;
use crate::ui::components::regressor_table::RegressorTable;
use crate::ui::explain::text::forecast::{
    backtest, band, ljung_box, sarima, BacktestFacts, BandFacts, LjungBoxFacts, MetricFacts,
    ModelFacts,
};
use crate::ui::explain::HowThisWorks;
use crate::ui::format::{day, p_text, thousands};
use crate::ui::state::{AnalysisState, DataState, UrlSignal};
use crate::ui::worker as wc;
use crate::worker::messages::{
    AnalysisResult, AnalysisSpec, ForecastResult, ForecastSpec, MAX_ORDER_TERM, MONTHLY_PERIOD,
};

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1} %")).unwrap_or_else(|| "—".into())
}

fn backtest_rows(name: &str, starts: &[i32], b: &Backtest) -> Vec<Vec<String>> {
    let row = |label: String, origin: String, m: &crate::analysis::ts::metrics::Metrics| {
        let f = metric_facts(m);
        vec![label, origin, f.rmse, f.mae, f.mape, f.r2, f.directional]
    };
    let mut rows: Vec<Vec<String>> = b
        .per_origin
        .iter()
        .map(|o| {
            let origin = starts
                .get(o.origin)
                .map(|d| day(*d))
                .unwrap_or_else(|| o.origin.to_string());
            row(name.to_string(), origin, &o.metrics)
        })
        .collect();
    rows.push(row(format!("{name} (average)"), String::new(), &b.average));
    rows
}

/// A metric cell as the backtest table shows it (average rows included).
fn metric_facts(m: &crate::analysis::ts::metrics::Metrics) -> MetricFacts {
    MetricFacts {
        rmse: format!("{:.1}", m.rmse),
        mae: format!("{:.1}", m.mae),
        mape: pct(m.mape),
        r2: m
            .r2
            .map(|r| format!("{r:.2}"))
            .unwrap_or_else(|| "—".into()),
        directional: format!("{:.0} %", m.directional),
    }
}

/// The model panel's numbers, as the model summary shows them.
fn model_facts(f: &ForecastResult) -> ModelFacts {
    ModelFacts {
        model: f.model.clone(),
        aic: format!("{:.1}", f.aic),
        auto: f.auto,
        candidates: f.candidates.len(),
        differencing: f.differencing.as_ref().map(differencing),
        backtested: f
            .candidates
            .iter()
            .filter(|c| c.backtest_rmse.is_some())
            .count(),
        lowest_aic: f
            .candidates
            .iter()
            .filter(|c| c.eligible)
            .filter_map(|c| Some((c, c.aic?)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .filter(|(c, _)| c.model != base_model(f))
            .map(|(c, aic)| (c.model.clone(), format!("{aic:.1}"))),
    }
}

/// The model label without the kept regressors' names (the candidate it was chosen as).
fn base_model(f: &ForecastResult) -> &str {
    let names: Vec<&str> = f.regressors.iter().map(|r| r.name.as_str()).collect();
    let suffix = format!(" + {}", names.join(", "));
    match f.model.strip_suffix(&suffix) {
        Some(base) if !names.is_empty() => base,
        _ => &f.model,
    }
}

/// The first forecast month's 95 % band and the 12-month total, as the summary shows them.
fn band_numbers(f: &ForecastResult) -> (String, String, String) {
    (
        thousands(f.lower.first().copied().unwrap_or(0.0).max(0.0) as u64),
        thousands(f.upper.first().copied().unwrap_or(0.0).max(0.0) as u64),
        thousands(f.mean.iter().sum::<f64>().round().max(0.0) as u64),
    )
}

fn band_facts(f: &ForecastResult) -> BandFacts {
    let (lower, upper, total) = band_numbers(f);
    BandFacts {
        month: f
            .forecast_starts
            .first()
            .map(|d| day(*d))
            .unwrap_or_default(),
        lower,
        upper,
        total,
        months: f.mean.len(),
    }
}

/// The backtest panel's numbers, as the verdict and the table show them.
fn backtest_facts(f: &ForecastResult) -> Option<BacktestFacts> {
    let (m, b) = (f.backtest.as_ref()?, f.baseline.as_ref()?);
    Some(BacktestFacts {
        origins: m.per_origin.len(),
        rmse: format!("{:.1}", m.average.rmse),
        baseline_rmse: format!("{:.1}", b.average.rmse),
        metrics: metric_facts(&m.average),
        better: m.average.rmse < b.average.rmse,
    })
}

fn verdict(f: &ForecastResult) -> String {
    let (Some(m), Some(b)) = (&f.backtest, &f.baseline) else {
        return f
            .backtest_note
            .clone()
            .map(|n| format!("No backtest: {n}"))
            .unwrap_or_default();
    };
    let better = m.average.rmse < b.average.rmse;
    format!(
        "Over {} backtest origins, {} has an average RMSE of {:.1} against {:.1} for the seasonal-naive baseline (same month last year): the model is {}.",
        m.per_origin.len(),
        f.model,
        m.average.rmse,
        b.average.rmse,
        if better { "more accurate than the baseline" } else { "not better than the baseline — treat its forecast with care" }
    )
}

/// The order form: automatic or six small numbers.
#[component]
fn OrderForm() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let order = move || url.with(|u| u.order);
    let names = ["p", "d", "q", "P", "D", "Q"];
    let set = move |o: Option<[u8; 6]>| {
        url.update(|u| u.order = o);
        address_bar::write(&url.get_untracked(), true);
    };
    view! {
        <fieldset class="order" data-testid="order-form">
            <legend>"Model"</legend>
            <div class="resolution" role="group" aria-label="Model order">
                <button type="button" data-testid="order-auto" aria-pressed=move || if order().is_none() { "true" } else { "false" } on:click=move |_| set(None)>
                    "Choose automatically (AIC)"
                </button>
                <button type="button" data-testid="order-seed" aria-pressed=move || if order() == Some([1, 1, 1, 1, 1, 1]) { "true" } else { "false" }
                    on:click=move |_| set(Some([1, 1, 1, 1, 1, 1]))>
                    "SARIMA(1,1,1)(1,1,1,12)"
                </button>
            </div>
            <div class="order-inputs">
                {(0..6).map(|i| view! {
                    <label>
                        {names[i]}
                        <input type="number" min="0" max=MAX_ORDER_TERM data-testid=format!("order-{}", names[i].to_lowercase() + if i >= 3 { "s" } else { "" })
                            prop:value=move || order().unwrap_or([1, 1, 1, 1, 1, 1])[i].to_string()
                            on:change=move |ev| {
                                let v: u8 = event_target_value(&ev).parse().unwrap_or(0).min(MAX_ORDER_TERM);
                                let mut o = order().unwrap_or([1, 1, 1, 1, 1, 1]);
                                o[i] = v;
                                set(Some(o));
                            } />
                    </label>
                }).collect_view()}
                <span class="hint">{format!("Seasonal period {MONTHLY_PERIOD} (months). Orders 0–{MAX_ORDER_TERM}.")}</span>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="calendar-regressors"
                    prop:checked=move || !url.with(|u| u.no_calendar)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        url.update(|u| u.no_calendar = !on);
                        address_bar::write(&url.get_untracked(), true);
                    } />
                " Try calendar regressors (days, weekend days and holidays in each month; kept only when they lower the AIC without a worse backtest)"
            </label>
        </fieldset>
    }
}

/// The forecast page.
#[component]
pub fn ForecastPage() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let analysis = expect_context::<AnalysisState>();
    // While a live load streams in, the forecast is fitted again when the counts change,
    // not at every page of rows.
    let revision = Memo::new(move |_| data.revision());
    Effect::new(move |_| {
        url.track();
        // Read, not only tracked: a memo computes (and follows the data) when read.
        let _ = revision.get();
        let (order, calendar) = url.with(|u| (u.order, !u.no_calendar));
        wc::request_analysis(
            url,
            data,
            analysis,
            AnalysisSpec::Forecast(ForecastSpec {
                order,
                calendar,
                ..ForecastSpec::default()
            }),
        );
    });
    let result = move || match analysis.result.get() {
        Some(AnalysisResult::Forecast(f)) => Some(*f),
        _ => None,
    };
    let synthetic = move || data.synthetic_note();
    view! {
        <section aria-labelledby="forecast-title" data-testid="forecast">
            <h2 id="forecast-title">"Monthly forecast"</h2>
            <p class="framing" data-testid="forecast-framing">
                "How many incidents are likely to be reported each month over the next year, if the pattern of the past continues. "
                "A SARIMA model learns the trend and the yearly season of the monthly counts, forecasts 12 months with a 95 % band, and is checked on past months it had not seen against simply repeating last year. "
                "It forecasts citywide report counts, not any single crime, place or person."
            </p>
            <DataUsed />
            <OrderForm />
            <Show when=move || analysis.busy.get()>
                <p class="busy" role="status" data-testid="fitting">"Fitting SARIMAX models in the background worker…"</p>
            </Show>
            {move || analysis.error.get().map(|e| view! { <p class="error" role="alert" data-testid="forecast-error">{e}</p> })}
            <Show when=move || result().is_some()>
                {move || result().and_then(|f| f.basis).map(|b| view! { <p class="basis" data-testid="forecast-basis">"Monthly counts " {b} "."</p> })}
                <p class="in-words" data-testid="model-summary">{move || result().map(|f| format!(
                    "{} {}; log-likelihood {:.1}, AIC {:.1}, BIC {:.1}{}. The next 12 months: {} in all (95 % band {} to {} for the first month).",
                    f.model,
                    if f.auto { format!("{} ({})", f.reason, f.differencing.as_ref().map(differencing).unwrap_or_default()) } else { f.reason.clone() },
                    f.llf, f.aic, f.bic,
                    if f.converged { "" } else { " — the optimizer did NOT report convergence" },
                    band_numbers(&f).2,
                    band_numbers(&f).0,
                    band_numbers(&f).1,
                ))}</p>
                {move || result().filter(|f| !f.regressors.is_empty()).map(|f| view! {
                    <RegressorTable testid="regressors" regressors=f.regressors.clone()
                        caption="Regressors: calendar counts of each month kept in the model, the effect of one more day on the month's count, with its standard error" />
                })}
                <HowThisWorks id="sarima" title="the model and how its order was chosen"
                    body=Signal::derive(move || result().map(|f| sarima(&model_facts(&f)))) />
                <ChartFrame
                    id="forecast-chart"
                    title="History and 12-month forecast"
                    label=Signal::derive(move || result().map(|f| format!(
                        "Monthly counts from {} with a {}-month forecast and 95 % band.",
                        f.starts.first().map(|d| day(*d)).unwrap_or_default(), f.mean.len()
                    )).unwrap_or_default())
                    table=Signal::derive(move || result().map(|f| {
                        let mut rows: Vec<Vec<String>> = f.starts.iter().zip(&f.history)
                            .map(|(d, v)| vec![day(*d), thousands(*v as u64), String::new(), String::new(), String::new()]).collect();
                        rows.extend(f.forecast_starts.iter().enumerate().map(|(i, d)| vec![
                            day(*d), String::new(), format!("{:.0}", f.mean[i]), format!("{:.0}", f.lower[i]), format!("{:.0}", f.upper[i]),
                        ]));
                        TableData { header: vec!["Month".into(), "Actual".into(), "Forecast".into(), "Lower 95 %".into(), "Upper 95 %".into()], rows }
                    }).unwrap_or_default())
                    caption=Signal::derive(move || format!(
                        "Complete months only; the band is the model's 95 % interval and ignores parameter uncertainty.{}", synthetic()
                    ))
                    height=300
                    draw=move |c, h| result().map_or(Ok(()), |f| {
                        let hist: Vec<(i32, f64)> = f.starts.iter().copied().zip(f.history.iter().copied()).collect();
                        let mut fc: Vec<(i32, f64)> = hist.last().copied().into_iter().collect();
                        fc.extend(f.forecast_starts.iter().copied().zip(f.mean.iter().copied()));
                        let band: Vec<(i32, f64, f64)> = f.forecast_starts.iter().enumerate().map(|(i, d)| (*d, f.lower[i], f.upper[i])).collect();
                        line::draw(c, h, &[
                            line::Line { label: "actual", color: 0, points: &hist, dashed: false },
                            line::Line { label: "forecast", color: 3, points: &fc, dashed: true },
                        ], Some(&band))
                    })
                />
                <HowThisWorks id="band" title="the forecast and its 95 % band"
                    body=Signal::derive(move || result().map(|f| band(&band_facts(&f)))) />
                <p class="in-words" data-testid="backtest-verdict">{move || result().map(|f| verdict(&f))}</p>
                <ChartFrame
                    id="backtest"
                    title="Rolling-origin backtest"
                    label=Signal::derive(move || result().map(|f| verdict(&f)).unwrap_or_default())
                    table=Signal::derive(move || result().map(|f| {
                        let mut rows = Vec::new();
                        if let Some(b) = &f.backtest { rows.extend(backtest_rows(&f.model, &f.starts, b)); }
                        if let Some(b) = &f.baseline { rows.extend(backtest_rows("Seasonal naive", &f.starts, b)); }
                        TableData { header: vec!["Model".into(), "Origin (first forecast month)".into(), "RMSE".into(), "MAE".into(), "MAPE".into(), "R²".into(), "Directional".into()], rows }
                    }).unwrap_or_default())
                    caption=Signal::derive(|| "Expanding window, an origin every 3 months, 12 months ahead each. Directional accuracy: the share of months where the forecast and the actual move the same way from the previous actual month.".to_string())
                    height=240
                    draw=move |c, h| result().map_or(Ok(()), |f| {
                        let pts = |b: &Option<Backtest>| -> Vec<(i32, f64)> { b.as_ref().map(|b| b.per_origin.iter().filter_map(|o| f.starts.get(o.origin).map(|d| (*d, o.metrics.rmse))).collect()).unwrap_or_default() };
                        let (m, n) = (pts(&f.backtest), pts(&f.baseline));
                        line::draw(c, h, &[
                            line::Line { label: "model RMSE", color: 0, points: &m, dashed: false },
                            line::Line { label: "seasonal naive RMSE", color: 1, points: &n, dashed: true },
                        ], None)
                    })
                />
                <HowThisWorks id="backtest" title="the backtest and its accuracy measures"
                    body=Signal::derive(move || result().and_then(|f| backtest_facts(&f)).map(|b| backtest(&b))) />
                <ForecastVsActual id="forecast-vs-actual" unit="months"
                    held_out="the months after the last backtest origin"
                    calibration=Signal::derive(move || result().and_then(|f| f.calibration))
                    starts=Signal::derive(move || result().map(|f| f.starts).unwrap_or_default()) />
                <p class="in-words" data-testid="ljung-box">{move || result().map(|f| match &f.ljung_box {
                    Some(lb) => format!("Residual check (Ljung–Box, 12 lags): Q = {:.2}, {} — {}.", lb.stat, p_text(lb.pvalue), ljung_box_reading(lb)),
                    None => "Too few residuals for a Ljung–Box test.".to_string(),
                })}</p>
                <HowThisWorks id="ljung-box" title="the residual check (Ljung–Box)"
                    body=Signal::derive(move || result().and_then(|f| f.ljung_box.map(|lb| ljung_box(&LjungBoxFacts {
                        q: format!("{:.2}", lb.stat),
                        p: p_text(lb.pvalue),
                        autocorrelated: lb.is_autocorrelated(),
                    })))) />
                <ChartFrame
                    id="residual-acf"
                    title="Residual autocorrelation"
                    label=Signal::derive(move || result().map(|f| format!("ACF of standardised residuals, {} lags.", f.residual_acf.len().saturating_sub(1))).unwrap_or_default())
                    table=Signal::derive(move || result().map(|f| TableData {
                        header: vec!["Lag".into(), "ACF".into()],
                        rows: f.residual_acf.iter().enumerate().skip(1).map(|(k, v)| vec![k.to_string(), format!("{v:.3}")]).collect(),
                    }).unwrap_or_default())
                    caption=Signal::derive(|| "Bars inside the dashed ±1.96/√n lines are consistent with white noise.".to_string())
                    height=200
                    draw=move |c, h| result().map_or(Ok(()), |f| stems::draw(c, h, &f.residual_acf, f.residual_bound))
                />
                <ChartFrame
                    id="candidates"
                    title="Model parameters and candidates (ΔAIC from the best)"
                    label=Signal::derive(move || result().map(|f| format!("{} parameters; {} candidate models.", f.params.len(), f.candidates.len())).unwrap_or_default())
                    table=Signal::derive(move || result().map(|f| {
                        let mut rows: Vec<Vec<String>> = f.params.iter().map(|(n, v)| vec![format!("parameter {n}"), format!("{v:.4}"), String::new(), String::new()]).collect();
                        rows.extend(f.candidates.iter().map(|c| vec![
                            c.model.clone(),
                            c.aic.map(|a| format!("AIC {a:.1}")).unwrap_or_default(),
                            if c.converged { "converged".into() } else { "not converged".into() },
                            c.error.clone().unwrap_or_default(),
                        ]));
                        TableData { header: vec!["Item".into(), "Value".into(), "Status".into(), "Note".into()], rows }
                    }).unwrap_or_default())
                    height=120
                    draw=move |c, h| result().map_or(Ok(()), |f| {
                        let best = f.candidates.iter().filter_map(|c| c.aic).fold(f64::INFINITY, f64::min);
                        let mut items: Vec<(String, f64)> = f.candidates.iter().filter_map(|c| c.aic.map(|a| (c.model.clone(), a - best))).collect();
                        items.sort_by(|a, b| a.1.total_cmp(&b.1));
                        items.truncate(8);
                        crate::ui::charts::bars::draw(c, h.max(40 + 22 * items.len() as u32), &items)
                    })
                />
            </Show>
        </section>
    }
}
