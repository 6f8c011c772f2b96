//! The resource-allocation panels: precinct models, the Composite Risk Score and the
//! staffing patterns.

use super::{q, Explainer};

/// The precinct models on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrecinctModelFacts {
    /// Precincts where the model beat seasonal naive on RMSE.
    pub wins: usize,
    /// Precincts with a backtest.
    pub scored: usize,
    /// Orders chosen per precinct by AIC (else the same order for all).
    pub auto: bool,
}

/// How the precinct forecasts are made and tested.
pub fn precinct_models(f: &PrecinctModelFacts) -> Explainer {
    Explainer {
        what: vec![
            format!(
                "Each of the 11 precincts gets its own monthly [[sarima|SARIMA]] model, fitted on that precinct's complete months, with a 12-month [[forecast]] and a 95 % band ([[prediction-interval|prediction interval]]). {}",
                if f.auto {
                    "Its [[sarima-order|order]] is chosen per precinct by the lowest [[aic|AIC]] among up to 8 candidates."
                } else {
                    "Every precinct uses the same order, SARIMA(1,1,1)(1,1,1,12)."
                }
            ),
            "Each model is then [[backtest|backtested]] like the Forecast page's: forecasts from earlier [[rolling-origin|origins]] are compared with what happened, next to the [[seasonal-naive|seasonal-naive]] [[baseline]].".into(),
        ],
        read: vec![format!(
            "In the backtests the model beats the baseline on [[rmse|RMSE]] in {} of {} precincts. Where it does not, last year's same month was at least as good a guess, so treat that precinct's forecast with care.",
            q(f.wins),
            q(f.scored)
        )],
        limits: vec![
            "Small precincts have small, noisy counts, and their bands are wide. A precinct with too little history is not modelled at all and is listed with the reason.".into(),
            "A forecast of reports reflects reporting and patrolling as well as crime: more patrols in a place produce more reports there.".into(),
        ],
    }
}

/// The top of the ranking on screen (numbers as the table shows them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RiskFacts {
    /// The first-ranked precinct: number, score, forecast term, momentum term, 12-month
    /// forecast and momentum.
    pub top: Option<RiskTop>,
    /// Forecast weight in use.
    pub w_forecast: String,
    /// Momentum weight in use.
    pub w_momentum: String,
    /// Trend window, months.
    pub trend: usize,
}

/// The first row of the ranking, as the table shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RiskTop {
    /// Precinct, e.g. "09".
    pub precinct: String,
    /// Score.
    pub score: String,
    /// Forecast term.
    pub forecast_part: String,
    /// Momentum term.
    pub momentum_part: String,
    /// Next-12-month forecast.
    pub forecast: String,
    /// Momentum ("+3.2 %" or "undefined").
    pub momentum: String,
}

/// How the Composite Risk Score is computed, with the top precinct's parts.
pub fn risk(f: &RiskFacts) -> Explainer {
    let mut read = Vec::new();
    if let Some(t) = &f.top {
        read.push(format!(
            "Precinct {} ranks first with a score of {} = forecast term {} + momentum term {}. Its forecast is {} reports over the next 12 months and its momentum is {}.",
            q(&t.precinct),
            q(&t.score),
            q(&t.forecast_part),
            q(&t.momentum_part),
            q(&t.forecast),
            q(&t.momentum)
        ));
    }
    read.push(format!(
        "The [[weights]] now are {} for the forecast and {} for the momentum, so a score runs from 0 to 1. A precinct with the largest forecast and the fastest rise would score 1.",
        f.w_forecast, f.w_momentum
    ));
    Explainer {
        what: vec![
            format!(
                "The [[composite-risk-score|Composite Risk Score]] ranks precincts by how many reports are expected and whether reports are rising. It adds two terms. The forecast term is the precinct's 12-month forecast divided by the largest precinct forecast (so the largest gives 1), times the forecast weight. The momentum term starts from the precinct's [[momentum]] — the % change of the last {} months against the same months a year before — [[min-max-scaling|min–max scaled]] so the lowest is 0 and the highest 1, times the momentum weight.",
                f.trend
            ),
        ],
        read,
        limits: vec![
            "It ranks expected report volume and its trend: not danger, and nothing about the people who live there.".into(),
            "More patrols produce more reports, which raise the score and can draw still more patrols: a loop that can keep sending attention to the same places. The weights are a choice, not a fact; change them and the ranking changes.".into(),
        ],
    }
}

/// The staffing patterns on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffingFacts {
    /// The busiest window in words, e.g. "Fridays 18:00–00:00".
    pub window: String,
    /// Its share as shown.
    pub share: String,
    /// Window length, hours.
    pub hours: usize,
    /// "the city" or "precinct 09".
    pub area: String,
    /// The busiest shift's hours and share, as shown.
    pub top_shift: Option<(String, String)>,
    /// Whether rows timed exactly 00:00 or 12:00 are counted.
    pub default_times: bool,
}

/// How the staffing patterns are computed.
pub fn staffing(f: &StaffingFacts) -> Explainer {
    let mut read = vec![format!(
        "The [[peak-window|busiest]] {}-hour window in {} is {} with {} of the week's reports. An even spread would give {} ÷ 168 = {:.1} %.",
        f.hours,
        f.area,
        q(&f.window),
        q(&f.share),
        f.hours,
        100.0 * f.hours as f64 / 168.0
    )];
    if let Some((hours, share)) = &f.top_shift {
        read.push(format!(
            "The busiest [[shift]] is {} with {} of the reports.",
            q(hours),
            q(share)
        ));
    }
    Explainer {
        what: vec![
            "Staffing patterns count reports by weekday and hour: 7 × 24 = 168 hours in a week, citywide or for one precinct. The busiest window is the run of consecutive hours with the most reports; it may cross midnight or run from Sunday into Monday. A shift runs from its start hour to the next shift's start, and its share adds up its hours on every weekday.".into(),
        ],
        read,
        limits: vec![
            if f.default_times {
                "Rows timed exactly 00:00 or 12:00 are counted now; many of them are [[default-time|default times]], which makes those hours look busier than they were.".into()
            } else {
                "Rows timed exactly 00:00 or 12:00 are left out, because many are [[default-time|default times]] rather than the time of the incident.".into()
            },
            "These patterns say when reports are made, not how many officers are needed or what they should do.".into(),
        ],
    }
}
