//! The browser's copy of the last whole-history live load, kept by the worker in IndexedDB
//! (database `crimecast-cache`, object store `snapshots`): one record per layer, keyed by its
//! query endpoint, holding the window's first day, the snapshot's bytes
//! ([`crate::data::snapshot`]) and when its rows were retrieved.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbTransactionMode};

use super::idb::{self, committed, done, err};

const DB: &str = "crimecast-cache";
const STORE: &str = "snapshots";

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

/// The record kept for `endpoint`, if any (a record not of this shape counts as none).
pub async fn get(endpoint: &str) -> Result<Option<Record>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    let value = done(&store.get(&JsValue::from_str(endpoint)).map_err(err)?).await;
    db.close();
    let value = value?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let bytes = js_sys::Reflect::get(&value, &"bytes".into())
        .ok()
        .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
        .map(|b| js_sys::Uint8Array::new(&b).to_vec());
    let (Some(bytes), Some(first_day), Some(retrieved_ms)) = (
        bytes,
        number(&value, "first_day"),
        number(&value, "retrieved_ms"),
    ) else {
        return Ok(None);
    };
    Ok(Some(Record {
        endpoint: endpoint.to_string(),
        first_day: first_day as i32,
        bytes,
        retrieved_ms: retrieved_ms as i64,
    }))
}

/// Keep `record`, replacing the one of its endpoint.
pub async fn put(record: &Record) -> Result<(), String> {
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .map_err(err)?;
        let store = tx.object_store(STORE).map_err(err)?;
        let obj = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&obj, &k.into(), v).map_err(err);
        set("endpoint", &JsValue::from_str(&record.endpoint))?;
        set("first_day", &JsValue::from_f64(f64::from(record.first_day)))?;
        set(
            "retrieved_ms",
            &JsValue::from_f64(record.retrieved_ms as f64),
        )?;
        set("bytes", &js_sys::Uint8Array::from(&record.bytes[..]).into())?;
        store.put(&obj).map_err(err)?;
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
        let tx = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .map_err(err)?;
        tx.object_store(STORE).map_err(err)?.clear().map_err(err)?;
        committed(&tx).await
    }
    .await;
    db.close();
    result
}
