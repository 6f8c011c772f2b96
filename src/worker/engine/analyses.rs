//! Analyses over the rows of the active dataset that pass a filter: the one-shot analyses,
//! the stepped allocation job, the weekly series the LSTM trains on, the overview, and the
//! fingerprint of the rows an analysis read.

use crate::data::aggregate::{overview, series, Overview, Resolution};
use crate::data::filter::Filter;

use super::Engine;
use crate::worker::lstm::WeeklySeries;
use crate::worker::messages::{AllocationSpec, AnalysisResult, AnalysisSpec, Fingerprint};
use crate::worker::pipelines::{self, allocation::AllocationJob};
use crate::worker::Error;

impl Engine {
    /// Run an analysis over the rows of the active dataset that pass `filter`.
    pub fn analyze(
        &mut self,
        filter: &Filter,
        spec: &AnalysisSpec,
    ) -> Result<AnalysisResult, Error> {
        let so_far = self.rows_so_far().and_then(|(b, _)| b.describe());
        if let AnalysisSpec::Forecast(s) = spec {
            let counted = self.counting().and_then(|l| l.monthly_series(filter));
            if let Some((starts, y, dropped, basis)) = counted {
                // More counts arriving (other months' breakdowns, say) ask again for the same
                // series: the fit is not repeated.
                let key = (s.clone(), starts, y, dropped, basis);
                let memo = self.live.as_ref().and_then(|l| l.forecast_memo.as_ref());
                if let Some((_, r)) = memo.filter(|(k, _)| *k == key) {
                    return Ok(AnalysisResult::Forecast(Box::new(r.clone())));
                }
                let (_, starts, y, dropped, basis) = &key;
                let first = starts.first().copied().unwrap_or_default();
                let mut r = pipelines::forecast::run_series(starts, y, *dropped, first, s)?;
                r.basis = Some(basis.clone());
                if let Some(l) = self.live.as_mut() {
                    l.forecast_memo = Some((key, r.clone()));
                }
                return Ok(AnalysisResult::Forecast(Box::new(r)));
            }
        }
        let mut result = self.with_input(filter, true, |input| pipelines::run(input, spec))?;
        match &mut result {
            AnalysisResult::Forecast(r) => r.basis = so_far,
            AnalysisResult::Allocation(r) => r.basis = so_far,
            _ => {}
        }
        Ok(result)
    }

