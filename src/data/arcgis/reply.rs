//! Parsing of the service's JSON replies: error objects sent with HTTP 200, counts,
//! statistics and pages.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::data::{Error, Result};

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn statistics_reply() {
        let text = r#"{"features":[{"attributes":{"offense_category":"LARCENY ","n":12}},{"attributes":{"OFFENSE_CATEGORY":"ARSON","N":3}}]}"#;
        assert_eq!(
            parse_stats(text, "offense_category").unwrap(),
            vec![("LARCENY".to_string(), 12), ("ARSON".to_string(), 3)]
        );
    }
}
