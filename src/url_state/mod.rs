//! The state a page view keeps in its URL query string, parsed and written without any
//! browser API so it can be tested (and fuzzed) natively. Unknown keys are ignored and bad
//! values fall back to defaults, so a hostile link cannot break the page.

use crate::analysis::ParamGuard;
use crate::data::aggregate::Resolution;
use crate::data::filter::{Filter, Unit};
use crate::data::percent::{self, encode, Style};
use crate::data::time::{format_day, parse_day};
use crate::worker::messages::{monthly_order, MAX_ORDER_TERM};

pub mod allocation;
pub mod embeds;
pub mod hotspots;
pub use allocation::AllocationQuery;
pub mod lstm;
pub use hotspots::{HotspotQuery, MapLayer, MAP_LAYERS};

/// Declares the pages from one list: the [`Page`] enum, [`PAGES`] in navigation order, and
/// each page's query value and navigation label. A new page is one line here and one in the
/// app's page switch (`ui::app`).
macro_rules! pages {
    ($( $(#[$meta:meta])* $name:ident = $key:literal, $label:literal; )+) => {
        /// The pages of the app.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum Page {
            $( $(#[$meta])* $name, )+
        }

        /// Every page, in navigation order.
        pub const PAGES: &[Page] = &[$( Page::$name, )+];

        impl Page {
            /// Query value.
            pub fn key(self) -> &'static str {
                match self {
                    $( Page::$name => $key, )+
                }
            }

            /// Navigation label.
            pub fn label(self) -> &'static str {
                match self {
                    $( Page::$name => $label, )+
                }
            }
        }
    };
}

pages! {
    /// KPIs, heatmap, categories, trend.
    #[default]
    Overview = "overview", "Overview";
    /// Series, decomposition, profiles, ACF/PACF and stationarity.
    Temporal = "temporal", "Temporal patterns";
    /// Monthly SARIMAX forecast with backtests.
    Forecast = "forecast", "Forecast";
    /// KDE, DBSCAN and Gi* hotspots on the map.
    Hotspots = "hotspots", "Hotspots";
    /// Precinct forecasts, risk score and staffing patterns.
    Allocation = "allocation", "Resource allocation";
    /// The weekly LSTM forecaster.
    Lstm = "lstm", "LSTM";
    /// Stored run records.
    Runs = "runs", "Runs";
    /// Every term the "How this works" panels use, each with an anchor.
    Glossary = "glossary", "Glossary";
}

impl Page {
    /// Parse a query value (unknown values give the overview).
    pub fn parse(s: &str) -> Page {
        PAGES
            .iter()
            .copied()
            .find(|p| p.key() == s)
            .unwrap_or_default()
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
    /// Precincts kept, each once (so at most 11; a longer list written back would be cut
    /// at [`MAX_VALUE_CHARS`] and no longer read the same).
    pub precincts: Vec<u8>,
    /// Neighborhoods kept.
    pub neighborhoods: Vec<String>,
    /// Counting unit.
    pub unit: Unit,
    /// Years of live data to fetch (default 2).
    pub years: Option<u32>,
    /// Alternative API endpoint (a mirror or a local test server).
    pub api: Option<String>,
    /// Series resolution (weekly by default).
    pub resolution: Resolution,
    /// Multiplicative rather than additive decomposition.
    pub multiplicative: bool,
    /// A fixed SARIMA order `[p, d, q, P, D, Q]` (each 0..=[`MAX_ORDER_TERM`]); None selects
    /// by AIC.
    pub order: Option<[u8; 6]>,
    /// The monthly forecast without calendar regressors (`reg=0`); by default they are tried
    /// and kept when they earn their place.
    pub no_calendar: bool,
    /// Embed mode: one view, no page chrome (for iframes).
    pub embed: bool,
    /// In embed mode, the one chart, map or table shown (`chart=<id>`, cleaned by
    /// [`embeds::clean_id`]; an id not in [`embeds::EMBEDDABLES`] is kept so the embed can
    /// say so). Its page is the page shown.
    pub chart: Option<String>,
    /// Teaching mode (`teach=1`): every "How this works" panel starts open, for classroom
    /// projection; kept in every link the page writes.
    pub teach: bool,
    /// The hotspot page's settings.
    pub hotspots: HotspotQuery,
    /// The allocation page's settings.
    pub allocation: AllocationQuery,
    /// The LSTM page's settings.
    pub lstm: crate::worker::messages::LstmSettings,
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
        let pairs = parse_pairs(query);
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
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
        let mut seen = [false; 13];
        s.precincts = get("pct")
            .map(|v| {
                list(&v)
                    .iter()
                    .filter_map(|p| crate::data::taxonomy::precinct_code(p))
                    .filter(|&p| !std::mem::replace(&mut seen[usize::from(p)], true))
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
            a.starts_with("https://")
                || a.starts_with("http://")
                || (a.starts_with('/') && !a.starts_with("//"))
        });
        s.multiplicative = get("dec").as_deref() == Some("mult");
        s.embed = get("embed").as_deref() == Some("1");
        s.teach = get("teach").as_deref() == Some("1");
        if let Some(v) = get("view") {
            // `view` names the page shown in an embed.
            s.page = Page::parse(&v);
        }
        if s.embed {
            s.chart = get("chart")
                .map(|v| embeds::clean_id(&v))
                .filter(|v| !v.is_empty());
            if let Some(e) = s.chart.as_deref().and_then(embeds::find) {
                s.page = e.page;
            }
        }
        s.order = get("order").and_then(|v| {
            let parts: Vec<u8> = v
                .split(',')
                .filter_map(|p| p.trim().parse().ok())
                .filter(|p| *p <= MAX_ORDER_TERM)
                .collect();
            <[u8; 6]>::try_from(parts)
                .ok()
                .filter(|o| monthly_order(*o).check_ref().is_ok())
        });
        s.no_calendar = get("reg").as_deref() == Some("0");
        s.resolution = match get("res").as_deref() {
            Some("daily") => Resolution::Daily,
            Some("monthly") => Resolution::Monthly,
            _ => Resolution::Weekly,
        };
        s.hotspots = HotspotQuery::from_pairs(&get);
        s.allocation = AllocationQuery::from_pairs(&get);
        s.lstm = lstm::from_pairs(&get);
        s
    }

    /// The query string for this state (without `?`), default values left out.
    pub fn to_query(&self) -> String {
        let mut p: Vec<(&str, String)> = Vec::new();
        if self.embed {
            p.push(("embed", "1".to_string()));
            p.push(("view", self.page.key().to_string()));
            if let Some(c) = &self.chart {
                p.push(("chart", c.clone()));
            }
        } else if self.page != Page::default() {
            p.push(("page", self.page.key().to_string()));
        }
        if self.teach {
            p.push(("teach", "1".to_string()));
        }
        if let Some(src) = self.source {
            p.push(("src", src.key().to_string()));
        }
        if let Some(a) = &self.api {
            p.push(("api", a.clone()));
        }
        if let Some(y) = self.years {
            p.push(("years", y.to_string()));
        }
        if let Some(d) = self.from {
            p.push(("from", format_day(d)));
        }
        if let Some(d) = self.to {
            p.push(("to", format_day(d)));
        }
        if !self.categories.is_empty() {
            p.push(("cat", self.categories.join(",")));
        }
        if !self.precincts.is_empty() {
            let v: Vec<String> = self.precincts.iter().map(|p| format!("{p:02}")).collect();
            p.push(("pct", v.join(",")));
        }
        if !self.neighborhoods.is_empty() {
            p.push(("nbh", self.neighborhoods.join(",")));
        }
        if self.unit == Unit::Offenses {
            p.push(("unit", "offenses".to_string()));
        }
        if self.multiplicative {
            p.push(("dec", "mult".to_string()));
        }
        if let Some(o) = self.order {
            p.push((
                "order",
                o.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
            ));
        }
        if self.no_calendar {
            p.push(("reg", "0".to_string()));
        }
        match self.resolution {
            Resolution::Daily => p.push(("res", "daily".to_string())),
            Resolution::Monthly => p.push(("res", "monthly".to_string())),
            Resolution::Weekly => {}
        }
        self.hotspots.to_pairs(&mut p);
        self.allocation.to_pairs(&mut p);
        lstm::to_pairs(&self.lstm, &mut p);
        encode_pairs(&p)
    }

    /// The filter for the worker. A missing window means the last 365 days of the data on the
    /// overview and all of the data on the analysis pages.
    pub fn filter(&self, day_range: Option<(i32, i32)>) -> Filter {
        let (mut from, mut to) = (self.from, self.to);
        if let Some((first, last)) = day_range {
            let end = to.unwrap_or(last);
            to = Some(end);
            // The overview starts on the last year; the analysis pages on all the data.
            let default_from = if self.page == Page::Overview {
                end - (crate::data::filter::OVERVIEW_DAYS - 1)
            } else {
                first
            };
            from = Some(from.unwrap_or(default_from));
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

/// Most key/value pairs read from a query.
pub const MAX_PAIRS: usize = 64;
/// Longest value kept, in characters.
pub const MAX_VALUE_CHARS: usize = 2000;

/// Split a query string (with or without `?`) into decoded pairs, at most [`MAX_PAIRS`],
/// values cut to [`MAX_VALUE_CHARS`] characters.
pub fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .take(MAX_PAIRS)
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent::decode(k),
                percent::decode(v).chars().take(MAX_VALUE_CHARS).collect(),
            )
        })
        .collect()
}

