//! The Web Worker entry point (heavy data work off the page's main thread).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    crimecast::worker::runtime::install_panic_hook();
    crimecast::worker::runtime::Runtime::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
