//! The City of Detroit ArcGIS FeatureServer query protocol: URLs for counts, pages and
//! server-side statistics, and parsing of its replies (including error objects sent with
//! HTTP 200). No networking here; the worker does the fetching.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::percent::{encode, Style};
use super::raw::{Field, RawRecord, RawTime, FIELDS};
use super::time::{format_day, DetroitClock};
use super::{Error, Result};

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

    /// The SQL `where` clause on `incident_occurred_at` (UTC boundaries of local midnights).
    pub fn where_clause(&self, clock: &DetroitClock, field: &str) -> String {
        let from = clock.to_utc(self.first_day, 0);
        let to = clock.to_utc(self.last_day + 1, 0);
        format!(
            "{field} >= TIMESTAMP '{}' AND {field} < TIMESTAMP '{}'",
            sql_time(from),
            sql_time(to)
        )
    }
}

fn sql_time(utc_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(utc_ms)
        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
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
        let mut url = format!(
            "{}?where={}",
            self.endpoint,
            encode(&self.where_clause, Style::Strict)
        );
        for (k, v) in params {
            url.push('&');
            url.push_str(k);
            url.push('=');
            url.push_str(&encode(v, Style::Strict));
        }
        url.push_str("&f=json");
        url
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
        let stats = format!(
            r#"[{{"statisticType":"count","onStatisticField":"{}","outStatisticFieldName":"n"}}]"#,
            self.order_field
        );
        self.url(&[
            ("outStatistics", &stats),
            ("groupByFieldsForStatistics", field),
        ])
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    details: Vec<Value>,
}

#[derive(Deserialize)]
struct ErrorReply {
    error: ErrorBody,
}

/// Turn an error object (`{"error":{...}}`) into [`Error::Service`]; `Ok(())` when absent.
pub fn check_error(value: &Value) -> Result<()> {
    if value.get("error").is_none() {
        return Ok(());
    }
    let reply: ErrorReply = serde_json::from_value(value.clone())
        .map_err(|e| Error::Parse(format!("error object: {e}")))?;
    let details: Vec<String> = reply
        .error
        .details
        .iter()
        .map(|d| d.as_str().map_or_else(|| d.to_string(), str::to_string))
        .filter(|d| !d.is_empty())
        .collect();
    Err(Error::Service {
        code: reply.error.code,
        message: reply.error.message,
        details: if details.is_empty() {
            String::new()
        } else {
            format!(" ({})", details.join("; "))
        },
    })
}

fn parse_value(text: &str) -> Result<Value> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Error::Parse(format!("not JSON: {e}")))?;
    check_error(&v)?;
    Ok(v)
}

/// Parse a `returnCountOnly` reply.
pub fn parse_count(text: &str) -> Result<u64> {
    let v = parse_value(text)?;
    v.get("count")
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::Parse("the count reply has no \"count\"".into()))
}

/// Parse an `outStatistics` reply grouped by `field` into (value, count) pairs.
pub fn parse_stats(text: &str, field: &str) -> Result<Vec<(String, u64)>> {
    let v = parse_value(text)?;
    let features = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Parse("the statistics reply has no features".into()))?;
    let mut out = Vec::with_capacity(features.len());
    for f in features {
        let Some(a) = f.get("attributes").and_then(Value::as_object) else {
            continue;
        };
        let key = a
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| value_text(v).into_owned())
            .unwrap_or_default();
        let n = a
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("n"))
            .and_then(|(_, v)| v.as_u64().or_else(|| v.as_f64().map(|x| x.max(0.0) as u64)))
            .unwrap_or(0);
        out.push((key.trim().to_string(), n));
    }
    Ok(out)
}

/// A feature's attributes and optional point geometry (x = lon, y = lat).
pub type Feature = (Map<String, Value>, Option<(f64, f64)>);

/// One parsed page of features.
#[derive(Debug, Clone)]
pub struct Page {
    /// Each feature's attributes and optional point geometry (x = lon, y = lat).
    pub features: Vec<Feature>,
    /// Whether the server has more rows past this page.
    pub exceeded_transfer_limit: bool,
}

/// Parse a page reply (`f=json`), or its error object.
pub fn parse_page(text: &str) -> Result<Page> {
    let v = parse_value(text)?;
    let Value::Object(mut obj) = v else {
        return Err(Error::Parse("the page reply is not an object".into()));
    };
    let exceeded = obj
        .get("exceededTransferLimit")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let Some(Value::Array(features)) = obj.remove("features") else {
        return Err(Error::Parse(
            "the page reply has no features array (truncated?)".into(),
        ));
    };
    let mut out = Vec::with_capacity(features.len());
    for f in features {
        let Value::Object(mut f) = f else { continue };
        let geometry = f.get("geometry").and_then(|g| {
            let x = g.get("x").and_then(Value::as_f64)?;
            let y = g.get("y").and_then(Value::as_f64)?;
            Some((x, y))
        });
        let attrs = match f.remove("attributes") {
            Some(Value::Object(a)) => a,
            _ => Map::new(),
        };
        out.push((attrs, geometry));
    }
    Ok(Page {
        features: out,
        exceeded_transfer_limit: exceeded,
    })
}

/// Text of a JSON scalar (numbers formatted, null → empty).
pub fn value_text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s.as_str()),
        Value::Null => Cow::Borrowed(""),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cow::Owned(i.to_string()),
            None => Cow::Owned(n.to_string()),
        },
        other => Cow::Owned(other.to_string()),
    }
}

fn value_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => super::raw::parse_f64(s),
        _ => None,
    }
}

