//! Cleaning rules and counting (aggregation): the overview's panels.

use super::{q, unit_words, Explainer};

/// The cleaning numbers on screen (formatted as the data-quality panel shows them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CleaningFacts {
    /// Rows read.
    pub read: String,
    /// Rows kept.
    pub kept: String,
    /// Rows dropped.
    pub dropped: String,
    /// Share of kept rows timed exactly 00:00 or 12:00, e.g. "3.41 %".
    pub default_share: String,
    /// Whether rows with a junk precinct are dropped (else kept and flagged).
    pub drop_junk_precinct: bool,
    /// Whether rows without coordinates are dropped (else kept and flagged).
    pub drop_missing_coords: bool,
    /// Whether rows with coordinates outside Detroit are dropped (else kept and flagged).
    pub drop_outside_city: bool,
    /// Whether the data are crimecast's synthetic demo data.
    pub synthetic: bool,
}

fn fate(drop: bool) -> &'static str {
    if drop {
        "dropped"
    } else {
        "kept but flagged"
    }
}

/// How cleaning works, with the rows read, kept and dropped.
pub fn cleaning(f: &CleaningFacts) -> Explainer {
    let mut read = vec![
        format!(
            "Here {} rows were read: {} kept and {} dropped. Kept plus dropped always equals the rows read, so no row disappears without a reason. The Data quality panel at the foot of the page shows how many rows each rule dropped.",
            q(&f.read),
            q(&f.kept),
            q(&f.dropped)
        ),
        format!(
            "{} of the kept rows are timed exactly 00:00 or 12:00, against 0.14 % if times were spread evenly: most of these are probably [[default-time|default times]] typed in when the real time was unknown.",
            q(&f.default_share)
        ),
    ];
    if f.synthetic {
        read.push("These are [[synthetic-data|synthetic demo data]]: crimecast made them up, with a few faults of the real data built in, so the rules have something to catch.".into());
    }
    Explainer {
        what: vec![format!(
            "Before any analysis crimecast checks every row ([[cleaning]]). A row is dropped when it cannot be read, has no readable date, or falls outside the date window (the records start in August 2016). Rows with a junk precinct (such as 0 or HP) are {}; rows without coordinates are {} (they count in totals but cannot go on a map); rows placed outside Detroit are {}.",
            fate(f.drop_junk_precinct),
            fate(f.drop_missing_coords),
            fate(f.drop_outside_city)
        )],
        read,
        limits: vec![
            "Cleaning cannot correct a wrong address, date or category typed into a report; it only removes rows that are clearly unusable.".into(),
            "These are [[reported-incident|reported incidents]]: crimes nobody reports are missing, and a record can change or be removed as an investigation goes on.".into(),
        ],
    }
}

/// The counting numbers on screen (formatted as the KPI cards show them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountingFacts {
    /// Total in the window.
    pub total: String,
    /// Daily average.
    pub daily: String,
    /// Days in the window.
    pub days: String,
    /// First day of the window.
    pub from: String,
    /// Last day of the window.
    pub to: String,
    /// Counting incidents (else offense rows).
    pub incidents: bool,
    /// The change against a year before, when the data cover it, e.g. "+3.2 %".
    pub change: Option<String>,
}

/// How the overview counts, with its totals.
pub fn counting(f: &CountingFacts) -> Explainer {
    let unit = unit_words(f.incidents);
    let mut read = vec![
        format!(
            "The first card, {}, is the number of {} reported to have happened from {} to {} (the last year of the data unless you choose dates). The daily average, {}, is that total divided by the {} days.",
            q(&f.total),
            if f.incidents { "[[incident|incidents]]" } else { "[[offense-row|offense rows]]" },
            q(&f.from),
            q(&f.to),
            q(&f.daily),
            q(&f.days)
        ),
    ];
    if let Some(c) = &f.change {
        read.push(format!(
            "The change, {}, compares this total with the same dates one year earlier.",
            q(c)
        ));
    }
    read.push("The trend chart adds the rows up per day or per [[iso-week|ISO week]]; a week cut off by the edge of the window is a [[partial-period|partial period]], kept out of the line so it does not look like a sudden drop.".into());
    Explainer {
        what: vec![format!(
            "Every chart here is a count ([[aggregation]]): rows added up per day, per week, per weekday and hour, per category or per precinct, for the filters you chose. Counting {unit} {}.",
            if f.incidents {
                "keeps one row per report number, because one report can list several offenses"
            } else {
                "keeps every offense listed in a report, so one report can count more than once"
            }
        )],
        read,
        limits: vec![
            "A count is not a rate: it is not divided by how many people live in, work in or pass through an area, so busy places always count more.".into(),
            "A change in a count can come from a change in reporting or recording, not only from a change in crime.".into(),
        ],
    }
}
