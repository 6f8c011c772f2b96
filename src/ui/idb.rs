//! A small IndexedDB store for run records (database `crimecast`, object store `runs`,
//! keyed by run id; each value holds the record as JSON text).

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransactionMode};

use crate::runs::RunRecord;
use crate::worker::runtime::idb::{self, done, err};

const DB: &str = "crimecast";
const STORE: &str = "runs";

async fn open() -> Result<IdbDatabase, String> {
    idb::open(DB, STORE, "id").await
}

/// Save (insert or replace) records.
pub async fn put(records: &[RunRecord]) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    for r in records {
        let obj = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&obj, &"id".into(), &JsValue::from_str(&r.id));
        let json = serde_json::to_string(r).map_err(|e| e.to_string())?;
        let _ = js_sys::Reflect::set(&obj, &"json".into(), &JsValue::from_str(&json));
        done(&store.put(&obj).map_err(err)?).await?;
    }
    db.close();
    Ok(())
}

/// Every stored record, newest first (unreadable entries are skipped).
pub async fn all() -> Result<Vec<RunRecord>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    let values = done(&store.get_all().map_err(err)?).await?;
    db.close();
    let mut out: Vec<RunRecord> = js_sys::Array::from(&values)
        .iter()
        .filter_map(|v| js_sys::Reflect::get(&v, &"json".into()).ok()?.as_string())
        .filter_map(|s| serde_json::from_str(&s).ok())
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.time_ms));
    Ok(out)
}

/// Delete every record.
pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err)?;
    done(&tx.object_store(STORE).map_err(err)?.clear().map_err(err)?).await?;
    db.close();
    Ok(())
}
