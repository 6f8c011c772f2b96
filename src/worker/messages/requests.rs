//! What the page sends: loads, analyses, LSTM training and imports, cancel and stop.

use serde::{Deserialize, Serialize};

use crate::data::clean::CleanRules;
use crate::data::filter::Filter;

use super::analyses::AnalysisSpec;
use super::specs::LstmSettings;

/// Kind of an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// The portal's CSV export (either schema).
    Csv,
    /// A GeoJSON FeatureCollection.
    GeoJson,
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
    /// Loop forever (the `debug=worker-hang` test hook): a worker that stops answering.
    DebugHang,
    /// Allocate until memory runs out (the `debug=worker-oom` test hook): a worker that dies
    /// without its panic hook.
    DebugOom,
    /// The page's heartbeat: answer at once with [`Response::Pong`](super::Response::Pong)
    /// and the same number, showing the worker still takes messages.
    Ping {
        /// Sequence number of the heartbeat.
        seq: u32,
    },
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
        /// Keep a copy of the load in the browser, and start from the copy kept by an
        /// earlier visit (or from the site's snapshot when newer): only the changes are
        /// loaded.
        keep: bool,
        /// Where the site publishes its snapshot (an absolute address ending in `/`, holding
        /// `snapshot.json`), for a load that keeps a copy.
        site_data: Option<String>,
    },
    /// Forget the copies of live loads kept in the browser.
    ForgetCache {
        /// Job id.
        job: u32,
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
