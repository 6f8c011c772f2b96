//! Regressor (exogenous) columns: the one check of their shape, shared by fitting,
//! forecasting and backtests.

use crate::analysis::{Error, Result};

/// Check regressor `columns` for `rows` observations: as many columns as `count` when it is
/// given (the regressors a fitted model uses), each with exactly `rows` values, all finite.
/// `phase` builds the error of the phase that checks (`Error::Data` when fitting,
/// `Error::Forecast` when forecasting).
///
/// # Errors
/// `phase` of a message naming the first column that breaks a rule (`x1` is the first).
pub fn check_exog(
    columns: &[Vec<f64>],
    rows: usize,
    count: Option<usize>,
    phase: fn(String) -> Error,
) -> Result<()> {
    if let Some(k) = count.filter(|k| *k != columns.len()) {
        return Err(phase(format!(
            "the model has {k} regressor(s) but {} column(s) were given",
            columns.len()
        )));
    }
    for (j, col) in columns.iter().enumerate() {
        if col.len() != rows {
            return Err(phase(format!(
                "regressor x{} has {} values but {rows} are needed",
                j + 1,
                col.len()
            )));
        }
        if let Some((i, v)) = col.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(phase(format!(
                "regressor x{} must be finite, found {v} at index {i}",
                j + 1
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_must_match_count_length_and_be_finite() {
        let ok = vec![vec![1.0, 2.0, 3.0], vec![0.0, 0.0, 1.0]];
        assert_eq!(check_exog(&ok, 3, None, Error::Data), Ok(()));
        assert_eq!(check_exog(&ok, 3, Some(2), Error::Data), Ok(()));
        assert_eq!(check_exog(&[], 3, None, Error::Data), Ok(()));
        let count = check_exog(&ok, 3, Some(1), Error::Forecast).unwrap_err();
        assert!(matches!(&count, Error::Forecast(m) if m.contains("1 regressor(s) but 2")));
        let short = check_exog(&ok, 4, None, Error::Data).unwrap_err();
        assert!(matches!(&short, Error::Data(m) if m.contains("x1 has 3 values but 4")));
        let nan = vec![vec![1.0, 2.0], vec![1.0, f64::NAN]];
        let e = check_exog(&nan, 2, None, Error::Data).unwrap_err();
        assert!(matches!(&e, Error::Data(m) if m.contains("x2") && m.contains("index 1")));
    }
}
