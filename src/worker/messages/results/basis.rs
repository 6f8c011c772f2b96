//! Where an analysis's numbers come from while a live load is in progress: every row, the
//! rows loaded so far, or the server's own counts (in a stated unit); and the overview's
//! headline numbers with their basis.

use serde::{Deserialize, Serialize};

use crate::data::filter::Unit;

/// What a count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CountUnit {
    /// Offense-level rows (a report with three offenses is three rows).
    OffenseRows,
    /// Incidents: distinct report numbers.
    Incidents,
}

impl CountUnit {
    /// The unit a filter counts in, when rows are counted.
    pub fn of(unit: Unit) -> CountUnit {
        match unit {
            Unit::Incidents => CountUnit::Incidents,
            Unit::Offenses => CountUnit::OffenseRows,
        }
    }

    /// Plural noun, e.g. "offense rows".
    pub fn noun(self) -> &'static str {
        match self {
            CountUnit::OffenseRows => "offense rows",
            CountUnit::Incidents => "incidents",
        }
    }
}

/// Where numbers come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// Every row of the dataset.
    Rows,
    /// The rows of a live load still in progress: whole months, newest first.
    RowsSoFar {
        /// Oldest month loaded (`YYYY-MM`), if any.
        first_month: Option<String>,
        /// Newest month loaded (`YYYY-MM`), if any.
        last_month: Option<String>,
        /// Offense rows loaded.
        loaded: u64,
        /// Offense rows the server counted in the load's window.
        expected: u64,
    },
    /// The server's own counts of the live load's window.
    ServerCounts {
        /// What they count.
        unit: CountUnit,
        /// Whether the server is the City of Detroit's own layer.
        city: bool,
    },
}

impl Basis {
    /// Whether the numbers are the server's counts.
    pub fn is_counts(&self) -> bool {
        matches!(self, Basis::ServerCounts { .. })
    }

    /// The basis in words for a caption ("from the City's server counts (incidents)", "rows
    /// loaded so far: 2024-03 to 2025-10, 161,988 of 805,120"); None for every row.
    pub fn describe(&self) -> Option<String> {
        match self {
            Basis::Rows => None,
            Basis::RowsSoFar {
                first_month,
                last_month,
                loaded,
                expected,
            } => Some(match (first_month, last_month) {
                (Some(a), Some(b)) if a == b => format!(
                    "rows loaded so far: {a}, {} of {}",
                    thousands(*loaded),
                    thousands(*expected)
                ),
                (Some(a), Some(b)) => format!(
                    "rows loaded so far: {a} to {b}, {} of {}",
                    thousands(*loaded),
                    thousands(*expected)
                ),
                _ => format!("rows loaded so far: none yet of {}", thousands(*expected)),
            }),
            Basis::ServerCounts { unit, city } => Some(format!(
                "from {} server counts ({})",
                if *city {
                    "the City's"
                } else {
                    "the custom source's"
                },
                match unit {
                    CountUnit::OffenseRows => "offense rows",
                    CountUnit::Incidents => "incidents: distinct report numbers",
                }
            )),
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_in_words() {
        assert_eq!(Basis::Rows.describe(), None);
        let counts = Basis::ServerCounts {
            unit: CountUnit::Incidents,
            city: true,
        };
        assert_eq!(
            counts.describe().unwrap(),
            "from the City's server counts (incidents: distinct report numbers)"
        );
        let custom = Basis::ServerCounts {
            unit: CountUnit::OffenseRows,
            city: false,
        };
        assert_eq!(
            custom.describe().unwrap(),
            "from the custom source's server counts (offense rows)"
        );
        let partial = Basis::RowsSoFar {
            first_month: Some("2024-03".into()),
            last_month: Some("2025-10".into()),
            loaded: 161_988,
            expected: 805_120,
        };
        assert_eq!(
            partial.describe().unwrap(),
            "rows loaded so far: 2024-03 to 2025-10, 161,988 of 805,120"
        );
        let none = Basis::RowsSoFar {
            first_month: None,
            last_month: None,
            loaded: 0,
            expected: 12,
        };
        assert_eq!(
            none.describe().unwrap(),
            "rows loaded so far: none yet of 12"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1000), "1,000");
    }
}
