//! Paging continuity of a live load. The client asks for pages ordered by `ESRI_OID`, so each
//! page's object ids must rise, must all lie above the ids of the pages before it, and every
//! page the server says is not the last must be full. A page that breaks these rules was
//! repeated, shuffled or cut short by the server; it is fetched again rather than loaded.

use serde_json::Value;

use super::arcgis::Page;

/// Attribute names that carry the object id, in the order they are looked for.
const OID_FIELDS: [&str; 3] = ["ESRI_OID", "OBJECTID", "FID"];

/// What is wrong with a page, judged against the pages loaded before it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Gap {
    /// The page carries rows that were already loaded.
    #[error("the page repeats {count} row(s) already loaded (ESRI_OID {first} to {last})")]
    Repeated {
        /// Number of repeated rows.
        count: usize,
        /// Smallest repeated object id.
        first: i64,
        /// Largest repeated object id.
        last: i64,
    },
    /// The page's object ids do not rise.
    #[error("the page's rows are not in ESRI_OID order (id {after} follows {before})")]
    Disordered {
        /// The id that comes first.
        before: i64,
        /// The id after it, which is not larger.
        after: i64,
    },
    /// The server says more rows follow, yet the page is not full: rows are missing.
    #[error(
        "the page has {rows} row(s) where {expected} were due and more follow: rows are missing"
    )]
    Short {
        /// Rows in the page.
        rows: usize,
        /// The page size asked for.
        expected: u32,
    },
}

/// The object id of each feature, or None when any feature lacks one (then ids are not
/// checked: some exports have no object id field).
pub fn object_ids(page: &Page) -> Option<Vec<i64>> {
    page.features
        .iter()
        .map(|(attrs, _)| {
            OID_FIELDS.iter().find_map(|f| match attrs.get(*f)? {
                Value::Number(n) => n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64)),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
        })
        .collect()
}

/// Check a page against `prev_max`, the largest object id loaded so far. `page_size` is the
/// number of rows asked for. On success returns the new largest id.
pub fn check(prev_max: Option<i64>, page: &Page, page_size: u32) -> Result<Option<i64>, Gap> {
    let rows = page.features.len();
    if page.exceeded_transfer_limit && rows < page_size as usize {
        return Err(Gap::Short {
            rows,
            expected: page_size,
        });
    }
    let Some(ids) = object_ids(page) else {
        return Ok(prev_max);
    };
    if let Some(w) = ids.windows(2).find(|w| w[1] <= w[0]) {
        return Err(Gap::Disordered {
            before: w[0],
            after: w[1],
        });
    }
    if let (Some(prev), Some(&first)) = (prev_max, ids.first()) {
        if first <= prev {
            let repeated: Vec<i64> = ids.iter().copied().filter(|&i| i <= prev).collect();
            return Err(Gap::Repeated {
                count: repeated.len(),
                first,
                last: *repeated.last().unwrap_or(&first),
            });
        }
    }
    Ok(ids.last().copied().or(prev_max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    fn page(ids: &[i64], more: bool) -> Page {
        Page {
            features: ids
                .iter()
                .map(|&i| {
                    let mut m = Map::new();
                    m.insert("ESRI_OID".into(), json!(i));
                    (m, None)
                })
                .collect(),
            exceeded_transfer_limit: more,
        }
    }

    #[test]
    fn consecutive_pages_pass_and_carry_the_largest_id() {
        assert_eq!(check(None, &page(&[1, 2, 3], true), 3), Ok(Some(3)));
        assert_eq!(check(Some(3), &page(&[4, 9, 12], true), 3), Ok(Some(12)));
        // Gaps between ids are normal (deleted rows); only order and repeats matter.
        assert_eq!(check(Some(12), &page(&[40], false), 3), Ok(Some(40)));
    }

    #[test]
    fn a_repeated_page_is_caught() {
        let e = check(Some(6), &page(&[4, 5, 6], true), 3).unwrap_err();
        assert_eq!(
            e,
            Gap::Repeated {
                count: 3,
                first: 4,
                last: 6
            }
        );
        let e = check(Some(5), &page(&[4, 5, 6], true), 3).unwrap_err();
        assert!(matches!(e, Gap::Repeated { count: 2, .. }), "{e}");
    }

    #[test]
    fn a_short_page_before_the_end_is_caught_but_the_last_page_may_be_short() {
        assert_eq!(
            check(Some(3), &page(&[4], true), 3),
            Err(Gap::Short {
                rows: 1,
                expected: 3
            })
        );
        assert!(check(Some(3), &page(&[], true), 3).is_err());
        assert_eq!(check(Some(3), &page(&[4], false), 3), Ok(Some(4)));
        assert_eq!(check(Some(3), &page(&[], false), 3), Ok(Some(3)));
    }

    #[test]
    fn disorder_is_caught_and_pages_without_ids_are_not_judged_by_id() {
        assert!(matches!(
            check(None, &page(&[1, 3, 2], false), 3),
            Err(Gap::Disordered {
                before: 3,
                after: 2
            })
        ));
        let mut p = page(&[1, 2], false);
        p.features[1].0.clear();
        assert_eq!(object_ids(&p), None);
        assert_eq!(check(Some(9), &p, 3), Ok(Some(9)));
    }

    #[test]
    fn ids_may_come_as_strings_or_whole_floats() {
        let mut p = page(&[1, 2], false);
        p.features[0].0.insert("ESRI_OID".into(), json!("7"));
        p.features[1].0.insert("ESRI_OID".into(), json!(8.0));
        assert_eq!(object_ids(&p), Some(vec![7, 8]));
    }
}
