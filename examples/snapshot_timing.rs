//! How long a return visit takes to show a snapshot's rows: the engine started from a
//! snapshot file (its check, the refresh's base, the rows cleaned) up to its first poll.
//! Usage: `cargo run --release --example snapshot_timing -- FILE.ccs`.

use std::time::Instant;

use crimecast::data::clean::CleanRules;
use crimecast::data::snapshot::{base_of, Snapshot};
use crimecast::data::time::DetroitClock;
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::BaseKind;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: snapshot_timing FILE.ccs")?;
    let bytes = std::fs::read(path)?;
    let t = Instant::now();
    let snap = Snapshot::read(&bytes)?;
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let h = snap.header().clone();
    let t = Instant::now();
    let rows = snap.rows().count();
    let decode_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let base = base_of(&snap, h.window, &DetroitClock::new());
    let base_ms = t.elapsed().as_secs_f64() * 1e3;
    let rules = CleanRules {
        first_day: h.window.first_day,
        last_day: h.window.last_day,
        ..CleanRules::default()
    };
    let t = Instant::now();
    let mut e = Engine::new();
    e.live_begin_cached(
        1,
        &h.endpoint,
        h.window,
        rules,
        h.retrieved_ms,
        Some((bytes.clone(), BaseKind::Cache)),
    )?;
    let begin_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let tick = e.live_poll(1, h.retrieved_ms);
    let poll_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "{rows} rows, {} months: check {read_ms:.1} ms, decode {decode_ms:.1} ms, base {base_ms:.1} ms; \
         engine begin {begin_ms:.1} ms, first poll {poll_ms:.1} ms ({} responses, {} sends)",
        base.months.len(),
        tick.responses.len(),
        tick.send.len()
    );
    Ok(())
}
