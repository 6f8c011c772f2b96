//! A trained LSTM: recursive multi-week forecasts with a bootstrap band.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::data::{check_finite, gather, Scaler};
use super::net::Net;
use super::params::LstmValidParams;
use crate::analysis::ts::{FittedForecaster, Forecast};
use crate::analysis::{Error, Result};

/// Largest accepted forecast horizon, in weeks.
pub const MAX_HORIZON: usize = 10_000;

/// Stream offset so the bootstrap draws differ from the training draws of the same seed.
const BOOTSTRAP_STREAM: u64 = 0x6c73_746d;

/// How the training run ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Number of epochs run.
    pub epochs_run: usize,
    /// Epoch whose weights were kept (0 means the initial weights).
    pub best_epoch: usize,
    /// Validation MSE of the kept weights, in scaled units.
    pub val_loss: f64,
}

/// A fitted LSTM forecaster.
///
/// Forecasts are recursive: each predicted week is appended to the input window for the
/// next one. The band comes from a residual bootstrap: the one-step residuals on the
/// validation weeks are resampled (with a seeded RNG) and added at every step of many
/// simulated paths, so errors propagate through the recursion. It is approximate: it ignores
/// parameter uncertainty and assumes validation residuals are exchangeable.
#[derive(Debug, Clone)]
pub struct FittedLstm {
    pub(crate) params: LstmValidParams,
    pub(crate) scaler: Scaler,
    pub(crate) net: Net,
    pub(crate) residuals: Vec<f32>,
    pub(crate) tail: Vec<f64>,
    pub(crate) summary: TrainingSummary,
}

impl FittedLstm {
    pub(crate) fn new(
        params: LstmValidParams,
        scaler: Scaler,
        net: Net,
        residuals: Vec<f32>,
        tail: Vec<f64>,
        summary: TrainingSummary,
    ) -> Result<Self> {
        if residuals.is_empty() {
            return Err(Error::Fit("no validation residuals".into()));
        }
        if tail.len() != params.context() {
            return Err(Error::Fit(format!(
                "forecast origin holds {} weeks but window and seasonal lag need {}",
                tail.len(),
                params.context()
            )));
        }
        Ok(Self {
            params,
            scaler,
            net,
            residuals,
            tail,
            summary,
        })
    }

    /// The parameters the model was trained with.
    pub fn params(&self) -> &LstmValidParams {
        &self.params
    }

    /// Epochs run, best epoch and its validation loss.
    pub fn summary(&self) -> TrainingSummary {
        self.summary
    }

    /// The scaler fitted on the training part.
    pub fn scaler(&self) -> Scaler {
        self.scaler
    }

    /// Number of trainable parameters.
    pub fn num_params(&self) -> usize {
        self.net.num_params()
    }

    /// Size of the weights in memory, in bytes (f32).
    pub fn size_bytes(&self) -> usize {
        self.num_params() * std::mem::size_of::<f32>()
    }

    /// Validation residuals (scaled units) behind the forecast band.
    pub fn residuals(&self) -> &[f32] {
        &self.residuals
    }

    /// One-step-ahead predictions for `y[t]`, `t = c..y.len()` with `c` the context
    /// (`window + seasonal_lag`), each from the actual previous values; the result has
    /// `y.len() - c` entries.
    pub fn one_step_ahead(&self, y: &[f64]) -> Result<Vec<f64>> {
        check_finite(y)?;
        let (w, lag, c) = (
            self.params.window(),
            self.params.seasonal_lag(),
            self.params.context(),
        );
        if y.len() <= c {
            return Err(Error::Data(format!(
                "need more than {c} values (window + seasonal lag) for one-step predictions, \
                 got {}",
                y.len()
            )));
        }
        let scaled = self.scale(y);
        let targets: Vec<usize> = (c..y.len()).collect();
        let mut out = Vec::with_capacity(targets.len());
        for chunk in targets.chunks(256) {
            let (steps, _) = gather(&scaled, chunk, w, lag);
            let preds = self.net.predict(&steps, chunk.len())?;
            out.extend(preds.iter().map(|&p| self.scaler.inverse(f64::from(p))));
        }
        Ok(out)
    }

    /// Forecast `horizon` weeks after the end of `history` (at least `window + seasonal_lag`
    /// values; only the last ones are used) with a bootstrap band of coverage `level`.
    pub fn predict_from(&self, history: &[f64], horizon: usize, level: f64) -> Result<Forecast> {
        let mut out = self.predict_levels(history, horizon, &[level])?;
        out.pop()
            .ok_or_else(|| Error::Forecast("no forecast for the level".into()))
    }