/// Join pairs into a query string (without `?`).
pub fn encode_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k, Style::Form), encode(v, Style::Form)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ignores_junk() {
        let s = UrlState::parse("?src=demo&from=2025-01-01&to=2025-03-31&cat=LARCENY,DAMAGE+TO+PROPERTY&pct=08,HP,12&unit=offenses&res=daily&nbh=Jefferson%20Chalmers&dec=mult&order=1,1,1,0,1,1");
        assert!(s.multiplicative);
        assert_eq!(s.order, Some([1, 1, 1, 0, 1, 1]));
        assert_eq!(UrlState::parse("?order=1,1,9,0,1,1").order, None);
        assert!(!s.no_calendar);
        let off = UrlState::parse("?order=1,1,1,0,1,1&reg=0");
        assert!(off.no_calendar);
        assert!(off.to_query().contains("reg=0"));
        assert_eq!(UrlState::parse(&off.to_query()), off);
        assert!(!UrlState::parse("?reg=1").no_calendar);
        assert_eq!(s.categories, vec!["LARCENY", "DAMAGE TO PROPERTY"]);
        assert_eq!(s.precincts, vec![8, 12]);
        assert_eq!(s.neighborhoods, vec!["Jefferson Chalmers"]);
        assert_eq!(s.unit, Unit::Offenses);
        assert_eq!(UrlState::parse(&s.to_query()), s);
        let teach = UrlState::parse("?page=glossary&teach=1");
        assert_eq!((teach.page, teach.teach), (Page::Glossary, true));
        assert_eq!(teach.to_query(), "page=glossary&teach=1");
        assert!(!UrlState::parse("?teach=yes").teach);
        let junk =
            UrlState::parse("?from=yesterday&years=999&api=javascript:alert(1)&pct=<script>&%ZZ=%");
        assert_eq!(junk, UrlState::default());
    }

    #[test]
    fn one_embedded_chart_round_trips_and_names_its_page() {
        let s = UrlState::parse("?embed=1&chart=forecast-chart&src=demo&from=2024-01-01");
        assert_eq!(s.chart.as_deref(), Some("forecast-chart"));
        assert_eq!(s.page, Page::Forecast);
        assert_eq!(
            s.to_query(),
            "embed=1&view=forecast&chart=forecast-chart&src=demo&from=2024-01-01"
        );
        assert_eq!(UrlState::parse(&s.to_query()), s);
        // The chart's page wins over a contradicting view.
        assert_eq!(
            UrlState::parse("?embed=1&view=overview&chart=risk-map").page,
            Page::Allocation
        );
        // An unknown id is kept (cleaned) for the message; the view stays as asked.
        let unknown = UrlState::parse("?embed=1&view=temporal&chart=No%20Such<b>");
        assert_eq!(unknown.chart.as_deref(), Some("ouchb"));
        assert_eq!(unknown.page, Page::Temporal);
        assert_eq!(UrlState::parse(&unknown.to_query()), unknown);
        // Outside embed mode `chart` means nothing and is not written back.
        assert_eq!(UrlState::parse("?chart=trend").chart, None);
        assert_eq!(UrlState::parse("?embed=1&chart=").chart, None);
    }

    #[test]
    fn pairs_are_decoded_leniently() {
        assert_eq!(
            parse_pairs("a=1&&b&c=%3D"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "".into()),
                ("c".into(), "=".into())
            ]
        );
    }
}
