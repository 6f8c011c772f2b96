//! Percent-encoding of URL query components (RFC 3986 §2.1): the one encoder behind every URL
//! crimecast writes — the ArcGIS query parameters and the page's own address — and the
//! matching lenient decoder.

/// How [`encode`] writes a query component. Every style keeps RFC 3986's unreserved
/// characters (`A–Z a–z 0–9 - _ . ~`) and writes every other byte of the UTF-8 text as `%XX`
/// (upper-case hex), except as noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Nothing else kept; a space is `%20`. For values sent to a server.
    Strict,
    /// `,` `/` `:` kept as written (readable lists, dates and addresses) and a space written
    /// as `+` (`application/x-www-form-urlencoded`). For the page's own query string; [`decode`]
    /// reads it back.
    Form,
}

/// Percent-encode `text` in `style`.
pub fn encode(text: &str, style: Style) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        match (style, b) {
            _ if unreserved => out.push(b as char),
            (Style::Form, b',' | b'/' | b':') => out.push(b as char),
            (Style::Form, b' ') => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode one `application/x-www-form-urlencoded` component (`+` is a space; a bad `%`
/// escape is kept as written; invalid UTF-8 is replaced).
pub fn decode(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_keeps_only_unreserved_characters() {
        assert_eq!(encode("a b'>", Style::Strict), "a%20b%27%3E");
        assert_eq!(
            encode("x >= TIMESTAMP '2024-01-01 00:00:00'", Style::Strict),
            "x%20%3E%3D%20TIMESTAMP%20%272024-01-01%2000%3A00%3A00%27"
        );
        assert_eq!(encode("A-z_0.9~", Style::Strict), "A-z_0.9~");
        assert_eq!(encode("a,b/c:d+e", Style::Strict), "a%2Cb%2Fc%3Ad%2Be");
        assert_eq!(encode("✓", Style::Strict), "%E2%9C%93");
    }

    #[test]
    fn form_keeps_list_date_and_address_marks_and_writes_spaces_as_plus() {
        assert_eq!(encode("a,b/c:d e", Style::Form), "a,b/c:d+e");
        assert_eq!(encode("1+1=2&x", Style::Form), "1%2B1%3D2%26x");
        assert_eq!(encode("✓ ok", Style::Form), "%E2%9C%93+ok");
        for text in [
            "Jefferson Chalmers",
            "a+b%c",
            "08,HP,12",
            "https://x.org/a?b=c",
        ] {
            assert_eq!(decode(&encode(text, Style::Form)), text);
        }
    }

    #[test]
    fn decoding_is_lenient() {
        assert_eq!(decode("a%20b+c"), "a b c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%e2%9c%93"), "✓");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }
}
