//! The analysis layer's error type.

use super::risk::WeightsError;
use super::spatial::dbscan::DbscanParamsError;
use super::spatial::gi_star::GiStarParamsError;
use super::spatial::kde::KdeParamsError;
use super::spatial::moran::MoranParamsError;
use super::spatial::optics::OpticsParamsError;
use super::staffing::ShiftsError;
#[cfg(feature = "lstm")]
use super::ts::lstm::LstmParamsError;
use super::ts::reconcile::ReconcileParamsError;
use super::ts::sarimax::SarimaxParamsError;

/// Errors raised by the numerical layer, named for the phase that failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Parameters rejected before any computation ran (inputs without a parameter type of
    /// their own, such as grid axes or a horizon).
    #[error("invalid parameter: {0}")]
    Params(String),
    /// DBSCAN parameters broke a rule.
    #[error("invalid parameter: {0}")]
    DbscanParams(#[from] DbscanParamsError),
    /// OPTICS parameters broke a rule.
    #[error("invalid parameter: {0}")]
    OpticsParams(#[from] OpticsParamsError),
    /// The KDE bandwidth broke a rule.
    #[error("invalid parameter: {0}")]
    KdeParams(#[from] KdeParamsError),
    /// Gi* options broke a rule.
    #[error("invalid parameter: {0}")]
    GiStarParams(#[from] GiStarParamsError),
    /// Moran's I options broke a rule.
    #[error("invalid parameter: {0}")]
    MoranParams(#[from] MoranParamsError),
    /// A SARIMAX specification broke a rule.
    #[error("invalid parameter: {0}")]
    SarimaxParams(#[from] SarimaxParamsError),
    /// LSTM hyper-parameters broke a rule.
    #[cfg(feature = "lstm")]
    #[error("invalid parameter: {0}")]
    LstmParams(#[from] LstmParamsError),
    /// Reconciliation parameters broke a rule.
    #[error("invalid parameter: {0}")]
    ReconcileParams(#[from] ReconcileParamsError),
    /// The risk score's weights broke a rule.
    #[error("invalid parameter: {0}")]
    RiskWeights(#[from] WeightsError),
    /// Shift start hours broke a rule.
    #[error("invalid parameter: {0}")]
    Shifts(#[from] ShiftsError),
    /// The input data cannot be analysed (too short, constant, NaN, empty...).
    #[error("invalid data: {0}")]
    Data(String),
    /// Model fitting failed (e.g. the optimizer did not converge).
    #[error("fit failed: {0}")]
    Fit(String),
    /// Forecasting failed.
    #[error("forecast failed: {0}")]
    Forecast(String),
}

/// Result alias for the analysis layer.
pub type Result<T> = std::result::Result<T, Error>;
