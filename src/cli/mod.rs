//! The native command-line interface over the same core the page uses.

pub mod forecast;
#[cfg(feature = "lstm")]
mod lstm;
mod reference_spatial;
pub mod reference_ts;
#[cfg(not(target_arch = "wasm32"))]
pub mod snapshot;

/// Errors of the command-line layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line was not understood.
    #[error("usage: {0}")]
    Usage(String),
    /// The input JSON could not be read.
    #[error("bad input: {0}")]
    Input(#[from] serde_json::Error),
    /// The analysis failed.
    #[error(transparent)]
    Analysis(#[from] crate::analysis::Error),
    /// Loading or checking data failed.
    #[error(transparent)]
    Data(#[from] crate::data::Error),
    /// A file could not be written, or the fetching stopped.
    #[error("{0}")]
    Io(String),
}

/// Run the CLI with `args` (without the program name) and `stdin` text; returns stdout text.
pub fn run(args: &[String], stdin: &str) -> Result<String, Error> {
    let first = args.first().map(String::as_str);
    let second = args.get(1).map(String::as_str);
    match (first, second) {
        (Some("reference"), Some("gi-star")) => reference_spatial::gi_star(stdin),
        (Some("reference"), Some("dbscan")) => reference_spatial::dbscan(stdin),
        (Some("reference"), Some("kde")) => reference_spatial::kde(stdin),
        #[cfg(feature = "lstm")]
        (Some("lstm"), _) => lstm::run(stdin),
        (Some("reference"), Some("sarimax")) => reference_ts::sarimax_case(stdin),
        (Some("reference"), Some("diagnostics")) => reference_ts::diagnostics_case(stdin),
        (Some("forecast"), _) => forecast::run(stdin),
        #[cfg(not(target_arch = "wasm32"))]
        (Some("snapshot"), _) => snapshot::run(&args[1..]),
        _ => Err(Error::Usage(USAGE.to_string())),
    }
}

const USAGE: &str = "crimecast reference <sarimax|diagnostics|gi-star|dbscan|kde> < case.json\n       crimecast forecast < {\"y\":[...],\"period\":12,\"steps\":12}\n       crimecast lstm < {\"y\":[...],\"window\":12,\"horizon\":52,\"seed\":1}\n       crimecast snapshot --out DIR [--api URL] [--years N]";
