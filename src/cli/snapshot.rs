//! `crimecast snapshot --out DIR [--api URL] [--years N] [--ca-file PEM]`: loads a layer's
//! rows and server counts with the page's own loader (the whole history by default) and
//! writes them as a snapshot (`DIR/snapshot.ccs`) with a small description beside it
//! (`DIR/snapshot.json`). `--ca-file` trusts the certificates in a PEM file instead of the
//! built-in web roots (a layer behind a private or self-signed certificate).

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ureq::tls::{Certificate, RootCerts, TlsConfig};

use super::Error;
use crate::data::arcgis::schedule::{Event, LoadParams, LoadState, Loader, Reply, SendId};
use crate::data::arcgis::{FieldResolver, DEFAULT_API};
use crate::data::snapshot::{live_window, SnapshotCounts, SnapshotWriter, VERSION};
use crate::data::time::{format_day, DetroitClock};

/// The snapshot's file name inside `--out`.
pub const FILE: &str = "snapshot.ccs";
/// The snapshot's gzip'd copy inside `--out` (the page uses it where the browser can
/// decompress a stream).
pub const GZIP_FILE: &str = "snapshot.ccs.gz";
/// The description's file name inside `--out`.
pub const DESCRIPTION: &str = "snapshot.json";
/// Requests in flight at once (the loader may send one more: the oldest outstanding).
const CONNECTIONS: usize = 6;
/// A reply's largest body.
const MAX_BODY: u64 = 256 << 20;

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Args {
    out: PathBuf,
    api: String,
    years: Option<u32>,
    ca_file: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Args, Error> {
    let usage = || Error::Usage(USAGE.to_string());
    let (mut out, mut api, mut years, mut ca_file) = (None, DEFAULT_API.to_string(), None, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(usage)?;
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--api" => api = value.clone(),
            "--ca-file" => ca_file = Some(PathBuf::from(value)),
            "--years" => {
                let n: u32 = value.parse().map_err(|_| usage())?;
                if n == 0 {
                    return Err(Error::Usage(format!("--years must be at least 1, got {n}")));
                }
                years = Some(n);
            }
            _ => return Err(usage()),
        }
    }
    Ok(Args {
        out: out.ok_or_else(usage)?,
        api,
        years,
        ca_file,
    })
}

/// Usage of the subcommand.
pub const USAGE: &str = "crimecast snapshot --out DIR [--api URL] [--years N] [--ca-file PEM]";

fn epoch_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// One request: its send id, URL; answered with what became of it.
type Job = (SendId, String);

/// GET `url`: the body of a 2xx reply, the status (with `Retry-After`) of another, or the
/// failure.
fn fetch(agent: &ureq::Agent, url: &str) -> Reply {
    let mut resp = match agent.get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Timeout(_)) => return Reply::TimedOut,
        Err(e) => return Reply::Network(e.to_string()),
    };
    let status = resp.status().as_u16();
    if !(200..300).contains(&status) {
        let retry_after_s = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        return Reply::Http {
            status,
            retry_after_s,
        };
    }
    match resp.body_mut().with_config().limit(MAX_BODY).read_to_vec() {
        Ok(body) => Reply::Body(body),
        Err(e) => Reply::Network(e.to_string()),
    }
}

/// `bytes` gzip'd (level 9).
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    gz.finish()
}

/// The certificates of the PEM file at `path`.
fn certificates(path: &std::path::Path) -> Result<Vec<Certificate<'static>>, Error> {
    let bad = |why: String| Error::Usage(format!("--ca-file {}: {why}", path.display()));
    let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(bad("no certificate in it".into()));
    }
    Ok(certs)
}

/// Start `n` threads answering jobs, each request given up after `timeout_ms`; returns where
/// to send jobs and where replies arrive.
fn workers(
    n: usize,
    timeout_ms: u64,
    roots: Option<Vec<Certificate<'static>>>,
) -> (mpsc::Sender<Job>, mpsc::Receiver<(SendId, Reply)>) {
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (reply_tx, reply_rx) = mpsc::channel();
    let job_rx = std::sync::Arc::new(std::sync::Mutex::new(job_rx));
    let mut tls = TlsConfig::builder();
    if let Some(certs) = roots {
        tls = tls.root_certs(RootCerts::from(certs));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls.build())
        .timeout_global(Some(Duration::from_millis(timeout_ms)))
        .http_status_as_error(false)
        .user_agent("crimecast-snapshot")
        .build()
        .into();
    for _ in 0..n {
        let (jobs, replies, agent) = (job_rx.clone(), reply_tx.clone(), agent.clone());
        std::thread::spawn(move || loop {
            let job = match jobs.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            let Ok((id, url)) = job else { return };
            if replies.send((id, fetch(&agent, &url))).is_err() {
                return;
            }
        });
    }
    (job_tx, reply_rx)
}