/// Maps attribute names to logical fields, caching each distinct name once.
#[derive(Debug, Default)]
pub struct FieldResolver {
    cache: HashMap<String, Option<(Field, usize)>>,
}

impl FieldResolver {
    /// A resolver with an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The logical field of an attribute name, with the alias rank (0 = current schema).
    pub fn field(&mut self, name: &str) -> Option<(Field, usize)> {
        if let Some(f) = self.cache.get(name) {
            return *f;
        }
        let lower = name.to_ascii_lowercase();
        let found = FIELDS.iter().find_map(|f| {
            f.aliases()
                .iter()
                .position(|a| *a == lower)
                .map(|r| (*f, r))
        });
        if self.cache.len() < 4096 {
            self.cache.insert(name.to_string(), found);
        }
        found
    }

    /// Build a raw record from an attribute map and optional geometry (used when the
    /// attributes carry no coordinates).
    pub fn record<'a>(
        &mut self,
        attrs: &'a Map<String, Value>,
        geometry: Option<(f64, f64)>,
    ) -> RawRecord<'a> {
        let mut r = RawRecord::default();
        let mut ranks = [usize::MAX; 12];
        for (k, v) in attrs {
            let Some((field, rank)) = self.field(k) else {
                continue;
            };
            if rank > ranks[field.index()] {
                continue;
            }
            ranks[field.index()] = rank;
            match field {
                Field::ReportNumber => r.report_number = value_text(v),
                Field::Occurred => {
                    r.occurred = match v {
                        Value::Number(n) => n
                            .as_i64()
                            .or_else(|| n.as_f64().map(|x| x as i64))
                            .map_or(RawTime::Missing, RawTime::EpochMs),
                        Value::String(s) => RawTime::Text(Cow::Borrowed(s.as_str())),
                        _ => RawTime::Missing,
                    }
                }
                Field::Category => r.offense_category = value_text(v),
                Field::Description => r.offense_description = value_text(v),
                Field::Precinct => r.precinct = value_text(v),
                Field::Neighborhood => r.neighborhood = value_text(v),
                Field::CouncilDistrict => r.council_district = value_text(v),
                Field::ZipCode => r.zip_code = value_text(v),
                Field::LocationText => r.location_text = value_text(v),
                Field::Longitude => r.longitude = value_f64(v),
                Field::Latitude => r.latitude = value_f64(v),
                Field::ObjectId => r.object_id = v.as_i64(),
            }
        }
        if let (None, Some((x, y))) = (r.longitude, geometry) {
            r.longitude = Some(x);
            r.latitude = Some(y);
        }
        r
    }
}

/// Which of the required fields a page's first feature lacks (schema check), as names.
pub fn missing_fields(attrs: &Map<String, Value>) -> Vec<&'static str> {
    let mut resolver = FieldResolver::new();
    let present: Vec<Field> = attrs
        .keys()
        .filter_map(|k| resolver.field(k).map(|f| f.0))
        .collect();
    FIELDS
        .iter()
        .filter(|f| f.required() && !present.contains(f))
        .map(|f| f.aliases()[0])
        .collect()
}

/// Retry policy for HTTP errors and error replies: exponential back-off with a cap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all (first try included).
    pub attempts: u32,
    /// Delay before the first retry, ms.
    pub base_ms: u32,
    /// Largest delay, ms.
    pub max_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_ms: 500,
            max_ms: 8_000,
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `retry` (1-based), honouring a server `Retry-After` (seconds).
    pub fn delay_ms(&self, retry: u32, retry_after_s: Option<u32>) -> u32 {
        let backoff = self
            .base_ms
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let wanted = retry_after_s.map_or(backoff, |s| s.saturating_mul(1000).max(backoff));
        wanted.min(
            self.max_ms
                .max(retry_after_s.unwrap_or(0).saturating_mul(1000))
                .min(60_000),
        )
    }

    /// Whether an HTTP status is worth retrying (429 and 5xx).
    pub fn retryable_status(status: u16) -> bool {
        status == 429 || (500..600).contains(&status)
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
        assert!(p.contains("where=incident_occurred_at%20%3E%3D%20TIMESTAMP%20%27"));
    }

    #[test]
    fn error_json_in_200_is_an_error() {
        let e = parse_page(
            r#"{"error":{"code":400,"message":"Invalid query","details":["bad where"]}}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the data service reported error 400: Invalid query (bad where)"
        );
        assert!(matches!(parse_count("{\"count\": 12}"), Ok(12)));
        assert!(parse_page("{\"features\": [").is_err());
        assert!(parse_page("{\"exceededTransferLimit\": true}").is_err());
    }

    #[test]
    fn retry_delays_grow_and_honour_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, None), 500);
        assert_eq!(p.delay_ms(2, None), 1000);
        assert_eq!(p.delay_ms(10, None), 8000);
        assert_eq!(p.delay_ms(1, Some(3)), 3000);
        assert!(RetryPolicy::retryable_status(429) && RetryPolicy::retryable_status(503));
        assert!(!RetryPolicy::retryable_status(404));
    }

    #[test]
    fn statistics_reply() {
        let text = r#"{"features":[{"attributes":{"offense_category":"LARCENY ","n":12}},{"attributes":{"OFFENSE_CATEGORY":"ARSON","N":3}}]}"#;
        assert_eq!(
            parse_stats(text, "offense_category").unwrap(),
            vec![("LARCENY".to_string(), 12), ("ARSON".to_string(), 3)]
        );
    }
}