    /// As [`FittedLstm::predict_from`], one forecast per level of `levels`, all from the same
    /// bootstrap paths.
    pub fn predict_levels(
        &self,
        history: &[f64],
        horizon: usize,
        levels: &[f64],
    ) -> Result<Vec<Forecast>> {
        self.check_origin(history, horizon)?;
        if let Some(level) = levels.iter().find(|l| !(**l > 0.0 && **l < 1.0)) {
            return Err(Error::Params(format!(
                "level must be strictly between 0 and 1 (got {level})"
            )));
        }
        let (mean, mut sims) = self.recursive(history, horizon, self.params.bootstrap())?;
        for values in sims.iter_mut() {
            values.sort_by(f64::total_cmp);
        }
        Ok(levels
            .iter()
            .map(|&level| {
                let alpha = (1.0 - level) / 2.0;
                let (lower, upper) = sims
                    .iter()
                    .zip(&mean)
                    .map(|(values, m)| {
                        (
                            quantile(values, alpha).min(*m),
                            quantile(values, 1.0 - alpha).max(*m),
                        )
                    })
                    .unzip();
                Forecast {
                    mean: mean.clone(),
                    lower,
                    upper,
                    level,
                }
            })
            .collect())
    }

    /// The noise-free recursive forecast alone (the `mean` of [`FittedLstm::predict_from`]
    /// without the bootstrap paths, so about `bootstrap` times cheaper), e.g. to score the
    /// model on held-out weeks.
    pub fn point_forecast(&self, history: &[f64], horizon: usize) -> Result<Vec<f64>> {
        self.check_origin(history, horizon)?;
        Ok(self.recursive(history, horizon, 0)?.0)
    }

    /// Reject non-finite or too short histories and out-of-range horizons.
    fn check_origin(&self, history: &[f64], horizon: usize) -> Result<()> {
        check_finite(history)?;
        let c = self.params.context();
        if history.len() < c {
            return Err(Error::Data(format!(
                "history has {} values; window and seasonal lag need {c}",
                history.len()
            )));
        }
        if horizon == 0 || horizon > MAX_HORIZON {
            return Err(Error::Params(format!(
                "horizon must be between 1 and {MAX_HORIZON} weeks (got {horizon})"
            )));
        }
        Ok(())
    }

    /// Run `paths` bootstrap paths and the noise-free path `horizon` weeks past `history`
    /// (checked by the callers); returns the noise-free path and, per step, the path values.
    fn recursive(
        &self,
        history: &[f64],
        horizon: usize,
        paths: usize,
    ) -> Result<(Vec<f64>, Vec<Vec<f64>>)> {
        let (w, lag, c) = (
            self.params.window(),
            self.params.seasonal_lag(),
            self.params.context(),
        );
        let origin = self.scale(&history[history.len() - c..]);
        let rows = paths + 1; // the last row is the noise-free point forecast
        let mut rng = ChaCha8Rng::seed_from_u64(self.params.seed() ^ BOOTSTRAP_STREAM);
        // windows[r] holds the last `c` values of row r.
        let mut windows: Vec<Vec<f32>> = vec![origin; rows];
        let mut sims: Vec<Vec<f64>> = Vec::with_capacity(horizon);
        let mut mean = Vec::with_capacity(horizon);
        for _ in 0..horizon {
            let steps: Vec<Vec<f32>> = (0..w)
                .map(|k| {
                    let mut block = Vec::with_capacity(rows * 2);
                    for win in &windows {
                        block.push(win[lag + k]);
                        if lag > 0 {
                            block.push(win[k]);
                        }
                    }
                    block
                })
                .collect();
            let preds = self.net.predict(&steps, rows)?;
            let mut step_values = Vec::with_capacity(paths);
            for (r, win) in windows.iter_mut().enumerate() {
                let mut next = preds[r];
                if r < paths {
                    next += self.residuals[rng.gen_range(0..self.residuals.len())];
                    step_values.push(self.scaler.inverse(f64::from(next)));
                } else {
                    mean.push(self.scaler.inverse(f64::from(next)));
                }
                win.remove(0);
                win.push(next);
            }
            sims.push(step_values);
        }
        if mean.iter().any(|v| !v.is_finite()) {
            return Err(Error::Forecast(
                "the recursive forecast produced non-finite values".into(),
            ));
        }
        Ok((mean, sims))
    }

    fn scale(&self, y: &[f64]) -> Vec<f32> {
        y.iter().map(|&v| self.scaler.transform(v) as f32).collect()
    }
}

impl FittedForecaster for FittedLstm {
    /// Forecast `horizon` weeks after the fitted series; `exog_future` must be `None`.
    fn predict(
        &self,
        horizon: usize,
        level: f64,
        exog_future: Option<&[Vec<f64>]>,
    ) -> Result<Forecast> {
        if exog_future.is_some_and(|x| !x.is_empty()) {
            return Err(Error::Params(
                "the LSTM forecaster takes no exogenous regressors".into(),
            ));
        }
        self.predict_from(&self.tail, horizon, level)
    }
}

/// Linear-interpolation quantile of sorted, non-empty values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}
