//! `crimecast lstm`: train the LSTM on a weekly series read as JSON and print its forecast.
//!
//! Input: `{"y":[...],"window":12,"horizon":52,"seed":1}` with optional `epochs`,
//! `patience`, `units`, `validation`, `seasonal_lag` and `test` (weeks held out for a hold-out
//! score of the LSTM, weekly SARIMAX and seasonal naive, reported under `evaluation`). Output:
//! `{"mean":[...],"lower95":[...],"upper95":[...],"model":"LSTM(50,32) window 12",
//!   "epochs_run":..,"best_epoch":..,"val_loss":..}`.

use serde::{Deserialize, Serialize};

use super::Error;
use crate::analysis::ts::lstm::{evaluate_with, EvalOptions, LstmEvaluation, LstmParams};
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
        Some(t) => {
            let opts = EvalOptions {
                clock: None,
                sarimax: true,
            };
            Some(evaluate_with(&input.y, &params, t, opts)?)
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::metrics::{self, Metrics};

    fn metrics_of(v: &serde_json::Value) -> Metrics {
        serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
    }

    #[test]
    fn evaluation_scores_lstm_sarimax_and_seasonal_naive_on_the_same_weeks() {
        // 180 weeks: a yearly season and a deterministic wobble; the last 30 are held out.
        let y: Vec<f64> = (0..180)
            .map(|t| {
                let t = t as f64;
                let season = (std::f64::consts::TAU * t / 52.0).sin();
                (500.0 + 80.0 * season + 15.0 * (t * 1.7).sin()).round()
            })
            .collect();
        let input = serde_json::json!({
            "y": y, "window": 4, "units": [8], "epochs": 3, "validation": 20, "test": 30,
            "horizon": 5, "seed": 1
        });
        let out: serde_json::Value =
            serde_json::from_str(&run(&input.to_string()).unwrap()).unwrap();
        assert_eq!(out["mean"].as_array().map(Vec::len), Some(5));
        let ev = &out["evaluation"];
        let actual: Vec<f64> = serde_json::from_value(ev["actual"].clone()).unwrap();
        assert_eq!(actual, y[150..]);
        // Seasonal naive, by hand: week t repeats week t − 52.
        let naive = metrics_of(&ev["seasonal_naive"]);
        let by_hand = metrics::all(y[149], &y[150..], &y[98..128]).unwrap();
        for (got, want) in [
            (naive.rmse, by_hand.rmse),
            (naive.mae, by_hand.mae),
            (naive.directional, by_hand.directional),
        ] {
            assert!((got - want).abs() <= 1e-12 * want.abs(), "{got} vs {want}");
        }
        // 150 training weeks are enough for weekly SARIMAX, which follows the season.
        let sarimax = metrics_of(&ev["sarimax"]);
        let lstm = metrics_of(&ev["lstm"]);
        assert!(sarimax.rmse.is_finite() && lstm.rmse.is_finite());
        assert!(sarimax.r2.is_some_and(|r2| r2 > 0.5), "{sarimax:?}");
    }
}
