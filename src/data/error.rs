//! The data layer's error type.

/// Errors raised while reading, fetching or cleaning incident data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The input does not carry the fields crimecast needs.
    #[error("unknown schema: missing field(s) {missing}; found {found}")]
    Schema {
        /// Comma-separated names of the missing fields.
        missing: String,
        /// Comma-separated names of the fields that were present.
        found: String,
    },
    /// The ArcGIS server answered with its error object.
    #[error("the data service reported error {code}: {message}{details}")]
    Service {
        /// Error code from the reply.
        code: i64,
        /// Message from the reply.
        message: String,
        /// Details from the reply, joined (may be empty).
        details: String,
    },
    /// The reply could not be parsed.
    #[error("unreadable reply: {0}")]
    Parse(String),
    /// A parameter (date window, page size...) is invalid.
    #[error("invalid parameter: {0}")]
    Params(String),
    /// A live page does not follow the pages before it (repeated, shuffled or short).
    #[error(transparent)]
    Continuity(#[from] super::continuity::Gap),
    /// A snapshot file is not one, is of another version, or is truncated or damaged.
    #[error("unreadable snapshot: {0}")]
    Snapshot(String),
    /// The input is empty.
    #[error("no data: {0}")]
    Empty(String),
}

/// Result alias for the data layer.
pub type Result<T> = std::result::Result<T, Error>;
