//! The data-quality panel: rows read, kept, dropped and flagged per rule, and why.

use leptos::prelude::*;

use crate::data::clean::{Action, RULES};
use crate::ui::format::{day, thousands};
use crate::ui::state::DataState;

/// The data-quality panel.
#[component]
pub fn QualityPanel() -> impl IntoView {
    let data = expect_context::<DataState>();
    move || {
        data.dataset.get().map(|d| {
            let q = d.quality.clone();
            let balanced = q.balances();
            let rule_rows = RULES
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let action = match r {
                        crate::data::clean::Rule::JunkPrecinct => d.rules.junk_precinct,
                        crate::data::clean::Rule::MissingCoords => d.rules.missing_coords,
                        crate::data::clean::Rule::OutsideCity => d.rules.outside_city,
                        _ => Action::Drop,
                    };
                    view! {
                        <tr>
                            <th scope="row">{r.label()}</th>
                            <td data-testid=format!("dropped-{i}")>{thousands(q.dropped[i])}</td>
                            <td>{thousands(q.flagged[i])}</td>
                            <td>{if action == Action::Drop { "dropped" } else { "kept, flagged" }}</td>
                        </tr>
                    }
                })
                .collect_view();
            let ratio = if q.incidents > 0 { q.kept as f64 / q.incidents as f64 } else { 0.0 };
            let examples = q.examples.clone();
            view! {
                <details class="panel quality" data-testid="quality" open=!balanced>
                    <summary>
                        <h2>"Data quality"</h2>
                        <span>{format!(
                            "{} rows read · {} kept · {} dropped",
                            thousands(q.read), thousands(q.kept), thousands(q.dropped_total())
                        )}</span>
                    </summary>
                    <p data-testid="quality-balance" class:bad=!balanced>
                        <span data-testid="q-read">{thousands(q.read)}</span> " read = "
                        <span data-testid="q-kept">{thousands(q.kept)}</span> " kept + "
                        <span data-testid="q-dropped">{thousands(q.dropped_total())}</span> " dropped"
                        {if balanced { " ✓" } else { " — does not add up" }}
                    </p>
                    {d.live.as_ref().and_then(|l| l.reconciliation.describe(l.city).map(|text| {
                        let text = format!("Server counts against rows loaded: {text}{}.", if l.complete { "" } else { " so far" });
                        view! { <p data-testid="reconciliation">{text}</p> }
                    }))}
                    <table>
                        <thead><tr><th scope="col">"Rule"</th><th scope="col">"Dropped"</th><th scope="col">"Flagged"</th><th scope="col">"Action"</th></tr></thead>
                        <tbody>{rule_rows}</tbody>
                    </table>
                    <ul>
                        <li>{format!("{} offense rows belong to {} distinct report numbers ({:.3} rows per incident).", thousands(q.kept), thousands(q.incidents), ratio)}</li>
                        <li>{format!(
                            "{:.2} % of kept rows are at exactly 00:00 or 12:00 local time ({} at midnight, {} at noon) — likely default times when the real time was unknown; an even spread would put 0.14 % there.",
                            q.default_time_share(), thousands(q.midnight), thousands(q.noon)
                        )}</li>
                        <li>{format!("{} text fields had stray leading or trailing spaces, trimmed.", thousands(q.trimmed))}</li>
                        {(q.placed > 0).then(|| view! {
                            <li data-testid="placed">{format!("{} offense rows without a neighborhood placed in an official neighborhood from their coordinates.", thousands(q.placed))}</li>
                        })}
                        <li data-testid="memory" data-wasm-bytes=d.wasm_memory_bytes.to_string() data-row-bytes=d.heap_bytes.to_string()>
                            {format!("Rows are stored in {:.1} MB (compact columns); the analysis worker holds {:.1} MB of WebAssembly memory.",
                                d.heap_bytes as f64 / 1e6, d.wasm_memory_bytes as f64 / 1e6)}
                        </li>
                        {q.day_range.map(|(a, b)| view! { <li>{format!("Kept dates run from {} to {} (America/Detroit local time).", day(a), day(b))}</li> })}
                    </ul>
                    {(!examples.is_empty()).then(|| view! {
                        <h3>"First rejected rows"</h3>
                        <ul class="examples">
                            {examples.into_iter().map(|e| view! { <li>{format!("row {}: {}", e.row, e.reason)}</li> }).collect_view()}
                        </ul>
                    })}
                </details>
            }
        })
    }
}
