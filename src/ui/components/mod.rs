//! Page-wide components: source badge, data-source panel, filters, KPI cards, quality panel.

pub mod data_used;
pub mod filters;
pub mod kpi_cards;
pub mod nav;
pub mod quality_panel;
pub mod share;
pub mod source_panel;
