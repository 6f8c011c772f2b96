//! How a live load stands, as the page shows it: the server's counts, the rows behind them
//! (whole months, newest first) and the month-by-month reconciliation of the two.

use serde::{Deserialize, Serialize};

use super::results::Basis;

/// A month whose rows do not agree with the server's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthNote {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Offense rows the server counted (None: it gave no count).
    pub server: Option<u64>,
    /// Rows loaded whose time falls in the month.
    pub loaded: u64,
    /// Why they differ, in words.
    pub reason: String,
}

/// Server counts against rows loaded, month by month.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Months whose rows are all in and were compared.
    pub checked: usize,
    /// Of those, months whose rows equal the server's count.
    pub agree: usize,
    /// Months that differ, with the reason.
    pub differ: Vec<MonthNote>,
    /// Months loaded without a server count to compare with.
    pub not_counted: Vec<String>,
    /// Months whose server count changed since the kept rows were retrieved, so they were
    /// loaded again whole.
    pub replaced: Vec<String>,
    /// The rows the load started from, in words ("the copy of 2026-12-04"), if any.
    pub base: Option<String>,
}

impl Reconciliation {
    /// The verdict in words: "all 106 months agree with the City's counts", or the months
    /// that do not; None before any month is checked.
    pub fn describe(&self, city: bool) -> Option<String> {
        if self.checked == 0 {
            return None;
        }
        let whose = if city {
            "the City's counts"
        } else {
            "the server's counts"
        };
        let mut s = if self.agree == self.checked {
            format!(
                "all {} month{} agree with {whose}",
                self.checked,
                if self.checked == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{} of {} months agree with {whose}; {}",
                self.agree,
                self.checked,
                self.differ
                    .iter()
                    .map(|d| format!(
                        "{}: {} loaded against {} counted ({})",
                        d.month,
                        d.loaded,
                        d.server
                            .map_or_else(|| "none".to_string(), |n| n.to_string()),
                        d.reason
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        if !self.not_counted.is_empty() {
            s.push_str(&format!(
                "; {} loaded without a server count",
                self.not_counted.join(", ")
            ));
        }
        if !self.replaced.is_empty() {
            let server = if city {
                "the City's server"
            } else {
                "the server"
            };
            let (one, again) = if self.replaced.len() == 1 {
                ("", "was")
            } else {
                ("s", "were")
            };
            let since = self
                .base
                .as_ref()
                .map_or_else(String::new, |b| format!(" since {b}"));
            s.push_str(&format!(
                "; month{one} {} changed on {server}{since} and {again} loaded again",
                self.replaced.join(", ")
            ));
        }
        Some(s)
    }
}

/// A live load's server counts and rows, for the badge, the source and quality panels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveStatus {
    /// Whether the source is the City of Detroit's own layer.
    pub city: bool,
    /// The load's window (inclusive local days).
    pub window: (i32, i32),
    /// Months in the window.
    pub months: usize,
    /// Months whose counts are in (or given up on).
    pub months_counted: usize,
    /// Months whose incidents are counted (the monthly series in incidents needs them all).
    pub incidents_counted: usize,
    /// Offense rows the server counted over the window, once known.
    pub server_rows: Option<u64>,
    /// Incidents the server counted over the window, once known.
    pub server_incidents: Option<u64>,
    /// Rows received so far (some may wait for an older run before they join the data).
    pub rows_received: u64,
    /// Where rows-based numbers come from (the rows in the data).
    pub rows: Basis,
    /// The local days of the months whose rows are all in the data.
    pub rows_days: Option<(i32, i32)>,
    /// Whether every row is in.
    pub complete: bool,
    /// Server counts against rows.
    pub reconciliation: Reconciliation,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reconciliation_in_words() {
        let mut r = Reconciliation::default();
        assert_eq!(r.describe(true), None);
        r.checked = 106;
        r.agree = 106;
        assert_eq!(
            r.describe(true).unwrap(),
            "all 106 months agree with the City's counts"
        );
        r.agree = 105;
        r.differ.push(MonthNote {
            month: "2024-11".into(),
            server: Some(301),
            loaded: 300,
            reason: "1 row(s) counted by the server were not sent".into(),
        });
        r.not_counted.push("2024-12".into());
        assert_eq!(
            r.describe(false).unwrap(),
            "105 of 106 months agree with the server's counts; 2024-11: 300 loaded against 301 counted (1 row(s) counted by the server were not sent); 2024-12 loaded without a server count"
        );
    }

    #[test]
    fn months_loaded_again_are_named_with_the_copy_they_replace() {
        let mut r = Reconciliation {
            checked: 36,
            agree: 36,
            replaced: vec!["2025-03".into()],
            base: Some("the copy of 2026-12-04".into()),
            ..Reconciliation::default()
        };
        assert_eq!(
            r.describe(true).unwrap(),
            "all 36 months agree with the City's counts; month 2025-03 changed on the City's server since the copy of 2026-12-04 and was loaded again"
        );
        r.replaced.push("2025-04".into());
        r.base = None;
        assert_eq!(
            r.describe(false).unwrap(),
            "all 36 months agree with the server's counts; months 2025-03, 2025-04 changed on the server and were loaded again"
        );
    }
}
