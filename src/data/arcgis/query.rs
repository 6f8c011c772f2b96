//! Query URLs: the date window as a UTC `where` clause, value encoding, and the
//! whole-window count, page and statistics URLs.

use crate::data::percent::{self, Style};
use crate::data::time::{format_day, DetroitClock};
use crate::data::{Error, Result};

/// The RMS Crime Incidents layer's query endpoint.
pub const DEFAULT_API: &str = "https://services2.arcgis.com/qvkbeam7Wirps6zC/arcgis/rest/services/RMS_Crime_Incidents/FeatureServer/0/query";

/// Largest page the service returns.
pub const MAX_PAGE: u32 = 2000;

/// A date window in local days (inclusive), turned into a UTC `where` clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First local day.
    pub first_day: i32,
    /// Last local day (inclusive).
    pub last_day: i32,
}

impl Window {
    /// Validate a window.
    pub fn new(first_day: i32, last_day: i32) -> Result<Window> {
        if first_day > last_day {
            return Err(Error::Params(format!(
                "the window starts ({}) after it ends ({})",
                format_day(first_day),
                format_day(last_day)
            )));
        }
        Ok(Window {
            first_day,
            last_day,
        })
    }

    /// The window's UTC bounds `[from, to)` in epoch ms: local midnight of the first day and
    /// of the day after the last.
    pub fn utc_bounds(&self, clock: &DetroitClock) -> (i64, i64) {
        (
            clock.to_utc(self.first_day, 0),
            clock.to_utc(self.last_day + 1, 0),
        )
    }

    /// The SQL `where` clause on `incident_occurred_at` (UTC boundaries of local midnights).
    pub fn where_clause(&self, clock: &DetroitClock, field: &str) -> String {
        let (from, to) = self.utc_bounds(clock);
        utc_range_where(field, from, to)
    }
}

/// An instant as the service's SQL timestamp text (`YYYY-MM-DD HH:MM:SS`, UTC).
pub fn sql_time(utc_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(utc_ms)
        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// The `where` clause selecting `field` in the UTC half-open range `[from_ms, to_ms)`.
pub fn utc_range_where(field: &str, from_ms: i64, to_ms: i64) -> String {
    format!(
        "{field} >= TIMESTAMP '{}' AND {field} < TIMESTAMP '{}'",
        sql_time(from_ms),
        sql_time(to_ms)
    )
}

/// A query URL: `endpoint?where=...&k=v...&f=format`, every value percent-encoded.
pub fn query_url(
    endpoint: &str,
    where_clause: &str,
    params: &[(&str, &str)],
    format: &str,
) -> String {
    let mut url = format!(
        "{}?where={}",
        endpoint.trim_end_matches('?'),
        encode(where_clause)
    );
    for (k, v) in params {
        url.push('&');
        url.push_str(k);
        url.push('=');
        url.push_str(&encode(v));
    }
    url.push_str("&f=");
    url.push_str(format);
    url
}

/// The `outStatistics` value counting `field` into an output named `n`.
pub fn count_statistic(field: &str) -> String {
    format!(
        r#"[{{"statisticType":"count","onStatisticField":"{field}","outStatisticFieldName":"n"}}]"#
    )
}

/// Percent-encode a query value (RFC 3986 unreserved characters kept).
fn encode(value: &str) -> String {
    percent::encode(value, Style::Strict)
}

/// Builds query URLs for one layer and window.
#[derive(Debug, Clone)]
pub struct Query {
    /// The layer's `/query` endpoint.
    pub endpoint: String,
    /// The `where` clause.
    pub where_clause: String,
    /// Field used for stable paging order.
    pub order_field: String,
}

impl Query {
    /// A query over `window` on the current schema's date field.
    pub fn new(endpoint: &str, window: Window, clock: &DetroitClock) -> Query {
        Query {
            endpoint: endpoint.trim_end_matches('?').to_string(),
            where_clause: window.where_clause(clock, "incident_occurred_at"),
            order_field: "ESRI_OID".to_string(),
        }
    }

    fn url(&self, params: &[(&str, &str)]) -> String {
        query_url(&self.endpoint, &self.where_clause, params, "json")
    }

    /// URL returning `{"count": N}` for the window.
    pub fn count_url(&self) -> String {
        self.url(&[("returnCountOnly", "true")])
    }

    /// URL of the page starting at `offset` with `size` rows (≤ 2000), ordered by object id.
    pub fn page_url(&self, offset: u64, size: u32) -> String {
        let offset = offset.to_string();
        let size = size.min(MAX_PAGE).to_string();
        self.url(&[
            ("outFields", "*"),
            ("orderByFields", &self.order_field),
            ("resultOffset", &offset),
            ("resultRecordCount", &size),
            ("returnGeometry", "true"),
            ("outSR", "4326"),
        ])
    }

    /// URL of server-side counts grouped by `field` (e.g. `offense_category`).
    pub fn stats_url(&self, field: &str) -> String {
        let stats = count_statistic(&self.order_field);
        self.url(&[
            ("outStatistics", &stats),
            ("groupByFieldsForStatistics", field),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::parse_day;

    #[test]
    fn where_clause_uses_utc_boundaries_of_local_midnight() {
        let clock = DetroitClock::new();
        let w = Window::new(
            parse_day("2025-07-01").unwrap(),
            parse_day("2025-07-31").unwrap(),
        )
        .unwrap();
        assert_eq!(
            w.where_clause(&clock, "incident_occurred_at"),
            "incident_occurred_at >= TIMESTAMP '2025-07-01 04:00:00' AND incident_occurred_at < TIMESTAMP '2025-08-01 04:00:00'"
        );
        let w = Window::new(
            parse_day("2025-01-01").unwrap(),
            parse_day("2025-01-01").unwrap(),
        )
        .unwrap();
        assert!(w
            .where_clause(&clock, "f")
            .contains("'2025-01-01 05:00:00'"));
        assert!(Window::new(5, 4).is_err());
    }

    #[test]
    fn urls_carry_paging_and_statistics() {
        let clock = DetroitClock::new();
        let q = Query::new(DEFAULT_API, Window::new(20_000, 20_010).unwrap(), &clock);
        let p = q.page_url(4000, 5000);
        assert!(p.contains("resultOffset=4000"));
        assert!(p.contains("resultRecordCount=2000"));
        assert!(p.contains("orderByFields=ESRI_OID"));
        assert!(q.count_url().contains("returnCountOnly=true"));
        assert!(q
            .stats_url("offense_category")
            .contains("groupByFieldsForStatistics=offense_category"));
        assert_eq!(encode("a b'>"), "a%20b%27%3E");
    }
}