    /// Hand `f` the rows of the active dataset that pass `filter`, within the data's days
    /// (with the uploaded point layer when `with_layer`).
    fn with_input<T>(
        &mut self,
        filter: &Filter,
        with_layer: bool,
        f: impl FnOnce(&pipelines::Input<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let rows_days = self.loaded_days()?;
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let range = a.quality.day_range.ok_or(Error::NoData)?;
        // While a live load streams in, only its whole months loaded so far are read.
        let range = match rows_days {
            Some((first, _)) => (range.0.max(first), range.1),
            None => range,
        };
        let compiled = filter.compile(&a.store);
        let (fa, fb) = compiled.window();
        let input = pipelines::Input {
            store: &a.store,
            filter: &compiled,
            window: (fa.max(range.0), fb.min(range.1)),
            layer: if with_layer {
                self.layer.as_ref()
            } else {
                None
            },
        };
        f(&input)
    }

    /// The allocation analysis over the rows of the active dataset that pass `filter`, ready
    /// to be stepped (its counts are done; no precinct is fitted yet).
    ///
    /// # Errors
    /// [`Error::NoData`] without an active dataset or rows in the window.
    pub fn allocation(
        &mut self,
        filter: &Filter,
        spec: &AllocationSpec,
    ) -> Result<AllocationJob, Error> {
        let wanted: Vec<u8> = crate::worker::messages::PRECINCTS
            .into_iter()
            .filter(|p| filter.precincts.is_empty() || filter.precincts.contains(p))
            .collect();
        let counted = self.counting().and_then(|l| l.areas(filter, &wanted));
        if let Some((areas, dropped, basis)) = counted {
            let mut job = AllocationJob::plan(areas, dropped, &wanted, spec);
            job.result_mut().basis = Some(basis);
            return Ok(job);
        }
        let so_far = self.rows_so_far().and_then(|(b, _)| b.describe());
        let mut job = self.with_input(filter, false, |input| AllocationJob::new(input, spec))?;
        job.result_mut().basis = so_far;
        Ok(job)
    }

    /// While a live load streams in: the days of its whole months loaded so far (an error
    /// saying what is still coming before any month is whole). None otherwise.
    fn loaded_days(&self) -> Result<Option<(i32, i32)>, Error> {
        match self.rows_so_far() {
            None => Ok(None),
            Some((_, Some(days))) => Ok(Some(days)),
            Some((basis, None)) => Err(Error::Data(crate::data::Error::Empty(format!(
                "no whole month of rows is in yet ({}); the rest is still loading",
                basis.describe().unwrap_or_default()
            )))),
        }
    }

    /// Weekly counts of the rows that pass `filter` (complete ISO weeks only), for the LSTM.
    pub fn weekly_series(&mut self, filter: &Filter) -> Result<WeeklySeries, Error> {
        let rows_days = self.loaded_days()?;
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let range = a.quality.day_range.ok_or(Error::NoData)?;
        let range = match rows_days {
            Some((first, _)) => (range.0.max(first), range.1),
            None => range,
        };
        let compiled = filter.compile(&a.store);
        let (fa, fb) = compiled.window();
        let (first, last) = (fa.max(range.0), fb.min(range.1));
        let weekly = series(&a.store, &compiled, Resolution::Weekly, first, last);
        let (starts, values) = weekly.complete();
        Ok(WeeklySeries {
            starts: starts.to_vec(),
            values: values.to_vec(),
            dropped_partial: (weekly.partial_first, weekly.partial_last),
        })
    }

    /// The overview of `filter` over the active dataset.
    pub fn overview(&mut self, filter: &Filter) -> Result<Overview, Error> {
        if let Some(l) = self.live.as_mut() {
            l.asked = true;
        }
        if let Some(o) = self.counting().and_then(|l| l.overview(filter)) {
            return Ok(o);
        }
        let so_far = self.rows_so_far().and_then(|(b, _)| b.describe());
        let rows_days = self.loaded_days()?;
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let range = a.quality.day_range.ok_or(Error::NoData)?;
        let range = match rows_days {
            Some((first, _)) => (range.0.max(first), range.1),
            None => range,
        };
        let mut o = overview(&a.store, &filter.compile(&a.store), range);
        o.basis = so_far;
        Ok(o)
    }

    /// An order-independent content hash of the rows passing `filter`, and their number: the
    /// same rows give the same hash however they were loaded.
    pub fn fingerprint(&mut self, filter: &Filter) -> Result<Fingerprint, Error> {
        let a = self.active.as_mut().ok_or(Error::NoData)?;
        a.refresh();
        let s = &a.store;
        let compiled = filter.compile(s);
        let (mut sum, mut xor, mut n) = (0u64, 0u64, 0u64);
        for i in 0..s.len() {
            if !compiled.matches(s, i) {
                continue;
            }
            let mut h = crate::runs::ContentHash::default();
            h.bytes(&s.utc_ms[i].to_le_bytes());
            h.bytes(s.categories.name(s.category[i]).as_bytes());
            h.bytes(&[s.precinct[i]]);
            h.bytes(&s.lon[i].to_bits().to_le_bytes());
            h.bytes(&s.lat[i].to_bits().to_le_bytes());
            h.bytes(&s.report[i].to_le_bytes());
            let v = h.value();
            sum = sum.wrapping_add(v);
            xor ^= v.rotate_left(17);
            n += 1;
        }
        Ok(Fingerprint {
            hash: format!("{sum:016x}{xor:016x}"),
            rows: n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ts::decompose::DecomposeKind;
    use crate::data::aggregate::Resolution;
    use crate::data::clean::CleanRules;
    use crate::data::time::day_of;
    use crate::worker::messages::{ForecastSpec, TemporalSpec};

    fn four_years() -> Engine {
        let mut e = Engine::new();
        let rules = CleanRules {
            first_day: day_of(2022, 11, 1).unwrap(),
            ..CleanRules::default()
        };
        e.demo_begin(1, 2016, rules);
        while !e.demo_step(1, 12).unwrap().finished {}
        e
    }

    #[test]
    fn temporal_and_forecast_analyses_run_on_demo_data() {
        let mut e = four_years();
        let t = e
            .analyze(
                &Filter::default(),
                &AnalysisSpec::Temporal(TemporalSpec {
                    resolution: Resolution::Monthly,
                    decompose: DecomposeKind::Additive,
                }),
            )
            .unwrap();
        let AnalysisResult::Temporal(t) = t else {
            panic!("temporal result expected")
        };
        assert_eq!(t.series.values.len(), 48);
        assert!(t.diagnostics.decomposition.is_ok());
        assert_eq!(t.diagnostics.acf.len(), 24);
        assert!(t.diagnostics.adf.is_ok());
        // The demo's summer peak shows in the seasonal component: July above February.
        let d = t.diagnostics.decomposition.as_ref().unwrap();
        let month = |m: usize| d.seasonal[(0..12).find(|i| (10 + i) % 12 == m).unwrap()];
        assert!(
            month(6) > month(1),
            "July {} vs February {}",
            month(6),
            month(1)
        );

        let f = e
            .analyze(
                &Filter::default(),
                &AnalysisSpec::Forecast(ForecastSpec::default()),
            )
            .unwrap();
        let AnalysisResult::Forecast(f) = f else {
            panic!("forecast result expected")
        };
        assert_eq!(f.mean.len(), 12);
        assert!(f.auto && !f.candidates.is_empty());
        assert!(f
            .lower
            .iter()
            .zip(&f.mean)
            .zip(&f.upper)
            .all(|((l, m), u)| l < m && m < u));
        let bt = f
            .backtest
            .as_ref()
            .unwrap_or_else(|| panic!("backtest: {:?}", f.backtest_note));
        assert!(!bt.per_origin.is_empty());
        assert!(f.baseline.is_some());
        let cal = f.calibration.as_ref().expect("calibration");
        let levels: Vec<f64> = cal.coverage.iter().map(|c| c.level).collect();
        assert_eq!(levels, vec![0.8, 0.95]);
        for c in &cal.coverage {
            assert_eq!(c.total, bt.per_origin.len() * 12);
            assert!(c.inside <= c.total);
        }
        assert!(cal.coverage[0].inside <= cal.coverage[1].inside);
        let last = &bt.per_origin[bt.per_origin.len() - 1];
        assert_eq!(
            (cal.latest.origin, &cal.latest.actual),
            (last.origin, &last.actual)
        );
        // Forecasts are of the same order as the history.
        let mean_hist = f.history.iter().sum::<f64>() / f.history.len() as f64;
        assert!(f.mean.iter().all(|m| (m / mean_hist - 1.0).abs() < 0.5));
    }

    #[test]
    fn too_short_a_window_is_a_clear_error() {
        let mut e = four_years();
        let filter = Filter {
            from_day: day_of(2026, 1, 1),
            ..Filter::default()
        };
        let err = e
            .analyze(&filter, &AnalysisSpec::Forecast(ForecastSpec::default()))
            .unwrap_err();
        assert!(err.to_string().contains("needs at least 36"), "{err}");
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;
    use crate::data::clean::CleanRules;
    use crate::data::time::day_of;

    #[test]
    fn fingerprint_ignores_load_order_and_sees_changes() {
        let rules = CleanRules {
            first_day: day_of(2026, 9, 1).unwrap(),
            ..CleanRules::default()
        };
        let mut a = Engine::new();
        a.demo_begin(1, 2016, rules.clone());
        while !a.demo_step(1, 1).unwrap().finished {}
        let mut b = Engine::new();
        b.demo_begin(1, 2016, rules);
        while !b.demo_step(1, 5).unwrap().finished {}
        let f = Filter::default();
        assert_eq!(a.fingerprint(&f).unwrap(), b.fingerprint(&f).unwrap());
        let p8 = Filter {
            precincts: vec![8],
            ..Filter::default()
        };
        assert_ne!(
            a.fingerprint(&f).unwrap().hash,
            a.fingerprint(&p8).unwrap().hash
        );
    }
}

#[cfg(test)]
mod allocation_tests {
    use super::*;
    use crate::data::clean::CleanRules;
    use crate::data::time::day_of;
    use crate::worker::pipelines::allocation::Phase;

    fn engine(first: (i32, u32)) -> Engine {
        let mut e = Engine::new();
        let rules = CleanRules {
            first_day: day_of(first.0, first.1, 1).unwrap(),
            ..CleanRules::default()
        };
        e.demo_begin(1, 2016, rules);
        while !e.demo_step(1, 12).unwrap().finished {}
        e
    }

    #[test]
    fn eleven_precincts_are_fitted_step_by_step_then_backtested() {
        let mut e = engine((2022, 11));
        let filter = Filter {
            categories: vec!["ASSAULT".into()],
            ..Filter::default()
        };
        let mut j = e.allocation(&filter, &AllocationSpec::default()).unwrap();
        assert_eq!(j.planned(), 11);
        let mut fits = 0;
        let mut backtests = 0;
        while let Some(phase) = j.step() {
            match phase {
                Phase::Fitting { done, total } => {
                    fits += 1;
                    assert_eq!((done, total), (fits, 11));
                    assert_eq!(j.fits_done(), done == 11);
                    assert!(!j.result().backtests_done);
                }
                Phase::Backtesting { done, .. } => {
                    backtests += 1;
                    assert_eq!(done, backtests);
                }
            }
        }
        assert!(j.finished());
        let r = j.run_to_end();
        assert_eq!(fits, 11);
        assert_eq!(backtests, r.models.len());
        assert!(r.backtests_done && !r.auto);
        assert_eq!(r.models.len() + r.skipped.len(), 11, "{:?}", r.skipped);
        assert_eq!(r.areas.len(), 12);
        assert_eq!(r.areas[0].precinct, 0);
        for m in &r.models {
            assert_eq!(m.model, "SARIMA(1,1,1)(1,1,1,12)");
            assert_eq!(m.mean.len(), 12);
            assert!(m.backtest.is_some(), "{:?}", m.backtest_note);
            assert!(m.baseline.is_some());
            assert!(m.lower.iter().zip(&m.upper).all(|(l, u)| l < u));
        }
        // The citywide table holds every precinct's rows.
        let city: u64 = r.areas[0].week.iter().sum();
        let parts: u64 = r.areas[1..].iter().map(|a| a.total).sum();
        assert_eq!(city, parts);
        // Rows at a likely default time are a part of the table, at 00:00 and 12:00 only.
        for a in &r.areas {
            for (cell, (d, w)) in a.week_default_time.iter().zip(&a.week).enumerate() {
                assert!(d <= w);
                assert!(*d == 0 || cell % 24 == 0 || cell % 24 == 12, "cell {cell}");
            }
        }
        assert!(r.areas[0].week_default_time.iter().sum::<u64>() > 0);
    }

    #[test]
    fn short_windows_and_the_precinct_filter_are_listed_as_skipped() {
        let mut e = engine((2025, 1));
        let filter = Filter {
            precincts: vec![3, 9],
            ..Filter::default()
        };
        let mut j = e.allocation(&filter, &AllocationSpec::default()).unwrap();
        assert_eq!(j.planned(), 0);
        assert_eq!(j.step(), None);
        let r = j.run_to_end();
        assert!(r.models.is_empty());
        assert_eq!(r.skipped.len(), 11);
        let reason = |p: u8| {
            r.skipped
                .iter()
                .find(|s| s.precinct == p)
                .map(|s| s.reason.clone())
                .unwrap()
        };
        assert!(reason(3).contains("needs at least 36"), "{}", reason(3));
        assert!(reason(4).contains("precinct filter"));
        assert_eq!(r.areas.len(), 3);
        assert!(matches!(
            Engine::new().allocation(&filter, &AllocationSpec::default()),
            Err(Error::NoData)
        ));
    }
}
