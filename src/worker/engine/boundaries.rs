//! The official neighborhoods next to a live source: rows without a neighborhood are placed
//! in them from their coordinates, those already loaded when they arrive and every row after.

use crate::data::boundaries::{place_neighborhoods, Boundaries};

use super::{Engine, Feed, Source};

impl Engine {
    /// Take the official neighborhoods for the live data (the load in progress, or the live
    /// dataset shown): the rows already loaded without a neighborhood are placed in them now,
    /// later rows as they arrive. Returns the rows placed now. Ignored (0) when neither a live
    /// load nor live data is there.
    pub fn set_neighborhoods(&mut self, b: Boundaries) -> u64 {
        let placed;
        let live_staging = self
            .staging
            .as_mut()
            .filter(|s| matches!(s.feed, Feed::Live { .. }));
        if let Some(st) = live_staging {
            placed = st.settle(&mut self.active, 0, Some(&b));
        } else if let Some(a) = self
            .active
            .as_mut()
            .filter(|a| matches!(a.source, Source::Live { .. }))
        {
            placed = place_neighborhoods(&mut a.store, &b, 0);
            a.quality.placed += placed;
            a.dirty = true;
        } else {
            return 0;
        }
        self.neighborhoods = Some(b);
        placed
    }
}
