//! Timestamps: parsing both source forms and converting UTC instants to Detroit local time.
//!
//! Sources give either epoch milliseconds (ArcGIS JSON) or text such as
//! `2025/10/23 20:00:00+00` (portal CSV). Text without an offset is read as UTC, which is how
//! the portal exports. Local time uses the `America/Detroit` zone of the tz database
//! (chrono-tz); its offset transitions are tabulated once so converting a row is a binary
//! search, not a zone lookup.

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::America::Detroit;

use super::raw::RawTime;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Parse a raw timestamp to UTC epoch milliseconds. `None` when absent or unreadable.
pub fn parse_utc_ms(raw: &RawTime<'_>) -> Option<i64> {
    match raw {
        RawTime::EpochMs(ms) => Some(*ms),
        RawTime::Text(t) => parse_text(t),
        RawTime::Missing => None,
    }
}

/// Parse text timestamps: epoch ms digits, `YYYY/MM/DD HH:MM:SS+00`, ISO 8601 with `T`/`Z`
/// or `±HH[:MM]` offsets, optional fractional seconds, and `M/D/YYYY h:mm:ss AM`.
pub fn parse_text(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let b = t.as_bytes();
    if b.iter().all(|c| c.is_ascii_digit())
        || (b[0] == b'-' && b.len() > 1 && b[1..].iter().all(|c| c.is_ascii_digit()))
    {
        return t.parse::<i64>().ok();
    }
    parse_ymd(b).or_else(|| parse_us(t))
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let s = b.get(start..start + len)?;
    let mut v = 0u32;
    for c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// `YYYY?MM?DD[ T]HH:MM[:SS[.fff]][Z|±HH[:MM]]`, or a bare date.
fn parse_ymd(b: &[u8]) -> Option<i64> {
    let y = digits(b, 0, 4)?;
    if !matches!(b.get(4), Some(b'/' | b'-')) || b.get(7) != b.get(4) {
        return None;
    }
    let mo = digits(b, 5, 2)?;
    let d = digits(b, 8, 2)?;
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d)?;
    let (mut h, mut mi, mut s, mut ms) = (0, 0, 0, 0u32);
    let mut i = 10;
    if matches!(b.get(10), Some(b' ' | b'T')) {
        h = digits(b, 11, 2)?;
        if b.get(13) != Some(&b':') {
            return None;
        }
        mi = digits(b, 14, 2)?;
        i = 16;
        if b.get(16) == Some(&b':') {
            s = digits(b, 17, 2)?;
            i = 19;
            if b.get(19) == Some(&b'.') {
                i = 20;
                let mut scale = 100;
                while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
                    ms += u32::from(c - b'0') * scale;
                    scale /= 10;
                    i += 1;
                }
            }
        }
    }
    let offset_min = parse_offset(&b[i..])?;
    let naive = date.and_hms_milli_opt(h, mi, s, ms)?;
    Some(naive.and_utc().timestamp_millis() - i64::from(offset_min) * 60_000)
}

