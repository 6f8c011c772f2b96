//! The temporal page's panels: calendar features, decomposition, ACF/PACF and the ADF test.

use super::{q, Explainer};

/// The busiest hours and weekday on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CalendarFacts {
    /// The busiest four hours, e.g. "16:00–20:00".
    pub hours: String,
    /// Their share, e.g. "19.8 %".
    pub hours_share: String,
    /// The busiest weekday.
    pub weekday: String,
    /// Its share, e.g. "15.1 %".
    pub weekday_share: String,
}

/// How dates become calendar features, with the busiest hours and weekday.
pub fn calendar(f: &CalendarFacts) -> Explainer {
    Explainer {
        what: vec![
            "Each report's time is stored in UTC and turned into Detroit [[local-time|local time]], summer time included. From it crimecast reads [[calendar-features|calendar features]]: the hour, the weekday (Monday first), the [[iso-week|ISO week]] (Monday to Sunday) and the month. The charts on this page count reports by each of them.".into(),
        ],
        read: vec![
            format!(
                "The busiest four hours of the day are {} with {} of the rows. If reports were spread evenly over the day, any four hours would hold 4 ÷ 24 = 16.7 %.",
                q(&f.hours),
                q(&f.hours_share)
            ),
            format!(
                "The busiest weekday is {} with {}, against one in seven (14.3 %) for an even spread. The month-of-year chart averages each calendar month over the complete months in the window.",
                q(&f.weekday),
                q(&f.weekday_share)
            ),
        ],
        limits: vec![
            "The time is when the incident is recorded as having happened, which is often an estimate. Many reports carry exactly 00:00 or 12:00 as a [[default-time|default time]], which swells those two hours.".into(),
            "Holidays and school terms are not treated separately, and a busy hour says when reports happen, not why.".into(),
        ],
    }
}

/// The decomposition on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DecompositionFacts {
    /// Periods per cycle (7 days, 52 weeks or 12 months).
    pub period: usize,
    /// Multiplicative (else additive).
    pub multiplicative: bool,
    /// The period start where the seasonal part is largest, and its value as the table
    /// shows it.
    pub peak: Option<(String, String)>,
}

fn cycle_words(period: usize) -> &'static str {
    match period {
        7 => "a week of 7 days",
        12 => "a year of 12 months",
        52 => "a year of 52 weeks",
        _ => "one cycle",
    }
}

/// How the classical decomposition works, with its period and strongest season.
pub fn decomposition(f: &DecompositionFacts) -> Explainer {
    let how = if f.multiplicative {
        "[[multiplicative|Multiplicative]]: count = trend × seasonal × residual, so the seasonal swing grows and shrinks with the level (seasonal values are factors around 1)."
    } else {
        "[[additive|Additive]]: count = trend + seasonal + residual, so the seasonal swing has the same size at any level (seasonal values are counts around 0)."
    };
    let mut read = vec![format!(
        "One cycle here is {}: the [[trend]] is a [[moving-average|moving average]] over {} periods, centred on each period, so it is missing for the first and last {} periods, and so is the residual.",
        cycle_words(f.period),
        q(f.period),
        q(f.period / 2)
    )];
    if let Some((start, value)) = &f.peak {
        read.push(if f.multiplicative {
            format!(
                "The seasonal factor is highest in the period starting {start}: {}, meaning that period is usually about that many times its trend.",
                q(value)
            )
        } else {
            format!(
                "The seasonal part is highest in the period starting {start}: {}, meaning that period usually has about that many more reports than its trend.",
                q(value)
            )
        });
    }
    read.push("Look at the residual chart last: large spikes there are periods the trend and the season do not explain.".into());
    Explainer {
        what: vec![
            "[[decomposition|Decomposition]] splits the series into three parts: a slow [[trend]], a [[seasonality|seasonal part]] that repeats every cycle (the average pattern, cycle after cycle), and a [[residual]], what is left over.".into(),
            how.into(),
        ],
        read,
        limits: vec![
            "It assumes the seasonal pattern is the same in every cycle. A one-off event, or a change in how reports are recorded, bends the trend or shows up in the residual.".into(),
            "It describes the past; it does not forecast. Multiplicative decomposition needs every count above zero.".into(),
        ],
    }
}

