//! The official boundaries next to a live source, fetched once in the background after the
//! load's first counts: the precincts and neighborhoods of the City's boundary layers (sans-IO
//! [`BoundaryLoad`]s driven here), handed to the engine (which places rows lacking a
//! neighborhood) and passed on to the page.

use gloo_worker::WorkerScope;

use crate::data::arcgis::Reply;
use crate::data::boundaries::{Boundaries, BoundaryLayer, BoundaryLoad};
use crate::data::boundaries::{NEIGHBORHOOD_LAYER, PRECINCT_LAYER};
use crate::worker::messages::{host_of, is_city, OfficialBoundaries, Response};

use super::live::fetch_reply;
use super::{respond, Msg, Runtime};

/// The boundary fetch's state: the live endpoint, the job it was asked for, and the last
/// result (kept for a later load of the same endpoint).
#[derive(Default)]
pub struct BoundaryFetch {
    endpoint: Option<String>,
    asked: Option<u32>,
    cached: Option<(String, OfficialBoundaries)>,
}

impl BoundaryFetch {
    /// A live load of `endpoint` begins: nothing asked for it yet.
    pub fn begin(&mut self, endpoint: &str) {
        self.endpoint = Some(endpoint.to_string());
        self.asked = None;
    }
}

async fn fetch_layer(api: &str, layer: BoundaryLayer) -> Result<Boundaries, String> {
    let mut load = BoundaryLoad::new(api, layer);
    loop {
        let text = match fetch_reply(&load.next_url()).await {
            Reply::Body(bytes) => {
                String::from_utf8(bytes).map_err(|_| "the reply is not UTF-8 text".to_string())?
            }
            Reply::Http { status, .. } => return Err(format!("HTTP {status}")),
            Reply::Network(e) => return Err(e),
            Reply::TimedOut => return Err("no answer in time".into()),
        };
        if let Some(b) = load.take(&text).map_err(|e| e.to_string())? {
            return Ok(b);
        }
    }
}

async fn fetch_all(api: String) -> OfficialBoundaries {
    let mut failures = Vec::new();
    let mut one = |what: &str, r: Result<Boundaries, String>| match r {
        Ok(b) => Some(b),
        Err(e) => {
            failures.push(format!("{what}: {e}"));
            None
        }
    };
    let precincts = one("precincts", fetch_layer(&api, PRECINCT_LAYER).await);
    let neighborhoods = one("neighborhoods", fetch_layer(&api, NEIGHBORHOOD_LAYER).await);
    OfficialBoundaries {
        source: if is_city(&api) {
            "City of Detroit".into()
        } else {
            format!("custom source: {}", host_of(&api))
        },
        precincts,
        neighborhoods,
        failures,
        placed: 0,
    }
}

impl Runtime {
    /// The live load `job` has its first counts or rows: fetch the official boundaries once
    /// (or reuse those fetched for the same endpoint).
    pub(super) fn boundaries_due(&mut self, scope: &WorkerScope<Self>, job: u32) {
        let Some(api) = self.boundaries.endpoint.clone() else {
            return;
        };
        if self.boundaries.asked == Some(job) {
            return;
        }
        self.boundaries.asked = Some(job);
        match &self.boundaries.cached {
            Some((e, b)) if *e == api && b.failures.is_empty() => {
                let b = b.clone();
                self.on_boundaries(scope, job, b);
            }
            _ => scope
                .send_future(async move { Msg::Boundaries(job, Box::new(fetch_all(api).await)) }),
        }
    }

    /// The boundaries for the live load `job` arrived: rows lacking a neighborhood are
    /// placed, the page is told (and gets the dataset again when rows were placed).
    pub(super) fn on_boundaries(
        &mut self,
        scope: &WorkerScope<Self>,
        job: u32,
        mut b: OfficialBoundaries,
    ) {
        if let Some(api) = self.boundaries.endpoint.clone() {
            self.boundaries.cached = Some((api, b.clone()));
        }
        if self.cancelled.contains(&job) {
            return;
        }
        if let Some(n) = b.neighborhoods.clone() {
            b.placed = self.engine.set_neighborhoods(n);
        }
        if let Some(id) = self.client(job) {
            let placed = b.placed;
            respond(
                scope,
                id,
                Response::Boundaries {
                    job,
                    boundaries: Box::new(b),
                },
            );
            if placed > 0 {
                self.publish(scope, job);
            }
        }
    }
}
