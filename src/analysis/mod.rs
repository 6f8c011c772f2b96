//! Pure numerics: time series, spatial statistics, models and metrics. No web imports.

pub mod error;
pub mod param_guard;
pub mod risk;
pub mod spatial;
pub mod staffing;
pub mod ts;

pub use error::{Error, Result};
pub use param_guard::ParamGuard;

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
