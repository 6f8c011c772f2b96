//! Cleaning with an accounting: every row read is either kept or dropped by exactly one
//! rule, so `read = kept + Σ dropped` always holds. Some rules can flag instead of drop.
//!
//! Dates: the RMS layer's data begin on [`DEFAULT_FIRST_DAY`] (a few junk dates go back to
//! 1915); rows dated before the window's first day, that day by default, are dropped as
//! [`Rule::OutsideWindow`]. Rows dated after the load's own end (a live window's last day;
//! yesterday in Detroit for an upload, see [`CleanRules::for_upload`]) are dropped as
//! [`Rule::AfterEnd`], so a stray future date cannot stretch every series to it.

use serde::{Deserialize, Serialize};

use super::raw::RawRecord;
use super::store::{
    report_hash, Row, Store, FLAG_DEFAULT_TIME, FLAG_NO_COORDS, FLAG_NO_PRECINCT, FLAG_OUTSIDE_CITY,
};
use super::taxonomy::precinct_code;
use super::time::{format_day, parse_utc_ms, DetroitClock};

/// Detroit's extent in degrees: (west, south, east, north).
pub const CITY_BBOX: (f64, f64, f64, f64) = (-83.29, 42.25, -82.91, 42.46);

/// The first day of the default window, the data's documented start: the RMS layer starts in
/// 2016-08.
pub const DEFAULT_FIRST_DAY: &str = "2016-08-01";

/// A cleaning rule: the reason a row is dropped or flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// The row could not be read (wrong number of fields, broken quoting...).
    Malformed,
    /// The timestamp is missing or unreadable.
    BadDate,
    /// The date falls before the window's first day, the data's start by default (e.g. the
    /// 1915 stragglers).
    OutsideWindow,
    /// The date falls after the load's end (e.g. a date in the future).
    AfterEnd,
    /// The precinct is missing or junk (0, 00, 0W, HP...).
    JunkPrecinct,
    /// Longitude/latitude missing.
    MissingCoords,
    /// Coordinates outside Detroit's extent.
    OutsideCity,
}

/// Every rule, in the order they are checked.
pub const RULES: [Rule; 7] = [
    Rule::Malformed,
    Rule::BadDate,
    Rule::OutsideWindow,
    Rule::AfterEnd,
    Rule::JunkPrecinct,
    Rule::MissingCoords,
    Rule::OutsideCity,
];

impl Rule {
    /// Plain-words label for the quality panel.
    pub fn label(self) -> &'static str {
        match self {
            Rule::Malformed => "Malformed row",
            Rule::BadDate => "Missing or unreadable date",
            Rule::OutsideWindow => "Date before the window or the data's start",
            Rule::AfterEnd => "Date after the load's end (in the future)",
            Rule::JunkPrecinct => "Junk or missing precinct (0, 00, 0W, HP)",
            Rule::MissingCoords => "Missing coordinates",
            Rule::OutsideCity => "Coordinates outside Detroit",
        }
    }

    /// Whether this rule may flag (keep) instead of drop.
    pub fn can_flag(self) -> bool {
        matches!(
            self,
            Rule::JunkPrecinct | Rule::MissingCoords | Rule::OutsideCity
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What to do with a row a rule catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Remove the row.
    Drop,
    /// Keep the row, marked.
    Flag,
}

/// The cleaning settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanRules {
    /// First local day kept (days since 1970-01-01).
    pub first_day: i32,
    /// Last local day kept: the load's end (a live window's last day, yesterday for an
    /// upload). Later rows are dropped as [`Rule::AfterEnd`].
    pub last_day: i32,
    /// Junk precincts: drop (default) or keep as "unknown precinct".
    pub junk_precinct: Action,
    /// Missing coordinates: keep flagged (default; they still count in totals) or drop.
    pub missing_coords: Action,
    /// Coordinates outside the city: drop (default) or keep flagged.
    pub outside_city: Action,
}

impl Default for CleanRules {
    fn default() -> Self {
        CleanRules {
            first_day: super::time::parse_day(DEFAULT_FIRST_DAY).unwrap_or(17_014),
            last_day: super::time::parse_day("2100-01-01").unwrap_or(47_482),
            junk_precinct: Action::Drop,
            missing_coords: Action::Flag,
            outside_city: Action::Drop,
        }
    }
}