/// Offset suffix in minutes east of UTC: empty or `Z` → 0, `+00`, `-05:00`, `+0530`.
fn parse_offset(rest: &[u8]) -> Option<i32> {
    let rest = trim_ascii(rest);
    match rest {
        [] | [b'Z'] | [b'z'] => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let hh = digits(tail, 0, 2)? as i32;
            let mm = match tail.len() {
                2 => 0,
                4 => digits(tail, 2, 2)? as i32,
                5 if tail[2] == b':' => digits(tail, 3, 2)? as i32,
                _ => return None,
            };
            let m = hh * 60 + mm;
            Some(if *sign == b'-' { -m } else { m })
        }
        _ => None,
    }
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// `10/23/2025 8:00:00 PM` style (US order, read as UTC).
fn parse_us(t: &str) -> Option<i64> {
    [
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y",
    ]
    .iter()
    .find_map(|f| {
        NaiveDateTime::parse_from_str(t, f).ok().or_else(|| {
            NaiveDate::parse_from_str(t, f)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
    })
    .map(|n| n.and_utc().timestamp_millis())
}

/// Fast UTC → America/Detroit conversion from a table of the zone's offset transitions.
#[derive(Debug, Clone)]
pub struct DetroitClock {
    /// Sorted (utc_ms at which the offset starts, offset in ms).
    transitions: Vec<(i64, i64)>,
}

/// A local date-time split into the parts the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalParts {
    /// Local calendar day as days since 1970-01-01.
    pub day: i32,
    /// Minute of the local day, 0..1440.
    pub minute: u16,
}

impl Default for DetroitClock {
    fn default() -> Self {
        Self::new()
    }
}

impl DetroitClock {
    /// A clock over the zone's offsets for 1900–2100. The table is built once per process
    /// (probing the tz database takes about a millisecond natively) and copied afterwards, so
    /// every load can make its own clock cheaply.
    pub fn new() -> Self {
        static TABLE: OnceLock<Vec<(i64, i64)>> = OnceLock::new();
        DetroitClock {
            transitions: TABLE.get_or_init(Self::tabulate).clone(),
        }
    }

    /// Probe the tz database for the zone's offset transitions over 1900–2100.
    fn tabulate() -> Vec<(i64, i64)> {
        let offset_at = |ms: i64| -> i64 {
            let dt = chrono::DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc());
            dt.map_or(-5 * 3_600_000, |n| {
                i64::from(Detroit.offset_from_utc_datetime(&n).fix().local_minus_utc()) * 1000
            })
        };
        let year_start = |y: i32| -> i64 {
            NaiveDate::from_ymd_opt(y, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map_or(0, |n| n.and_utc().timestamp_millis())
        };
        let mut transitions = vec![(i64::MIN, offset_at(year_start(1900)))];
        // Probe every ~2 weeks; refine each change to the millisecond by bisection.
        let step = 14 * DAY_MS;
        let (start, end) = (year_start(1900), year_start(2101));
        let mut t = start;
        let mut cur = transitions[0].1;
        while t < end {
            let next = t + step;
            let o = offset_at(next);
            if o != cur {
                let (mut lo, mut hi) = (t, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset_at(mid) == cur {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                transitions.push((hi, o));
                cur = o;
            }
            t = next;
        }
        transitions
    }

    /// UTC offset of Detroit at `utc_ms`, in milliseconds (e.g. −4 h in summer).
    pub fn offset_ms(&self, utc_ms: i64) -> i64 {
        let i = self.transitions.partition_point(|(t, _)| *t <= utc_ms);
        self.transitions[i.saturating_sub(1)].1
    }

    /// Local day and minute of `utc_ms`. Instants within a few hours of the ends of `i64`
    /// saturate instead of overflowing.
    pub fn local(&self, utc_ms: i64) -> LocalParts {
        let local = utc_ms.saturating_add(self.offset_ms(utc_ms));
        let day = local.div_euclid(DAY_MS);
        let minute = local.rem_euclid(DAY_MS) / 60_000;
        LocalParts {
            day: day.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            minute: minute as u16,
        }
    }

    /// UTC instant of a local wall-clock time (earliest reading when ambiguous; a time in
    /// the spring-forward gap is moved forward by the gap).
    pub fn to_utc(&self, day: i32, minute: u16) -> i64 {
        let wall = i64::from(day) * DAY_MS + i64::from(minute) * 60_000;
        // Try the offset before and after; pick the earliest consistent one.
        let guess = wall - self.offset_ms(wall - 5 * 3_600_000);
        let o1 = self.offset_ms(guess);
        let utc = wall - o1;
        if self.offset_ms(utc) == o1 {
            utc
        } else {
            wall - self.offset_ms(utc)
        }
    }
}

/// Days since 1970-01-01 of a calendar date.
pub fn day_of(y: i32, m: u32, d: u32) -> Option<i32> {
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days() as i32)
}

/// Calendar date of a day number (days since 1970-01-01).
pub fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(i64::from(day))))
        .unwrap_or(NaiveDate::MIN)
}

/// Parse `YYYY-MM-DD` into a day number.
pub fn parse_day(text: &str) -> Option<i32> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    day_of(
        chrono::Datelike::year(&d),
        chrono::Datelike::month(&d),
        chrono::Datelike::day(&d),
    )
}

/// Format a day number as `YYYY-MM-DD`.
pub fn format_day(day: i32) -> String {
    date_of(day).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_text_form() {
        let expect = 1_761_249_600_000; // 2025-10-23T20:00:00Z
        for t in [
            "2025/10/23 20:00:00+00",
            "2025-10-23T20:00:00Z",
            "2025-10-23 20:00:00",
            "2025-10-23T16:00:00-04:00",
            "2025-10-23 20:00:00.000+00",
            "10/23/2025 8:00:00 PM",
            "1761249600000",
            "  2025/10/23 20:00:00+00 ",
        ] {
            assert_eq!(parse_text(t), Some(expect), "{t}");
        }
        assert_eq!(parse_text("not a date"), None);
        assert_eq!(parse_text("2025/13/40 20:00:00+00"), None);
        assert_eq!(parse_text(""), None);
    }

    #[test]
    fn detroit_offsets_follow_dst() {
        let c = DetroitClock::new();
        // 2025-03-09 06:59:59Z is 01:59:59 EST; 07:00:00Z is 03:00 EDT.
        let before = 1_741_503_599_000;
        assert_eq!(c.offset_ms(before), -5 * 3_600_000);
        assert_eq!(c.offset_ms(before + 1000), -4 * 3_600_000);
        // 2025-11-02 06:00Z is 01:00 EST (fall back).
        assert_eq!(c.offset_ms(1_762_063_200_000), -5 * 3_600_000);
        assert_eq!(c.offset_ms(1_762_063_199_000), -4 * 3_600_000);
    }

    #[test]
    fn local_parts_match_the_tz_database() {
        let c = DetroitClock::new();
        let p = c.local(1_761_249_600_000); // 2025-10-23 16:00 EDT
        assert_eq!(format_day(p.day), "2025-10-23");
        assert_eq!(p.minute, 16 * 60);
        let winter = c.local(1_485_000_000_000); // 2017-01-21 07:00 EST (source's incident_time "07:00")
        assert_eq!(format_day(winter.day), "2017-01-21");
        assert_eq!(winter.minute, 7 * 60);
        for ms in [1_485_000_000_000i64, 1_761_249_600_000, 1_741_503_599_000] {
            let p = c.local(ms);
            assert_eq!(c.to_utc(p.day, p.minute), ms - ms.rem_euclid(60_000));
        }
    }
}
