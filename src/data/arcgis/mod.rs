//! The City of Detroit ArcGIS FeatureServer protocol, sans IO: URLs for the layer's
//! description, counts, statistics and pages, parsing of its replies (JSON and PBF, including
//! error objects sent with HTTP 200), and the plan and scheduler of a whole-history load. No
//! networking here; the worker does the fetching and tells the scheduler what came back.

pub mod counts;
pub mod fields;
pub mod metadata;
pub mod months;
pub mod pages;
pub mod pbf;
pub mod query;
pub mod reply;
pub mod retry;
pub mod schedule;
pub mod stats;

pub use counts::{PrecinctCount, ServerCounts, Subset, Totals, TotalsSource};
pub use fields::{missing_fields, FieldResolver};
pub use metadata::{layer_url, parse_layer, Format, LayerInfo, Plan};
pub use months::{months, whole_history, MonthSlot, UtcRange};
pub use query::{encode, Query, Window, DEFAULT_API, MAX_PAGE};
pub use reply::{check_error, parse_count, parse_page, parse_stats, value_text, Feature, Page};
pub use retry::{Backoff, RetryPolicy};
pub use schedule::{LoadParams, LoadState, Loader, Reply};
pub use stats::Cell;
