//! P-values as plain text.

/// A p-value as plain text: `"p < 0.001"` for tiny values, otherwise `"p = 0.042"`.
pub fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::p_text;

    #[test]
    fn p_values_in_words() {
        assert_eq!(p_text(0.0004), "p < 0.001");
        assert_eq!(p_text(0.001), "p = 0.001");
        assert_eq!(p_text(0.0421), "p = 0.042");
    }
}
