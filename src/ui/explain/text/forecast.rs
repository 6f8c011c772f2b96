//! The forecast panels: SARIMA orders and AIC selection, the 95 % band, backtests with each
//! accuracy metric, and the Ljung–Box residual check. The metrics panel also serves the LSTM
//! page.

use super::{q, Explainer};

/// The fitted model on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelFacts {
    /// Model label, e.g. "SARIMA(1,1,1)(0,1,1,12)".
    pub model: String,
    /// Its AIC as shown.
    pub aic: String,
    /// Chosen automatically (else set by the reader).
    pub auto: bool,
    /// Candidate orders fitted.
    pub candidates: usize,
    /// How d and D were chosen, in words.
    pub differencing: Option<String>,
    /// Candidates whose forecasts were backtested to decide (0: chosen by AIC alone).
    pub backtested: usize,
    /// The lowest-AIC candidate when the backtests chose another, with its AIC.
    pub lowest_aic: Option<(String, String)>,
}

/// How SARIMA works and how its order was chosen.
pub fn sarima(f: &ModelFacts) -> Explainer {
    let mut read = vec![format!(
        "The model shown is {}. Reading its [[sarima-order|order]] (p,d,q)(P,D,Q,12): d and D say how many times the counts were [[differencing|differenced]] (month to month, and year to year); p and P how many past values it uses (last months, and the same months in earlier years); q and Q how many past errors.",
        q(&f.model)
    )];
    if f.auto && f.backtested > 0 {
        read.push(format!(
            "It was chosen automatically: crimecast fitted {} candidate orders, shortlisted the {} with the lowest [[aic|AIC]] (which rewards a close fit and charges for every extra parameter), and kept the one whose forecasts were most accurate in [[backtest|backtests]]: forecasting months it had not seen, from several starting points. Its AIC is {}.",
            q(f.candidates),
            q(f.backtested),
            q(&f.aic)
        ));
        if let Some((model, aic)) = &f.lowest_aic {
            read.push(format!(
                "The lowest AIC was {}'s ({}), but its backtest forecasts were less accurate, so it was not kept.",
                q(model),
                q(aic)
            ));
        }
    } else if f.auto {
        read.push(format!(
            "It was chosen automatically: crimecast tried {} candidate orders and kept the one with the lowest [[aic|AIC]], {}. AIC rewards a close fit and charges for every extra parameter, so a bigger model wins only if it fits clearly better.",
            q(f.candidates),
            q(&f.aic)
        ));
    }
    if f.auto {
        if let Some(d) = &f.differencing {
            read.push(format!(
                "d and D were fixed before the search: D = 1 when the yearly season is strong, d = 1 when the [[adf-test|ADF test]] cannot rule out a [[unit-root|unit root]]. Here: {d}."
            ));
        }
    } else {
        read.push(format!(
            "You set this order yourself; its [[aic|AIC]] is {}. Choose \"automatically\" to let crimecast compare candidate orders by AIC.",
            q(&f.aic)
        ));
    }
    Explainer {
        what: vec![
            "A [[sarima|SARIMA]] model forecasts the monthly counts from their own past: recent months, the same months in earlier years, and its own recent errors. It is fitted to the complete months in your window (at least 36).".into(),
            "The order is the model's shape: six small numbers. They can be set by hand or chosen by comparing candidates.".into(),
        ],
        read,
        limits: vec![
            "The model assumes the future behaves like the past: the same season, the same kind of ups and downs. It cannot know about new policies, events or changes in how reports are recorded.".into(),
            "The chosen model is the best of the candidates tried, not a proof that the model is right; the backtest below checks it on months it had not seen.".into(),
        ],
    }
}

/// The forecast band on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BandFacts {
    /// First forecast month's start day, e.g. "2025-11-01".
    pub month: String,
    /// Its lower bound as shown.
    pub lower: String,
    /// Its upper bound as shown.
    pub upper: String,
    /// The 12-month total as shown.
    pub total: String,
    /// Months forecast.
    pub months: usize,
}

/// How to read a forecast and its 95 % band.
pub fn band(f: &BandFacts) -> Explainer {
    Explainer {
        what: vec![
            "The dashed line is the [[forecast]]: the model's best guess for each coming month. The shaded area is the 95 % band ([[prediction-interval|prediction interval]]): if the model is right about how much the counts vary, the real count should land inside it in about 19 months out of 20.".into(),
        ],
        read: vec![
            format!(
                "For the first forecast month (starting {}) the band runs from {} to {}. It usually widens further ahead, because each month's uncertainty adds to the next. The {} months together are forecast at {} reports.",
                f.month,
                q(&f.lower),
                q(&f.upper),
                f.months,
                q(&f.total)
            ),
        ],
        limits: vec![
            "A band is not a promise. It assumes the model is the right one and ignores the uncertainty in the model's own numbers, so real counts fall outside it more often than 1 time in 20, most of all when something changes.".into(),
            "A count cannot be negative: a lower bound below zero is shown as 0 in the summary.".into(),
        ],
    }
}

