//! The size of a snapshot of 100,000 demo rows (from 2024-01-01, object ids 1, 2, ... as the
//! layer numbers its rows), raw and gzip'd (level 9, as `gzip -9`); `scripts/bench` writes it
//! to its work folder. Usage: `cargo run --release --example snapshot_size -- OUT.json`.

use std::io::Write;

use crimecast::data::arcgis::Window;
use crimecast::data::demo::{Demo, DemoConfig};
use crimecast::data::snapshot::SnapshotWriter;
use crimecast::data::time::day_of;

const ROWS: usize = 100_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: snapshot_size OUT.json")?;
    let first = day_of(2024, 1, 1).ok_or("no such day")?;
    let window = Window::new(first, first + 800)?;
    let mut writer = SnapshotWriter::new(0, "demo", window);
    let demo = Demo::new(DemoConfig::default());
    demo.generate(first, first + 800, &mut |r| {
        if writer.rows() < ROWS as u64 {
            let mut row = r.clone();
            row.object_id = Some(writer.rows() as i64 + 1);
            writer.push(&row);
        }
    });
    let rows = writer.rows();
    let bytes = writer.finish();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gzip = gz.finish()?.len();
    let doc = serde_json::json!({
        "rows": rows,
        "raw_bytes": bytes.len(),
        "gzip_bytes": gzip,
    });
    std::fs::write(&out, format!("{doc:#}\n"))?;
    println!(
        "snapshot of {rows} demo rows: {} bytes ({:.2} a row), gzip -9 {gzip} bytes ({:.2} a row)",
        bytes.len(),
        bytes.len() as f64 / rows as f64,
        gzip as f64 / rows as f64
    );
    Ok(())
}
