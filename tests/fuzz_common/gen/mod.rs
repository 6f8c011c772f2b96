//! Generators of inputs shaped like crimecast's sources (portal CSV, ArcGIS pages, GeoJSON,
//! point layers, run records), valid or nearly so, with hostile values mixed in, plus
//! arbitrary JSON and byte mutations; small ones as proptest strategies, large ones (up to
//! 10,000 rows, long fields, both schemas) built from a few drawn settings.

pub mod json;
pub mod large;
pub mod layer;
pub mod runs;
pub mod text;

// Not every suite uses every generator.
#[allow(unused_imports)]
pub use json::*;
#[allow(unused_imports)]
pub use text::*;
