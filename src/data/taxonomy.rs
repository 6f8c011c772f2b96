//! Fixed vocabularies: the 32 RMS offense categories (with their crimes-against group and
//! their share of incidents in the published data) and the 11 police precincts.

use serde::{Deserialize, Serialize};

/// NIBRS-style "crimes against" group of an offense category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Against {
    /// Crimes against persons.
    Persons,
    /// Crimes against property (robbery included, as in NIBRS).
    Property,
    /// Crimes against society (Group-B-style offenses).
    Society,
    /// Non-criminal or unclassifiable (context only).
    Other,
}

/// One offense category: its name, group, and incidents 2017-01..2026-06 in the published data.
#[derive(Debug, Clone, Copy)]
pub struct Category {
    /// Name as published (trimmed, upper case).
    pub name: &'static str,
    /// Crimes-against group.
    pub against: Against,
    /// Published incident count, used to calibrate the demo data.
    pub incidents: u32,
}

const fn cat(name: &'static str, against: Against, incidents: u32) -> Category {
    Category {
        name,
        against,
        incidents,
    }
}

/// The 32 offense categories of the RMS layer.
pub const CATEGORIES: [Category; 32] = [
    cat("ASSAULT", Against::Persons, 139_770),
    cat("AGGRAVATED ASSAULT", Against::Persons, 69_871),
    cat("HOMICIDE", Against::Persons, 2_120),
    cat("SEXUAL ASSAULT", Against::Persons, 6_239),
    cat("SEX OFFENSES", Against::Persons, 9_658),
    cat("KIDNAPPING", Against::Persons, 1_303),
    cat("ROBBERY", Against::Property, 15_520),
    cat("LARCENY", Against::Property, 112_057),
    cat("BURGLARY", Against::Property, 51_893),
    cat("STOLEN VEHICLE", Against::Property, 68_690),
    cat("STOLEN PROPERTY", Against::Property, 16_333),
    cat("DAMAGE TO PROPERTY", Against::Property, 90_482),
    cat("FRAUD", Against::Property, 64_938),
    cat("FORGERY", Against::Property, 1_847),
    cat("EXTORTION", Against::Property, 545),
    cat("ARSON", Against::Property, 5_483),
    cat("WEAPONS OFFENSES", Against::Society, 26_321),
    cat("DANGEROUS DRUGS", Against::Society, 11_643),
    cat("OUIL", Against::Society, 2_376),
    cat("LIQUOR", Against::Society, 623),
    cat("GAMBLING", Against::Society, 15),
    cat("SOLICITATION", Against::Society, 73),
    cat("DISORDERLY CONDUCT", Against::Society, 2_241),
    cat("OBSTRUCTING THE POLICE", Against::Society, 8_075),
    cat("OBSTRUCTING JUDICIARY", Against::Society, 9_350),
    cat("HEALTH AND SAFETY", Against::Society, 284),
    cat("FAMILY OFFENSE", Against::Society, 4_837),
    cat("INVASION OF PRIVACY -OTHER", Against::Society, 1_016),
    cat("RUNAWAY", Against::Other, 5_969),
    cat("MISCELLANEOUS", Against::Other, 2_349),
    cat("OTHER", Against::Other, 1_797),
    cat("JUSTIFIABLE HOMICIDE", Against::Other, 205),
];

/// The 11 real police precincts and their approximate share of incidents.
pub const PRECINCTS: [(&str, f64); 11] = [
    ("02", 0.084),
    ("03", 0.104),
    ("04", 0.073),
    ("05", 0.075),
    ("06", 0.100),
    ("07", 0.062),
    ("08", 0.136),
    ("09", 0.109),
    ("10", 0.080),
    ("11", 0.065),
    ("12", 0.112),
];

/// Normalise a precinct code: trims, zero-pads one digit ("2" → "02"); `None` if it is not
/// one of the 11 real precincts (junk such as "0", "00", "0W", "HP", empty).
pub fn precinct_code(raw: &str) -> Option<u8> {
    let t = raw.trim();
    let n: u8 = match t.len() {
        1 | 2 if t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok()?,
        _ => return None,
    };
    (2..=12).contains(&n).then_some(n)
}

/// Display label of a precinct number ("02".."12").
pub fn precinct_label(n: u8) -> String {
    format!("{n:02}")
}

/// Index of a category name (exact, after trimming and upper-casing), if known.
pub fn category_index(name: &str) -> Option<usize> {
    let t = name.trim();
    CATEGORIES
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precinct_codes() {
        assert_eq!(precinct_code("02"), Some(2));
        assert_eq!(precinct_code(" 9 "), Some(9));
        assert_eq!(precinct_code("12"), Some(12));
        for junk in ["0", "00", "0W", "HP", "", "13", "1", "abc"] {
            assert_eq!(precinct_code(junk), None, "{junk}");
        }
    }

    #[test]
    fn thirty_two_distinct_categories() {
        let mut names: Vec<_> = CATEGORIES.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 32);
        assert!((PRECINCTS.iter().map(|p| p.1).sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(category_index("larceny "), Some(7));
    }
}
