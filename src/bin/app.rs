//! The page's entry point: mount the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    crimecast::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