impl CleanRules {
    /// The rules for a file read on local day `today` in Detroit: the defaults, ending
    /// yesterday (a file cannot hold incidents that have not happened yet).
    pub fn for_upload(today: i32) -> Self {
        let d = CleanRules::default();
        CleanRules {
            last_day: d.last_day.min(today.saturating_sub(1)),
            ..d
        }
    }

    fn action(&self, rule: Rule) -> Action {
        match rule {
            Rule::JunkPrecinct => self.junk_precinct,
            Rule::MissingCoords => self.missing_coords,
            Rule::OutsideCity => self.outside_city,
            _ => Action::Drop,
        }
    }
}

/// A malformed or rejected row shown as an example in the quality panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Row number in the source (1-based, header excluded), when known.
    pub row: u64,
    /// Why it was rejected.
    pub reason: String,
}

/// The accounting of one cleaning pass (or of several loads added together).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    /// Rows read from the source.
    pub read: u64,
    /// Rows kept.
    pub kept: u64,
    /// Rows dropped, per rule (indexed like [`RULES`]).
    pub dropped: [u64; RULES.len()],
    /// Rows kept but flagged, per rule (indexed like [`RULES`]).
    pub flagged: [u64; RULES.len()],
    /// Kept rows at exactly 00:00 local time.
    pub midnight: u64,
    /// Kept rows at exactly 12:00 local time.
    pub noon: u64,
    /// Text fields that had leading or trailing spaces (trimmed).
    pub trimmed: u64,
    /// Kept rows without a neighborhood that were placed in one from their coordinates
    /// (point in the official neighborhood polygons).
    #[serde(default)]
    pub placed: u64,
    /// Distinct incidents (report numbers) among kept rows; set after loading.
    pub incidents: u64,
    /// Earliest and latest kept local day.
    pub day_range: Option<(i32, i32)>,
    /// First examples of rejected rows.
    pub examples: Vec<Example>,
}

/// Maximum examples kept.
pub const MAX_EXAMPLES: usize = 5;

/// Longest example reason kept, in characters; a longer one (e.g. quoting a huge unreadable
/// date) is cut there and ends with `…`, so the quality panel stays small whatever the input.
pub const MAX_REASON_CHARS: usize = 200;

fn shorten(mut reason: String) -> String {
    if let Some((cut, _)) = reason.char_indices().nth(MAX_REASON_CHARS) {
        reason.truncate(cut);
        reason.push('…');
    }
    reason
}

impl Quality {
    /// Sum of drops over every rule.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.iter().sum()
    }

    /// Whether `read = kept + Σ dropped`.
    pub fn balances(&self) -> bool {
        self.read == self.kept + self.dropped_total()
    }

    /// Count a row rejected before cleaning (malformed), with an example.
    pub fn malformed(&mut self, row: u64, reason: impl Into<String>) {
        self.read += 1;
        self.dropped[Rule::Malformed.index()] += 1;
        self.example(row, reason.into());
    }

    fn example(&mut self, row: u64, reason: String) {
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(Example {
                row,
                reason: shorten(reason),
            });
        }
    }

    /// Share of kept rows at exactly midnight or noon, percent (a spike suggests default times;
    /// spread evenly the two minutes would hold 2/1440 ≈ 0.14 %).
    pub fn default_time_share(&self) -> f64 {
        if self.kept == 0 {
            0.0
        } else {
            100.0 * (self.midnight + self.noon) as f64 / self.kept as f64
        }
    }

    /// Take back the counts of rows accounted in `other` (rows this accounting holds that
    /// are dropped again, e.g. a month loaded anew): the inverse of [`Quality::absorb`] for
    /// every count; the day range and examples stay.
    pub fn withdraw(&mut self, other: &Quality) {
        self.read = self.read.saturating_sub(other.read);
        self.kept = self.kept.saturating_sub(other.kept);
        for i in 0..RULES.len() {
            self.dropped[i] = self.dropped[i].saturating_sub(other.dropped[i]);
            self.flagged[i] = self.flagged[i].saturating_sub(other.flagged[i]);
        }
        self.midnight = self.midnight.saturating_sub(other.midnight);
        self.noon = self.noon.saturating_sub(other.noon);
        self.trimmed = self.trimmed.saturating_sub(other.trimmed);
        self.placed = self.placed.saturating_sub(other.placed);
    }

    /// Add another accounting into this one.
    pub fn absorb(&mut self, other: &Quality) {
        self.read += other.read;
        self.kept += other.kept;
        for i in 0..RULES.len() {
            self.dropped[i] += other.dropped[i];
            self.flagged[i] += other.flagged[i];
        }
        self.midnight += other.midnight;
        self.noon += other.noon;
        self.trimmed += other.trimmed;
        self.placed += other.placed;
        self.day_range = match (self.day_range, other.day_range) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        };
        for e in &other.examples {
            if self.examples.len() < MAX_EXAMPLES {
                self.examples.push(e.clone());
            }
        }
    }
}

