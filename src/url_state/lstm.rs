//! The LSTM page's settings in the URL: input window (`win`), layer units (`units`), epoch
//! budget (`epochs`), early-stopping patience (`pat`), seed (`seed`), seasonal-lag input
//! (`lag`) and test weeks (`test`). Out-of-range or unreadable values fall back to the
//! defaults one by one.

use crate::analysis::ParamGuard;
use crate::worker::messages::LstmSettings;

/// Whether the LSTM settings accept the one value `set` changes (the URL keeps each value only
/// when they do, and falls back to the default otherwise).
fn accepts(set: impl FnOnce(&mut LstmSettings)) -> bool {
    let mut s = LstmSettings::default();
    set(&mut s);
    s.check_ref().is_ok()
}

/// Parse a units list such as `50,32` (one or two sizes the settings accept), or `None`.
pub fn parse_units(text: &str) -> Option<Vec<usize>> {
    let units = text
        .split(',')
        .map(|p| p.trim().parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    accepts(|s| s.units = units.clone()).then_some(units)
}

/// Read the settings from decoded query pairs.
pub fn from_pairs(get: &dyn Fn(&str) -> Option<String>) -> LstmSettings {
    let d = LstmSettings::default();
    let num = |k: &str, set: fn(&mut LstmSettings, usize)| {
        get(k)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|v| accepts(|s| set(s, *v)))
    };
    LstmSettings {
        window: num("win", |s, v| s.window = v).unwrap_or(d.window),
        units: get("units")
            .and_then(|v| parse_units(&v))
            .unwrap_or(d.units),
        epochs: num("epochs", |s, v| s.epochs = v).unwrap_or(d.epochs),
        patience: num("pat", |s, v| s.patience = v).unwrap_or(d.patience),
        seed: get("seed")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|v| accepts(|s| s.seed = *v))
            .unwrap_or(d.seed),
        seasonal_lag: num("lag", |s, v| s.seasonal_lag = v).unwrap_or(d.seasonal_lag),
        test_weeks: num("test", |s, v| s.test_weeks = v).unwrap_or(d.test_weeks),
    }
}

/// Append the non-default settings as query pairs.
pub fn to_pairs(s: &LstmSettings, p: &mut Vec<(&'static str, String)>) {
    let d = LstmSettings::default();
    if s.window != d.window {
        p.push(("win", s.window.to_string()));
    }
    if s.units != d.units {
        p.push(("units", s.units_text()));
    }
    if s.epochs != d.epochs {
        p.push(("epochs", s.epochs.to_string()));
    }
    if s.patience != d.patience {
        p.push(("pat", s.patience.to_string()));
    }
    if s.seed != d.seed {
        p.push(("seed", s.seed.to_string()));
    }
    if s.seasonal_lag != d.seasonal_lag {
        p.push(("lag", s.seasonal_lag.to_string()));
    }
    if s.test_weeks != d.test_weeks {
        p.push(("test", s.test_weeks.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::UrlState;

    #[test]
    fn lstm_settings_round_trip_and_fall_back() {
        let s = UrlState::parse("?page=lstm&win=8&units=16&epochs=5&pat=3&seed=9&lag=0&test=26");
        let l = &s.lstm;
        assert_eq!(
            (
                l.window,
                l.epochs,
                l.patience,
                l.seed,
                l.seasonal_lag,
                l.test_weeks
            ),
            (8, 5, 3, 9, 0, 26)
        );
        assert_eq!(l.units, vec![16]);
        assert!(l.check_ref().is_ok());
        assert_eq!(UrlState::parse(&s.to_query()), s);
        let junk = UrlState::parse(
            "?win=0&units=50,32,16&epochs=999999&pat=-1&seed=99999999999&lag=500&test=1",
        );
        assert_eq!(junk.lstm, LstmSettings::default());
        assert_eq!(parse_units("64, 32"), Some(vec![64, 32]));
        assert_eq!(parse_units("0"), None);
        assert_eq!(parse_units("abc"), None);
        assert_eq!(UrlState::default().to_query(), "");
    }
}
