//! The Web Worker entry point (heavy data work off the page's main thread).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    console_error_panic_hook::set_once();
    crimecast::worker::runtime::Runtime::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