/// Applies [`CleanRules`] to raw rows and appends the kept ones to a [`Store`].
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: CleanRules,
    clock: DetroitClock,
    /// The accounting so far.
    pub quality: Quality,
    /// Rows seen (for example row numbers).
    row_number: u64,
}

fn trimmed<'a>(s: &'a str, count: &mut u64) -> &'a str {
    let t = s.trim();
    if t.len() != s.len() {
        *count += 1;
    }
    t
}

impl Cleaner {
    /// A cleaner for `rules`.
    pub fn new(rules: CleanRules) -> Self {
        Cleaner {
            rules,
            clock: DetroitClock::new(),
            quality: Quality::default(),
            row_number: 0,
        }
    }

    /// The rules in force.
    pub fn rules(&self) -> &CleanRules {
        &self.rules
    }

    /// The timezone clock (shared so callers don't rebuild it).
    pub fn clock(&self) -> &DetroitClock {
        &self.clock
    }

    /// Count a malformed source row (already skipped by the reader).
    pub fn malformed(&mut self, reason: impl Into<String>) {
        self.row_number += 1;
        let row = self.row_number;
        self.quality.malformed(row, reason);
    }

    fn reject(&mut self, rule: Rule, reason: String) -> bool {
        match self.rules.action(rule) {
            Action::Drop => {
                self.quality.dropped[rule.index()] += 1;
                if rule == Rule::BadDate {
                    let row = self.row_number;
                    self.quality.example(row, reason);
                }
                true
            }
            // Counted in `flagged` only once the row is kept (a later rule may drop it).
            Action::Flag => false,
        }
    }

    /// Clean one raw row; appends it to `store` when kept. Returns whether it was kept.
    pub fn push(&mut self, raw: &RawRecord<'_>, store: &mut Store) -> bool {
        self.row_number += 1;
        self.quality.read += 1;
        let Some(utc_ms) = parse_utc_ms(&raw.occurred) else {
            let reason = format!("unreadable date {:?}", raw.occurred);
            self.reject(Rule::BadDate, reason);
            return false;
        };
        let local = self.clock.local(utc_ms);
        if local.day < self.rules.first_day {
            self.quality.dropped[Rule::OutsideWindow.index()] += 1;
            return false;
        }
        if local.day > self.rules.last_day {
            self.quality.dropped[Rule::AfterEnd.index()] += 1;
            let row = self.row_number;
            let reason = format!(
                "dated {}, after the load's end ({})",
                format_day(local.day),
                format_day(self.rules.last_day)
            );
            self.quality.example(row, reason);
            return false;
        }
        let mut flags = 0u8;
        let precinct = match precinct_code(&raw.precinct) {
            Some(p) => p,
            None => {
                if self.reject(Rule::JunkPrecinct, String::new()) {
                    return false;
                }
                flags |= FLAG_NO_PRECINCT;
                0
            }
        };
        let coords = match (raw.longitude, raw.latitude) {
            (Some(lon), Some(lat))
                if lon.is_finite() && lat.is_finite() && !(lon == 0.0 && lat == 0.0) =>
            {
                Some((lon, lat))
            }
            _ => None,
        };
        let (lon, lat) = match coords {
            None => {
                if self.reject(Rule::MissingCoords, String::new()) {
                    return false;
                }
                flags |= FLAG_NO_COORDS;
                (f32::NAN, f32::NAN)
            }
            Some((lon, lat)) => {
                let (w, s, e, n) = CITY_BBOX;
                if !(w..=e).contains(&lon) || !(s..=n).contains(&lat) {
                    if self.reject(Rule::OutsideCity, String::new()) {
                        return false;
                    }
                    flags |= FLAG_OUTSIDE_CITY;
                }
                (lon as f32, lat as f32)
            }
        };
        if local.minute == 0 || local.minute == 720 {
            flags |= FLAG_DEFAULT_TIME;
            if local.minute == 0 {
                self.quality.midnight += 1;
            } else {
                self.quality.noon += 1;
            }
        }
        let q = &mut self.quality;
        let category = trimmed(&raw.offense_category, &mut q.trimmed);
        let description = trimmed(&raw.offense_description, &mut q.trimmed);
        let neighborhood = trimmed(&raw.neighborhood, &mut q.trimmed);
        let report = report_hash(&raw.report_number);
        store.push(Row {
            utc_ms,
            day: local.day,
            minute: local.minute,
            category: if category.is_empty() {
                "(BLANK)"
            } else {
                category
            },
            description,
            precinct,
            neighborhood,
            lon,
            lat,
            report,
            flags,
        });
        q.kept += 1;
        for (bit, rule) in [
            (FLAG_NO_PRECINCT, Rule::JunkPrecinct),
            (FLAG_NO_COORDS, Rule::MissingCoords),
            (FLAG_OUTSIDE_CITY, Rule::OutsideCity),
        ] {
            if flags & bit != 0 {
                q.flagged[rule.index()] += 1;
            }
        }
        q.day_range = Some(match q.day_range {
            Some((a, b)) => (a.min(local.day), b.max(local.day)),
            None => (local.day, local.day),
        });
        true
    }

