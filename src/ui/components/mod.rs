//! Page-wide components: source badge, data-source panel, filters, KPI cards, quality panel,
//! the message beside a refused form field, "Embed this", the facet picker (list box or
//! searchable combobox), the "Forecast vs actual" figure of a backtest, the table of a model's
//! kept regressors.

pub mod data_used;
pub mod embed_this;
pub mod facet_picker;
pub mod field_error;
pub mod filters;
pub mod forecast_vs_actual;
pub mod kpi_cards;
pub mod nav;
pub mod quality_panel;
pub mod regressor_table;
pub mod share;
pub mod source_panel;
