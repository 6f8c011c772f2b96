//! A small IndexedDB store for run records (database `crimecast`, object store `runs`,
//! keyed by run id; each value holds the record as JSON text).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

use crate::runs::RunRecord;

const DB: &str = "crimecast";
const STORE: &str = "runs";

fn err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the browser's storage refused the request".into())
}

/// Await an IndexedDB request.
async fn done(req: &IdbRequest) -> Result<JsValue, String> {
    let req2 = req.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = req2.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let fail = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("request failed"));
        });
        req2.set_onsuccess(Some(ok.unchecked_ref()));
        req2.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(err)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser offers no IndexedDB (private mode?)")?;
    let req = factory.open_with_u32(DB, 1).map_err(err)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let params = web_sys::IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str("id"));
                let _ = db.create_object_store_with_optional_parameters(STORE, &params);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&req).await?;
    drop(upgrade);
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| "the run database did not open".to_string())
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
