//! The uploaded point layer (liquor stores or similar) the hotspot analysis compares with.

use crate::data::point_layer::parse_layer;

use super::Engine;
use crate::worker::messages::LayerInfo;
use crate::worker::Error;

impl Engine {
    /// Read an uploaded point layer (CSV or GeoJSON) and keep it for the hotspot analysis.
    /// A failed read keeps the previous layer.
    pub fn load_layer(&mut self, name: &str, bytes: &[u8]) -> Result<LayerInfo, Error> {
        let layer = parse_layer(name, bytes)?;
        let info = LayerInfo {
            name: layer.name.clone(),
            points: layer.len() as u64,
            in_extent: layer.in_extent() as u64,
            rows: layer.rows as u64,
            skipped: layer.skipped as u64,
        };
        self.layer = Some(layer);
        Ok(info)
    }
}
