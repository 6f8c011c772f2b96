//! What the worker sends back: progress, notices, datasets, overviews, analysis results,
//! LSTM epochs and results, failures.

use serde::{Deserialize, Serialize};

use crate::data::aggregate::Overview;
use crate::data::clean::{CleanRules, Quality};

use super::analyses::AnalysisResult;
use super::results::{EpochPoint, LstmResult};

/// Where the loaded rows came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// crimecast's synthetic demo data (not real incidents).
    Demo {
        /// Generator seed.
        seed: u64,
    },
    /// The City of Detroit open-data API.
    Live {
        /// The query endpoint.
        endpoint: String,
        /// The snapshot the load started from (a copy kept by the browser or the site's
        /// own), if any.
        #[serde(default)]
        base: Option<BaseOrigin>,
    },
    /// A file the user dropped in.
    File {
        /// File name.
        name: String,
    },
}

impl Source {
    /// Short label for the page ("synthetic demo data", "live City of Detroit data"...).
    pub fn label(&self) -> String {
        match self {
            Source::Demo { .. } => "synthetic demo data".to_string(),
            Source::Live { endpoint, base } => {
                let what = if is_city(endpoint) {
                    "live City of Detroit data".to_string()
                } else {
                    format!("custom source: {}", host_of(endpoint))
                };
                match base {
                    Some(b) => format!("{what}, {}", b.words()),
                    None => what,
                }
            }
            Source::File { name } => format!("uploaded file {name}"),
        }
    }

    /// Whether these rows are synthetic.
    pub fn is_synthetic(&self) -> bool {
        matches!(self, Source::Demo { .. })
    }
}

/// Where the rows a live load started from came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BaseKind {
    /// The copy this browser kept from an earlier visit.
    Cache,
    /// The snapshot published with the site.
    Publisher,
}

/// The snapshot a live load started from: where it came from, when its rows were retrieved,
/// and whether the live updates are all in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseOrigin {
    /// Browser cache or the site's snapshot.
    pub kind: BaseKind,
    /// When its rows were retrieved, epoch ms.
    pub retrieved_ms: i64,
    /// Whether the refresh from the service finished.
    pub refreshed: bool,
}

impl BaseOrigin {
    /// In words: "cached data retrieved 2026-12-04 18:05", "cached 2026-12-04 + live
    /// updates", "snapshot of 2026-12-04 + live updates" (Detroit local time).
    pub fn words(&self) -> String {
        let local = crate::data::time::DetroitClock::new().local(self.retrieved_ms);
        let day = crate::data::time::format_day(local.day);
        match (self.kind, self.refreshed) {
            (BaseKind::Cache, false) => format!(
                "cached data retrieved {day} {:02}:{:02}",
                local.minute / 60,
                local.minute % 60
            ),
            (BaseKind::Cache, true) => format!("cached {day} + live updates"),
            (BaseKind::Publisher, _) => format!("snapshot of {day} + live updates"),
        }
    }
}

/// The City of Detroit's own RMS crime-incident layer (host, owner and service path).
pub const CITY_LAYER: (&str, &str) = (
    "services2.arcgis.com/qvkbeam7Wirps6zC/",
    "/RMS_Crime_Incidents/FeatureServer/0",
);

/// Whether `endpoint` is the City of Detroit's own layer (over HTTPS).
pub fn is_city(endpoint: &str) -> bool {
    let Some(rest) = endpoint.strip_prefix("https://") else {
        return false;
    };
    let path = rest.split(['?', '#']).next().unwrap_or("");
    path.starts_with(CITY_LAYER.0)
        && path
            .trim_end_matches('/')
            .trim_end_matches("/query")
            .ends_with(CITY_LAYER.1)
}

/// The host (with port) of a URL, or the URL itself when it has none.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() {
        url.to_string()
    } else {
        host.to_string()
    }
}

/// The distinct values of the loaded data, for the filter controls.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Facets {
    /// Category names with row counts, largest first.
    pub categories: Vec<(String, u64)>,
    /// Neighborhood names, sorted.
    pub neighborhoods: Vec<String>,
    /// Precincts present (2..=12).
    pub precincts: Vec<u8>,
    /// First and last local day with data.
    pub day_range: Option<(i32, i32)>,
}

/// A description of the active dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Its source.
    pub source: Source,
    /// The cleaning accounting.
    pub quality: Quality,
    /// Filter choices.
    pub facets: Facets,
    /// The rules used.
    pub rules: CleanRules,
    /// False while rows are still streaming in.
    pub complete: bool,
    /// Approximate bytes of row storage.
    pub heap_bytes: u64,
    /// Size of the worker's WebAssembly memory in bytes (0 where not measured).
    pub wasm_memory_bytes: u64,
    /// A live load's server counts, rows and reconciliation (live data only).
    #[serde(default)]
    pub live: Option<super::LiveStatus>,
}

/// Server-side counts shown before the rows arrive (live data only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveSummary {
    /// Rows in the window according to the server.
    pub total: u64,
    /// Offense rows by category, largest first.
    pub by_category: Vec<(String, u64)>,
    /// Offense rows by precinct code as published.
    pub by_precinct: Vec<(String, u64)>,
    /// Whether the server is the City of Detroit's own layer.
    #[serde(default)]
    pub city: bool,
}

/// What an uploaded point layer holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// File name.
    pub name: String,
    /// Valid points.
    pub points: u64,
    /// Points inside Detroit's extent.
    pub in_extent: u64,
    /// Rows or features read.
    pub rows: u64,
    /// Rows or features skipped.
    pub skipped: u64,
}

