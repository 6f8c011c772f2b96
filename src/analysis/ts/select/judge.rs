//! Judging the search's candidates on rolling-origin backtests.
//!
//! In-sample AIC rewards fit to the data it is computed on and cannot compare models with
//! different differencing. With [`Judge::Backtest`] the AIC search only draws a shortlist: the
//! `shortlist` lowest-AIC candidates with the chosen differencing, plus the lowest-AIC candidate
//! of every other differencing that was fitted. Each is backtested with an expanding window
//! ([`backtest`]: `origins` origins `step` apart, `horizon` steps ahead, at least `min_train`
//! training values) and scored by its mean RMSE over the origins. The lowest mean RMSE wins;
//! candidates within `tie` (relative) of it count as tied, and among those the highest mean
//! directional accuracy wins (then the lower RMSE). Candidates whose backtest fails are left
//! out; when none can be backtested (too short a series), the lowest AIC decides.

use serde::{Deserialize, Serialize};

use super::{Candidate, Orders};
use crate::analysis::ts::backtest::{backtest, Backtest, BacktestSpec};
use crate::analysis::ts::sarimax::{FittedSarimax, SarimaxValidParams};

/// How the automatic search picks its model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Judge {
    /// The lowest AIC among candidates with the chosen differencing.
    Aic,
    /// Rolling-origin backtests of an AIC shortlist.
    Backtest(BacktestJudge),
}

/// Settings of [`Judge::Backtest`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BacktestJudge {
    /// Lowest-AIC candidates with the chosen differencing that are backtested.
    pub shortlist: usize,
    /// Most backtest origins (fewer when the series is short).
    pub origins: usize,
    /// Steps forecast at each origin.
    pub horizon: usize,
    /// Distance between origins.
    pub step: usize,
    /// Fewest training values at the earliest origin.
    pub min_train: usize,
    /// Relative RMSE difference within which directional accuracy decides.
    pub tie: f64,
}

impl BacktestJudge {
    /// Defaults for seasonal period `period` (0 or 1 for none): the 3 lowest-AIC candidates,
    /// up to 4 origins 3 steps apart, each forecasting one season (12 steps without a season),
    /// at least three seasons (24 values) of training data, ties within 2%.
    pub fn for_period(period: usize) -> Self {
        let season = if period > 1 { period } else { 12 };
        BacktestJudge {
            shortlist: 3,
            origins: 4,
            horizon: season,
            step: 3,
            min_train: (3 * period).max(24),
            tie: 0.02,
        }
    }
}

/// Backtest score of one shortlisted candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Mean RMSE over the origins.
    pub rmse: f64,
    /// Mean directional accuracy over the origins, percent.
    pub directional: f64,
}

/// Backtest settings for a series of `n` values, or why there are none.
pub fn plan(judge: &BacktestJudge, n: usize) -> std::result::Result<BacktestSpec, String> {
    let need = judge.min_train + judge.horizon;
    if n < need || judge.horizon == 0 || judge.step == 0 || judge.origins == 0 {
        return Err(format!(
            "{n} values are too few for a backtest ({} training + {} ahead)",
            judge.min_train, judge.horizon
        ));
    }
    let origins = judge.origins.min((n - need) / judge.step + 1);
    Ok(BacktestSpec {
        step: judge.step,
        min_train: judge.min_train,
        ..BacktestSpec::new(judge.horizon, origins)
    })
}

/// Backtest `spec` on `y`: its score, with the backtest itself.
pub fn score(
    spec: &SarimaxValidParams,
    y: &[f64],
    bt: &BacktestSpec,
) -> Result<(Score, Backtest), String> {
    let b = backtest(spec, y, None, bt).map_err(|e| e.to_string())?;
    if !b.average.rmse.is_finite() {
        return Err("backtest RMSE is not finite".into());
    }
    let s = Score {
        rmse: b.average.rmse,
        directional: b.average.directional,
    };
    Ok((s, b))
}

