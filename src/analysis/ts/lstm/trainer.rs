//! Epoch-by-epoch training with Adam, MSE, mini-batches and early stopping.

use dfdx::tensor::{AsArray, Cpu, Gradients, OwnedTape, TensorFromVec};
use dfdx::tensor_ops::{AdamConfig, Backward, MeanTo, TrySub};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::data::{self, Prepared};
use super::fitted::FittedLstm;
use super::net::{dev_err, Net};
use super::params::LstmValidParams;
use crate::analysis::{Error, Result};

/// Samples per forward pass when scoring (validation loss, residuals).
const SCORE_CHUNK: usize = 256;

/// What one epoch did; losses are mean squared errors in scaled units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochReport {
    /// 1-based number of the epoch just run.
    pub epoch: usize,
    /// Mean training loss over the epoch's mini-batches.
    pub train_loss: f64,
    /// Validation loss after the epoch.
    pub val_loss: f64,
    /// Epoch with the lowest validation loss so far.
    pub best_epoch: usize,
    /// Lowest validation loss so far.
    pub best_val_loss: f64,
    /// True when training is over (patience exhausted or the epoch budget spent).
    pub stopped: bool,
}

/// A training run that can be advanced one epoch at a time, e.g. from a browser worker that
/// reports progress after every epoch and may be asked to stop early.
#[derive(Debug)]
pub struct Trainer {
    params: LstmValidParams,
    y: Vec<f64>,
    data: Prepared,
    pub(super) net: Net,
    best: Net,
    rng: ChaCha8Rng,
    adam: AdamConfig,
    moment1: Gradients<f32, Cpu>,
    moment2: Gradients<f32, Cpu>,
    step: i32,
    epoch: usize,
    best_epoch: usize,
    best_val_loss: f64,
    since_best: usize,
    stopped: bool,
    history: Vec<EpochReport>,
}

impl Trainer {
    /// Validate `y`, scale it and initialise the network; no epoch is run yet.
    /// The last `params.validation()` weeks drive early stopping.
    pub fn new(y: &[f64], params: &LstmValidParams) -> Result<Self> {
        let data = data::prepare(y, params)?;
        let mut rng = ChaCha8Rng::seed_from_u64(params.seed());
        let net = Net::init(params.units(), params.n_inputs(), &mut rng)?;
        let adam = AdamConfig {
            lr: params.learning_rate(),
            ..AdamConfig::default()
        };
        let mut trainer = Self {
            params: params.clone(),
            y: y.to_vec(),
            data,
            best: net.clone(),
            net,
            rng,
            adam,
            moment1: Gradients::leaky(),
            moment2: Gradients::leaky(),
            step: 0,
            epoch: 0,
            best_epoch: 0,
            best_val_loss: f64::INFINITY,
            since_best: 0,
            stopped: false,
            history: Vec::new(),
        };
        trainer.best_val_loss = trainer.val_loss()?;
        Ok(trainer)
    }

    /// Run one epoch: shuffle the training windows, take one Adam step per mini-batch, then
    /// score the validation windows and update the early-stopping state.
    /// Calling it after training stopped returns the last report again.
    pub fn step_epoch(&mut self) -> Result<EpochReport> {
        if self.stopped {
            if let Some(last) = self.history.last() {
                return Ok(*last);
            }
        }
        let mut order = self.data.train.clone();
        order.shuffle(&mut self.rng);
        let mut total = 0.0;
        for chunk in order.chunks(self.params.batch()) {
            let loss = self.train_batch(chunk)?;
            if !loss.is_finite() {
                return Err(self.diverged("training loss"));
            }
            total += loss * chunk.len() as f64;
        }
        self.epoch += 1;
        let train_loss = total / order.len().max(1) as f64;
        if !self.net.is_finite() {
            return Err(self.diverged("weights"));
        }
        let val_loss = self.val_loss()?;
        if !val_loss.is_finite() {
            return Err(self.diverged("validation loss"));
        }
        if val_loss < self.best_val_loss {
            self.best_val_loss = val_loss;
            self.best_epoch = self.epoch;
            self.best = self.net.clone();
            self.since_best = 0;
        } else {
            self.since_best += 1;
        }
        if self.since_best >= self.params.patience() || self.epoch >= self.params.epochs() {
            self.stopped = true;
        }
        let report = EpochReport {
            epoch: self.epoch,
            train_loss,
            val_loss,
            best_epoch: self.best_epoch,
            best_val_loss: self.best_val_loss,
            stopped: self.stopped,
        };
        self.history.push(report);
        Ok(report)
    }

