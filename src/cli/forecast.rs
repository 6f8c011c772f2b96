//! `crimecast forecast`: automatic SARIMA selection and a forecast with 95% bands.
//!
//! Input `{"y": [...], "period": 12, "steps": 12}` (period defaults to 1, steps to 12).
//! Output `{"mean", "lower95", "upper95", "model", "reason", ...}`: the model is chosen as on
//! the forecast page, by rolling-origin backtests of the lowest-AIC candidates
//! ([`SelectOptions::backtested`]), and `"reason"` says why it won. When the series is too
//! short for the SARIMA search (fewer than `max(2·period, 8) + 4` values) or no candidate can be
//! fitted, the seasonal-naive baseline is used instead and named in `"model"`.

use serde::Deserialize;
use serde_json::json;

use super::Error;
use crate::analysis::ts::baseline::SeasonalNaive;
use crate::analysis::ts::select::{auto_sarima, SelectOptions};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::narrative::selection::differencing;

#[derive(Debug, Deserialize)]
struct Request {
    y: Vec<f64>,
    #[serde(default)]
    period: Option<usize>,
    #[serde(default)]
    steps: Option<usize>,
}

/// Run the automatic forecast on the request in `stdin`.
pub fn run(stdin: &str) -> Result<String, Error> {
    let req: Request = serde_json::from_str(stdin)?;
    let period = req.period.unwrap_or(1).max(1);
    let steps = req.steps.unwrap_or(12);
    let y = &req.y;
    let min_len = period.saturating_mul(2).max(8).saturating_add(4);
    let note;
    if y.len() >= min_len {
        match auto_sarima(y, &SelectOptions::new(period).backtested()) {
            Ok(sel) => {
                let fc = sel.fitted.forecast(steps, None)?;
                return Ok(json!({
                    "mean": fc.mean,
                    "lower95": fc.lower,
                    "upper95": fc.upper,
                    "model": sel.spec.label(0),
                    "reason": sel.reason,
                    "differencing": differencing(&sel.differencing),
                    "candidates": sel.candidates,
                })
                .to_string());
            }
            Err(e) => note = Some(e.to_string()),
        }
    } else {
        note = Some(format!(
            "{} values are fewer than the {min_len} the SARIMA search needs",
            y.len()
        ));
    }
    let fitted = SeasonalNaive::new(period).fit(y, None)?;
    let fc = fitted.predict(steps, 0.95, None)?;
    Ok(json!({
        "mean": fc.mean,
        "lower95": fc.lower,
        "upper95": fc.upper,
        "model": format!("seasonal naive (period {period})"),
        "reason": format!("seasonal naive: {}", note.as_deref().unwrap_or("no SARIMA model")),
        "note": note,
    })
    .to_string())
}
