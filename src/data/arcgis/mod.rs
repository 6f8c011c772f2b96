//! The City of Detroit ArcGIS FeatureServer protocol, sans IO: URLs for the layer's
//! description, counts, statistics and pages, parsing of its replies (JSON and PBF, including
//! error objects sent with HTTP 200), and the plan and scheduler of a whole-history load. No
//! networking here; the worker does the fetching and tells the scheduler what came back.

/// The server counts cube (month × precinct × category), filled as replies arrive.
pub mod counts;
/// Attribute names to logical fields, both schemas.
pub mod fields;
/// The layer's description and the plan derived from it.
pub mod metadata;
/// Detroit-local months as UTC ranges.
pub mod months;
/// Page URLs of a plan and decoding of JSON or PBF pages.
pub mod pages;
/// Esri's FeatureCollection protocol buffer (`f=pbf`).
pub mod pbf;
/// The date window, value encoding and whole-window URLs.
pub mod query;
/// JSON replies: error objects, counts, statistics, pages.
pub mod reply;
/// Retry decisions and delays.
pub mod retry;
/// The sans-IO whole-history loader.
pub mod schedule;
/// Server statistics URLs and grouped replies.
pub mod stats;

pub use counts::{PrecinctCount, ServerCounts, Subset, Totals, TotalsSource};
pub use fields::{missing_fields, FieldResolver};
pub use metadata::{layer_url, parse_layer, Format, LayerInfo, Plan};
pub use months::{months, whole_history, MonthSlot, UtcRange};
pub use query::{Query, Window, DEFAULT_API, MAX_PAGE};
pub use reply::{check_error, parse_count, parse_page, parse_stats, value_text, Feature, Page};
pub use retry::{Backoff, RetryPolicy};
pub use schedule::{Base, BaseMonth, LoadParams, LoadState, Loader, Reply};
pub use stats::Cell;
