//! The LSTM panels: training with validation and early stopping, and its forecast band.

use super::{q, Explainer};

/// How training ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ending {
    /// Patience ran out.
    #[default]
    EarlyStop,
    /// The epoch budget was spent.
    Budget,
    /// The reader pressed Stop.
    User,
    /// An imported model, not trained here.
    Imported,
}

/// The trained model on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LstmFacts {
    /// Weeks the network reads for each prediction.
    pub window: usize,
    /// Seasonal-lag input (weeks; 0 = off).
    pub lag: usize,
    /// Epochs run.
    pub epochs_run: usize,
    /// The epoch whose weights were kept (0: the initial weights).
    pub best_epoch: usize,
    /// Patience, epochs.
    pub patience: usize,
    /// How training ended.
    pub ending: Ending,
    /// Test weeks.
    pub test_weeks: usize,
    /// The LSTM's test MAPE as the comparison table shows it.
    pub mape: Option<String>,
}

/// How the LSTM is trained, validated and stopped.
pub fn training(f: &LstmFacts) -> Explainer {
    let input = if f.lag > 0 {
        format!(
            "the last {} weeks and the same weeks {} weeks earlier",
            f.window, f.lag
        )
    } else {
        format!("the last {} weeks", f.window)
    };
    let stop = match f.ending {
        Ending::EarlyStop => format!(
            "Training ran {} epochs and stopped early, after {} epochs without a better validation loss.",
            q(f.epochs_run),
            f.patience
        ),
        Ending::Budget => format!(
            "Training ran the whole budget of {} epochs.",
            q(f.epochs_run)
        ),
        Ending::User => format!("You stopped training after {} epochs.", q(f.epochs_run)),
        Ending::Imported => format!(
            "This model was imported; it was trained elsewhere for {} epochs.",
            q(f.epochs_run)
        ),
    };
    let best = if f.best_epoch == 0 {
        "No epoch beat the starting weights on the validation weeks, so those were kept."
            .to_string()
    } else {
        format!(
            "The validation loss was lowest after epoch {}, and those weights were kept.",
            q(f.best_epoch)
        )
    };
    let mut read = vec![format!("{stop} {best}")];
    read.push("On the loss chart, a training loss that keeps falling while the validation loss rises is the sign of [[overfitting]]: the network is memorising the training weeks instead of learning the pattern.".into());
    if let Some(m) = &f.mape {
        read.push(format!(
            "On the {} test weeks, which it never saw in training, its [[mape|MAPE]] is {}: compare it with SARIMAX and seasonal naive in the table.",
            q(f.test_weeks),
            q(m)
        ));
    }
    Explainer {
        what: vec![
            format!(
                "An [[lstm|LSTM]] is a [[neural-network|neural network]] that reads a sequence — here {input} — and predicts the next week. Training shows it the past again and again ([[epoch|epochs]]), nudging its weights each time to shrink its error ([[loss]])."
            ),
            "The weeks are split in three, in time order: [[training-set|training weeks]] to learn from, then 52 [[validation-set|validation weeks]] to decide when to stop ([[early-stopping|early stopping]]), then the last [[test-set|test weeks]], held out to score it. To forecast a year, each predicted week is fed back in as input for the next.".into(),
        ],
        read,
        limits: vec![
            "Another seed, window or layer size gives a different network and a different score; one test year is a small sample.".into(),
            "The band is approximate: it resamples the network's errors on the validation weeks ([[bootstrap]]) and ignores the uncertainty of the weights themselves. The network learns patterns in the counts, not why they change.".into(),
        ],
    }
}

/// How the models are scored on the test weeks, quoting the LSTM's row of the table.
pub fn test_accuracy(test_weeks: usize, lstm: &super::forecast::MetricFacts) -> Explainer {
    let mut read = vec![format!(
        "Every model is fitted on the weeks before the last {} and forecasts those weeks from there, so they are scored on the same weeks they never saw. The LSTM's row:",
        q(test_weeks)
    )];
    read.extend(super::forecast::metric_paragraphs(lstm));
    Explainer {
        what: vec![
            "The table compares the LSTM with weekly [[sarima|SARIMAX]] and the [[seasonal-naive|seasonal-naive]] [[baseline]] (last year's same week) on the [[test-set|test weeks]], with five accuracy measures. Lower [[rmse|RMSE]], [[mae|MAE]] and [[mape|MAPE]] are better; higher [[r-squared|R²]] and [[directional-accuracy|directional accuracy]] are better.".into(),
        ],
        read,
        limits: vec![
            "One test year is a small sample, and the ranking of the models can change with another seed, window or period. A lower error on past weeks is no promise about the next year.".into(),
        ],
    }
}
