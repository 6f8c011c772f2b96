//! The LSTM settings form; every value lives in the URL (`win`, `units`, `epochs`, `pat`,
//! `seed`, `lag`, `test`). A value outside its allowed range is refused with a message beside
//! its field, and the last accepted value stays.

use leptos::prelude::*;

use crate::analysis::ParamGuard;
use crate::ui::address_bar;
use crate::ui::components::field_error::{described_by, invalid, FieldError};
use crate::ui::state::{LstmState, UrlSignal};
use crate::url_state::lstm::parse_units;
use crate::worker::messages::{
    LstmSettings, EPOCHS_RANGE, LAG_RANGE, MAX_SEED, PATIENCE_RANGE, TEST_RANGE, WINDOW_RANGE,
};

/// Layer sizes offered in the units menu.
const UNIT_CHOICES: [&str; 5] = ["50,32", "64,32", "32", "16", "8"];

fn update(url: UrlSignal, f: impl FnOnce(&mut LstmSettings)) {
    url.update(|u| f(&mut u.lstm));
    address_bar::write(&url.get_untracked(), false);
}

/// One whole-number field bound to a setting; a value the settings refuse is shown with the
/// rule it breaks.
fn number_field(
    url: UrlSignal,
    lstm: LstmState,
    label: &'static str,
    id: &'static str,
    range: (usize, usize),
    get: fn(&LstmSettings) -> usize,
    set: fn(&mut LstmSettings, usize),
) -> impl IntoView {
    let value = move || url.with(|u| get(&u.lstm)).to_string();
    let error = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    view! {
        <label>
            {label}
            <input type="number" min=range.0 max=range.1 step="1" data-testid=id
                prop:value=value
                disabled=move || lstm.busy()
                aria-invalid=invalid(error.into())
                aria-describedby=described_by(error.into(), error_id.clone())
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let v = match text.trim().parse::<f64>() {
                        Ok(v) if v.is_finite() => v.round().max(0.0) as usize,
                        _ => {
                            error.set(Some(format!("“{text}” is not a whole number.")));
                            return;
                        }
                    };
                    let mut candidate = url.with_untracked(|u| u.lstm.clone());
                    set(&mut candidate, v);
                    match candidate.check() {
                        Ok(_) => {
                            error.set(None);
                            update(url, |s| set(s, v));
                        }
                        Err(e) => error.set(Some(format!("{e}."))),
                    }
                } />
            <FieldError id=error_id error=error />
        </label>
    }
}

/// The settings form.
#[component]
pub fn LstmSettingsForm() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let lstm = expect_context::<LstmState>();
    let units = move || url.with(|u| u.lstm.units_text());
    let choices = move || {
        let current = units();
        let mut c: Vec<String> = UNIT_CHOICES.iter().map(ToString::to_string).collect();
        if !c.contains(&current) {
            c.push(current);
        }
        c
    };
    view! {
        <fieldset class="order lstm-settings" data-testid="lstm-settings">
            <legend>"Network and training"</legend>
            <div class="order-inputs">
                {number_field(url, lstm, "Window (weeks)", "lstm-window", WINDOW_RANGE, |s| s.window, |s, v| s.window = v)}
                <label>
                    "Units per layer"
                    <select data-testid="lstm-units" disabled=move || lstm.busy()
                        on:change=move |ev| {
                            if let Some(u) = parse_units(&event_target_value(&ev)) {
                                update(url, |s| s.units = u);
                            }
                        }>
                        {move || choices().into_iter().map(|c| {
                            let selected = c == units();
                            view! { <option value=c.clone() selected=selected>{c.replace(',', " then ")}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {number_field(url, lstm, "Epoch budget", "lstm-epochs", EPOCHS_RANGE, |s| s.epochs, |s, v| s.epochs = v)}
                {number_field(url, lstm, "Patience (epochs)", "lstm-patience", PATIENCE_RANGE, |s| s.patience, |s, v| s.patience = v)}
                {number_field(url, lstm, "Seasonal lag (weeks, 0 = off)", "lstm-lag", LAG_RANGE, |s| s.seasonal_lag, |s, v| s.seasonal_lag = v)}
                {number_field(url, lstm, "Test weeks", "lstm-test-weeks", TEST_RANGE, |s| s.test_weeks, |s, v| s.test_weeks = v)}
                <label>
                    "Seed"
                    <input type="number" min="0" max=MAX_SEED step="1" data-testid="lstm-seed"
                        prop:value=move || url.with(|u| u.lstm.seed).to_string()
                        disabled=move || lstm.busy()
                        on:change=move |ev| {
                            match event_target_value(&ev).trim().parse::<u64>() {
                                Ok(v) => update(url, |s| s.seed = v.min(MAX_SEED)),
                                Err(_) => url.update(|_| {}),
                            }
                        } />
                </label>
            </div>
            <p class="hint">
                "The network sees the last “window” weeks (and, with a seasonal lag of 52, the same weeks a year earlier) to predict the next week; "
                "52-week forecasts feed each prediction back in. Training stops after “patience” epochs without a better validation loss "
                "(on the last 52 weeks before the test weeks) or when the budget is spent, and keeps the best weights. The same seed gives the same model."
            </p>
        </fieldset>
    }
}