    /// True once early stopping fired or the epoch budget is spent.
    pub fn is_done(&self) -> bool {
        self.stopped
    }

    /// Stop on request (e.g. the user pressed stop); [`Trainer::finish`] still restores the
    /// best weights seen so far.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Every epoch report so far.
    pub fn history(&self) -> &[EpochReport] {
        &self.history
    }

    /// The checked parameters of this run.
    pub fn params(&self) -> &LstmValidParams {
        &self.params
    }

    /// Restore the best weights and build the fitted model (validation residuals feed the
    /// forecast band).
    pub fn finish(self) -> Result<FittedLstm> {
        let (w, lag) = (self.params.window(), self.params.seasonal_lag());
        let val = &self.data.val;
        let (steps, targets) = data::gather(&self.data.scaled, val, w, lag);
        let preds = self.best.predict(&steps, val.len())?;
        let residuals: Vec<f32> = targets.iter().zip(&preds).map(|(t, p)| t - p).collect();
        if residuals.iter().any(|r| !r.is_finite()) {
            return Err(Error::Fit(
                "validation residuals are not finite; the model diverged".into(),
            ));
        }
        let tail = self.y[self.y.len() - self.params.context()..].to_vec();
        FittedLstm::new(
            self.params,
            self.data.scaler,
            self.best,
            residuals,
            tail,
            super::fitted::TrainingSummary {
                epochs_run: self.epoch,
                best_epoch: self.best_epoch,
                val_loss: self.best_val_loss,
            },
        )
    }

    /// Train until early stopping (or the epoch budget) and return the fitted model.
    pub fn run(mut self) -> Result<FittedLstm> {
        while !self.is_done() {
            self.step_epoch()?;
        }
        self.finish()
    }

    fn train_batch(&mut self, targets: &[usize]) -> Result<f64> {
        let (w, lag) = (self.params.window(), self.params.seasonal_lag());
        let b = targets.len();
        let (steps, ys) = data::gather(&self.data.scaled, targets, w, lag);
        let dev = self.net.dev.clone();
        let target = dev.try_tensor_from_vec(ys, (b, 1usize)).map_err(dev_err)?;
        let pred = self
            .net
            .forward::<OwnedTape<f32, Cpu>>(&steps, b)
            .map_err(dev_err)?;
        let loss = pred
            .try_sub(target)
            .and_then(|d| d.try_square())
            .and_then(|d| d.try_mean::<(), _>())
            .map_err(dev_err)?;
        let value = f64::from(loss.array());
        if !value.is_finite() {
            return Ok(value);
        }
        let mut grads = loss.try_backward().map_err(dev_err)?;
        self.step += 1;
        for p in self.net.params.iter_mut() {
            let g = grads.get_or_alloc_mut(&*p).map_err(dev_err)?;
            let m = self.moment1.get_or_alloc_mut(&*p).map_err(dev_err)?;
            let v = self.moment2.get_or_alloc_mut(&*p).map_err(dev_err)?;
            self.adam
                .try_update(self.step, p, m, v, g)
                .map_err(dev_err)?;
        }
        Ok(value)
    }

    fn val_loss(&self) -> Result<f64> {
        let (w, lag) = (self.params.window(), self.params.seasonal_lag());
        let mut sum = 0.0;
        for chunk in self.data.val.chunks(SCORE_CHUNK) {
            let (steps, ys) = data::gather(&self.data.scaled, chunk, w, lag);
            let preds = self.net.predict(&steps, chunk.len())?;
            sum += ys
                .iter()
                .zip(&preds)
                .map(|(y, p)| f64::from(y - p).powi(2))
                .sum::<f64>();
        }
        Ok(sum / self.data.val.len().max(1) as f64)
    }

    fn diverged(&self, what: &str) -> Error {
        Error::Fit(format!(
            "training diverged at epoch {}: {what} became NaN or infinite (try a smaller \
             learning_rate than {})",
            self.epoch + 1,
            self.params.learning_rate()
        ))
    }
}
