//! Every message between the page and its Web Worker: one [`Request`] enum, one
//! [`Response`] enum, plain serde data with a job id for progress and cancel.

use serde::{Deserialize, Serialize};

use crate::data::aggregate::Overview;
use crate::data::clean::{CleanRules, Quality};
use crate::data::filter::Filter;

use super::lstm::{EpochPoint, LstmResult, LstmSettings};
use super::pipelines::{AnalysisResult, AnalysisSpec};

/// Kind of an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// The portal's CSV export (either schema).
    Csv,
    /// A GeoJSON FeatureCollection.
    GeoJson,
}

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
            Source::Live { .. } => "live City of Detroit data".to_string(),
            Source::File { name } => format!("uploaded file {name}"),
        }
    }

    /// Whether these rows are synthetic.
    pub fn is_synthetic(&self) -> bool {
        matches!(self, Source::Demo { .. })
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

/// A request from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Sent once after spawning: the page instance, so a crash report reaches only it.
    Init {
        /// Random id of the page instance.
        instance: u32,
    },
    /// Crash the worker on purpose (the `debug=worker-panic` test hook).
    DebugPanic,
    /// Generate and load the demo data.
    LoadDemo {
        /// Job id.
        job: u32,
        /// Seed.
        seed: u64,
        /// Cleaning rules.
        rules: CleanRules,
    },
    /// Fetch rows from the ArcGIS API for a window of local days.
    LoadLive {
        /// Job id.
        job: u32,
        /// Query endpoint.
        endpoint: String,
        /// First local day.
        first_day: i32,
        /// Last local day.
        last_day: i32,
        /// Cleaning rules.
        rules: CleanRules,
    },
    /// Start streaming a file.
    FileStart {
        /// Job id.
        job: u32,
        /// File name.
        name: String,
        /// Size in bytes.
        size: u64,
        /// Kind.
        kind: FileKind,
        /// Cleaning rules.
        rules: CleanRules,
    },
    /// The next chunk of the file.
    FileChunk {
        /// Job id.
        job: u32,
        /// Bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// The file is complete.
    FileEnd {
        /// Job id.
        job: u32,
    },
    /// Stop a running job; rows already loaded by earlier jobs are kept.
    Cancel {
        /// Job id.
        job: u32,
    },
    /// Make the partial rows of a failed or cancelled load the active dataset.
    UsePartial {
        /// Job id of the failed load.
        job: u32,
    },
    /// Run an analysis over the filtered rows of the active dataset.
    Analyze {
        /// Job id.
        job: u32,
        /// Filter.
        filter: Filter,
        /// What to compute.
        spec: AnalysisSpec,
    },
    /// Compute the overview of a filter over the active dataset.
    Overview {
        /// Job id.
        job: u32,
        /// Filter.
        filter: Filter,
    },
    /// Read a point layer (CSV or GeoJSON) to compare with the incidents.
    LoadLayer {
        /// Job id.
        job: u32,
        /// File name.
        name: String,
        /// The whole file.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Train the LSTM on the weekly counts of the filtered rows; replies with one
    /// [`Response::LstmEpoch`] per epoch, then [`Response::LstmDone`] (or `Failed`).
    TrainLstm {
        /// Job id.
        job: u32,
        /// Filter.
        filter: Filter,
        /// Network and training settings.
        settings: LstmSettings,
    },
    /// Stop a training run early: the best weights so far are kept and scored.
    StopTraining {
        /// Job id of the training run.
        job: u32,
    },
    /// Read an exported LSTM model and score and forecast it on the filtered rows, without
    /// training; replies with [`Response::LstmDone`] (or `Failed`).
    ImportLstm {
        /// Job id.
        job: u32,
        /// Filter.
        filter: Filter,
        /// Weeks held out to score the model.
        test_weeks: usize,
        /// The model file's text.
        json: String,
    },
}

/// A reply from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
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
    /// A computed analysis.
    Analysis {
        /// Job id.
        job: u32,
        /// The result.
        result: AnalysisResult,
        /// Order-independent content hash of the rows analysed (for run records).
        data_hash: String,
        /// Rows analysed.
        rows: u64,
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
            | Response::Summary { job, .. }
            | Response::Loaded { job, .. }
            | Response::Overview { job, .. }
            | Response::Analysis { job, .. }
            | Response::Layer { job, .. }
            | Response::LstmEpoch { job, .. }
            | Response::LstmDone { job, .. }
            | Response::Failed { job, .. } => *job,
        }
    }
}
