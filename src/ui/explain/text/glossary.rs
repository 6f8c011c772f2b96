//! The glossary: every term the panels use, each with a key that is also its anchor
//! (`term-{key}`). The entries live in `glossary.txt`, one a line: `key | Term | Definition`,
//! the definition in the panels' markup (so entries link to each other).

/// One glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Key: lowercase words joined by hyphens; the anchor is [`anchor`]`(key)`.
    pub key: &'static str,
    /// The term as shown.
    pub term: &'static str,
    /// Its definition, in the panels' markup.
    pub text: &'static str,
}

const SOURCE: &str = include_str!("glossary.txt");

/// One line of `glossary.txt` as an entry (None for a blank or malformed line).
fn parse_line(line: &'static str) -> Option<Entry> {
    let mut parts = line.splitn(3, " | ").map(str::trim);
    let (key, term, text) = (parts.next()?, parts.next()?, parts.next()?);
    (!key.is_empty() && !term.is_empty() && !text.is_empty()).then_some(Entry { key, term, text })
}

/// Every entry, in the file's (alphabetical) order.
pub fn entries() -> Vec<Entry> {
    SOURCE.lines().filter_map(parse_line).collect()
}

/// The entry with `key`.
pub fn entry(key: &str) -> Option<Entry> {
    SOURCE.lines().filter_map(parse_line).find(|e| e.key == key)
}

/// The element id of the entry `key` on the glossary page.
pub fn anchor(key: &str) -> String {
    format!("term-{key}")
}
