//! `crimecast lstm`: train the LSTM on a weekly series read as JSON and print its forecast.
//!
//! Input: `{"y":[...],"window":12,"horizon":52,"seed":1}` with optional `epochs`,
//! `patience`, `units`, `validation`, `seasonal_lag` and `test` (weeks held out for a hold-out score,
//! reported under `evaluation`). Output:
//! `{"mean":[...],"lower95":[...],"upper95":[...],"model":"LSTM(50,32) window 12",
//!   "epochs_run":..,"best_epoch":..,"val_loss":..}`.

use serde::{Deserialize, Serialize};

use super::Error;
use crate::analysis::ts::lstm::{evaluate, LstmEvaluation, LstmParams};
use crate::analysis::ts::{FittedForecaster, Forecaster};
use crate::analysis::ParamGuard;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    y: Vec<f64>,
    window: Option<usize>,
    horizon: Option<usize>,
    seed: Option<u64>,
    epochs: Option<usize>,
    patience: Option<usize>,
    units: Option<Vec<usize>>,
    validation: Option<usize>,
    seasonal_lag: Option<usize>,
    test: Option<usize>,
}

#[derive(Serialize)]
struct Output {
    mean: Vec<f64>,
    lower95: Vec<f64>,
    upper95: Vec<f64>,
    model: String,
    epochs_run: usize,
    best_epoch: usize,
    val_loss: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluation: Option<LstmEvaluation>,
}

/// Parse the request, train, forecast and render the JSON answer.
pub(super) fn run(stdin: &str) -> Result<String, Error> {
    let input: Input = serde_json::from_str(stdin)?;
    let mut p = LstmParams::new();
    if let Some(w) = input.window {
        p = p.window(w);
    }
    if let Some(s) = input.seed {
        p = p.seed(s);
    }
    if let Some(e) = input.epochs {
        p = p.epochs(e);
    }
    if let Some(pa) = input.patience {
        p = p.patience(pa);
    }
    if let Some(u) = &input.units {
        p = p.units(u);
    }
    if let Some(v) = input.validation {
        p = p.validation(v);
    }
    if let Some(l) = input.seasonal_lag {
        p = p.seasonal_lag(l);
    }
    let params = p.check().map_err(crate::analysis::Error::from)?;
    let evaluation = match input.test {
        Some(t) => Some(evaluate(&input.y, &params, t)?),
        None => None,
    };
    let fitted = params.fit(&input.y, None)?;
    let fc = fitted.predict(input.horizon.unwrap_or(52), 0.95, None)?;
    let summary = fitted.summary();
    let out = Output {
        mean: fc.mean,
        lower95: fc.lower,
        upper95: fc.upper,
        model: params.label(),
        epochs_run: summary.epochs_run,
        best_epoch: summary.best_epoch,
        val_loss: summary.val_loss,
        evaluation,
    };
    Ok(serde_json::to_string(&out)?)
}
