//! The LSTM page: train the compact LSTM weekly forecaster in the background worker with
//! live loss curves, early stopping and a Stop button, then see its 52-week forecast with an
//! approximate band and an honest comparison with weekly SARIMAX and seasonal naive.

mod curves;
mod results;
mod settings;

use leptos::prelude::*;

use crate::ui::components::data_used::DataUsed;
use crate::ui::state::DataState;

use curves::{LossCurves, TrainControls};
use results::{LstmResults, ModelFile};
use settings::LstmSettingsForm;

/// The LSTM page.
#[component]
pub fn LstmPage() -> impl IntoView {
    let data = expect_context::<DataState>();
    view! {
        <section aria-labelledby="lstm-title" data-testid="lstm">
            <h2 id="lstm-title">"Weekly LSTM forecast"</h2>
            <p class="framing">
                "A compact LSTM neural network learns the weekly counts of reported incidents in the filtered data and forecasts the next 52 weeks. "
                "It trains here, in your browser's background worker; nothing is sent anywhere. It is scored on the last weeks, held out from training, "
                "next to weekly SARIMAX and the seasonal-naive baseline (last year's same week). Reported incidents, not crime rates."
            </p>
            <Show when=move || data.synthetic()>
                <p class="synthetic-note" data-testid="lstm-synthetic">"Synthetic demo data, not real incidents: the figures below show how the method behaves, not Detroit."</p>
            </Show>
            <DataUsed />
            <LstmSettingsForm />
            <TrainControls />
            <LossCurves />
            <ModelFile />
            <LstmResults />
        </section>
    }
}
