//! Series checks, scaling and sliding windows.

use serde::{Deserialize, Serialize};

use super::params::{LstmValidParams, Scaling, MIN_TRAIN_WINDOWS};
use crate::analysis::{Error, Result};

/// An affine scaler `z = (x - offset) / scale`, fitted on the training part only.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scaler {
    /// Scaling kind the values were derived from.
    pub kind: Scaling,
    /// Subtracted before dividing (training minimum or mean).
    pub offset: f64,
    /// Divisor (training range or standard deviation), strictly positive.
    pub scale: f64,
}

impl Scaler {
    /// Fit on `train`, which must be non-empty, finite and not constant.
    pub fn fit(kind: Scaling, train: &[f64]) -> Result<Self> {
        if train.is_empty() {
            return Err(Error::Data("no training values to fit the scaler".into()));
        }
        let (offset, scale) = match kind {
            Scaling::MinMax => {
                let lo = train.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = train.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (lo, hi - lo)
            }
            Scaling::Standard => {
                let n = train.len() as f64;
                let mean = train.iter().sum::<f64>() / n;
                let var = train.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
                (mean, var.sqrt())
            }
        };
        let scaler = Self {
            kind,
            offset,
            scale,
        };
        if !scaler.is_valid() || scale <= f64::EPSILON * offset.abs().max(1.0) {
            return Err(Error::Data(format!(
                "the training part of the series is constant (value {offset}); nothing to learn"
            )));
        }
        Ok(scaler)
    }

    /// True when offset and scale are finite and the scale is positive.
    pub fn is_valid(&self) -> bool {
        self.offset.is_finite() && self.scale.is_finite() && self.scale > 0.0
    }

    /// Scale one value.
    pub fn transform(&self, x: f64) -> f64 {
        (x - self.offset) / self.scale
    }

    /// Undo [`Scaler::transform`].
    pub fn inverse(&self, z: f64) -> f64 {
        z * self.scale + self.offset
    }
}

/// Reject empty series and NaN or infinite values.
pub fn check_finite(y: &[f64]) -> Result<()> {
    if y.is_empty() {
        return Err(Error::Data("the series is empty".into()));
    }
    if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::Data(format!(
            "value at index {i} is {v}; the series must be finite (no NaN or infinity)"
        )));
    }
    Ok(())
}

/// The smallest series length accepted with these parameters and `test` held-out weeks.
pub fn min_len(params: &LstmValidParams, test: usize) -> usize {
    params.context() + MIN_TRAIN_WINDOWS + params.validation() + test
}

/// Check the series length against window, training, validation and test needs.
pub fn check_len(y: &[f64], params: &LstmValidParams, test: usize) -> Result<()> {
    let need = min_len(params, test);
    if y.len() < need {
        return Err(Error::Data(format!(
            "series has {} points; need at least {need} = window {} + seasonal lag {} + \
             {MIN_TRAIN_WINDOWS} training targets + validation {} + test {test}",
            y.len(),
            params.window(),
            params.seasonal_lag(),
            params.validation(),
        )));
    }
    Ok(())
}

/// A scaled series split chronologically into training and validation targets.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The fitted scaler.
    pub scaler: Scaler,
    /// The whole fitted series, scaled, as f32.
    pub scaled: Vec<f32>,
    /// Target indices of the training windows (each window is `scaled[t-w..t]`).
    pub train: Vec<usize>,
    /// Target indices of the validation windows.
    pub val: Vec<usize>,
}

/// Validate `y` and prepare the windows: the last `validation` weeks are validation targets,
/// the scaler is fitted on the weeks before them.
pub fn prepare(y: &[f64], params: &LstmValidParams) -> Result<Prepared> {
    check_finite(y)?;
    check_len(y, params, 0)?;
    let n = y.len();
    let w = params.context();
    let n_train = n - params.validation();
    let scaler = Scaler::fit(params.scaling(), &y[..n_train])?;
    let scaled: Vec<f32> = y.iter().map(|&v| scaler.transform(v) as f32).collect();
    if scaled.iter().any(|v| !v.is_finite()) {
        return Err(Error::Data(
            "scaled values overflow f32; rescale the series".into(),
        ));
    }
    Ok(Prepared {
        scaler,
        scaled,
        train: (w..n_train).collect(),
        val: (n_train..n).collect(),
    })
}

/// Gather windows as the network's time-major input: `steps[k]` is a row-major
/// `batch × inputs` block whose row `b` is `series[s]` (and `series[s - lag]` when `lag > 0`)
/// with `s = t_b - w + k`; also returns the targets `series[t_b]` (0 where `t_b` is past the
/// end). Every `t_b` must be at least `w + lag`.
pub fn gather(
    series: &[f32],
    targets: &[usize],
    w: usize,
    lag: usize,
) -> (Vec<Vec<f32>>, Vec<f32>) {
    let steps = (0..w)
        .map(|k| {
            let mut block = Vec::with_capacity(targets.len() * 2);
            for &t in targets {
                let s = t - w + k;
                block.push(series[s]);
                if lag > 0 {
                    block.push(series[s - lag]);
                }
            }
            block
        })
        .collect();
    let ys = targets
        .iter()
        .map(|&t| series.get(t).copied().unwrap_or(0.0))
        .collect();
    (steps, ys)
}