/// The correlograms on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AcfFacts {
    /// Lags shown.
    pub lags: usize,
    /// The ±bound as the chart labels it, e.g. "0.086".
    pub bound: String,
    /// ACF bars outside the bound.
    pub acf_outside: usize,
    /// PACF bars outside the bound.
    pub pacf_outside: usize,
    /// The lag-1 autocorrelation as the table shows it.
    pub lag1: Option<String>,
    /// Periods per cycle.
    pub period: usize,
}

/// How to read the ACF and PACF charts.
pub fn acf(f: &AcfFacts) -> Explainer {
    let mut read = vec![format!(
        "The dashed lines at ±{} are 1.96 ÷ √n, with n the number of periods: bars inside them are what [[white-noise|pure chance]] gives 19 times in 20. Here {} of the {} ACF bars and {} of the PACF bars lie outside.",
        q(&f.bound),
        q(f.acf_outside),
        q(f.lags),
        q(f.pacf_outside)
    )];
    if let Some(v) = &f.lag1 {
        read.push(format!(
            "At [[lag]] 1 the autocorrelation is {}: the closer to 1, the more each period's count looks like the one before.",
            q(v)
        ));
    }
    if f.period <= f.lags {
        read.push(format!(
            "A tall bar at lag {} (one cycle) shows the season: each period resembles the same period a cycle earlier.",
            f.period
        ));
    }
    Explainer {
        what: vec![
            "The [[acf|autocorrelation function (ACF)]] measures, for each [[lag]], how much a period's count resembles the count that many periods earlier, on a scale from −1 to 1. The [[pacf|partial autocorrelation (PACF)]] measures the same once the lags in between are taken into account.".into(),
            "Forecasters read these charts to choose a model: slowly shrinking ACF bars suggest a trend, bars at the season's lag suggest a seasonal term.".into(),
        ],
        read,
        limits: vec![
            "Even in pure noise about 1 bar in 20 crosses the lines by chance. A trend makes every ACF bar large, so the ACF of a series with a trend says little until it is [[differencing|differenced]].".into(),
            "Autocorrelation describes the series; it does not explain why the counts move together.".into(),
        ],
    }
}

/// The ADF result on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdfFacts {
    /// Statistic as shown, e.g. "-3.456".
    pub stat: String,
    /// The p-value as shown, e.g. "p = 0.012".
    pub p: String,
    /// Lagged differences used.
    pub lags: usize,
    /// The 5 % critical value.
    pub crit5: f64,
    /// Lowest level (1, 5 or 10 %) at which the unit root is rejected.
    pub rejected_at: Option<u8>,
}

/// How the augmented Dickey–Fuller test works, with its statistic and p-value.
pub fn adf(f: &AdfFacts) -> Explainer {
    let verdict = match f.rejected_at {
        Some(l) => format!(
            "The statistic is below the critical value at {l} %, so the unit root is rejected: the series behaves as [[stationary]], coming back to a steady level."
        ),
        None => "The statistic is not below even the 10 % critical value, so a unit root cannot be ruled out: the series may wander, and a forecasting model should [[differencing|difference]] it first.".into(),
    };
    Explainer {
        what: vec![
            format!(
                "The [[adf-test|augmented Dickey–Fuller test]] asks whether the series wanders with no level to come back to (a [[unit-root|unit root]], like a random walk) or keeps returning to a steady level ([[stationary]]). It fits each period's change on the previous level and on the {} previous changes (the number chosen by [[aic|AIC]]); the statistic measures how strongly the previous level pulls the series back.",
                q(f.lags)
            ),
        ],
        read: vec![
            format!(
                "The statistic is {} with {}. The more negative, the stronger the pull back. At the 5 % level the [[critical-value|critical value]] is {:.2}.",
                q(&f.stat),
                q(&f.p),
                f.crit5
            ),
            verdict,
        ],
        limits: vec![
            "A [[p-value]] is not the chance that the series is stationary. Not rejecting a unit root is not proof of one: short series give weak tests.".into(),
            "The test looks at the whole window at once; a sudden break, such as a change in how incidents are recorded, can fool it.".into(),
        ],
    }
}
