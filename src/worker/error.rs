//! The worker layer's error type.

/// Errors raised while serving a request in the worker.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Reading or cleaning data failed.
    #[error(transparent)]
    Data(#[from] crate::data::Error),
    /// An analysis failed.
    #[error(transparent)]
    Analysis(#[from] crate::analysis::Error),
    /// Hotspot settings outside what the page accepts.
    #[error("invalid parameter: {0}")]
    HotspotSpec(#[from] crate::worker::messages::HotspotSpecError),
    /// LSTM settings outside what the page accepts.
    #[error("invalid parameter: {0}")]
    LstmSettings(#[from] crate::worker::messages::LstmSettingsError),
    /// The request refers to a job that is not running.
    #[error("no such job {0}")]
    UnknownJob(u32),
    /// The request needs data but none is loaded.
    #[error("no data is loaded yet")]
    NoData,
    /// The network failed (offline, timeout, HTTP error).
    #[error("{0}")]
    Network(String),
    /// The job was cancelled.
    #[error("cancelled")]
    Cancelled,
}
