//! Data: sources (ArcGIS client, CSV/GeoJSON readers, demo generator), schema, cleaning,
//! calendar features, columnar storage and aggregation. No web imports.

pub mod aggregate;
pub mod arcgis;
pub mod boundaries;
pub mod calendar;
pub mod clean;
pub mod continuity;
pub mod csv_stream;
pub mod demo;
pub mod error;
pub mod filter;
pub mod geography;
pub mod geojson;
pub mod percent;
pub mod point_layer;
pub mod raw;
pub mod snapshot;
pub mod store;
pub mod taxonomy;
pub mod tiles;
pub mod time;

pub use error::{Error, Result};
