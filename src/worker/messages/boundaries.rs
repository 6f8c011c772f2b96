//! The official boundaries a live load fetched from the City's boundary layers, as the page
//! draws and labels them.

use serde::{Deserialize, Serialize};

use crate::data::boundaries::Boundaries;

/// What came of fetching the official boundaries next to a live source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficialBoundaries {
    /// Whose boundaries they are: "City of Detroit", or "custom source: host".
    pub source: String,
    /// The police precincts, when they loaded.
    pub precincts: Option<Boundaries>,
    /// The official neighborhoods, when they loaded.
    pub neighborhoods: Option<Boundaries>,
    /// Why a layer could not be had, in words (one line per layer that failed).
    pub failures: Vec<String>,
    /// Rows placed in a neighborhood from their coordinates when these arrived.
    pub placed: u64,
}

impl OfficialBoundaries {
    /// The map's caption for its boundaries: "official boundaries (City of Detroit)" when the
    /// precincts loaded, otherwise "approximate outlines" and why.
    pub fn caption(&self) -> String {
        match &self.precincts {
            Some(_) => format!("official boundaries ({})", self.source),
            None => format!(
                "approximate outlines (the official boundaries could not be loaded: {})",
                self.failures.join("; ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::boundaries::{group_areas, Part};

    #[test]
    fn the_caption_says_whose_boundaries_are_drawn() {
        let square = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)];
        let b = Boundaries::new(group_areas([(
            "02".to_string(),
            Part {
                rings: vec![square],
            },
        )]))
        .unwrap();
        let mut o = OfficialBoundaries {
            source: "City of Detroit".into(),
            precincts: Some(b),
            neighborhoods: None,
            failures: vec!["neighborhoods: HTTP 404".into()],
            placed: 0,
        };
        assert_eq!(o.caption(), "official boundaries (City of Detroit)");
        o.precincts = None;
        assert_eq!(
            o.caption(),
            "approximate outlines (the official boundaries could not be loaded: neighborhoods: HTTP 404)"
        );
    }
}