/// The rows an analysis read: an order-independent content hash and their number (the same
/// rows give the same hash however they were loaded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Content hash, 32 hex digits.
    pub hash: String,
    /// Rows analysed.
    pub rows: u64,
}

/// A reply from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The answer to a heartbeat [`Request::Ping`](super::Request::Ping).
    Pong {
        /// The heartbeat's sequence number.
        seq: u32,
    },
    /// Work in progress.
    Progress {
        /// Job id.
        job: u32,
        /// What is being done, in words.
        stage: String,
        /// Units done.
        done: u64,
        /// Units in all, when known.
        total: Option<u64>,
    },
    /// The copies of live loads kept in the browser were forgotten (or could not be).
    CacheForgotten {
        /// Job id.
        job: u32,
        /// Why they could not be, if so.
        error: Option<String>,
    },
    /// Something worth telling the user that is not an error (a retry, a fallback).
    Notice {
        /// Job id.
        job: u32,
        /// The message.
        message: String,
    },
    /// Server-side counts for a live window.
    Summary {
        /// Job id.
        job: u32,
        /// The counts.
        summary: LiveSummary,
    },
    /// A dataset is now active (possibly still growing: see `complete`).
    Loaded {
        /// Job id.
        job: u32,
        /// The dataset.
        dataset: Box<Dataset>,
    },
    /// The overview of a filter.
    Overview {
        /// Job id.
        job: u32,
        /// The numbers.
        overview: Box<Overview>,
    },
    /// The official boundaries next to a live source (or why they could not be had).
    Boundaries {
        /// Job id of the live load.
        job: u32,
        /// The boundaries.
        boundaries: Box<super::OfficialBoundaries>,
    },
    /// A computed analysis.
    Analysis {
        /// Job id.
        job: u32,
        /// The result.
        result: AnalysisResult,
        /// The rows analysed, for run records (None for analyses that are not recorded, such
        /// as the stepped allocation analysis).
        fingerprint: Option<Fingerprint>,
    },
    /// A point layer was read.
    Layer {
        /// Job id.
        job: u32,
        /// What it holds.
        info: LayerInfo,
    },
    /// One LSTM training epoch finished.
    LstmEpoch {
        /// Job id.
        job: u32,
        /// Its losses.
        point: EpochPoint,
    },
    /// An LSTM was trained (or imported) and scored.
    LstmDone {
        /// Job id.
        job: u32,
        /// Scores, forecast and the model file.
        result: Box<LstmResult>,
    },
    /// A job failed or was cancelled; the previously active dataset is untouched.
    Failed {
        /// Job id.
        job: u32,
        /// What went wrong, in words.
        message: String,
        /// Rows of this job that were loaded before it stopped (usable with `UsePartial`).
        partial_rows: u64,
    },
}

impl Response {
    /// A job that failed with `message`, with no partial rows to offer.
    pub fn failed(job: u32, message: impl Into<String>) -> Response {
        Response::Failed {
            job,
            message: message.into(),
            partial_rows: 0,
        }
    }

    /// A notice for job `job` (shown to the user, the job goes on).
    pub fn notice(job: u32, message: impl Into<String>) -> Response {
        Response::Notice {
            job,
            message: message.into(),
        }
    }

    /// The job this response belongs to.
    pub fn job(&self) -> u32 {
        match self {
            Response::Progress { job, .. }
            | Response::Notice { job, .. }
            | Response::CacheForgotten { job, .. }
            | Response::Summary { job, .. }
            | Response::Loaded { job, .. }
            | Response::Overview { job, .. }
            | Response::Analysis { job, .. }
            | Response::Boundaries { job, .. }
            | Response::Layer { job, .. }
            | Response::LstmEpoch { job, .. }
            | Response::LstmDone { job, .. }
            | Response::Failed { job, .. } => *job,
            Response::Pong { .. } => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_citys_own_layer_is_labelled_city_data() {
        assert!(is_city(crate::data::arcgis::DEFAULT_API));
        let mock = "http://127.0.0.1:8196/mock/big/FeatureServer/0/query";
        assert!(!is_city(mock));
        assert!(!is_city("https://evil.example/services2.arcgis.com/qvkbeam7Wirps6zC/arcgis/rest/services/RMS_Crime_Incidents/FeatureServer/0/query"));
        assert!(!is_city("http://services2.arcgis.com/qvkbeam7Wirps6zC/arcgis/rest/services/RMS_Crime_Incidents/FeatureServer/0/query"));
        let label = |e: &str| {
            Source::Live {
                endpoint: e.into(),
                base: None,
            }
            .label()
        };
        assert_eq!(
            label(crate::data::arcgis::DEFAULT_API),
            "live City of Detroit data"
        );
        assert_eq!(label(mock), "custom source: 127.0.0.1:8196");
        assert_eq!(host_of("https://u:p@h.example/x"), "h.example");
        // 2025-12-04 23:05 UTC is 18:05 in Detroit.
        let mut origin = BaseOrigin {
            kind: BaseKind::Cache,
            retrieved_ms: 1_764_889_500_000,
            refreshed: false,
        };
        let with = |o: BaseOrigin| {
            Source::Live {
                endpoint: crate::data::arcgis::DEFAULT_API.into(),
                base: Some(o),
            }
            .label()
        };
        assert_eq!(
            with(origin),
            "live City of Detroit data, cached data retrieved 2025-12-04 18:05"
        );
        origin.refreshed = true;
        assert_eq!(
            with(origin),
            "live City of Detroit data, cached 2025-12-04 + live updates"
        );
        origin.kind = BaseKind::Publisher;
        assert_eq!(
            with(origin),
            "live City of Detroit data, snapshot of 2025-12-04 + live updates"
        );
    }
}
