//! The charts, maps and tables that can be embedded alone (`?embed=1&chart=<id>`): one line
//! each, naming its stable id, the page it lives on and its title. A chart drawn with
//! `ChartFrame` under a registered id offers "Embed this" by itself; a new chart needs only
//! its line here. Also the embed snippet, written without any browser API so it is tested
//! natively.

use super::Page;

/// One embeddable element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embeddable {
    /// Stable id: the `chart` query value and the element's `data-testid`.
    pub id: &'static str,
    /// The page that computes and shows it.
    pub page: Page,
    /// Its title, as its heading says.
    pub title: &'static str,
}

/// Declares the registry from one list of `id => Page, "title";` lines.
macro_rules! embeddables {
    ($( $id:literal => $page:ident, $title:literal; )+) => {
        /// Every embeddable element, grouped by page in navigation order.
        pub const EMBEDDABLES: &[Embeddable] = &[
            $( Embeddable { id: $id, page: Page::$page, title: $title }, )+
        ];
    };
}

embeddables! {
    "kpis" => Overview, "Key figures";
    "heatmap" => Overview, "When incidents are reported to have occurred";
    "categories" => Overview, "By offense category";
    "trend" => Overview, "Trend";
    "series" => Temporal, "Counts over time";
    "by-hour" => Temporal, "By hour of day";
    "by-weekday" => Temporal, "By weekday";
    "by-month" => Temporal, "Month-of-year profile";
    "yoy" => Temporal, "Year over year (monthly counts)";
    "dec-0" => Temporal, "Trend (decomposition)";
    "dec-1" => Temporal, "Seasonal (decomposition)";
    "dec-2" => Temporal, "Residual (decomposition)";
    "acf" => Temporal, "Autocorrelation (ACF)";
    "pacf" => Temporal, "Partial autocorrelation (PACF, Yule–Walker)";
    "forecast-chart" => Forecast, "History and 12-month forecast";
    "backtest" => Forecast, "Rolling-origin backtest";
    "residual-acf" => Forecast, "Residual autocorrelation";
    "candidates" => Forecast, "Model parameters and candidates (ΔAIC from the best)";
    "forecast-vs-actual" => Forecast, "Forecast vs actual";
    "hotspot-map" => Hotspots, "Hotspot map";
    "hotspot-table" => Hotspots, "Hotspot table";
    "reachability" => Hotspots, "OPTICS reachability plot";
    "liquor-scatter" => Hotspots, "Stores vs reported incidents per cell";
    "distance-chart" => Hotspots, "Distance to the nearest layer point";
    "ranking" => Allocation, "Ranking of expected reported-incident volume and momentum";
    "risk-map" => Allocation, "Risk map";
    "precinct-forecasts-chart" => Allocation, "History and 12-month forecast by precinct";
    "precinct-models" => Allocation, "Models and backtests against seasonal naive";
    "precinct-vs-actual" => Allocation, "Forecast vs actual (chosen precinct)";
    "staffing-heatmap" => Allocation, "Weekday × hour";
    "staffing-shifts" => Allocation, "Share of each shift";
    "staffing-months" => Allocation, "Month-of-year profile (staffing)";
    "staffing-peaks" => Allocation, "Busiest window by area";
}

/// The longest id kept from a link.
pub const MAX_ID_CHARS: usize = 64;

/// The registered element with this id.
pub fn find(id: &str) -> Option<&'static Embeddable> {
    EMBEDDABLES.iter().find(|e| e.id == id)
}

/// The elements of one page, in the registry's order.
pub fn on_page(page: Page) -> impl Iterator<Item = &'static Embeddable> {
    EMBEDDABLES.iter().filter(move |e| e.page == page)
}

/// An id as read from a link: lower-case letters, digits and `-` only, at most
/// [`MAX_ID_CHARS`] (anything else is dropped, so the id can be shown and written back
/// safely).
pub fn clean_id(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .take(MAX_ID_CHARS)
        .collect()
}

