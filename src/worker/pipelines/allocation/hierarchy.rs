//! Precinct and offense-category forecasts made coherent with their totals: each part and
//! the total are fitted the same way as the precincts (the page's order, or one chosen by
//! AIC), then reconciled by every method of [`crate::analysis::ts::reconcile`].
//!
//! A hierarchy's total is the sum of its parts' series, so that the data add up exactly: for
//! precincts the rows of the modelled precincts (rows without a precinct, or in a precinct
//! that could not be modelled, are outside it, and the result says so); for categories the
//! top [`TOP_CATEGORIES`] offense categories and an "Other" bucket holding the rest.

use crate::analysis::ts::reconcile::{reconcile, BaseForecasts, ReconcileMethod, Reconciliation};
use crate::analysis::ts::select::SelectOptions;
use crate::analysis::ts::FittedForecaster;
use crate::analysis::ParamGuard;
use crate::data::aggregate::Resolution;
use crate::data::filter::Compiled;
use crate::data::store::Store;
use crate::worker::messages::{AllocationSpec, HierarchyForecast, MONTHLY_PERIOD};
use crate::worker::Error;

use super::super::forecast::{fit_monthly, months_after};
use super::AllocationJob;

/// Offense categories modelled on their own; the rest share the "Other" bucket.
pub const TOP_CATEGORIES: usize = 5;

/// One series' forecast with its band and its in-sample one-step residuals (NaN over the
/// filter's burn-in).
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFit {
    /// Forecast mean.
    pub mean: Vec<f64>,
    /// Lower bound of the 95 % band.
    pub lower: Vec<f64>,
    /// Upper bound of the 95 % band.
    pub upper: Vec<f64>,
    /// One-step residuals, NaN where the likelihood skips them (diffuse start).
    pub residuals: Vec<f64>,
}

/// Fit `y` as the allocation page fits a precinct and forecast `spec.horizon` months.
///
/// # Errors
/// The fit or the forecast failed.
pub fn fit_series(y: &[f64], spec: &AllocationSpec) -> Result<SeriesFit, Error> {
    let search = SelectOptions {
        max_models: spec.max_candidates,
        ..SelectOptions::new(MONTHLY_PERIOD)
    };
    let m = fit_monthly(y, spec.order, &search)?;
    let fc = m.fitted.predict(spec.horizon, 0.95, None)?;
    Ok(SeriesFit {
        mean: fc.mean,
        lower: fc.lower,
        upper: fc.upper,
        residuals: burnt(&m.fitted.residuals, m.fitted.loglikelihood_burn),
    })
}

/// `residuals` with the first `burn` set to NaN.
pub fn burnt(residuals: &[f64], burn: usize) -> Vec<f64> {
    residuals
        .iter()
        .enumerate()
        .map(|(t, r)| if t < burn { f64::NAN } else { *r })
        .collect()
}

