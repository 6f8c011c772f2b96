//! Notices: retries, fallbacks and other news about the data, newest last.

use leptos::prelude::*;

/// Recent notices (at most five), newest last.
#[derive(Clone, Copy)]
pub struct Notices {
    /// The notices shown.
    pub items: RwSignal<Vec<String>>,
}

impl Notices {
    pub(super) fn new() -> Self {
        Notices {
            items: RwSignal::new(Vec::new()),
        }
    }

    /// Add a notice (keeps the last five).
    pub fn push(&self, text: impl Into<String>) {
        let text = text.into();
        self.items.update(|n| {
            n.push(text);
            let extra = n.len().saturating_sub(5);
            n.drain(..extra);
        });
    }
}
