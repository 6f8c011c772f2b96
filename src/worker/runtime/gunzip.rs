//! Gzip'd bytes decompressed by the browser's own `DecompressionStream` (no decompressor in
//! the module): a publisher's snapshot travels gzip'd from hosts that do not compress files
//! of unknown types.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn constructor(name: &str) -> Option<js_sys::Function> {
    Reflect::get(&js_sys::global(), &name.into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Whether this browser can decompress a gzip stream.
pub fn available() -> bool {
    constructor("DecompressionStream").is_some() && constructor("Response").is_some()
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.apply(target, &args.iter().collect::<Array>())
}

/// `gz` decompressed, or the browser's complaint (not gzip, cut short, no support).
pub async fn gunzip(gz: Vec<u8>) -> Result<Vec<u8>, String> {
    let inner = async {
        let (Some(stream_of), Some(response_of)) =
            (constructor("DecompressionStream"), constructor("Response"))
        else {
            return Err(JsValue::from_str("no DecompressionStream"));
        };
        let parts = Array::of1(&Uint8Array::from(&gz[..]));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)?;
        drop(gz);
        let decompress = Reflect::construct(&stream_of, &Array::of1(&"gzip".into()))?;
        let plain = call(&call(&blob, "stream", &[])?, "pipeThrough", &[decompress])?;
        let response = Reflect::construct(&response_of, &Array::of1(&plain))?;
        let buffer =
            JsFuture::from(call(&response, "arrayBuffer", &[])?.dyn_into::<js_sys::Promise>()?)
                .await?;
        Ok(Uint8Array::new(&buffer).to_vec())
    };
    inner.await.map_err(super::idb::err)
}