/// Monthly series of the top [`TOP_CATEGORIES`] offense categories of `filter` and an
/// "Other" bucket, over the complete months starting on `starts` (a row counts under its
/// category as in the page's breakdown by category). Categories with no rows are left out.
pub fn category_series(
    store: &Store,
    filter: &Compiled,
    window: (i32, i32),
    starts: &[i32],
) -> Vec<(String, Vec<f64>)> {
    let months = starts.len();
    let mut by_cat: Vec<Vec<f64>> = vec![Vec::new(); store.categories.len()];
    for i in 0..store.len() {
        let d = store.day[i];
        if d < window.0 || d > window.1 || !filter.counts_in_category(store, i) {
            continue;
        }
        let start = Resolution::Monthly.period_start(d);
        let Ok(k) = starts.binary_search(&start) else {
            continue;
        };
        let Some(s) = by_cat.get_mut(store.category[i] as usize) else {
            continue;
        };
        if s.is_empty() {
            *s = vec![0.0; months];
        }
        s[k] += 1.0;
    }
    let mut cats: Vec<(String, Vec<f64>)> = by_cat
        .into_iter()
        .enumerate()
        .filter(|(_, s)| s.iter().any(|v| *v > 0.0))
        .map(|(id, s)| (store.categories.name(id as u32).to_string(), s))
        .collect();
    cats.sort_by(|a, b| {
        let total = |s: &[f64]| s.iter().sum::<f64>();
        total(&b.1)
            .total_cmp(&total(&a.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    if cats.len() > TOP_CATEGORIES + 1 {
        let rest = cats.split_off(TOP_CATEGORIES);
        let mut other = vec![0.0; months];
        for (_, s) in &rest {
            for (o, v) in other.iter_mut().zip(s) {
                *o += v;
            }
        }
        cats.push((format!("Other ({} categories)", rest.len()), other));
    }
    cats
}

/// The element-wise sum of `series`.
pub fn sum_series<'a>(series: impl IntoIterator<Item = &'a [f64]>) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for s in series {
        if out.len() < s.len() {
            out.resize(s.len(), 0.0);
        }
        for (o, v) in out.iter_mut().zip(s) {
            *o += v;
        }
    }
    out
}

/// Reconcile a total with its parts by every method: `total` and `parts` (label and fit) are
/// already fitted; residuals are aligned on their last common periods.
pub fn reconcile_all(
    name: &str,
    total: (String, SeriesFit),
    parts: Vec<(String, SeriesFit)>,
    forecast_starts: Vec<i32>,
    note: Option<String>,
) -> HierarchyForecast {
    let fits: Vec<(String, SeriesFit)> = std::iter::once(total).chain(parts).collect();
    let len = fits
        .iter()
        .map(|(_, f)| f.residuals.len())
        .min()
        .unwrap_or(0);
    let mut base = BaseForecasts {
        mean: fits.iter().map(|(_, f)| f.mean.clone()).collect(),
        lower: fits.iter().map(|(_, f)| f.lower.clone()).collect(),
        upper: fits.iter().map(|(_, f)| f.upper.clone()).collect(),
        residuals: fits
            .iter()
            .map(|(_, f)| f.residuals[f.residuals.len() - len..].to_vec())
            .collect(),
    };
    let mut reconciled = Vec::new();
    let mut error = None;
    for method in ReconcileMethod::ALL {
        let out = Reconciliation::params(method)
            .check()
            .map_err(crate::analysis::Error::from)
            .and_then(|p| reconcile(&p, &base));
        match out {
            Ok(r) => reconciled.push(r),
            Err(e) => {
                error.get_or_insert_with(|| format!("{}: {e}", method.label()));
            }
        }
    }
    base.residuals.clear();
    HierarchyForecast {
        name: name.into(),
        labels: fits.into_iter().map(|(l, _)| l).collect(),
        forecast_starts,
        base,
        reconciled,
        note,
        error,
    }
}

/// A hierarchy that could not be reconciled, and why.
fn failed(name: &str, why: String) -> HierarchyForecast {
    HierarchyForecast {
        name: name.into(),
        error: Some(why),
        ..HierarchyForecast::default()
    }
}

fn total_of(s: &[f64]) -> f64 {
    s.iter().sum()
}

impl AllocationJob {
    /// The precinct and category hierarchies, reconciled (once every precinct is fitted).
    pub(super) fn hierarchies(&self) -> Vec<HierarchyForecast> {
        let Some(city) = self.result.area(0) else {
            return Vec::new();
        };
        let last = city.starts.last().copied().unwrap_or_default();
        let starts = months_after(last, self.spec.horizon);
        let mut out = Vec::new();
        let models = &self.result.models;
        if models.len() >= 2 {
            let ys: Vec<&[f64]> = models
                .iter()
                .filter_map(|m| self.plan.iter().find(|(p, _)| *p == m.precinct))
                .map(|(_, y)| y.as_slice())
                .collect();
            let total = sum_series(ys);
            let (label, note) = if total == city.values {
                ("Citywide".to_string(), None)
            } else {
                (
                    "Modelled precincts".to_string(),
                    Some(format!(
                        "The total is the {} modelled precincts' {} in these months, not the \
                         citywide {} (rows without a precinct, or in a precinct not modelled, \
                         are outside the hierarchy).",
                        models.len(),
                        crate::worker::messages::thousands(total_of(&total) as u64),
                        crate::worker::messages::thousands(total_of(&city.values) as u64),
                    )),
                )
            };
            let parts = models
                .iter()
                .zip(&self.residuals)
                .map(|(m, r)| {
                    let fit = SeriesFit {
                        mean: m.mean.clone(),
                        lower: m.lower.clone(),
                        upper: m.upper.clone(),
                        residuals: r.clone(),
                    };
                    (format!("Precinct {}", m.precinct), fit)
                })
                .collect();
            out.push(match fit_series(&total, &self.spec) {
                Ok(t) => reconcile_all("Precincts", (label, t), parts, starts.clone(), note),
                Err(e) => failed("Precincts", format!("the total could not be fitted: {e}")),
            });
        }
        if self.categories.len() >= 2 {
            out.push(self.category_hierarchy(&city.values, starts));
        }
        out
    }

    fn category_hierarchy(&self, city: &[f64], starts: Vec<i32>) -> HierarchyForecast {
        const NAME: &str = "Offense categories";
        let mut parts = Vec::with_capacity(self.categories.len());
        for (label, y) in &self.categories {
            match fit_series(y, &self.spec) {
                Ok(f) => parts.push((label.clone(), f)),
                Err(e) => return failed(NAME, format!("{label} could not be fitted: {e}")),
            }
        }
        let total = sum_series(self.categories.iter().map(|(_, y)| y.as_slice()));
        let note = (total != city).then(|| {
            format!(
                "The total is the categories' {} (an incident counts once under each category \
                 it contains), not the citywide {}.",
                crate::worker::messages::thousands(total_of(&total) as u64),
                crate::worker::messages::thousands(total_of(city) as u64),
            )
        });
        match fit_series(&total, &self.spec) {
            Ok(t) => reconcile_all(NAME, ("All categories".into(), t), parts, starts, note),
            Err(e) => failed(NAME, format!("the total could not be fitted: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(mean: &[f64], resid: &[f64]) -> SeriesFit {
        SeriesFit {
            mean: mean.to_vec(),
            lower: mean.iter().map(|m| m - 10.0).collect(),
            upper: mean.iter().map(|m| m + 10.0).collect(),
            residuals: resid.to_vec(),
        }
    }

    #[test]
    fn every_method_reconciles_and_the_sums_agree_after() {
        let r1 = [f64::NAN, 1.0, -2.0, 0.5, 1.5, -1.0];
        let r2 = [f64::NAN, -1.0, 1.0, 1.0, -0.5, 0.0];
        let rt = [f64::NAN, 0.5, -0.5, 2.0, 0.5, -1.5];
        let h = reconcile_all(
            "Precincts",
            ("Citywide".into(), fit(&[100.0, 110.0], &rt)),
            vec![
                ("P2".into(), fit(&[40.0, 45.0], &r1)),
                ("P3".into(), fit(&[50.0, 52.0], &r2)),
            ],
            vec![0, 31],
            None,
        );
        assert_eq!(h.error, None);
        assert_eq!(h.reconciled.len(), 3);
        assert_eq!(h.base_sums(), (210.0, 187.0));
        for r in &h.reconciled {
            let (t, p) = crate::worker::messages::horizon_sums(&r.mean);
            assert!((t - p).abs() < 1e-9, "{:?}", r.method);
        }
        let bu = h.by(ReconcileMethod::BottomUp).unwrap();
        assert_eq!(bu.mean[0], vec![90.0, 97.0]);
        assert!(h.base.residuals.is_empty());
    }

    #[test]
    fn series_add_up_and_burn_in_is_marked() {
        assert_eq!(
            sum_series([&[1.0, 2.0][..], &[3.0, 4.0, 5.0]]),
            vec![4.0, 6.0, 5.0]
        );
        let b = burnt(&[1.0, 2.0, 3.0], 2);
        assert!(b[0].is_nan() && b[1].is_nan() && b[2] == 3.0);
    }
}
