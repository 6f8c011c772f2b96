//! Everything the page keeps in its query string (no path routes, so any static host
//! works). This is the only module that reads or writes the URL.

use crate::data::filter::{Filter, Unit};
use crate::data::time::{format_day, parse_day};

/// The pages of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// KPIs, heatmap, categories, trend.
    #[default]
    Overview,
}

impl Page {
    /// Query value.
    pub fn key(self) -> &'static str {
        match self {
            Page::Overview => "overview",
        }
    }

    /// Parse a query value.
    pub fn parse(s: &str) -> Page {
        let _ = s;
        Page::Overview
    }
}

/// Which source the page should load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChoice {
    /// The City of Detroit API.
    Live,
    /// The synthetic demo data.
    Demo,
    /// An uploaded file (cannot be restored from a link).
    File,
}

impl SourceChoice {
    fn key(self) -> &'static str {
        match self {
            SourceChoice::Live => "live",
            SourceChoice::Demo => "demo",
            SourceChoice::File => "file",
        }
    }
}

/// The state kept in the URL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlState {
    /// Page shown.
    pub page: Page,
    /// Source requested (None: live when reachable, else demo).
    pub source: Option<SourceChoice>,
    /// Filter window start.
    pub from: Option<i32>,
    /// Filter window end.
    pub to: Option<i32>,
    /// Categories kept.
    pub categories: Vec<String>,
    /// Precincts kept.
    pub precincts: Vec<u8>,
    /// Neighborhoods kept.
    pub neighborhoods: Vec<String>,
    /// Counting unit.
    pub unit: Unit,
    /// Years of live data to fetch (default 2).
    pub years: Option<u32>,
    /// Alternative API endpoint (a mirror or a local test server).
    pub api: Option<String>,
    /// Trend resolution: weekly (default) or daily.
    pub daily: bool,
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl UrlState {
    /// Parse a query string (with or without the leading `?`). Unknown keys are ignored and
    /// bad values fall back to defaults, so a hostile link cannot break the page.
    pub fn parse(query: &str) -> UrlState {
        let mut s = UrlState::default();
        let params = web_sys::UrlSearchParams::new_with_str(query).ok();
        let get = |k: &str| {
            params
                .as_ref()
                .and_then(|p| p.get(k))
                .map(|v| v.chars().take(2000).collect::<String>())
        };
        if let Some(p) = get("page") {
            s.page = Page::parse(&p);
        }
        s.source = match get("src").as_deref() {
            Some("live") => Some(SourceChoice::Live),
            Some("demo") => Some(SourceChoice::Demo),
            Some("file") => Some(SourceChoice::File),
            _ => None,
        };
        s.from = get("from").and_then(|v| parse_day(&v));
        s.to = get("to").and_then(|v| parse_day(&v));
        s.categories = get("cat").map(|v| list(&v)).unwrap_or_default();
        s.categories.truncate(64);
        s.precincts = get("pct")
            .map(|v| {
                list(&v)
                    .iter()
                    .filter_map(|p| crate::data::taxonomy::precinct_code(p))
                    .collect()
            })
            .unwrap_or_default();
        s.neighborhoods = get("nbh").map(|v| list(&v)).unwrap_or_default();
        s.neighborhoods.truncate(64);
        s.unit = if get("unit").as_deref() == Some("offenses") {
            Unit::Offenses
        } else {
            Unit::Incidents
        };
        s.years = get("years")
            .and_then(|v| v.parse().ok())
            .filter(|y| (1..=12).contains(y));
        s.api = get("api").filter(|a| {
            a.starts_with("https://") || a.starts_with("http://") || a.starts_with('/')
        });
        s.daily = get("res").as_deref() == Some("daily");
        s
    }

    /// The query string for this state (without `?`), default values left out.
    pub fn to_query(&self) -> String {
        let p = match web_sys::UrlSearchParams::new() {
            Ok(p) => p,
            Err(_) => return String::new(),
        };
        if self.page != Page::default() {
            p.append("page", self.page.key());
        }
        if let Some(src) = self.source {
            p.append("src", src.key());
        }
        if let Some(a) = &self.api {
            p.append("api", a);
        }
        if let Some(y) = self.years {
            p.append("years", &y.to_string());
        }
        if let Some(d) = self.from {
            p.append("from", &format_day(d));
        }
        if let Some(d) = self.to {
            p.append("to", &format_day(d));
        }
        if !self.categories.is_empty() {
            p.append("cat", &self.categories.join(","));
        }
        if !self.precincts.is_empty() {
            let v: Vec<String> = self.precincts.iter().map(|p| format!("{p:02}")).collect();
            p.append("pct", &v.join(","));
        }
        if !self.neighborhoods.is_empty() {
            p.append("nbh", &self.neighborhoods.join(","));
        }
        if self.unit == Unit::Offenses {
            p.append("unit", "offenses");
        }
        if self.daily {
            p.append("res", "daily");
        }
        String::from(p.to_string())
    }

    /// The filter for the worker; a missing window means the last 365 days of the data.
    pub fn filter(&self, day_range: Option<(i32, i32)>) -> Filter {
        let (mut from, mut to) = (self.from, self.to);
        if let Some((_, last)) = day_range {
            let end = to.unwrap_or(last);
            to = Some(end);
            from = Some(from.unwrap_or(end - 364));
        }
        Filter {
            from_day: from,
            to_day: to,
            categories: self.categories.clone(),
            precincts: self.precincts.clone(),
            neighborhoods: self.neighborhoods.clone(),
            unit: self.unit,
        }
    }
}

/// Read the state from the current location.
pub fn read() -> UrlState {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    UrlState::parse(&search)
}

/// Write the state to the address bar: `push` adds a history entry (for back/forward).
pub fn write(state: &UrlState, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let q = state.to_query();
    let path = w.location().pathname().unwrap_or_default();
    let url = if q.is_empty() {
        path
    } else {
        format!("{path}?{q}")
    };
    if let Ok(h) = w.history() {
        let _ = if push {
            h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}
