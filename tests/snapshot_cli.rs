//! `crimecast snapshot` against the project's mock of the City's layer (node
//! tests/e2e/server.mjs): the file it writes holds every row of the window as the layer serves
//! them, its header says where and when they came from, and its monthly counts agree with the
//! rows. Skipped, with a notice, when `node` is not on PATH.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crimecast::data::arcgis::{months, parse_count, parse_page, FieldResolver, Query};
use crimecast::data::raw::{RawRecord, RawTime};
use crimecast::data::snapshot::{live_window, Snapshot};
use crimecast::data::time::DetroitClock;

/// The mock server, stopped when dropped.
struct Mock(Child);

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start the mock on a free port; `None` when node is missing.
fn start_mock(root: &std::path::Path) -> Option<(Mock, u16)> {
    if Command::new("node").arg("--version").output().is_err() {
        println!("skipped: node is not on PATH");
        return None;
    }
    let server = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/server.mjs");
    let mut child = Command::new("node")
        .arg(server)
        .arg(root)
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let port = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Some((Mock(child), port))
}

fn get(url: &str) -> String {
    ureq::get(url)
        .call()
        .expect("mock answers")
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .expect("text")
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a as f32 == b as f32 && (a - b).abs() <= 3.5e-6,
        _ => false,
    }
}

#[test]
fn snapshot_of_the_mock_layer_holds_every_row_and_its_counts() {
    let dir = std::env::temp_dir().join(format!("crimecast-snapshot-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("root")).unwrap();
    let Some((_mock, port)) = start_mock(&dir.join("root")) else {
        return;
    };
    let endpoint = format!("http://127.0.0.1:{port}/mock/big/rpy2000/years2/FeatureServer/0/query");
    let out = dir.join("out");
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let run = Command::new(env!("CARGO_BIN_EXE_crimecast"))
        .args([
            "snapshot",
            "--out",
            out.to_str().unwrap(),
            "--api",
            &endpoint,
            "--years",
            "3",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("the CLI runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(out.join("snapshot.ccs")).unwrap();
    let snap = Snapshot::read(&bytes).unwrap();
    let h = snap.header();
    let clock = DetroitClock::new();
    let window = live_window(clock.local(before).day, Some(3)).unwrap();
    assert_eq!(h.endpoint, endpoint);
    assert_eq!(h.window, window);
    assert!(h.retrieved_ms >= before - 1_000 && h.retrieved_ms <= before + 600_000);

    // The mock's own count of the window's rows, and its rows page by page.
    let query = Query::new(&endpoint, window, &clock);
    let expected = parse_count(&get(&query.count_url())).unwrap();
    assert!(expected > 3_000, "{expected} rows");
    assert_eq!(h.rows, expected);
    let mut served: HashMap<i64, RawRecord<'static>> = HashMap::new();
    let mut resolver = FieldResolver::new();
    let mut offset = 0;
    while offset < expected {
        let page = parse_page(&get(&query.page_url(offset, 2000))).unwrap();
        assert!(!page.features.is_empty());
        offset += page.features.len() as u64;
        for (attrs, geom) in &page.features {
            let r = resolver.record(attrs, *geom);
            let owned = RawRecord {
                report_number: r.report_number.to_string().into(),
                occurred: match r.occurred {
                    RawTime::EpochMs(ms) => RawTime::EpochMs(ms),
                    RawTime::Text(t) => RawTime::Text(t.to_string().into()),
                    RawTime::Missing => RawTime::Missing,
                },
                offense_category: r.offense_category.to_string().into(),
                offense_description: r.offense_description.to_string().into(),
                precinct: r.precinct.to_string().into(),
                neighborhood: r.neighborhood.to_string().into(),
                council_district: r.council_district.to_string().into(),
                zip_code: r.zip_code.to_string().into(),
                location_text: r.location_text.to_string().into(),
                longitude: r.longitude,
                latitude: r.latitude,
                object_id: r.object_id,
            };
            served.insert(owned.object_id.expect("an object id"), owned);
        }
    }
    assert_eq!(served.len() as u64, expected);

    // Every row round-trips: the same fields, coordinates to a millionth of a degree. The
    // loader asks for the fields the page uses (PAGE_FIELDS), so council district, ZIP code
    // and location text, which the mock serves to `outFields=*`, come back empty.
    let rows: Vec<RawRecord<'_>> = snap.rows().collect();
    assert_eq!(rows.len() as u64, expected);
    let mut seen = HashSet::new();
    for r in &rows {
        let id = r.object_id.expect("an object id");
        assert!(seen.insert(id), "object id {id} twice");
        let s = &served[&id];
        let strip = |r: &RawRecord<'_>| {
            (
                r.report_number.to_string(),
                format!("{:?}", r.occurred),
                r.offense_category.to_string(),
                r.offense_description.to_string(),
                r.precinct.to_string(),
                r.neighborhood.to_string(),
            )
        };
        assert_eq!(format!("{:?}", strip(r)), format!("{:?}", strip(s)));
        assert_eq!(
            (&*r.council_district, &*r.zip_code, &*r.location_text),
            ("", "", "")
        );
        assert!(
            close(r.longitude, s.longitude),
            "{:?} {:?}",
            r.longitude,
            s.longitude
        );
        assert!(
            close(r.latitude, s.latitude),
            "{:?} {:?}",
            r.latitude,
            s.latitude
        );
    }
    assert_eq!(h.max_object_id, served.keys().max().copied());

    // The stored monthly counts agree with the rows read back.
    let slots = months(window, &clock);
    let counts = &snap.counts().months;
    assert_eq!(counts.len(), slots.len());
    for (slot, mc) in slots.iter().zip(counts) {
        assert_eq!((mc.year, mc.month), (slot.year, slot.month));
        let in_month: Vec<&RawRecord<'_>> = rows
            .iter()
            .filter(|r| matches!(r.occurred, RawTime::EpochMs(ms) if slot.range.contains(ms)))
            .collect();
        assert_eq!(mc.rows, Some(in_month.len() as u64), "{}", slot.label());
        let mut cells: BTreeMap<(String, String), u64> = BTreeMap::new();
        for r in &in_month {
            let key = (
                r.precinct.trim().to_string(),
                r.offense_category.trim().to_string(),
            );
            *cells.entry(key).or_default() += 1;
        }
        let stored: BTreeMap<(String, String), u64> = mc
            .cells
            .as_ref()
            .expect("cells")
            .iter()
            .map(|c| ((c.precinct.clone(), c.category.clone()), c.rows))
            .collect();
        assert_eq!(stored, cells, "{}", slot.label());
        if let Some(n) = mc.incidents {
            let reports: HashSet<&str> =
                in_month.iter().map(|r| r.report_number.as_ref()).collect();
            assert_eq!(n, reports.len() as u64, "{}", slot.label());
        }
    }
    let rebuilt = snap.counts().to_server(window, &clock);
    assert_eq!(rebuilt.totals().rows, expected);

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("snapshot.json")).unwrap()).unwrap();
    assert_eq!(json["rows"], expected);
    assert_eq!(json["bytes"], bytes.len());
    assert_eq!(json["endpoint"], endpoint.as_str());
    assert_eq!(json["retrieved_ms"], h.retrieved_ms);
    // The gzip'd copy holds the same bytes.
    let gz = std::fs::read(out.join(json["gzip"].as_str().unwrap())).unwrap();
    assert_eq!(json["gzip_bytes"], gz.len());
    assert!(gz.len() < bytes.len());
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
    assert_eq!(plain, bytes);
    let _ = std::fs::remove_dir_all(&dir);
}