/// Accuracy numbers as shown in a table (average over backtest origins, or on test weeks).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricFacts {
    /// RMSE.
    pub rmse: String,
    /// MAE.
    pub mae: String,
    /// MAPE, with its unit.
    pub mape: String,
    /// R².
    pub r2: String,
    /// Directional accuracy, with its unit.
    pub directional: String,
}

/// One paragraph per metric, quoting `m`.
pub fn metric_paragraphs(m: &MetricFacts) -> Vec<String> {
    vec![
        format!("[[rmse|RMSE]] {}: a typical miss in reports, where big misses weigh extra.", q(&m.rmse)),
        format!("[[mae|MAE]] {}: the plain average miss, too high or too low alike.", q(&m.mae)),
        format!("[[mape|MAPE]] {}: the average miss as a percentage of the real count.", q(&m.mape)),
        format!("[[r-squared|R²]] {}: 1 is perfect, 0 is no better than guessing the average of the real values, below 0 is worse than that.", q(&m.r2)),
        format!("[[directional-accuracy|Directional accuracy]] {}: how often the forecast went up or down the same way as the real count (a coin toss would get about half).", q(&m.directional)),
    ]
}

/// The backtest on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BacktestFacts {
    /// Origins scored.
    pub origins: usize,
    /// The model's average RMSE as shown.
    pub rmse: String,
    /// The baseline's average RMSE as shown.
    pub baseline_rmse: String,
    /// The model's average metrics as the table shows them.
    pub metrics: MetricFacts,
    /// Whether the model beat the baseline on RMSE.
    pub better: bool,
}

/// How the rolling-origin backtest works, with every metric.
pub fn backtest(f: &BacktestFacts) -> Explainer {
    let mut read = vec![format!(
        "Over {} origins the model's average RMSE is {} against {} for the baseline: lower is better, so the model {}. The table lists each origin and the averages:",
        q(f.origins),
        q(&f.rmse),
        q(&f.baseline_rmse),
        if f.better {
            "was more accurate than simply repeating last year"
        } else {
            "was not more accurate than simply repeating last year, and its forecast deserves caution"
        }
    )];
    read.extend(metric_paragraphs(&f.metrics));
    Explainer {
        what: vec![
            "A [[backtest]] pretends to stand in the past. crimecast hides the last months, fits the model on the months before, forecasts 12 months and compares the forecast with what really happened.".into(),
            "It repeats this from up to 4 starting points ([[rolling-origin|origins]]) 3 months apart, each time training on every month before the origin (at least 36). The [[seasonal-naive|seasonal-naive]] [[baseline]], which forecasts each month as the same month a year before, is scored on the same months.".into(),
        ],
        read,
        limits: vec![
            "A few origins make a small test, and they overlap: a model can win or lose by luck. Past accuracy does not guarantee future accuracy, least of all when something changes.".into(),
            "The metrics measure errors in reported counts, not whether any decision based on the forecast was right.".into(),
        ],
    }
}

/// The residual check on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LjungBoxFacts {
    /// Q as shown.
    pub q: String,
    /// The p-value as shown.
    pub p: String,
    /// Whether the residuals are autocorrelated at 5 %.
    pub autocorrelated: bool,
}

/// How the Ljung–Box test works, with Q and its p-value.
pub fn ljung_box(f: &LjungBoxFacts) -> Explainer {
    Explainer {
        what: vec![
            "After fitting, the model's errors ([[residual|residuals]]) should look like [[white-noise|random noise]]: if they still had a pattern, the model could have used it. The [[ljung-box|Ljung–Box test]] adds up the squared [[autocorrelation|autocorrelations]] of the residuals over the first 12 [[lag|lags]] into one number, Q.".into(),
        ],
        read: vec![
            format!(
                "Here Q = {} with {}. {}",
                q(&f.q),
                q(&f.p),
                if f.autocorrelated {
                    "The p-value is below 0.05: the errors still follow a pattern the model missed, so its bands may be too narrow."
                } else {
                    "The p-value is above 0.05: no pattern was found in the errors."
                }
            ),
            "The chart below it shows each lag's residual autocorrelation; bars inside the dashed lines are what noise gives.".into(),
        ],
        limits: vec![
            "Not finding a pattern is not proof that there is none, and passing the test does not make the forecast accurate: the backtest is the check for that.".into(),
        ],
    }
}
