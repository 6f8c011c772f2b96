//! The browser's copy of the last whole-history live load, kept by the worker in IndexedDB
//! (database `crimecast-cache`, object store `snapshots`). Per layer: a head record keyed by
//! its query endpoint (the window's first day, when the rows were retrieved, how many
//! pieces) and the snapshot file ([`crate::data::snapshot`]) in pieces of at most
//! [`PIECE_BYTES`], each a `Blob` under the key `<endpoint>\u{1}<n>`, made straight from the
//! writer's column buffers and stored in a transaction of its own. So the file is never
//! joined into one buffer, and the browser holds one piece at a time on its way to storage.
//! The head is written last: a copy cut short by a full disk has none and counts as none.
//! A head of an older shape holding the whole file as a `Uint8Array` is read too.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, IdbDatabase, IdbKeyRange, IdbObjectStore, IdbTransactionMode};

use crate::data::snapshot::parts::pieces;
use crate::worker::engine::Kept;

use super::idb::{self, committed, err};

const DB: &str = "crimecast-cache";
const STORE: &str = "snapshots";
/// The largest piece of a kept file, bytes.
pub const PIECE_BYTES: usize = 1 << 20;

/// One kept snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The layer's query endpoint (the key).
    pub endpoint: String,
    /// First local day of the load's window.
    pub first_day: i32,
    /// The snapshot file.
    pub bytes: Vec<u8>,
    /// When its rows were retrieved, epoch ms.
    pub retrieved_ms: i64,
}

async fn open() -> Result<IdbDatabase, String> {
    idb::open(DB, STORE, "endpoint").await
}

fn number(v: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(v, &key.into()).ok()?.as_f64()
}

/// The key of piece `n` of `endpoint`'s file.
fn piece_key(endpoint: &str, n: usize) -> String {
    format!("{endpoint}\u{1}{n:06}")
}

/// Every piece key of `endpoint` (and nothing else: `\u{1}` sorts before any character a
/// query address holds).
fn pieces_range(endpoint: &str) -> Result<IdbKeyRange, String> {
    IdbKeyRange::bound(
        &JsValue::from_str(&format!("{endpoint}\u{1}")),
        &JsValue::from_str(&format!("{endpoint}\u{2}")),
    )
    .map_err(err)
}

/// A value's bytes: a `Blob`'s or a `Uint8Array`'s.
async fn bytes_of(value: &JsValue) -> Result<Option<Vec<u8>>, String> {
    let b = js_sys::Reflect::get(value, &"bytes".into()).map_err(err)?;
    if let Some(blob) = b.dyn_ref::<Blob>() {
        let buffer = JsFuture::from(blob.array_buffer()).await.map_err(err)?;
        return Ok(Some(js_sys::Uint8Array::new(&buffer).to_vec()));
    }
    Ok(b.dyn_ref::<js_sys::Uint8Array>()
        .map(js_sys::Uint8Array::to_vec))
}

/// The record kept for `endpoint`, if any (a record not of this shape, or with a piece
/// missing, counts as none).
pub async fn get(endpoint: &str) -> Result<Option<Record>, String> {
    let db = open().await?;
    let result = async {
        let tx = db.transaction_with_str(STORE).map_err(err)?;
        let store = tx.object_store(STORE).map_err(err)?;
        // Both asked at once; their results are read once the transaction has ended.
        let head = store.get(&JsValue::from_str(endpoint)).map_err(err)?;
        let all = store
            .get_all_with_key(&pieces_range(endpoint)?.into())
            .map_err(err)?;
        committed(&tx).await?;
        let head = head.result().map_err(err)?;
        if head.is_undefined() || head.is_null() {
            return Ok(None);
        }
        let (Some(first_day), Some(retrieved_ms)) =
            (number(&head, "first_day"), number(&head, "retrieved_ms"))
        else {
            return Ok(None);
        };
        let bytes = match number(&head, "pieces") {
            Some(n) => {
                let found = js_sys::Array::from(&all.result().map_err(err)?);
                if f64::from(found.length()) != n {
                    return Ok(None);
                }
                let mut bytes = Vec::new();
                for piece in found.iter() {
                    match bytes_of(&piece).await? {
                        Some(b) => bytes.extend_from_slice(&b),
                        None => return Ok(None),
                    }
                }
                Some(bytes)
            }
            None => bytes_of(&head).await?,
        };
        Ok(bytes.map(|bytes| Record {
            endpoint: endpoint.to_string(),
            first_day: first_day as i32,
            bytes,
            retrieved_ms: retrieved_ms as i64,
        }))
    }
    .await;
    db.close();
    result
}

/// A read-write transaction over the store.
fn writing(db: &IdbDatabase) -> Result<(web_sys::IdbTransaction, IdbObjectStore), String> {
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    Ok((tx, store))
}

/// A record of `props` (name, value).
fn record(props: &[(&str, JsValue)]) -> Result<JsValue, String> {
    let obj = js_sys::Object::new();
    for (k, v) in props {
        js_sys::Reflect::set(&obj, &(*k).into(), v).map_err(err)?;
    }
    Ok(obj.into())
}

/// One piece (slices of the writer's buffers) as a `Blob`, copied once by the browser.
fn blob_of(piece: &[&[u8]]) -> Result<Blob, String> {
    let parts = js_sys::Array::new();
    for run in piece {
        // SAFETY: the views are read by `Blob`'s constructor below before anything else
        // runs; nothing between here and there allocates in the module's memory (which
        // could move it and detach the views).
        let view = unsafe { js_sys::Uint8Array::view(run) };
        parts.push(&view);
    }
    Blob::new_with_u8_array_sequence(&parts).map_err(err)
}

/// Keep the snapshot of a finished load, replacing the one of its endpoint: the old copy
/// removed, then the pieces one transaction each, then the head.
pub async fn put(kept: &Kept) -> Result<(), String> {
    let db = open().await?;
    let result = async {
        let endpoint = kept.endpoint.as_str();
        let (tx, store) = writing(&db)?;
        store.delete(&endpoint.into()).map_err(err)?;
        store.delete(&pieces_range(endpoint)?.into()).map_err(err)?;
        committed(&tx).await?;
        let runs = kept.file.runs();
        let pieces = pieces(&runs, PIECE_BYTES);
        for (i, piece) in pieces.iter().enumerate() {
            let (tx, store) = writing(&db)?;
            let blob = blob_of(piece)?;
            let key = JsValue::from_str(&piece_key(endpoint, i));
            store
                .put(&record(&[("endpoint", key), ("bytes", blob.into())])?)
                .map_err(err)?;
            committed(&tx).await?;
        }
        let (tx, store) = writing(&db)?;
        let head = record(&[
            ("endpoint", JsValue::from_str(endpoint)),
            (
                "first_day",
                JsValue::from_f64(f64::from(kept.window.first_day)),
            ),
            ("retrieved_ms", JsValue::from_f64(kept.retrieved_ms as f64)),
            ("pieces", JsValue::from_f64(pieces.len() as f64)),
        ])?;
        store.put(&head).map_err(err)?;
        committed(&tx).await
    }
    .await;
    db.close();
    result
}

/// Forget every kept record.
pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let result = async {
        let (tx, store) = writing(&db)?;
        store.clear().map_err(err)?;
        committed(&tx).await
    }
    .await;
    db.close();
    result
}
