//! Server-side counts: the URLs of the statistics asked for first (offense rows per precinct ×
//! offense category, distinct report numbers, plain row counts) over a UTC range, and the
//! parsing of the grouped statistics reply.

use serde_json::Value;

use super::metadata::Plan;
use super::months::UtcRange;
use super::query::{count_statistic, query_url};
use super::reply::{check_error, value_text};
use crate::data::{Error, Result};

/// Offense rows of one precinct × category group, keys as published (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Precinct code as published ("02".."12", or junk such as "0", "HP", "" for null).
    pub precinct: String,
    /// Offense category, trimmed ("" for null).
    pub category: String,
    /// Offense rows.
    pub rows: u64,
}

/// URL of the offense-row counts per precinct × category within `range`.
pub fn grouped_url(endpoint: &str, plan: &Plan, range: UtcRange) -> String {
    let stats = count_statistic(&plan.object_id_field);
    let group = format!("{},{}", plan.precinct_field, plan.category_field);
    query_url(
        endpoint,
        &range.where_clause(&plan.date_field),
        &[
            ("outStatistics", &stats),
            ("groupByFieldsForStatistics", &group),
        ],
        "json",
    )
}

/// URL of the number of distinct report numbers (incidents) within `range`.
pub fn incidents_url(endpoint: &str, plan: &Plan, range: UtcRange) -> String {
    query_url(
        endpoint,
        &range.where_clause(&plan.date_field),
        &[
            ("returnDistinctValues", "true"),
            ("returnCountOnly", "true"),
            ("outFields", &plan.report_field),
        ],
        "json",
    )
}

/// URL of the plain row count within `range` (any server answers it).
pub fn count_url(endpoint: &str, plan: &Plan, range: UtcRange) -> String {
    query_url(
        endpoint,
        &range.where_clause(&plan.date_field),
        &[("returnCountOnly", "true")],
        "json",
    )
}

fn attr<'a>(attrs: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Parse a grouped statistics reply into cells. Groups whose keys are equal once trimmed
/// (categories published with trailing spaces) are added together.
pub fn parse_grouped(text: &str, plan: &Plan) -> Result<Vec<Cell>> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Error::Parse(format!("not JSON: {e}")))?;
    check_error(&v)?;
    if v.get("exceededTransferLimit").and_then(Value::as_bool) == Some(true) {
        return Err(Error::Parse(
            "the statistics reply was cut at the server's row limit".into(),
        ));
    }
    let features = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Parse("the statistics reply has no features".into()))?;
    let mut out: Vec<Cell> = Vec::with_capacity(features.len());
    for f in features {
        let Some(a) = f.get("attributes").and_then(Value::as_object) else {
            return Err(Error::Parse("a statistics group has no attributes".into()));
        };
        let key = |name: &str| {
            attr(a, name)
                .map(|v| value_text(v).trim().to_string())
                .unwrap_or_default()
        };
        let rows = attr(a, "n")
            .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|x| x.max(0.0) as u64)))
            .ok_or_else(|| Error::Parse("a statistics group has no count \"n\"".into()))?;
        let (precinct, category) = (key(&plan.precinct_field), key(&plan.category_field));
        match out
            .iter_mut()
            .find(|c| c.precinct == precinct && c.category == category)
        {
            Some(c) => c.rows += rows,
            None => out.push(Cell {
                precinct,
                category,
                rows,
            }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range() -> UtcRange {
        UtcRange {
            from_ms: 1_735_707_600_000, // 2025-01-01 05:00Z
            to_ms: 1_738_386_000_000,   // 2025-02-01 05:00Z
        }
    }

    #[test]
    fn urls_carry_the_month_and_the_grouping() {
        let plan = Plan::fallback();
        let u = grouped_url("https://h/0/query", &plan, range());
        assert!(u.starts_with("https://h/0/query?where=incident_occurred_at%20%3E%3D%20TIMESTAMP%20%272025-01-01%2005%3A00%3A00%27%20AND%20incident_occurred_at%20%3C%20TIMESTAMP%20%272025-02-01%2005%3A00%3A00%27&"), "{u}");
        assert!(u.contains("groupByFieldsForStatistics=police_precinct%2Coffense_category"));
        assert!(u.contains("outStatistics=%5B%7B%22statisticType%22%3A%22count%22%2C%22onStatisticField%22%3A%22ESRI_OID%22%2C%22outStatisticFieldName%22%3A%22n%22%7D%5D"));
        assert!(u.ends_with("&f=json"));
        let i = incidents_url("https://h/0/query", &plan, range());
        assert!(
            i.contains("returnDistinctValues=true&returnCountOnly=true&outFields=report_number")
        );
        assert!(
            count_url("https://h/0/query", &plan, range()).contains("&returnCountOnly=true&f=json")
        );
    }

    #[test]
    fn grouped_replies_trim_and_merge_keys() {
        let plan = Plan::fallback();
        let text = r#"{"fields":[],"features":[
            {"attributes":{"police_precinct":"02","offense_category":"LARCENY","n":40}},
            {"attributes":{"police_precinct":"02","offense_category":"LARCENY ","n":2}},
            {"attributes":{"POLICE_PRECINCT":"HP","OFFENSE_CATEGORY":"ARSON","N":1}},
            {"attributes":{"police_precinct":null,"offense_category":"FRAUD","n":3.0}}]}"#;
        let cells = parse_grouped(text, &plan).unwrap();
        assert_eq!(
            cells,
            vec![
                Cell {
                    precinct: "02".into(),
                    category: "LARCENY".into(),
                    rows: 42
                },
                Cell {
                    precinct: "HP".into(),
                    category: "ARSON".into(),
                    rows: 1
                },
                Cell {
                    precinct: "".into(),
                    category: "FRAUD".into(),
                    rows: 3
                },
            ]
        );
    }

    #[test]
    fn errors_and_cut_replies_are_refused() {
        let plan = Plan::fallback();
        let e = parse_grouped(
            r#"{"error":{"code":400,"message":"Unable to perform query","details":[]}}"#,
            &plan,
        )
        .unwrap_err();
        assert!(matches!(e, Error::Service { code: 400, .. }));
        assert!(parse_grouped(r#"{"features":[],"exceededTransferLimit":true}"#, &plan).is_err());
        assert!(parse_grouped(
            r#"{"features":[{"attributes":{"police_precinct":"02"}}]}"#,
            &plan
        )
        .is_err());
        assert!(parse_grouped(r#"{"count":1}"#, &plan).is_err());
    }
}
