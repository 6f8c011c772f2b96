//! The Composite Risk Score: a ranking of precincts by expected **reported-incident volume**
//! and its **momentum**. It is not a measure of danger and says nothing about people.
//!
//! ```text
//! score = w_f · F / max F  +  w_m · (M − min M) / (max M − min M)
//! ```
//! with the default weights `w_f = 0.6`, `w_m = 0.4`, where
//! - `F` is a precinct's forecast total for the next 12 months (a negative monthly forecast
//!   counts as 0; when every forecast is 0 the forecast term is 0 for all);
//! - `M` is its momentum: the percent change of the last `w` complete months against the same
//!   `w` months one year earlier (`w` = 3, 6 or 12), see [`momentum`].
//!
//! # Rules
//! - **Weights** must be finite and non-negative, and not both zero; weights that do not sum
//!   to 1 are divided by their sum ([`Weights::normalise`]), and
//!   `narrative::risk::normalisation_note` says so.
//! - **Undefined momentum** (fewer than `w + 12` months of history, or nothing reported in the
//!   earlier window — e.g. a precinct with no history at all): the precinct is left out of the
//!   min–max scaling, its momentum term is 0, and the row is flagged.
//! - **No spread**: when fewer than two momenta are defined, or all are equal, every momentum
//!   term is 0 (min–max scaling is undefined).
//! - **Ties**: rows are ordered by score (highest first), then by larger forecast, then by lower
//!   precinct number. Scores within 1e-12 of each other share a rank (1, 2, 2, 4 …) and are
//!   flagged as tied.

use serde::{Deserialize, Serialize};

mod weights;

use super::{Error, Result};

pub(crate) use weights::short;
pub use weights::{CheckedWeights, Weight, Weights, WeightsError, DEFAULT_WEIGHTS};

/// Trend windows the page offers, in months.
pub const TREND_WINDOWS: [usize; 3] = [3, 6, 12];

/// Scores closer than this are ties.
pub const TIE_EPS: f64 = 1e-12;

/// Percent change of the last `window` values of `history` (complete months) against the
/// `window` values twelve months before them. None when `window` is 0, the history is shorter
/// than `window + 12`, a value is not finite, or the earlier window sums to 0 or less.
pub fn momentum(history: &[f64], window: usize) -> Option<f64> {
    let n = history.len();
    if window == 0 || n < window + 12 {
        return None;
    }
    let recent: f64 = history[n - window..].iter().sum();
    let before: f64 = history[n - window - 12..n - 12].iter().sum();
    if !(recent.is_finite() && before.is_finite()) || before <= 0.0 {
        return None;
    }
    Some(100.0 * (recent - before) / before)
}

/// One precinct's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiskInput {
    /// Precinct number.
    pub precinct: u8,
    /// Forecast total for the next 12 months.
    pub forecast: f64,
    /// Momentum in percent (None when undefined).
    pub momentum: Option<f64>,
}

/// One row of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskRow {
    /// Precinct number.
    pub precinct: u8,
    /// Rank, 1 = highest score (tied scores share a rank).
    pub rank: usize,
    /// The score, 0..=1.
    pub score: f64,
    /// Forecast total used (negative values raised to 0).
    pub forecast: f64,
    /// Forecast divided by the largest forecast, 0..=1.
    pub forecast_scaled: f64,
    /// Momentum in percent (None when undefined).
    pub momentum: Option<f64>,
    /// Min–max scaled momentum, 0..=1 (0 when undefined or without spread).
    pub momentum_scaled: f64,
    /// Contribution of the forecast term (`w_f · forecast_scaled`).
    pub forecast_part: f64,
    /// Contribution of the momentum term (`w_m · momentum_scaled`).
    pub momentum_part: f64,
    /// The score equals another row's.
    pub tied: bool,
}

/// The ranking with what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskTable {
    /// Rows, best rank first.
    pub rows: Vec<RiskRow>,
    /// Weights used (summing to 1).
    pub weights: Weights,
    /// The largest forecast.
    pub max_forecast: f64,
    /// Smallest and largest defined momentum (None without two distinct values).
    pub momentum_range: Option<(f64, f64)>,
}

impl RiskTable {
    /// Precincts whose momentum is undefined, in rank order.
    pub fn undefined_momentum(&self) -> Vec<u8> {
        self.rows
            .iter()
            .filter(|r| r.momentum.is_none())
            .map(|r| r.precinct)
            .collect()
    }
}

