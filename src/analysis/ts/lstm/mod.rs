//! A compact LSTM weekly forecaster on dfdx (CPU, f32), usable natively and in WebAssembly.
//!
//! Pipeline: the series is checked (finite, long enough, not constant), scaled with a scaler
//! fitted on the training part only, and cut into sliding windows of `window` weeks that
//! predict the following week. The final `validation` weeks are held out chronologically for
//! early stopping; training windows are shuffled with the seeded RNG. The network is one or
//! two stacked LSTM layers and a dense head, trained with Adam on the MSE in mini-batches.
//! The same seed gives bit-for-bit identical weights and forecasts on the same machine.
//!
//! An optional second input, the value `seasonal_lag` weeks before each window week
//! ([`LstmParams::seasonal_lag`], e.g. 52), lets a short window carry yearly seasonality
//! through long recursive forecasts; it is off by default.
//!
//! Training can be driven one epoch at a time through [`Trainer`] (so a browser worker can
//! report progress and stop early), or in one call through the [`Forecaster`] impls.
//!
//! Everything is single-threaded-safe and free of clocks and file access, so the same code
//! trains inside a browser Web Worker (wasm32-unknown-unknown); time it with
//! [`evaluate_with_clock`] and a caller-supplied clock.
//!
//! ```no_run
//! use crimecast::analysis::ts::lstm::LstmParams;
//! use crimecast::analysis::ParamGuard;
//! use crimecast::analysis::ts::{FittedForecaster, Forecaster};
//! # fn main() -> crimecast::analysis::Result<()> {
//! let y: Vec<f64> = (0..300).map(|t| 100.0 + 10.0 * (t as f64 / 8.0).sin()).collect();
//! let params = LstmParams::new().window(12).epochs(50).seed(1).check()?;
//! let fitted = params.fit(&y, None)?;
//! let forecast = fitted.predict(52, 0.95, None)?;
//! assert_eq!(forecast.mean.len(), 52);
//! # Ok(()) }
//! ```

mod data;
mod eval;
mod fitted;
mod io;
mod net;
mod params;
#[cfg(test)]
mod tests;
mod trainer;

pub use data::Scaler;
pub use eval::{
    evaluate, evaluate_with, evaluate_with_clock, holdout_rows, EvalOptions, LstmEvaluation, SEASON,
};
pub use fitted::{FittedLstm, TrainingSummary, MAX_HORIZON};
pub use io::{FORMAT, MAX_FILE_BYTES, VERSION};
pub use params::{
    LstmParams, LstmParamsError, LstmValidParams, Scaling, MAX_BATCH, MAX_BOOTSTRAP, MAX_EPOCHS,
    MAX_UNITS, MAX_WINDOW, MIN_BOOTSTRAP, MIN_TRAIN_WINDOWS,
};
pub use trainer::{EpochReport, Trainer};

use crate::analysis::ts::Forecaster;
use crate::analysis::{Error, ParamGuard, Result};

fn no_exog(exog: Option<&[Vec<f64>]>) -> Result<()> {
    match exog {
        Some(x) if !x.is_empty() => Err(Error::Params(
            "the LSTM forecaster takes no exogenous regressors".into(),
        )),
        _ => Ok(()),
    }
}

impl Forecaster for LstmValidParams {
    type Fitted = FittedLstm;

    /// Train on the whole series (early stopping on its last `validation` weeks).
    fn fit(&self, y: &[f64], exog: Option<&[Vec<f64>]>) -> Result<FittedLstm> {
        no_exog(exog)?;
        Trainer::new(y, self)?.run()
    }
}

impl Forecaster for LstmParams {
    type Fitted = FittedLstm;

    /// Check the parameters, then fit as [`LstmValidParams`] does.
    fn fit(&self, y: &[f64], exog: Option<&[Vec<f64>]>) -> Result<FittedLstm> {
        self.check_ref()?.fit(y, exog)
    }
}
