//! The allocation page's settings in the URL: the score's weights (`rw`), the trend window
//! (`tw`), the shift start hours (`shifts`), the model order mode (`amodel`), the area whose
//! staffing patterns are shown (`sa`), the peak-window length (`peak`) and whether rows timed
//! exactly 00:00 or 12:00 count in the staffing patterns (`sdt=1`; left out by default). Unreadable or
//! out-of-range values fall back to the defaults; weights that do not sum to 1 are kept as
//! given (the page normalises them and says so). `rec` picks the reconciliation shown for the
//! precinct and category hierarchies (`mint`, the default, `ols` or `bu`).

use crate::analysis::risk::{Weights, DEFAULT_WEIGHTS, TREND_WINDOWS};
use crate::analysis::staffing::{Shifts, DEFAULT_SHIFTS};
use crate::analysis::ts::reconcile::ReconcileMethod;
use crate::analysis::ParamGuard;

/// Default trend window, months.
pub const DEFAULT_TREND: usize = 3;
/// Default peak-window length, hours.
pub const DEFAULT_PEAK_HOURS: usize = 6;
/// Allowed peak-window lengths, hours (inclusive).
pub const PEAK_HOURS: (usize, usize) = (1, 12);

/// The allocation page's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationQuery {
    /// Weights as given (non-negative, not both zero).
    pub weights: Weights,
    /// Trend window, months (3, 6 or 12).
    pub trend: usize,
    /// Shift start hours, sorted (default 7, 15, 23).
    pub shifts: Vec<u8>,
    /// Choose each precinct's order by AIC instead of the seed's (1,1,1)(1,1,1,12).
    pub auto: bool,
    /// Staffing patterns of this precinct (0: citywide).
    pub area: u8,
    /// Peak-window length, hours.
    pub peak_hours: usize,
    /// Count rows timed exactly 00:00 or 12:00 (often a default time) in the staffing
    /// patterns.
    pub default_times: bool,
    /// Reconciliation shown for the precinct and category hierarchies.
    pub reconcile: ReconcileMethod,
}

impl Default for AllocationQuery {
    fn default() -> Self {
        AllocationQuery {
            weights: DEFAULT_WEIGHTS,
            trend: DEFAULT_TREND,
            shifts: DEFAULT_SHIFTS.to_vec(),
            auto: false,
            area: 0,
            peak_hours: DEFAULT_PEAK_HOURS,
            default_times: false,
            reconcile: ReconcileMethod::default(),
        }
    }
}

/// Parse `rw`: two numbers, both finite and non-negative, not both zero.
pub fn parse_weights(v: &str) -> Option<Weights> {
    let parts: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [forecast, momentum] = <[f64; 2]>::try_from(parts).ok()?;
    let w = Weights { forecast, momentum };
    w.check_ref().ok().copied()
}

fn number(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl AllocationQuery {
    /// Read the settings from decoded query pairs.
    pub fn from_pairs(get: &dyn Fn(&str) -> Option<String>) -> AllocationQuery {
        let d = AllocationQuery::default();
        let num = |k: &str| get(k).and_then(|v| v.trim().parse::<usize>().ok());
        AllocationQuery {
            weights: get("rw")
                .and_then(|v| parse_weights(&v))
                .unwrap_or(d.weights),
            trend: num("tw")
                .filter(|t| TREND_WINDOWS.contains(t))
                .unwrap_or(d.trend),
            shifts: get("shifts")
                .and_then(|v| {
                    let hours: Vec<u8> = v
                        .split(',')
                        .map(|h| h.trim().parse::<u8>())
                        .collect::<Result<_, _>>()
                        .ok()?;
                    let shifts = Shifts::new(&hours);
                    shifts.check_ref().ok().map(|s| s.hours().to_vec())
                })
                .unwrap_or(d.shifts),
            auto: get("amodel").as_deref() == Some("auto"),
            area: get("sa")
                .and_then(|v| crate::data::taxonomy::precinct_code(&v))
                .unwrap_or(0),
            peak_hours: num("peak")
                .filter(|h| (PEAK_HOURS.0..=PEAK_HOURS.1).contains(h))
                .unwrap_or(d.peak_hours),
            default_times: get("sdt").as_deref() == Some("1"),
            reconcile: get("rec")
                .and_then(|v| ReconcileMethod::from_key(v.trim()))
                .unwrap_or_default(),
        }
    }

    /// Append the non-default settings as query pairs.
    pub fn to_pairs(&self, p: &mut Vec<(&'static str, String)>) {
        let d = AllocationQuery::default();
        if self.weights != d.weights {
            p.push((
                "rw",
                format!(
                    "{},{}",
                    number(self.weights.forecast),
                    number(self.weights.momentum)
                ),
            ));
        }
        if self.trend != d.trend {
            p.push(("tw", self.trend.to_string()));
        }
        if self.shifts != d.shifts {
            let v: Vec<String> = self.shifts.iter().map(u8::to_string).collect();
            p.push(("shifts", v.join(",")));
        }
        if self.auto {
            p.push(("amodel", "auto".into()));
        }
        if self.area != 0 {
            p.push(("sa", format!("{:02}", self.area)));
        }
        if self.peak_hours != d.peak_hours {
            p.push(("peak", self.peak_hours.to_string()));
        }
        if self.default_times {
            p.push(("sdt", "1".into()));
        }
        if self.reconcile != d.reconcile {
            p.push(("rec", self.reconcile.key().into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::UrlState;

    #[test]
    fn allocation_settings_round_trip_and_fall_back() {
        let s = UrlState::parse(
            "?page=allocation&rw=3,1&tw=12&shifts=23,6,14&amodel=auto&sa=09&peak=4&sdt=1",
        );
        let a = &s.allocation;
        assert_eq!(
            a.weights,
            Weights {
                forecast: 3.0,
                momentum: 1.0
            }
        );
        assert_eq!((a.trend, a.auto, a.area, a.peak_hours), (12, true, 9, 4));
        assert!(a.default_times);
        assert_eq!(a.shifts, vec![6, 14, 23]);
        assert_eq!(UrlState::parse(&s.to_query()), s);
        let junk = UrlState::parse("?rw=-1,2&tw=5&shifts=7,7,15&amodel=x&sa=HP&peak=99");
        assert_eq!(junk.allocation, AllocationQuery::default());
        assert_eq!(
            UrlState::parse("?rw=0,0").allocation.weights,
            DEFAULT_WEIGHTS
        );
        assert_eq!(
            UrlState::parse("?rw=0.5,NaN").allocation.weights,
            DEFAULT_WEIGHTS
        );
        assert_eq!(
            UrlState::parse("?shifts=1,2,3,4,5,6,7").allocation.shifts,
            vec![7, 15, 23]
        );
        let mut w = UrlState::default();
        w.allocation.weights = Weights {
            forecast: 0.7,
            momentum: 0.3,
        };
        assert!(w.to_query().contains("rw=0.7,0.3"));
        assert_eq!(UrlState::parse(&w.to_query()), w);
    }

    #[test]
    fn reconciliation_method_round_trips_and_defaults_to_mint() {
        let s = UrlState::parse("?page=allocation&rec=ols");
        assert_eq!(s.allocation.reconcile, ReconcileMethod::Ols);
        assert!(s.to_query().contains("rec=ols"));
        assert_eq!(UrlState::parse(&s.to_query()), s);
        for junk in ["?rec=wls", "?rec=", "?page=allocation"] {
            assert_eq!(
                UrlState::parse(junk).allocation.reconcile,
                ReconcileMethod::MintShrink
            );
        }
        assert!(!UrlState::default().to_query().contains("rec="));
    }
}
