//! The snapshot a whole-history live load starts from: the copy this browser kept
//! ([`super::cache`]), or the one published with the site (`data/snapshot.json` describing
//! `data/snapshot.ccs`) when that was retrieved later. A site without one, or one of another
//! layer or window, is passed over in silence; a browser whose storage fails turns the cache
//! off for the visit and says so.

use crate::data::arcgis::{Reply, Window};
use crate::data::time::format_day;
use crate::worker::messages::BaseKind;

use super::cache;
use super::gunzip;
use super::live::fetch_reply;

/// What was found before a load starts.
pub struct Found {
    /// The snapshot to start from and where it came from.
    pub from: Option<(Vec<u8>, BaseKind)>,
    /// Why the browser's cache failed, if it did (it is then off for the visit).
    pub cache_failed: Option<String>,
}

/// The site's snapshot description, when it describes a snapshot of `endpoint` over a window
/// starting on `first_day`: the snapshot file's address, its gzip'd copy's (when listed and
/// the browser can decompress it) and its retrieval time, epoch ms.
fn published(
    json: &[u8],
    json_url: &str,
    endpoint: &str,
    first_day: i32,
) -> Option<(String, Option<String>, i64)> {
    let v: serde_json::Value = serde_json::from_slice(json).ok()?;
    if v.get("endpoint")?.as_str()? != endpoint
        || v.get("first_day")?.as_str()? != format_day(first_day)
    {
        return None;
    }
    let retrieved_ms = v.get("retrieved_ms")?.as_i64()?;
    let file = v
        .get("file")
        .and_then(|f| f.as_str())
        .unwrap_or("snapshot.ccs");
    let url = |f: &str| Some(web_sys::Url::new_with_base(f, json_url).ok()?.href());
    // The gzip'd copy too, where the browser can decompress a stream.
    let gz = v
        .get("gzip")
        .and_then(|f| f.as_str())
        .filter(|_| gunzip::available())
        .and_then(url);
    Some((url(file)?, gz, retrieved_ms))
}

/// The publisher's gzip'd snapshot at `url`, decompressed (`None` when it cannot be had:
/// the raw file is asked for then). A host that sent it decoded already is understood.
async fn fetch_gzip(url: &str) -> Option<Vec<u8>> {
    let Reply::Body(bytes) = fetch_reply(url).await else {
        return None;
    };
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(bytes);
    }
    gunzip::gunzip(bytes).await.ok()
}

/// Find the snapshot for a load of `endpoint` over `window`: the browser's copy (when
/// `use_cache`) and the site's in `site_data` (an address ending in `/`), the later of the
/// two.
pub async fn find(
    endpoint: &str,
    window: Window,
    use_cache: bool,
    site_data: Option<&str>,
) -> Found {
    let mut cache_failed = None;
    let mut kept = None;
    if use_cache {
        match cache::get(endpoint).await {
            Ok(r) => kept = r.filter(|r| r.first_day == window.first_day),
            Err(e) => cache_failed = Some(e),
        }
    }
    let mut from = None;
    if let Some(site) = site_data {
        let json_url = format!("{site}snapshot.json");
        if let Reply::Body(json) = fetch_reply(&json_url).await {
            let newer = published(&json, &json_url, endpoint, window.first_day)
                .filter(|(_, _, at)| kept.as_ref().is_none_or(|k| *at > k.retrieved_ms));
            if let Some((url, gz, _)) = newer {
                let mut bytes = None;
                if let Some(gz) = gz {
                    bytes = fetch_gzip(&gz).await;
                }
                if bytes.is_none() {
                    if let Reply::Body(b) = fetch_reply(&url).await {
                        bytes = Some(b);
                    }
                }
                from = bytes.map(|b| (b, BaseKind::Publisher));
            }
        }
    }
    if from.is_none() {
        from = kept.map(|k| (k.bytes, BaseKind::Cache));
    }
    Found { from, cache_failed }
}
