//! Train and Stop, the live progress line, and the loss curves drawn as epochs arrive.

use leptos::prelude::*;

use crate::narrative::lstm::ending;
use crate::ui::charts::frame::{ChartFrame, TableData};
use crate::ui::charts::line;
use crate::ui::state::{DataState, LstmState, UrlSignal};
use crate::ui::worker as wc;
use crate::worker::messages::EpochPoint;

/// A loss for tables and the progress line (scaled units, so small numbers).
pub fn loss(v: f64) -> String {
    if v.abs() >= 0.01 {
        format!("{v:.4}")
    } else {
        format!("{v:.2e}")
    }
}

/// A loss as an axis label: two significant digits in plain decimals (0.032, 0.0047).
fn axis_loss(v: f64) -> String {
    if !(v.is_finite() && v > 0.0) {
        return String::new();
    }
    let digits = (1.0 - v.log10().floor()).clamp(0.0, 12.0) as usize;
    format!("{v:.digits$}")
}

/// The progress line for the current state.
fn progress_text(l: LstmState) -> String {
    if let Some(stage) = l.stage.get() {
        return stage;
    }
    let last = l.epochs.with(|e| e.last().copied());
    if l.running.get() {
        let Some(p) = last else {
            return "Preparing the weekly series and the network…".into();
        };
        return format!(
            "Epoch {} of {}, best epoch {}, validation loss {} (best {}), {:.1} s{}",
            p.epoch,
            p.budget,
            p.best_epoch,
            loss(p.val_loss),
            loss(p.best_val_loss),
            p.elapsed_ms / 1000.0,
            if l.stopping.get() {
                " — stopping…"
            } else {
                ""
            }
        );
    }
    match l.result.get() {
        Some(r) => ending(&r),
        None if l.error.get().is_some() => "Not trained.".into(),
        None => "Not trained yet. Press Train to start; nothing leaves your browser.".into(),
    }
}

/// Complete Monday-to-Sunday weeks within the local days `(first, last)`.
fn complete_weeks((first, last): (i32, i32)) -> usize {
    let weekday = |d: i32| i32::from(crate::data::calendar::weekday_of(d));
    let monday = first + (7 - weekday(first)) % 7;
    let sunday = last - (weekday(last) + 1) % 7;
    usize::try_from((sunday - monday + 1) / 7).unwrap_or(0)
}

/// Train and Stop buttons with the live progress line.
#[component]
pub fn TrainControls() -> impl IntoView {
    let url = expect_context::<UrlSignal>();
    let data = expect_context::<DataState>();
    let l = expect_context::<LstmState>();
    let ready = move || {
        data.dataset
            .with(|d| d.as_ref().is_some_and(|d| d.complete))
    };
    view! {
        <div class="lstm-controls">
            <button type="button" data-testid="lstm-train"
                aria-pressed=move || if l.running.get() { "true" } else { "false" }
                disabled=move || l.busy() || !ready()
                on:click=move |_| wc::train_lstm(url, data, l)>
                {move || if l.running.get() { "Training…" } else { "Train" }}
            </button>
            <button type="button" data-testid="lstm-stop"
                aria-pressed=move || if l.stopping.get() { "true" } else { "false" }
                disabled=move || !l.running.get() || l.stopping.get()
                on:click=move |_| wc::stop_training(l)>
                "Stop"
            </button>
            <p class="progress-text" role="status" aria-live="polite" data-testid="lstm-progress">
                {move || progress_text(l)}
            </p>
        </div>
        <Show when=move || !ready()>
            <p class="hint" data-testid="lstm-waiting">{move || {
                let need = url.with(|u| u.lstm.min_weeks());
                let loaded = data.dataset.with(|d| {
                    d.as_ref().and_then(|d| d.live.as_ref()).map(|l| l.rows_days.map_or(0, complete_weeks))
                });
                match loaded {
                    Some(n) => format!("Weeks loaded: {n} of {need}. Training starts once the data have finished loading."),
                    None => "Training starts once the data have finished loading.".to_string(),
                }
            }}</p>
        </Show>
        {move || l.error.get().map(|e| view! { <p class="error" role="alert" data-testid="lstm-error">{e}</p> })}
    }
}

fn table(points: &[EpochPoint]) -> TableData {
    TableData {
        header: vec![
            "Epoch".into(),
            "Training loss".into(),
            "Validation loss".into(),
            "Best validation loss so far".into(),
            "Best epoch so far".into(),
        ],
        rows: points
            .iter()
            .map(|p| {
                vec![
                    p.epoch.to_string(),
                    loss(p.train_loss),
                    loss(p.val_loss),
                    loss(p.best_val_loss),
                    p.best_epoch.to_string(),
                ]
            })
            .collect(),
    }
}

/// The training and validation loss curves (log scale), redrawn after every epoch.
#[component]
pub fn LossCurves() -> impl IntoView {
    let lstm = expect_context::<LstmState>();
    let epochs = lstm.epochs;
    view! {
        <Show when=move || epochs.with(|e| !e.is_empty())>
            <ChartFrame
                id="lstm-loss"
                title="Training and validation loss"
                label=Signal::derive(move || epochs.with(|e| match e.last() {
                    Some(p) => format!(
                        "Loss curves over {} epochs on a log scale; validation loss {} at epoch {}, best {} at epoch {}.",
                        p.epoch, loss(p.val_loss), p.epoch, loss(p.best_val_loss), p.best_epoch
                    ),
                    None => String::new(),
                }))
                table=Signal::derive(move || epochs.with(|e| table(e)))
                caption=Signal::derive(|| "Mean squared error on the scaled weekly counts, log scale. Training loss is measured on the shuffled training windows during the epoch, validation loss on the 52 weeks before the test weeks after it; the best epoch's weights are kept.".to_string())
                height=240
                draw=move |c, h| epochs.with(|e| {
                    let log = |v: f64| v.max(1e-12).log10();
                    let train: Vec<(i32, f64)> = e.iter().map(|p| (p.epoch as i32, log(p.train_loss))).collect();
                    let val: Vec<(i32, f64)> = e.iter().map(|p| (p.epoch as i32, log(p.val_loss))).collect();
                    let ys = train.iter().chain(&val).map(|p| p.1);
                    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
                    // A vertical marker at the best epoch so far.
                    let best: Vec<(i32, f64)> = match e.last() {
                        Some(p) if p.best_epoch > 0 && lo <= hi => vec![(p.best_epoch as i32, lo), (p.best_epoch as i32, hi)],
                        _ => Vec::new(),
                    };
                    let x_label = |x: &i32| x.to_string();
                    let y_label = |v: &f64| axis_loss(10f64.powf(*v));
                    let axes = line::Axes { x_label: &x_label, y_label: &y_label, min_pad: 0.05, band_label: "" };
                    line::draw_axes(c, h, &[
                        line::Line { label: "training", color: 0, points: &train, dashed: false },
                        line::Line { label: "validation", color: 1, points: &val, dashed: false },
                        line::Line { label: "best epoch", color: 4, points: &best, dashed: true },
                    ], None, &axes)
                })
            />
        </Show>
    }
}