/// The shortlist's winner: its orders, why it won, and its backtest with the plan it ran on.
pub(super) type Judged = (Orders, String, Option<(BacktestSpec, Backtest)>);

/// Index (into `scores`) of the winner by the rule in the module docs, and whether
/// directional accuracy overturned the lowest RMSE; `None` when no candidate has a score.
pub fn winner(scores: &[Option<Score>], tie: f64) -> Option<(usize, bool)> {
    let scored = || {
        scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, s.as_ref()?)))
    };
    let (best, low) = scored().min_by(|a, b| a.1.rmse.total_cmp(&b.1.rmse))?;
    let limit = low.rmse * (1.0 + tie);
    let (pick, _) = scored().filter(|(_, s)| s.rmse <= limit).max_by(|a, b| {
        a.1.directional
            .total_cmp(&b.1.directional)
            .then(b.1.rmse.total_cmp(&a.1.rmse))
    })?;
    Some((pick, pick != best))
}

/// Backtest the shortlist (see the module docs) and return the winner with the reason, recording
/// the scores in `table`; `Err` with the reason when nothing could be backtested.
pub(super) fn shortlist_and_backtest(
    y: &[f64],
    j: &BacktestJudge,
    tried: &[(Orders, Option<FittedSarimax>)],
    table: &mut [Candidate],
    (d, sd): (usize, usize),
    by_aic: Orders,
) -> std::result::Result<Judged, String> {
    let bt = plan(j, y.len())?;
    let aic_of = |i: usize| tried[i].1.as_ref().map_or(f64::INFINITY, |f| f.aic);
    let mut eligible: Vec<usize> = (0..tried.len())
        .filter(|&i| tried[i].1.is_some() && (tried[i].0 .1, tried[i].0 .4) == (d, sd))
        .collect();
    eligible.sort_by(|&a, &b| aic_of(a).total_cmp(&aic_of(b)));
    eligible.truncate(j.shortlist.max(1));
    let n_best = eligible.len();
    let mut shortlist = eligible;
    let mut others: Vec<(usize, usize)> = vec![];
    for (i, (o, f)) in tried.iter().enumerate() {
        let group = (o.1, o.4);
        if f.is_none() || group == (d, sd) {
            continue;
        }
        match others
            .iter_mut()
            .find(|(g, _)| (tried[*g].0 .1, tried[*g].0 .4) == group)
        {
            Some((_, best)) if aic_of(i) < aic_of(*best) => *best = i,
            Some(_) => {}
            None => others.push((i, i)),
        }
    }
    shortlist.extend(others.iter().map(|(_, best)| *best));
    let judged: Vec<Option<(Score, Backtest)>> = shortlist
        .iter()
        .map(|&i| {
            let spec = tried[i].1.as_ref().map(|f| f.spec)?;
            let (s, b) = score(&spec, y, &bt).ok()?;
            table[i].backtest_rmse = Some(s.rmse);
            table[i].backtest_directional = Some(s.directional);
            Some((s, b))
        })
        .collect();
    let (scores, mut backtests): (Vec<Option<Score>>, Vec<Option<Backtest>>) = judged
        .into_iter()
        .map(|j| j.map_or((None, None), |(s, b)| (Some(s), Some(b))))
        .unzip();
    let (w, by_direction) = winner(&scores, j.tie).ok_or_else(|| {
        format!(
            "none of the {} shortlisted candidates could be backtested",
            shortlist.len()
        )
    })?;
    let (win, score) = (shortlist[w], scores[w].clone().ok_or("no score")?);
    let mut reason = format!(
        "chosen by AIC shortlist and rolling-origin backtest: {} of {} fitted candidates ({} lowest AIC with d = {d}, D = {sd}{}) forecast {} steps ahead from {} origins {} apart; {} {}, {}% of directions right",
        shortlist.len(),
        tried.iter().filter(|(_, f)| f.is_some()).count(),
        n_best,
        if others.is_empty() { "" } else { ", and the lowest AIC of each other differencing" },
        bt.horizon,
        bt.origins,
        bt.step,
        if by_direction { "mean RMSE" } else { "lowest mean RMSE" },
        sig(score.rmse),
        sig(score.directional),
    );
    let aic_best = tried.iter().position(|(o, _)| *o == by_aic);
    let lowest = scores
        .iter()
        .enumerate()
        .filter_map(|(k, s)| Some((shortlist[k], s.as_ref()?)))
        .min_by(|a, b| a.1.rmse.total_cmp(&b.1.rmse));
    let mut aic_named = false;
    if let Some((k, b)) = lowest.filter(|_| by_direction) {
        aic_named = Some(k) == aic_best;
        reason.push_str(&format!(
            ", within {}% of the lowest ({}{}: {}, {}% of directions right)",
            sig(100.0 * j.tie),
            table[k].model,
            if aic_named {
                ", also the lowest AIC"
            } else {
                ""
            },
            sig(b.rmse),
            sig(b.directional)
        ));
    }
    if let Some(a) = aic_best.filter(|&a| a != win && !aic_named) {
        let rmse = table[a]
            .backtest_rmse
            .map_or("not backtested".to_string(), |r| format!("RMSE {}", sig(r)));
        reason.push_str(&format!("; lowest AIC: {} ({rmse})", table[a].model));
    }
    let kept = backtests.get_mut(w).and_then(Option::take).map(|b| (bt, b));
    Ok((tried[win].0, reason, kept))
}

