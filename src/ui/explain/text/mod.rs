//! The words of the "How this works" panels and of the glossary, as plain Rust with no web
//! imports (so native `cargo test` checks them): one file per subject, each turning the
//! numbers a page already shows into an [`Explainer`].
//!
//! # Markup
//! Paragraphs are plain text with two marks, parsed by [`pieces`]:
//! - `[[key]]` or `[[key|shown words]]` links to the glossary entry `key` ([`glossary`]);
//! - `⟦…⟧` (written with [`q`]) marks a number quoted from the result on screen, formatted
//!   with the same helper as the number it repeats.

pub mod allocation;
pub mod data;
pub mod forecast;
pub mod glossary;
pub mod lstm;
pub mod spatial;
pub mod temporal;

#[cfg(test)]
mod tests;

/// One panel's text: what the method does, how to read the result on screen, and what it
/// cannot tell you. Each is a list of paragraphs in the markup above.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explainer {
    /// What the method does, in two or three plain sentences.
    pub what: Vec<String>,
    /// How to read this result, quoting its numbers.
    pub read: Vec<String>,
    /// Its assumptions and what it cannot tell you.
    pub limits: Vec<String>,
}

impl Explainer {
    /// Every paragraph, in the order shown.
    pub fn paragraphs(&self) -> impl Iterator<Item = &String> {
        self.what.iter().chain(&self.read).chain(&self.limits)
    }
}

/// A piece of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain words.
    Text(&'a str),
    /// A glossary link: the entry's key and the words shown.
    Term {
        /// Glossary key (the anchor is `term-{key}`).
        key: &'a str,
        /// Words shown as the link.
        shown: &'a str,
    },
    /// A number quoted from the result on screen.
    Quote(&'a str),
}

const QUOTE_OPEN: char = '⟦';
const QUOTE_CLOSE: char = '⟧';

/// Mark `shown` as a number quoted from the result on screen.
pub fn q(shown: impl std::fmt::Display) -> String {
    format!("{QUOTE_OPEN}{shown}{QUOTE_CLOSE}")
}

/// Split a paragraph into plain words, glossary links and quoted numbers. An unclosed mark
/// is kept as plain text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let term = rest.find("[[");
        let quote = rest.find(QUOTE_OPEN);
        let next = match (term, quote) {
            (Some(t), Some(q)) => Some(t.min(q)),
            (a, b) => a.or(b),
        };
        let Some(at) = next else {
            out.push(Piece::Text(rest));
            break;
        };
        let (before, mark) = rest.split_at(at);
        let parsed = if let Some(body) = mark.strip_prefix("[[") {
            body.find("]]").map(|end| {
                let inner = &body[..end];
                let (key, shown) = inner.split_once('|').unwrap_or((inner, inner));
                (Piece::Term { key, shown }, 2 + end + 2)
            })
        } else {
            let open = QUOTE_OPEN.len_utf8();
            mark[open..].find(QUOTE_CLOSE).map(|end| {
                (
                    Piece::Quote(&mark[open..open + end]),
                    open + end + QUOTE_CLOSE.len_utf8(),
                )
            })
        };
        match parsed {
            Some((piece, used)) => {
                if !before.is_empty() {
                    out.push(Piece::Text(before));
                }
                out.push(piece);
                rest = &mark[used..];
            }
            None => {
                out.push(Piece::Text(rest));
                break;
            }
        }
    }
    out
}

/// The paragraph as read aloud or printed: marks removed.
pub fn plain(text: &str) -> String {
    pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Quote(t) => t,
            Piece::Term { shown, .. } => shown,
        })
        .collect()
}

/// "incidents" or "offense rows": what is counted.
pub fn unit_words(incidents: bool) -> &'static str {
    if incidents {
        "incidents"
    } else {
        "offense rows"
    }
}