/// Run the subcommand; returns the line to print (the files written).
pub fn run(args: &[String]) -> Result<String, Error> {
    let args = parse(args)?;
    let clock = DetroitClock::new();
    let retrieved_ms = epoch_ms();
    let window = live_window(clock.local(retrieved_ms).day, args.years)?;
    let mut params = LoadParams::new(&args.api, window);
    params.concurrency = CONNECTIONS;
    params.count_concurrency = CONNECTIONS;
    let params = params.check()?;
    let endpoint = params.endpoint.clone();
    let timeout_ms = params.timeout_ms;
    let start = Instant::now();
    let now = || start.elapsed().as_millis() as i64;
    let mut load = Loader::new(params, clock, now());
    let mut writer = SnapshotWriter::new(retrieved_ms, &endpoint, window);
    let mut resolver = FieldResolver::new();
    let roots = args.ca_file.as_deref().map(certificates).transpose()?;
    let (jobs, replies) = workers(CONNECTIONS + 2, timeout_ms, roots);
    eprintln!(
        "snapshot of {endpoint}, {} to {}",
        format_day(window.first_day),
        format_day(window.last_day)
    );
    let mut last_report = -1_000_000;
    loop {
        let poll = load.poll(now());
        for s in poll.send {
            jobs.send((s.id, s.url))
                .map_err(|_| Error::Io("the request threads stopped".into()))?;
        }
        for ready in load.take_pages() {
            for (attrs, geom) in &ready.page.features {
                writer.push(&resolver.record(attrs, *geom));
            }
        }
        for e in load.take_events() {
            if let Event::Notice(text) = e {
                eprintln!("  {text}");
            }
        }
        let p = load.progress();
        if now() - last_report >= 2_000 || poll.state == LoadState::Done {
            last_report = now();
            eprintln!(
                "  {:.1} s: {} of {} rows, counts of {} of {} months, {} requests in flight",
                now() as f64 / 1e3,
                p.rows_loaded,
                p.rows_counted,
                p.months_counted,
                p.months,
                p.in_flight
            );
        }
        match poll.state {
            LoadState::Done => break,
            LoadState::Failed(why) => return Err(Error::Io(format!("the load failed: {why}"))),
            LoadState::Stalled(why) => eprintln!("  stalled: {why}"),
            LoadState::Running => {}
        }
        let wait = poll.wake_at.map_or(1_000, |t| (t - now()).clamp(0, 1_000));
        if let Ok((id, reply)) = replies.recv_timeout(Duration::from_millis(wait as u64)) {
            load.on_reply(id, now(), reply);
            while let Ok((id, reply)) = replies.try_recv() {
                load.on_reply(id, now(), reply);
            }
        }
    }
    writer.set_counts(SnapshotCounts::from_server(load.counts()));
    let rows = writer.rows();
    let bytes = writer.finish();
    std::fs::create_dir_all(&args.out).map_err(|e| Error::Io(e.to_string()))?;
    let file = args.out.join(FILE);
    std::fs::write(&file, &bytes).map_err(|e| Error::Io(format!("{}: {e}", file.display())))?;
    let gz_file = args.out.join(GZIP_FILE);
    let gz = gzip(&bytes).map_err(|e| Error::Io(format!("{}: {e}", gz_file.display())))?;
    std::fs::write(&gz_file, &gz).map_err(|e| Error::Io(format!("{}: {e}", gz_file.display())))?;
    let description = serde_json::json!({
        "file": FILE,
        "gzip": GZIP_FILE,
        "gzip_bytes": gz.len(),
        "format_version": VERSION,
        "retrieved_ms": retrieved_ms,
        "rows": rows,
        "bytes": bytes.len(),
        "endpoint": endpoint,
        "first_day": format_day(window.first_day),
        "last_day": format_day(window.last_day),
    });
    let json = args.out.join(DESCRIPTION);
    std::fs::write(&json, format!("{description:#}\n"))
        .map_err(|e| Error::Io(format!("{}: {e}", json.display())))?;
    Ok(format!(
        "wrote {} ({rows} rows, {} bytes, {:.1} a row) and {}",
        file.display(),
        bytes.len(),
        bytes.len() as f64 / rows.max(1) as f64,
        json.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_flags_and_defaults() {
        let a = parse(&args(&["--out", "d"])).unwrap();
        assert_eq!(a.api, DEFAULT_API);
        assert_eq!(a.years, None);
        let a = parse(&args(&[
            "--years",
            "2",
            "--out",
            "d",
            "--api",
            "http://x/q",
        ]))
        .unwrap();
        assert_eq!((a.years, a.api.as_str()), (Some(2), "http://x/q"));
        assert!(parse(&args(&["--api", "x"])).is_err());
        assert!(parse(&args(&["--out"])).is_err());
        assert!(parse(&args(&["--out", "d", "--years", "0"])).is_err());
        assert!(parse(&args(&["--out", "d", "--bogus", "1"])).is_err());
    }
}
