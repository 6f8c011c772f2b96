//! Forecasts that add up: for the precincts under the citywide series and the offense
//! categories under theirs, the total's own forecast against the sum of the parts' forecasts
//! before and after reconciliation, and the reconciled forecasts with their 95 % bands. The
//! method (MinT by default, OLS, bottom-up) is chosen here and kept in the URL (`rec`); the
//! worker reconciles by every method, so switching needs no refit.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::ts::reconcile::{ReconcileMethod, Reconciled};
use crate::ui::address_bar;
use crate::ui::format::{day, thousands};
use crate::ui::state::UrlSignal;
use crate::worker::messages::{horizon_sums, AllocationResult, HierarchyForecast};

/// A count rounded to a whole number with thousands separators (negative kept as such).
fn count(v: f64) -> String {
    let r = v.round();
    if r < 0.0 {
        format!("−{}", thousands((-r) as u64))
    } else {
        thousands(r as u64)
    }
}

/// "sum of precinct forecasts 7,812 vs citywide 7,540 → after MinT both 7,598".
fn in_words(h: &HierarchyForecast, r: &Reconciled) -> String {
    let (total, parts) = h.base_sums();
    let (after, _) = horizon_sums(&r.mean);
    let total_label = h.labels.first().map_or("total", String::as_str);
    format!(
        "{}: the parts' forecasts add up to {}, while the forecast of the total itself (\u{201c}{}\u{201d}) is {}; after {} both are {}.",
        h.name,
        count(parts),
        total_label,
        count(total),
        r.method.label(),
        count(after)
    )
}

/// The method switch.
#[component]
fn MethodSwitch() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let chosen = move || url.with(|u| u.allocation.reconcile);
    let set = move |m: ReconcileMethod| {
        url.update(|u| u.allocation.reconcile = m);
        address_bar::write(&url.get_untracked(), true);
    };
    view! {
        <div class="resolution" role="group" aria-label="Reconciliation method" data-testid="rec-method">
            {ReconcileMethod::ALL.into_iter().map(|m| view! {
                <button type="button" data-testid=format!("rec-{}", m.key())
                    aria-pressed=move || if chosen() == m { "true" } else { "false" }
                    on:click=move |_| set(m)>{m.label()}</button>
            }).collect_view()}
        </div>
    }
}

/// One hierarchy's sums before and after, as a table row.
fn sums_row(h: &HierarchyForecast, method: ReconcileMethod) -> impl IntoView {
    let (total, parts) = h.base_sums();
    let after = h.by(method).map(|r| horizon_sums(&r.mean));
    let cell = move |v: Option<f64>| v.map_or_else(|| "—".to_string(), count);
    view! {
        <tr data-testid="rec-sum-row">
            <th scope="row">{h.name.clone()}</th>
            <td class="num" data-testid="rec-base-parts">{count(parts)}</td>
            <td class="num" data-testid="rec-base-total">{count(total)}</td>
            <td class="num" data-testid="rec-after-parts">{cell(after.map(|a| a.1))}</td>
            <td class="num" data-testid="rec-after-total">{cell(after.map(|a| a.0))}</td>
        </tr>
    }
}

/// Every series of one hierarchy: base and reconciled horizon totals, and the reconciled
/// first and last forecast months with their bands.
fn series_table(h: &HierarchyForecast, r: &Reconciled) -> impl IntoView {
    let first = h
        .forecast_starts
        .first()
        .map(|d| day(*d))
        .unwrap_or_default();
    let last_k = h.forecast_starts.len().saturating_sub(1);
    let last = h
        .forecast_starts
        .last()
        .map(|d| day(*d))
        .unwrap_or_default();
    let band = move |i: usize, k: usize| {
        format!(
            "{} ({} to {})",
            count(r.mean[i][k]),
            count(r.lower[i][k]),
            count(r.upper[i][k])
        )
    };
    let rows = h
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let base: f64 = h.base.mean[i].iter().sum();
            let rec: f64 = r.mean[i].iter().sum();
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    <td class="num">{count(base)}</td>
                    <td class="num">{count(rec)}</td>
                    <td class="num">{band(i, 0)}</td>
                    <td class="num">{band(i, last_k)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data" data-testid="rec-series">
            <caption>{format!("{}: 12-month totals and reconciled months with 95 % bands ({})", h.name, r.method.label())}</caption>
            <thead><tr>
                <th scope="col">"Series"</th>
                <th scope="col">"Own forecast, 12 months"</th>
                <th scope="col">"Reconciled, 12 months"</th>
                <th scope="col">{format!("Reconciled {first}")}</th>
                <th scope="col">{format!("Reconciled {last}")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The reconciliation panel.
#[component]
pub fn ReconciliationSection(
    /// The allocation result.
    result: Signal<Option<Arc<AllocationResult>>>,
) -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let method = move || url.with(|u| u.allocation.reconcile);
    let hierarchies = move || {
        result.with(|r| {
            r.as_ref()
                .map(|r| r.hierarchies.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="panel" aria-labelledby="rec-title" data-testid="hierarchy">
            <h3 id="rec-title">"Forecasts that add up"</h3>
            <p class="hint">"Each precinct's model and the citywide model forecast on their own, so the precinct forecasts need not add up to the citywide one; the same holds for offense categories (the top 5 and the rest). Reconciliation adjusts them so that they do: MinT weighs each series by how well its model did in-sample (the one-step errors' covariance, shrunk toward its diagonal), OLS adjusts every series equally, bottom-up keeps the parts and adds them. Bands come from the reconciled covariance."</p>
            <MethodSwitch />
            {move || {
                let hs = hierarchies();
                if hs.is_empty() {
                    return view! { <p class="hint" data-testid="rec-none">"No hierarchy to reconcile: it needs at least two modelled precincts or offense categories."</p> }.into_any();
                }
                let m = method();
                view! {
                    <table class="data" data-testid="rec-sums">
                        <caption>"Next 12 months: the sum of the parts against the total, before and after reconciliation"</caption>
                        <thead><tr>
                            <th scope="col">"Hierarchy"</th>
                            <th scope="col">"Sum of the parts' forecasts"</th>
                            <th scope="col">"Total's own forecast"</th>
                            <th scope="col">{format!("Sum of the parts after {}", m.label())}</th>
                            <th scope="col">{format!("Total after {}", m.label())}</th>
                        </tr></thead>
                        <tbody>{hs.iter().map(|h| sums_row(h, m)).collect_view()}</tbody>
                    </table>
                    {hs.iter().map(|h| {
                        let words = h.by(m).map(|r| in_words(h, r));
                        let lambda = h.by(m).and_then(|r| r.lambda).map(|l| format!(" Shrinkage intensity λ = {l:.3}."));
                        view! {
                            <p class="in-words" data-testid="rec-words">{words}{lambda}{h.note.clone().map(|n| format!(" {n}"))}</p>
                            {h.error.clone().map(|e| view! { <p class="hint" data-testid="rec-error">{format!("{}: {e}", h.name)}</p> })}
                            {h.by(m).map(|r| series_table(h, r))}
                        }
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}