    /// Finish: mark incident representatives in `store` and record the incident count.
    pub fn finish(&mut self, store: &mut Store) -> Quality {
        self.quality.incidents = store.mark_representatives() as u64;
        self.quality.clone()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::data::raw::RawTime;

    fn raw(precinct: &'static str, ms: i64, lon: Option<f64>) -> RawRecord<'static> {
        RawRecord {
            report_number: Cow::Borrowed("R1 "),
            occurred: RawTime::EpochMs(ms),
            offense_category: Cow::Borrowed("LARCENY  "),
            precinct: Cow::Borrowed(precinct),
            longitude: lon,
            latitude: lon.map(|_| 42.35),
            ..RawRecord::default()
        }
    }

    #[test]
    fn accounting_always_balances() {
        let mut c = Cleaner::new(CleanRules::default());
        let mut s = Store::new();
        let ok = 1_761_249_600_000;
        assert!(c.push(&raw("02", ok, Some(-83.05)), &mut s));
        assert!(!c.push(&raw("HP", ok, Some(-83.05)), &mut s));
        assert!(!c.push(&raw("03", -1_735_000_000_000, Some(-83.05)), &mut s)); // 1915
        assert!(c.push(&raw("04", ok, None), &mut s)); // flagged
        assert!(!c.push(&raw("05", ok, Some(-80.0)), &mut s));
        let mut bad = raw("02", ok, None);
        bad.occurred = RawTime::Text(Cow::Borrowed("yesterday"));
        assert!(!c.push(&bad, &mut s));
        c.malformed("3 fields, expected 20");
        let q = c.finish(&mut s);
        assert_eq!(q.read, 7);
        assert_eq!(q.kept, 2);
        assert!(q.balances());
        assert_eq!(q.flagged[Rule::MissingCoords.index()], 1);
        assert_eq!(q.incidents, 1);
        assert_eq!(s.categories.name(s.category[0]), "LARCENY");
        assert!(q.trimmed >= 2);
        assert_eq!(q.examples.len(), 2);
    }

    #[test]
    fn flag_actions_keep_rows() {
        let rules = CleanRules {
            junk_precinct: Action::Flag,
            outside_city: Action::Flag,
            ..CleanRules::default()
        };
        let mut c = Cleaner::new(rules);
        let mut s = Store::new();
        assert!(c.push(&raw("0W", 1_761_249_600_000, Some(-80.0)), &mut s));
        assert_eq!(s.precinct[0], 0);
        assert_ne!(s.flags[0] & FLAG_NO_PRECINCT, 0);
        assert_ne!(s.flags[0] & FLAG_OUTSIDE_CITY, 0);
        assert!(c.quality.balances());
    }
}
