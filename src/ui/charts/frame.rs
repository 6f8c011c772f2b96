//! A figure: heading, canvas with an accessible name, caption, and a "show as table" view.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::ui::components::embed_this::{is_chosen, EmbedThis};
use crate::ui::deferred::Deferred;

/// A table alternative for a chart: header cells and rows of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableData {
    /// Column headers.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

/// A chart figure. `draw` is called with the canvas whenever its inputs change.
#[component]
pub fn ChartFrame(
    /// Heading.
    #[prop(into)]
    title: String,
    /// Stable id prefix (for tests and labels).
    #[prop(into)]
    id: String,
    /// Accessible description of what the chart shows (its key numbers).
    #[prop(into)]
    label: Signal<String>,
    /// Table alternative.
    #[prop(into)]
    table: Signal<TableData>,
    /// Caption under the chart.
    #[prop(into, optional)]
    caption: Signal<String>,
    /// Canvas height in pixels.
    #[prop(default = 260)]
    height: u32,
    /// Start with the table view (for figures whose table is the main result).
    #[prop(optional)]
    table_first: bool,
    /// Drawing routine.
    draw: impl Fn(&web_sys::HtmlCanvasElement, u32) -> Result<(), String> + 'static,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let as_table = RwSignal::new(table_first);
    let error = RwSignal::new(None::<String>);
    let redraw = RwSignal::new(0u32);
    // Each chart draws in its own task (a zero-delay timeout), so a page of charts never
    // holds the main thread in one long block. The label and the table derive from the same
    // data as the drawing, so tracking them re-schedules the drawing when the data change.
    let draw = std::rc::Rc::new(draw);
    let generation = std::rc::Rc::new(std::cell::Cell::new(0u32));
    // A drawing scheduled just before the figure leaves the page is skipped, so it never
    // touches the disposed canvas or the signals the drawing routine reads.
    let deferred = Deferred::new();
    Effect::new(move |_| {
        redraw.track();
        label.track();
        table.track();
        if as_table.get() {
            return;
        }
        let ticket = generation.get().wrapping_add(1);
        generation.set(ticket);
        let (draw, generation) = (draw.clone(), generation.clone());
        deferred.run(move || {
            if generation.get() != ticket {
                return; // a newer drawing is scheduled
            }
            if let Some(c) = canvas.try_get_untracked().flatten() {
                error.try_set(untrack(|| draw(&c, height)).err());
            }
        });
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| redraw.update(|n| *n += 1));
    on_cleanup(move || on_resize.remove());
    let heading_id = format!("{id}-title");
    let source = move || {
        use_context::<crate::ui::state::DataState>()
            .and_then(|s| s.dataset.get_untracked())
            .map_or_else(|| "unknown".to_string(), |d| d.source.label())
    };
    let file_stem = id.clone();
    let png_stem = id.clone();
    let export_error = RwSignal::new(None::<String>);
    let on_csv = move |_| {
        let text = crate::ui::export::to_csv(&table.get_untracked(), &source());
        export_error.set(
            crate::ui::export::download_text(
                &text,
                &format!("crimecast-{file_stem}.csv"),
                "text/csv",
            )
            .err(),
        );
    };
    let on_png = move |_| {
        if let Some(c) = canvas.get_untracked() {
            export_error.set(
                crate::ui::export::download_png(
                    &c,
                    &format!("crimecast-{png_stem}.png"),
                    &source(),
                )
                .err(),
            );
        }
    };
    let labelled_by = heading_id.clone();
    let chosen = is_chosen(&id);
    view! {
        <figure class="chart" data-testid=id.clone() data-embed=id.clone() class:embed-chosen=chosen aria-labelledby=labelled_by>
            <div class="chart-head">
                <h3 id=heading_id>{title}</h3>
                <EmbedThis id=id.clone() />
                <span class="exports">
                    <button type="button" class="small" data-testid="export-csv" on:click=on_csv>"CSV"</button>
                    <button type="button" class="small" data-testid="export-png" on:click=on_png>"PNG"</button>
                </span>
                <button
                    type="button"
                    class="toggle"
                    aria-pressed=move || if as_table.get() { "true" } else { "false" }
                    on:click=move |_| as_table.update(|t| *t = !*t)
                >
                    {move || if as_table.get() { "Show as chart" } else { "Show as table" }}
                </button>
            </div>
            <div class="canvas-wrap" class:hidden=move || as_table.get()>
                <canvas node_ref=canvas role="img" aria-label=move || label.get() height=height></canvas>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">"The chart could not be drawn: " {e}</p> })}
            {move || export_error.get().map(|e| view! { <p class="error" role="alert">"The download failed: " {e}</p> })}
            <Show when=move || as_table.get()>
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead>
                            <tr>{move || table.get().header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {move || {
                                table
                                    .get()
                                    .rows
                                    .into_iter()
                                    .map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </Show>
            <figcaption>{move || caption.get()}</figcaption>
        </figure>
    }
}