/// A number with about four significant digits, without trailing zeros.
pub fn sig(x: f64) -> String {
    let a = x.abs();
    let decimals = if a >= 1000.0 || a == 0.0 || !a.is_finite() {
        0
    } else {
        (3 - a.log10().floor() as i32).clamp(0, 12) as usize
    };
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(rmse: f64, directional: f64) -> Option<Score> {
        Some(Score { rmse, directional })
    }

    #[test]
    fn lowest_rmse_wins_and_direction_breaks_ties_within_two_percent() {
        assert_eq!(
            winner(&[s(10.0, 50.0), s(9.0, 40.0)], 0.02),
            Some((1, false))
        );
        // 9.1 is within 2% of 9.0 and gets more directions right.
        assert_eq!(
            winner(&[s(9.1, 70.0), s(9.0, 40.0), None], 0.02),
            Some((0, true))
        );
        // 9.3 is not within 2%.
        assert_eq!(
            winner(&[s(9.3, 90.0), s(9.0, 40.0)], 0.02),
            Some((1, false))
        );
        // Equal direction: the lower RMSE.
        assert_eq!(
            winner(&[s(9.1, 40.0), s(9.0, 40.0)], 0.02),
            Some((1, false))
        );
        assert_eq!(winner(&[None, None], 0.02), None);
    }

    #[test]
    fn plan_fits_the_origins_into_the_series() {
        let j = BacktestJudge::for_period(12);
        assert_eq!((j.horizon, j.min_train), (12, 36));
        let p = plan(&j, 111).unwrap();
        assert_eq!((p.origins, p.step, p.horizon, p.min_train), (4, 3, 12, 36));
        // 50 values: 50 − 48 = 2 → one origin.
        assert_eq!(plan(&j, 50).unwrap().origins, 1);
        assert!(plan(&j, 47).unwrap_err().contains("too few"));
        assert_eq!(BacktestJudge::for_period(1).min_train, 24);
    }

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(sig(412.345), "412.3");
        assert_eq!(sig(0.012341), "0.01234");
        assert_eq!(sig(12345.6), "12346");
        assert_eq!(sig(0.0), "0");
        assert_eq!(sig(100.0 * 0.02), "2");
        assert_eq!(sig(63.636), "63.64");
    }
}
