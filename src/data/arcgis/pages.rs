//! Page requests of a plan: compact fields, geometry only when coordinates are not
//! attributes, `f=pbf` or `f=json`, ordered by the object id and paged by offset within a UTC
//! range; and the decoding of either reply into a [`Page`].

use super::metadata::{Format, Plan};
use super::months::UtcRange;
use super::pbf;
use super::query::query_url;
use super::reply::{parse_page, Page};
use crate::data::{Error, Result};

/// URL of the page of `size` rows starting at `offset` among the rows in `range`, ordered by
/// the object id.
pub fn page_url(endpoint: &str, plan: &Plan, range: UtcRange, offset: u64, size: u32) -> String {
    paged_url(
        endpoint,
        plan,
        &range.where_clause(&plan.date_field),
        offset,
        size,
    )
}

/// URL of the page of `size` rows starting at `offset` among the rows in `range` whose object
/// id is above `above_oid` (the rows added since a base was taken), ordered by the object id.
pub fn page_url_above(
    endpoint: &str,
    plan: &Plan,
    range: UtcRange,
    above_oid: i64,
    offset: u64,
    size: u32,
) -> String {
    let clause = format!(
        "{} AND {} > {above_oid}",
        range.where_clause(&plan.date_field),
        plan.object_id_field
    );
    paged_url(endpoint, plan, &clause, offset, size)
}

fn paged_url(endpoint: &str, plan: &Plan, where_clause: &str, offset: u64, size: u32) -> String {
    let out_fields = plan.out_fields_param();
    let (offset, size) = (offset.to_string(), size.to_string());
    let mut params: Vec<(&str, &str)> = vec![
        ("outFields", &out_fields),
        (
            "returnGeometry",
            if plan.return_geometry {
                "true"
            } else {
                "false"
            },
        ),
    ];
    if plan.return_geometry {
        params.push(("outSR", "4326"));
    }
    params.extend([
        ("orderByFields", plan.object_id_field.as_str()),
        ("resultOffset", &offset),
        ("resultRecordCount", &size),
    ]);
    if plan.result_type_standard {
        params.push(("resultType", "standard"));
    }
    query_url(endpoint, where_clause, &params, plan.format.param())
}

/// Decode a page reply in `format` (a JSON error object is recognised in either).
pub fn decode(bytes: &[u8], format: Format) -> Result<Page> {
    match format {
        Format::Pbf => pbf::decode_page(bytes),
        Format::Json => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Error::Parse("the page reply is not UTF-8".into()))?;
            parse_page(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::arcgis::metadata::{parse_layer, tests::current_layer};

    #[test]
    fn compact_pbf_page_urls() {
        let plan =
            Plan::from_layer(&parse_layer(&current_layer(2000, "JSON,PBF")).unwrap()).unwrap();
        let range = UtcRange {
            from_ms: 1_735_707_600_000,
            to_ms: 1_738_386_000_000,
        };
        let u = page_url("https://h/0/query", &plan, range, 4000, 2000);
        let tail = u.split_once("&outFields=").unwrap().1;
        assert_eq!(
            tail,
            "ESRI_OID%2Creport_number%2Cincident_occurred_at%2Coffense_category%2Coffense_description%2Cpolice_precinct%2Cneighborhood%2Clongitude%2Clatitude&returnGeometry=false&orderByFields=ESRI_OID&resultOffset=4000&resultRecordCount=2000&f=pbf"
        );
        let fallback = page_url("https://h/0/query", &Plan::fallback(), range, 0, 1000);
        assert!(fallback.contains(
            "&outFields=%2A&returnGeometry=true&outSR=4326&orderByFields=ESRI_OID&resultOffset=0&resultRecordCount=1000&f=json"
        ));
    }

    #[test]
    fn pages_above_an_object_id_add_it_to_the_clause() {
        let range = UtcRange {
            from_ms: 1_735_707_600_000,
            to_ms: 1_738_386_000_000,
        };
        let plan = Plan::fallback();
        let u = page_url_above("https://h/0/query", &plan, range, 806_123, 0, 1000);
        let plain = page_url("https://h/0/query", &plan, range, 0, 1000);
        // The same URL but for the clause's tail: " AND ESRI_OID > 806123".
        let (head, tail) = plain.split_once("&outFields=").unwrap();
        assert_eq!(
            u,
            format!("{head}%20AND%20ESRI_OID%20%3E%20806123&outFields={tail}")
        );
    }

    #[test]
    fn json_pages_decode_through_the_same_path() {
        let p = decode(
            br#"{"features":[{"attributes":{"ESRI_OID":4}}],"exceededTransferLimit":true}"#,
            Format::Json,
        )
        .unwrap();
        assert_eq!(p.features.len(), 1);
        assert!(p.exceeded_transfer_limit);
        assert!(decode(b"\xff\xfe", Format::Json).is_err());
        assert!(decode(br#"{"error":{"code":400,"message":"x"}}"#, Format::Pbf).is_err());
    }
}
