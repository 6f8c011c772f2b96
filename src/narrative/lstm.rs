//! The LSTM result in words: which model wins on the test weeks and why, and how training
//! ended. Plain functions of the result, so the wording is tested natively.

use crate::worker::lstm::REFERENCE;
use crate::worker::messages::{LstmResult, ModelScore, ScoreKind, StopReason};

/// A MAPE for a sentence (`6.3 %`, or `n/a`).
pub fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.1} %"))
}

fn mape(s: Option<&ModelScore>) -> Option<f64> {
    s.and_then(|s| s.metrics.as_ref()).and_then(|m| m.mape)
}

/// How training ended, e.g. "Early stop at epoch 41 (20 epochs without a validation
/// improvement); the weights of epoch 21 were restored."
pub fn ending(r: &LstmResult) -> String {
    let best = if r.best_epoch == 0 {
        "no epoch improved on the initial weights, which were kept".to_string()
    } else {
        format!("the weights of epoch {} were restored", r.best_epoch)
    };
    match r.stop {
        StopReason::EarlyStop => format!(
            "Early stop at epoch {} ({} epochs without a validation improvement); {best}.",
            r.epochs_run, r.settings.patience
        ),
        StopReason::Budget => format!(
            "The budget of {} epochs was spent; {best}.",
            r.settings.epochs
        ),
        StopReason::User => format!("Stopped by you after {} epochs; {best}.", r.epochs_run),
        StopReason::Imported => format!(
            "Imported model (trained elsewhere for {} epochs, best epoch {}); not retrained.",
            r.epochs_run, r.best_epoch
        ),
    }
}

/// Which of the LSTM, SARIMAX and seasonal naive is most accurate on the test weeks, and an
/// honest reason.
pub fn verdict(r: &LstmResult) -> String {
    let lstm = r.score(ScoreKind::Lstm);
    let sarimax = r.score(ScoreKind::Sarimax);
    let naive = r.score(ScoreKind::SeasonalNaive);
    let one_step = r.score(ScoreKind::LstmOneStep);
    let Some(winner) = r.winner() else {
        return "No model could be scored on the test weeks.".to_string();
    };
    let mut out = format!(
        "On the last {} weeks, held out from training, the most accurate forecast is {} \
         (MAPE {}). LSTM: {}; SARIMAX: {}; seasonal naive: {}.",
        r.test_weeks,
        winner.name,
        pct(mape(Some(winner))),
        pct(mape(lstm)),
        pct(mape(sarimax)),
        pct(mape(naive)),
    );
    let lag = r.settings.seasonal_lag;
    out.push(' ');
    out.push_str(match winner.kind {
        ScoreKind::SeasonalNaive => {
            "Weekly counts of reported incidents follow a strong yearly pattern, so last year's \
             same week is a hard baseline to beat: a model must learn both that pattern and the \
             current level to improve on it."
        }
        ScoreKind::Sarimax => {
            "SARIMAX builds the yearly pattern in (a seasonal difference at lag 52) and adjusts \
             to the recent level, which suits steady, strongly seasonal weekly counts."
        }
        _ if lag == SEASON_LAG => {
            "The LSTM wins here with the help of its lag-52 input, which shows it the same \
             weeks a year earlier."
        }
        _ => "The LSTM wins here.",
    });
    if lag == 0 {
        out.push_str(&format!(
            " Without a seasonal-lag input the LSTM sees only the last {} weeks, so its \
             52-week recursive forecast loses the yearly pattern after a few steps; set the \
             seasonal lag to 52 to let it compete.",
            r.settings.window
        ));
    } else if winner.kind != ScoreKind::Lstm {
        out.push_str(&format!(
            " Even with the lag-{lag} input, this LSTM does not beat the simpler model on these \
             weeks."
        ));
    }
    if let Some(m) = mape(one_step) {
        out.push_str(&format!(
            " Predicting one week at a time from the actual previous weeks (an easier task than \
             a year ahead), the LSTM's MAPE is {}.",
            pct(Some(m))
        ));
    }
    out.push_str(&format!(
        " One test year is a small sample: another seed, window or period can change the \
         ranking. For reference, the original project reported a weekly LSTM MAPE of {:.2} % \
         (RMSE {:.1}) on the real data and its own test weeks, which is not directly comparable.",
        REFERENCE.0, REFERENCE.1
    ));
    out
}

const SEASON_LAG: usize = 52;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::metrics::Metrics;
    use crate::worker::messages::LstmSettings;

    fn score(kind: ScoreKind, name: &str, mape: f64) -> ModelScore {
        ModelScore {
            name: name.into(),
            kind,
            metrics: Some(Metrics {
                rmse: mape * 20.0,
                mae: mape * 15.0,
                mape: Some(mape),
                smape: Some(mape),
                r2: Some(0.5),
                directional: 60.0,
            }),
            forecast: vec![],
            note: None,
            fit_ms: None,
            regressors: Vec::new(),
        }
    }

    fn result(lag: usize, lstm: f64, sarimax: f64, naive: f64) -> LstmResult {
        LstmResult {
            model: "LSTM".into(),
            settings: LstmSettings {
                seasonal_lag: lag,
                ..LstmSettings::default()
            },
            stop: StopReason::EarlyStop,
            epochs_run: 41,
            best_epoch: 21,
            best_val_loss: 0.01,
            training_ms: Some(1000.0),
            num_params: 10,
            size_bytes: 40,
            file_bytes: 100,
            starts: vec![],
            history: vec![],
            dropped_partial: (false, false),
            test_weeks: 52,
            scores: vec![
                score(ScoreKind::Lstm, "LSTM", lstm),
                score(ScoreKind::LstmOneStep, "LSTM one step", 1.0),
                score(ScoreKind::Sarimax, "SARIMA", sarimax),
                score(ScoreKind::SeasonalNaive, "Seasonal naive", naive),
            ],
            calibration: None,
            forecast_starts: vec![],
            mean: vec![],
            lower: vec![],
            upper: vec![],
            level: 0.95,
            model_json: String::new(),
        }
    }

    #[test]
    fn the_verdict_names_the_winner_and_the_reason() {
        let v = verdict(&result(0, 9.2, 4.0, 3.3));
        assert!(
            v.contains("most accurate forecast is Seasonal naive (MAPE 3.3 %)"),
            "{v}"
        );
        assert!(v.contains("hard baseline"), "{v}");
        assert!(v.contains("set the seasonal lag to 52"), "{v}");
        assert!(v.contains("7.02 %"), "{v}");
        // The one-step score never wins: it answers an easier question.
        let v = verdict(&result(52, 3.0, 4.0, 3.3));
        assert!(v.contains("is LSTM (MAPE 3.0 %)"), "{v}");
        assert!(v.contains("lag-52 input"), "{v}");
        let v = verdict(&result(52, 5.0, 2.5, 3.3));
        assert!(v.contains("is SARIMA"), "{v}");
        assert!(v.contains("Even with the lag-52 input"), "{v}");
    }

    #[test]
    fn endings_say_how_training_stopped() {
        let mut r = result(52, 3.0, 4.0, 3.3);
        assert!(ending(&r).contains("Early stop at epoch 41 (20 epochs"));
        r.stop = StopReason::User;
        assert!(ending(&r).contains("Stopped by you after 41 epochs"));
        r.stop = StopReason::Budget;
        r.best_epoch = 0;
        assert!(ending(&r).contains("budget of 200 epochs"));
        assert!(ending(&r).contains("initial weights"));
    }
}
