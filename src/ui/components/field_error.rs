//! The message beside a form field whose value a parameter check refused: the field points at
//! it with `aria-describedby` and marks itself `aria-invalid` (see [`invalid`] and
//! [`described_by`]).

use leptos::prelude::*;

/// The short message under a field (nothing while the value is fine).
#[component]
pub fn FieldError(
    /// Element id the field's `aria-describedby` names.
    #[prop(into)]
    id: String,
    /// The message, when the last value was refused.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        let id = id.clone();
        error
            .get()
            .map(|e| view! { <span class="error field-error" id=id role="alert">{e}</span> })
    }
}

/// `aria-invalid` of a field with message `error`.
pub fn invalid(error: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    }
}

/// `aria-describedby` of a field with message `error` shown in element `id` (absent while the
/// value is fine, so it never names a missing element).
pub fn described_by(
    error: Signal<Option<String>>,
    id: impl Into<String>,
) -> impl Fn() -> Option<String> {
    let id = id.into();
    move || error.with(Option::is_some).then(|| id.clone())
}
