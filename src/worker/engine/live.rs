//! Loading live data: the query for a window of days, then each fetched page cleaned into the
//! load in progress (every page checked for the expected fields and for continuity).

use crate::data::arcgis::{self, FieldResolver, Query, Window, MAX_PAGE};
use crate::data::clean::CleanRules;
use crate::data::continuity;
use crate::data::time::DetroitClock;

use super::{Engine, Feed};
use crate::worker::messages::Source;
use crate::worker::Error;

/// What one live page added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LivePage {
    /// Rows read from the page.
    pub rows: u64,
    /// Whether the server has more rows past this page.
    pub more: bool,
}

impl Engine {
    /// Start a live load; returns the query builder for the runtime to fetch with.
    pub fn live_begin(
        &mut self,
        job: u32,
        endpoint: &str,
        window: Window,
        rules: CleanRules,
    ) -> Query {
        let clock = self.clock.get_or_insert_with(DetroitClock::new);
        let query = Query::new(endpoint, window, clock);
        self.begin(
            job,
            Source::Live {
                endpoint: endpoint.to_string(),
            },
            rules,
            Feed::Live {
                resolver: FieldResolver::new(),
                pages: 0,
                last_oid: None,
            },
        );
        query
    }

    /// Clean one fetched page. Returns the rows it held.
    pub fn live_page(&mut self, job: u32, text: &str) -> Result<LivePage, Error> {
        let page = arcgis::parse_page(text)?;
        let st = self.staging(job)?;
        let Feed::Live {
            resolver,
            pages,
            last_oid,
        } = &mut st.feed
        else {
            return Err(Error::UnknownJob(job));
        };
        // Every page is checked, so a field renamed halfway through a load is caught at once.
        if let Some((attrs, _)) = page.features.first() {
            let missing = arcgis::missing_fields(attrs);
            if !missing.is_empty() {
                return Err(Error::Data(crate::data::Error::Schema {
                    missing: missing.join(", "),
                    found: attrs.keys().cloned().collect::<Vec<_>>().join(", "),
                }));
            }
        }
        // A repeated, shuffled or short page is refused before any of its rows is counted.
        *last_oid =
            continuity::check(*last_oid, &page, MAX_PAGE).map_err(crate::data::Error::from)?;
        *pages += 1;
        for (attrs, geom) in &page.features {
            let rec = resolver.record(attrs, *geom);
            st.cleaner.push(&rec, &mut st.store);
        }
        Ok(LivePage {
            rows: page.features.len() as u64,
            more: page.exceeded_transfer_limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::day_of;

    #[test]
    fn empty_live_result_is_an_error_and_partial_rows_can_be_used() {
        let mut e = Engine::new();
        let w = Window::new(day_of(2025, 1, 1).unwrap(), day_of(2025, 1, 31).unwrap()).unwrap();
        e.live_begin(4, "http://x/query", w, CleanRules::default());
        assert_eq!(e.live_page(4, r#"{"features":[]}"#).unwrap().rows, 0);
        assert!(e.promote(4).unwrap_err().to_string().contains("no rows"));
        e.live_begin(5, "http://x/query", w, CleanRules::default());
        let page = r#"{"features":[{"attributes":{"incident_occurred_at":1736000000000,"offense_category":"ARSON","police_precinct":"04","longitude":-83.1,"latitude":42.33}}],"exceededTransferLimit":false}"#;
        assert_eq!(e.live_page(5, page).unwrap().rows, 1);
        assert_eq!(e.abandon(5), 1);
        let d = e.use_partial(5).unwrap();
        assert!(!d.complete);
        assert_eq!(d.quality.kept, 1);
    }
}
