//! IndexedDB plumbing shared by the page and the worker: the factory of whichever global
//! runs the code, a database opened (and created) with one object store, requests awaited,
//! and the browser's errors put in words.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbFactory, IdbRequest};

/// The browser's error `e` in words.
pub fn err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the browser's storage refused the request".into())
}

/// Await an IndexedDB request: its result, or what went wrong.
pub async fn done(req: &IdbRequest) -> Result<JsValue, String> {
    let req2 = req.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = req2.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let fail = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str("the browser's storage refused the request"),
            );
        });
        req2.set_onsuccess(Some(ok.unchecked_ref()));
        req2.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(err)
}

/// The IndexedDB factory of the window or worker running this code.
fn factory() -> Result<IdbFactory, String> {
    let none = || "this browser offers no IndexedDB (private mode?)".to_string();
    let global = js_sys::global();
    let found = if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        w.indexed_db()
    } else if let Some(w) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        w.indexed_db()
    } else {
        return Err(none());
    };
    found.map_err(err)?.ok_or_else(none)
}

/// Open database `name` (version 1), creating its object store `store` keyed by the
/// property `key_path` on first use.
pub async fn open(name: &str, store: &str, key_path: &str) -> Result<IdbDatabase, String> {
    let req = factory()?.open_with_u32(name, 1).map_err(err)?;
    let (store, key_path) = (store.to_string(), key_path.to_string());
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(&store) {
                let params = web_sys::IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str(&key_path));
                let _ = db.create_object_store_with_optional_parameters(&store, &params);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&req).await?;
    drop(upgrade);
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| format!("the browser's database {name} did not open"))
}

/// Await the end of a read-write transaction: `Ok` once committed, the reason when it was
/// aborted (a full disk or quota shows here, not on the request).
pub async fn committed(tx: &web_sys::IdbTransaction) -> Result<(), String> {
    let tx2 = tx.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject2 = reject.clone();
        let fail = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str("the browser's storage refused to keep it (full?)"),
            );
        });
        let abort = Closure::once_into_js(move || {
            let _ = reject2.call1(
                &JsValue::NULL,
                &JsValue::from_str("the browser's storage gave up keeping it (full?)"),
            );
        });
        tx2.set_oncomplete(Some(ok.unchecked_ref()));
        tx2.set_onerror(Some(fail.unchecked_ref()));
        tx2.set_onabort(Some(abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(err)
}
