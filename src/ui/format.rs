//! Number and date formatting for the page.

use crate::data::time::format_day;

/// Group thousands: 12345 → "12,345".
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

/// A signed percentage with one decimal: "+3.2 %".
pub fn signed_pct(p: f64) -> String {
    format!(
        "{}{:.1} %",
        if p > 0.0 {
            "+"
        } else if p < 0.0 {
            "−"
        } else {
            ""
        },
        p.abs()
    )
}

/// A day number as `YYYY-MM-DD`.
pub fn day(d: i32) -> String {
    format_day(d)
}

/// Weekday names, Monday first.
pub use crate::narrative::staffing::WEEKDAYS;

/// P-values in words (shared with the command-line interface).
pub use crate::narrative::p_text;

/// Short weekday names, Monday first.
pub const WEEKDAYS_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Today's local day number in Detroit.
pub fn today() -> i32 {
    let now = js_sys::Date::now() as i64;
    crate::data::time::DetroitClock::new().local(now).day
}
