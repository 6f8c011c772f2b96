//! The table of a model's kept regressors: each one's coefficient with its standard error
//! (the monthly forecast's calendar counts, the weekly SARIMAX's holiday weeks).

use leptos::prelude::*;

use crate::analysis::ts::select::regressors::RegressorEstimate;

/// The table's rows: name, coefficient, standard error ("—" when it is not known).
pub fn regressor_rows(regressors: &[RegressorEstimate]) -> Vec<[String; 3]> {
    regressors
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                format!("{:+.2}", r.coef),
                r.std_err.map_or_else(|| "—".into(), |s| format!("{s:.2}")),
            ]
        })
        .collect()
}

/// The kept `regressors` as a table under `caption`, with the test id `testid`.
#[component]
pub fn RegressorTable(
    /// What the coefficients mean.
    #[prop(into)]
    caption: String,
    /// The kept regressors.
    regressors: Vec<RegressorEstimate>,
    /// The table's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Regressor"</th><th scope="col">"Coefficient"</th><th scope="col">"Standard error"</th></tr></thead>
                <tbody>
                    {regressor_rows(&regressors).into_iter().map(|[n, c, s]| view! { <tr><th scope="row">{n}</th><td>{c}</td><td>{s}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
