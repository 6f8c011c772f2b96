//! The Composite Risk Score in words: its formula with the weights in use, and what
//! normalising the weights did.

use crate::analysis::risk::{short, CheckedWeights, Weights};

/// The formula with the weights and trend window, in plain text.
pub fn formula(w: &Weights, window: usize) -> String {
    format!(
        "score = {:.2} × (next-12-month forecast ÷ largest forecast) + {:.2} × min–max-scaled momentum, \
         momentum = % change of the last {window} months against the same {window} months a year earlier",
        w.forecast, w.momentum
    )
}

/// What normalisation did to the weights `given`, in words (None when they already summed
/// to 1).
pub fn normalisation_note(checked: &CheckedWeights, given: Weights) -> Option<String> {
    checked.normalised.then(|| {
        format!(
            "The weights {} and {} do not sum to 1; they were divided by their sum ({}) and are used as {:.3} and {:.3}.",
            short(given.forecast),
            short(given.momentum),
            short(given.forecast + given.momentum),
            checked.weights.forecast,
            checked.weights.momentum
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::risk::DEFAULT_WEIGHTS;

    #[test]
    fn the_formula_shows_the_weights_and_window() {
        assert!(formula(&DEFAULT_WEIGHTS, 6).contains("0.60 × (next-12-month forecast"));
        assert!(formula(&DEFAULT_WEIGHTS, 12).ends_with("the same 12 months a year earlier"));
    }

    #[test]
    fn normalisation_is_explained() {
        let given = Weights {
            forecast: 3.0,
            momentum: 1.0,
        };
        let c = given.normalise().unwrap();
        let note = normalisation_note(&c, given).unwrap();
        assert!(
            note.contains("do not sum to 1") && note.contains("0.750"),
            "{note}"
        );
        assert_eq!(
            note,
            "The weights 3 and 1 do not sum to 1; they were divided by their sum (4) and are used as 0.750 and 0.250."
        );
        let d = DEFAULT_WEIGHTS.normalise().unwrap();
        assert!(normalisation_note(&d, DEFAULT_WEIGHTS).is_none());
    }
}