/// What an embed with an unknown `chart` id says instead of the element.
pub fn unknown_message(id: &str) -> String {
    let ids: Vec<&str> = EMBEDDABLES.iter().map(|e| e.id).collect();
    format!(
        "There is no chart, map or table \"{id}\" to embed. Valid values of chart= are: {}.",
        ids.join(", ")
    )
}

/// The site's base URL (ending in `/`) from the page's origin and path, so a site served
/// under a sub-path (`/crimecast/`) finds its own files: the path up to its last `/`.
pub fn site_base(origin: &str, pathname: &str) -> String {
    let dir = pathname.rfind('/').map_or("/", |i| &pathname[..=i]);
    let dir = if dir.starts_with('/') { dir } else { "/" };
    format!("{origin}{dir}")
}

fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The embed code: an iframe of `src` (a full URL of the embed view) titled `title`, marked
/// `data-crimecast` so the site's `embed.js` (loaded from `base`, see [`site_base`]) sets its
/// height from the messages the embed sends.
pub fn snippet(src: &str, title: &str, base: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" data-crimecast width=\"100%\" height=\"480\" style=\"border:0;width:100%\" loading=\"lazy\"></iframe>\n<script async src=\"{}embed.js\"></script>",
        attr(src),
        attr(&format!("crimecast: {title}")),
        attr(base)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::PAGES;

    #[test]
    fn ids_are_unique_clean_and_on_embeddable_pages() {
        for (i, e) in EMBEDDABLES.iter().enumerate() {
            assert_eq!(clean_id(e.id), e.id, "{} is not a clean id", e.id);
            assert!(
                EMBEDDABLES[..i].iter().all(|o| o.id != e.id),
                "{} twice",
                e.id
            );
            assert!(!e.title.is_empty());
            assert!(!matches!(e.page, Page::Runs | Page::Glossary));
        }
        // Grouped by page in navigation order.
        let order: Vec<usize> = EMBEDDABLES
            .iter()
            .map(|e| PAGES.iter().position(|p| *p == e.page).unwrap_or(99))
            .collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(find("forecast-chart").map(|e| e.page), Some(Page::Forecast));
        assert_eq!(find("hotspot-map").map(|e| e.page), Some(Page::Hotspots));
        assert_eq!(find("nope"), None);
        assert_eq!(on_page(Page::Forecast).count(), 5);
    }

    #[test]
    fn ids_from_links_are_cleaned() {
        assert_eq!(clean_id("forecast-chart"), "forecast-chart");
        assert_eq!(clean_id("<script>x\"y"), "scriptxy");
        assert_eq!(clean_id(&"a".repeat(100)).len(), MAX_ID_CHARS);
    }

    #[test]
    fn unknown_ids_list_the_valid_ones() {
        let m = unknown_message("nope");
        assert!(m.starts_with("There is no chart, map or table \"nope\""));
        for e in EMBEDDABLES {
            assert!(m.contains(e.id), "{} missing", e.id);
        }
    }

    #[test]
    fn site_base_keeps_the_sub_path() {
        assert_eq!(
            site_base("https://a.org", "/crimecast/"),
            "https://a.org/crimecast/"
        );
        assert_eq!(
            site_base("https://a.org", "/crimecast/index.html"),
            "https://a.org/crimecast/"
        );
        assert_eq!(
            site_base("http://127.0.0.1:8091", "/"),
            "http://127.0.0.1:8091/"
        );
        assert_eq!(site_base("http://h", ""), "http://h/");
    }

    #[test]
    fn snippet_escapes_and_loads_the_sites_script() {
        let s = snippet(
            "https://a.org/crimecast/?embed=1&chart=trend",
            "Trend \"weekly\"",
            "https://a.org/crimecast/",
        );
        assert_eq!(
            s,
            "<iframe src=\"https://a.org/crimecast/?embed=1&amp;chart=trend\" title=\"crimecast: Trend &quot;weekly&quot;\" data-crimecast width=\"100%\" height=\"480\" style=\"border:0;width:100%\" loading=\"lazy\"></iframe>\n<script async src=\"https://a.org/crimecast/embed.js\"></script>"
        );
    }
}