/// Score and rank `inputs` with `weights` (validated and normalised first).
///
/// # Errors
/// `Params` for invalid weights; `Data` for a forecast that is not finite or a precinct listed
/// twice.
pub fn composite_risk(inputs: &[RiskInput], weights: Weights) -> Result<RiskTable> {
    let w = weights.normalise()?.weights;
    for (i, a) in inputs.iter().enumerate() {
        if !a.forecast.is_finite() {
            return Err(Error::Data(format!(
                "precinct {:02}: the forecast is not a number",
                a.precinct
            )));
        }
        if inputs[..i].iter().any(|b| b.precinct == a.precinct) {
            return Err(Error::Data(format!(
                "precinct {:02} is listed twice",
                a.precinct
            )));
        }
    }
    let max_forecast = inputs
        .iter()
        .map(|a| a.forecast.max(0.0))
        .fold(0.0, f64::max);
    let defined: Vec<f64> = inputs
        .iter()
        .filter_map(|a| a.momentum.filter(|m| m.is_finite()))
        .collect();
    let lo = defined.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = defined.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let momentum_range = (defined.len() >= 2 && hi > lo).then_some((lo, hi));
    let mut rows: Vec<RiskRow> = inputs
        .iter()
        .map(|a| {
            let forecast = a.forecast.max(0.0);
            let forecast_scaled = if max_forecast > 0.0 {
                forecast / max_forecast
            } else {
                0.0
            };
            let momentum = a.momentum.filter(|m| m.is_finite());
            let momentum_scaled = match (momentum, momentum_range) {
                (Some(m), Some((lo, hi))) => (m - lo) / (hi - lo),
                _ => 0.0,
            };
            let forecast_part = w.forecast * forecast_scaled;
            let momentum_part = w.momentum * momentum_scaled;
            RiskRow {
                precinct: a.precinct,
                rank: 0,
                score: forecast_part + momentum_part,
                forecast,
                forecast_scaled,
                momentum,
                momentum_scaled,
                forecast_part,
                momentum_part,
                tied: false,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let by_score = if (a.score - b.score).abs() <= TIE_EPS {
            std::cmp::Ordering::Equal
        } else {
            b.score.total_cmp(&a.score)
        };
        by_score
            .then_with(|| b.forecast.total_cmp(&a.forecast))
            .then_with(|| a.precinct.cmp(&b.precinct))
    });
    for i in 0..rows.len() {
        let tied_prev = i > 0 && (rows[i - 1].score - rows[i].score).abs() <= TIE_EPS;
        rows[i].rank = if tied_prev { rows[i - 1].rank } else { i + 1 };
        if tied_prev {
            rows[i].tied = true;
            rows[i - 1].tied = true;
        }
    }
    Ok(RiskTable {
        rows,
        weights: w,
        max_forecast,
        momentum_range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ParamGuard;

    fn input(precinct: u8, forecast: f64, momentum: Option<f64>) -> RiskInput {
        RiskInput {
            precinct,
            forecast,
            momentum,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn hand_checked_scores() {
        // F = 1000, 500, 250 → 1, 0.5, 0.25. M = +10, −10, 0 → 1, 0, 0.5.
        // A: 0.6·1 + 0.4·1 = 1.0; B: 0.6·0.5 + 0 = 0.3; C: 0.6·0.25 + 0.4·0.5 = 0.35.
        let t = composite_risk(
            &[
                input(2, 1000.0, Some(10.0)),
                input(3, 500.0, Some(-10.0)),
                input(4, 250.0, Some(0.0)),
            ],
            DEFAULT_WEIGHTS,
        )
        .unwrap();
        let got: Vec<(u8, usize, f64)> = t
            .rows
            .iter()
            .map(|r| (r.precinct, r.rank, r.score))
            .collect();
        assert_eq!(got[0].0, 2);
        assert!(close(got[0].2, 1.0));
        assert_eq!((got[1].0, got[1].1), (4, 2));
        assert!(close(got[1].2, 0.35));
        assert_eq!((got[2].0, got[2].1), (3, 3));
        assert!(close(got[2].2, 0.3));
        let c = &t.rows[1];
        assert!(close(c.forecast_scaled, 0.25) && close(c.momentum_scaled, 0.5));
        assert!(close(c.forecast_part, 0.15) && close(c.momentum_part, 0.2));
        assert_eq!(t.momentum_range, Some((-10.0, 10.0)));
        assert!(t.rows.iter().all(|r| !r.tied));
        // Momentum only: C (0.5) moves above B (0).
        let m = composite_risk(
            &[input(3, 500.0, Some(-10.0)), input(4, 250.0, Some(0.0))],
            Weights {
                forecast: 0.0,
                momentum: 1.0,
            },
        )
        .unwrap();
        assert_eq!(m.rows[0].precinct, 4);
    }

    #[test]
    fn momentum_compares_with_the_same_months_a_year_before() {
        // 15 months: the last 3 sum to 30 + 30 + 30 = 90, months 0..3 sum to 20 + 20 + 20 = 60.
        let mut h = vec![20.0, 20.0, 20.0];
        h.extend([25.0; 9]);
        h.extend([30.0; 3]);
        assert!(close(momentum(&h, 3).unwrap(), 50.0));
        assert_eq!(momentum(&h, 6), None); // 6 + 12 > 15
        assert_eq!(momentum(&h, 0), None);
        assert_eq!(momentum(&[0.0; 24], 3), None);
        assert_eq!(momentum(&[], 3), None);
    }

    #[test]
    fn negative_weights_are_rejected_and_others_normalised() {
        for bad in [
            Weights {
                forecast: -0.1,
                momentum: 1.1,
            },
            Weights {
                forecast: 0.5,
                momentum: f64::NAN,
            },
            Weights {
                forecast: 0.0,
                momentum: 0.0,
            },
        ] {
            assert!(
                matches!(bad.check().map_err(Error::from), Err(Error::RiskWeights(_))),
                "{bad:?}"
            );
            assert!(composite_risk(&[input(2, 1.0, None)], bad).is_err());
        }
        let given = Weights {
            forecast: 3.0,
            momentum: 1.0,
        };
        let c = given.normalise().unwrap();
        assert!(c.normalised);
        assert!(close(c.weights.forecast, 0.75) && close(c.weights.momentum, 0.25));
        let d = DEFAULT_WEIGHTS.normalise().unwrap();
        assert!(!d.normalised);
        // Normalised weights give the same ranking and scores as the equivalent unit weights.
        let inputs = [input(2, 100.0, Some(5.0)), input(3, 80.0, Some(30.0))];
        let a = composite_risk(&inputs, given).unwrap();
        let b = composite_risk(&inputs, c.weights).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn ties_are_ordered_deterministically() {
        // Same inputs for 5 and 3, and 7 with the same score but a smaller forecast.
        // 3 and 5: 0.6·1 + 0.4·0 = 0.6. 7: 0.6·(1/3) + 0.4·1 = 0.6.
        let inputs = [
            input(5, 300.0, Some(0.0)),
            input(7, 100.0, Some(12.0)),
            input(3, 300.0, Some(0.0)),
        ];
        let t = composite_risk(&inputs, DEFAULT_WEIGHTS).unwrap();
        let order: Vec<u8> = t.rows.iter().map(|r| r.precinct).collect();
        assert_eq!(order, vec![3, 5, 7]);
        assert!(t.rows.iter().all(|r| r.rank == 1 && r.tied));
        let mut rev = inputs;
        rev.reverse();
        assert_eq!(composite_risk(&rev, DEFAULT_WEIGHTS).unwrap(), t);
        // Competition ranking after a tie: 1, 1, 3.
        let t = composite_risk(
            &[
                input(2, 10.0, None),
                input(4, 10.0, None),
                input(6, 5.0, None),
            ],
            DEFAULT_WEIGHTS,
        )
        .unwrap();
        let ranks: Vec<usize> = t.rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![1, 1, 3]);
        assert!(!t.rows[2].tied);
    }

    #[test]
    fn a_precinct_with_zero_history_is_scored_and_flagged() {
        // Precinct 12 has no history: forecast 0, momentum undefined. It is left out of the
        // min–max scaling, so 2 and 3 still span 0..=1.
        let zero = momentum(&[], 3);
        assert_eq!(zero, None);
        let t = composite_risk(
            &[
                input(2, 200.0, Some(20.0)),
                input(12, 0.0, zero),
                input(3, 100.0, Some(-20.0)),
            ],
            DEFAULT_WEIGHTS,
        )
        .unwrap();
        assert_eq!(t.momentum_range, Some((-20.0, 20.0)));
        let last = t.rows.last().unwrap();
        assert_eq!((last.precinct, last.rank), (12, 3));
        assert_eq!((last.score, last.momentum_scaled), (0.0, 0.0));
        assert_eq!(t.undefined_momentum(), vec![12]);
        // Only one defined momentum, or none: no spread, every momentum term is 0.
        let one = composite_risk(
            &[input(2, 200.0, Some(5.0)), input(3, 100.0, None)],
            DEFAULT_WEIGHTS,
        )
        .unwrap();
        assert!(one.momentum_range.is_none());
        assert!(one.rows.iter().all(|r| r.momentum_part == 0.0));
        // Every forecast zero: the forecast term is 0, not NaN.
        let z = composite_risk(
            &[input(2, 0.0, None), input(3, -4.0, None)],
            DEFAULT_WEIGHTS,
        )
        .unwrap();
        assert!(z.rows.iter().all(|r| r.score == 0.0 && r.forecast == 0.0));
        assert!(composite_risk(&[], DEFAULT_WEIGHTS)
            .unwrap()
            .rows
            .is_empty());
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(composite_risk(&[input(2, f64::NAN, None)], DEFAULT_WEIGHTS).is_err());
        assert!(
            composite_risk(&[input(2, 1.0, None), input(2, 2.0, None)], DEFAULT_WEIGHTS).is_err()
        );
    }
}
