//! The resource-allocation analysis: a monthly SARIMAX model per precinct (the seed's
//! (1,1,1)(1,1,1,12) or an order chosen by AIC), 12-month forecasts with 95% bands, backtests
//! against seasonal naive, and the counts behind the staffing patterns.
//!
//! It runs as a job of small steps so the worker can report "precinct k of 11" and hear a
//! cancel between them: [`AllocationJob::new`] aggregates the rows, then each
//! [`AllocationJob::step`] fits one precinct, and once every precinct is fitted, each further
//! step backtests one. [`AllocationJob::fits_done`] tells when the ranking can be shown.
//! The risk score itself is computed on the page from these numbers
//! ([`crate::analysis::risk`]), so changing weights needs no refit.

pub mod counts;
pub mod hierarchy;

use crate::analysis::ts::sarimax::SarimaxValidParams;
use crate::analysis::ts::select::SelectOptions;
use crate::analysis::ts::FittedForecaster;

use super::forecast::{backtest_pair, check_months, fit_monthly, months_after};
use super::Input;
use crate::worker::messages::PRECINCTS;
use crate::worker::messages::{
    AllocationResult, AllocationSpec, AreaCounts, PrecinctModel, Skipped, Timing, MONTHLY_PERIOD,
};
use crate::worker::Error;

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Fitted precinct `done` of `total`.
    Fitting {
        /// Precincts fitted (or skipped after a failed fit) so far.
        done: usize,
        /// Precincts to fit.
        total: usize,
    },
    /// Backtested precinct `done` of `total`.
    Backtesting {
        /// Precincts backtested so far.
        done: usize,
        /// Precincts to backtest.
        total: usize,
    },
}

/// The job: what is left to fit and backtest, and the result so far.
#[derive(Debug, Clone)]
pub struct AllocationJob {
    spec: AllocationSpec,
    /// Precincts to fit with their series.
    plan: Vec<(u8, Vec<f64>)>,
    next_fit: usize,
    /// Fitted specs, parallel to `result.models`.
    specs: Vec<SarimaxValidParams>,
    /// In-sample one-step residuals (NaN over the burn-in), parallel to `result.models`.
    residuals: Vec<Vec<f64>>,
    /// Monthly series of the top offense categories and the rest (empty when counted
    /// elsewhere than from the rows).
    categories: Vec<(String, Vec<f64>)>,
    next_backtest: usize,
    result: AllocationResult,
}

impl AllocationJob {
    /// Aggregate the rows of `input` and plan the fits. Precincts outside the filter's
    /// precinct list, without rows, or with fewer than 36 complete months are listed as
    /// skipped.
    pub fn new(input: &Input<'_>, spec: &AllocationSpec) -> Result<AllocationJob, Error> {
        let window = input.window;
        if window.0 > window.1 {
            return Err(Error::NoData);
        }
        let wanted: Vec<u8> = PRECINCTS
            .into_iter()
            .filter(|p| input.filter.includes_precinct(*p))
            .collect();
        let (areas, dropped_partial) = counts::areas(input.store, input.filter, window, &wanted);
        let starts = areas.first().map(|a| a.starts.clone()).unwrap_or_default();
        let mut job = Self::plan(areas, dropped_partial, &wanted, spec);
        job.categories = hierarchy::category_series(input.store, input.filter, window, &starts);
        Ok(job)
    }

    /// Plan the fits of the precincts in `wanted` over `areas` (citywide first), counted
    /// elsewhere (the rows, or the server's counts).
    pub fn plan(
        areas: Vec<AreaCounts>,
        dropped_partial: (bool, bool),
        wanted: &[u8],
        spec: &AllocationSpec,
    ) -> AllocationJob {
        let mut skipped: Vec<Skipped> = PRECINCTS
            .into_iter()
            .filter(|p| !wanted.contains(p))
            .map(|precinct| Skipped {
                precinct,
                reason: "left out by the precinct filter".into(),
            })
            .collect();
        let mut plan = Vec::new();
        for a in areas.iter().filter(|a| a.precinct != 0) {
            if a.total == 0 {
                skipped.push(Skipped {
                    precinct: a.precinct,
                    reason: "no reported incidents in the window".into(),
                });
            } else if let Err(e) = check_months(a.values.len()) {
                skipped.push(Skipped {
                    precinct: a.precinct,
                    reason: e.to_string(),
                });
            } else {
                plan.push((a.precinct, a.values.clone()));
            }
        }
        skipped.sort_by_key(|s| s.precinct);
        AllocationJob {
            spec: spec.clone(),
            plan,
            next_fit: 0,
            specs: Vec::new(),
            residuals: Vec::new(),
            categories: Vec::new(),
            next_backtest: 0,
            result: AllocationResult {
                areas,
                dropped_partial,
                models: Vec::new(),
                skipped,
                auto: spec.order.is_none(),
                backtests_done: false,
                timing: Timing::default(),
                basis: None,
                hierarchies: Vec::new(),
            },
        }
    }

    /// Precincts to fit.
    pub fn planned(&self) -> usize {
        self.plan.len()
    }

    /// Precincts fitted (or skipped after a failed fit) so far.
    pub fn fits_run(&self) -> usize {
        self.next_fit
    }

    /// Models backtested so far.
    pub fn backtests_run(&self) -> usize {
        self.next_backtest
    }

    /// Whether every precinct is fitted (the ranking can be shown).
    pub fn fits_done(&self) -> bool {
        self.next_fit >= self.plan.len()
    }

    /// Whether nothing is left to do.
    pub fn finished(&self) -> bool {
        self.fits_done() && self.next_backtest >= self.result.models.len()
    }

    /// The result so far.
    pub fn result(&self) -> &AllocationResult {
        &self.result
    }

    /// The result so far, to be filled in further (timings).
    pub fn result_mut(&mut self) -> &mut AllocationResult {
        &mut self.result
    }

    /// Fit the next precinct, or once all are fitted, backtest the next one. None when the
    /// job is finished.
    pub fn step(&mut self) -> Option<Phase> {
        if let Some((p, y)) = self.plan.get(self.next_fit) {
            let p = *p;
            match self.fit_one(p, y) {
                Ok((spec, model, residuals)) => {
                    self.specs.push(spec);
                    self.result.models.push(model);
                    self.residuals.push(residuals);
                }
                Err(e) => {
                    self.result.skipped.push(Skipped {
                        precinct: p,
                        reason: format!("the model could not be fitted: {e}"),
                    });
                    self.result.skipped.sort_by_key(|s| s.precinct);
                }
            }
            self.next_fit += 1;
            if self.fits_done() {
                self.result.hierarchies = self.hierarchies();
            }
            return Some(Phase::Fitting {
                done: self.next_fit,
                total: self.plan.len(),
            });
        }
        let k = self.next_backtest;
        let total = self.result.models.len();
        if k >= total {
            self.result.backtests_done = true;
            return None;
        }
        let p = self.result.models[k].precinct;
        let y = self
            .plan
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, y)| y.as_slice())
            .unwrap_or_default();
        let pair = backtest_pair(
            &self.specs[k],
            y,
            self.spec.origins,
            self.spec.backtest_horizon,
        );
        let m = &mut self.result.models[k];
        m.origins = pair.model.as_ref().map_or(0, |b| b.per_origin.len());
        m.calibration = pair.model.as_ref().and_then(|b| b.calibration().ok());
        m.backtest = pair.model.map(|b| b.average);
        m.baseline = pair.baseline.map(|b| b.average);
        m.backtest_note = pair.note;
        self.next_backtest += 1;
        if self.next_backtest >= total {
            self.result.backtests_done = true;
        }
        Some(Phase::Backtesting {
            done: self.next_backtest,
            total,
        })
    }

    fn fit_one(
        &self,
        p: u8,
        y: &[f64],
    ) -> Result<(SarimaxValidParams, PrecinctModel, Vec<f64>), Error> {
        let search = SelectOptions {
            max_models: self.spec.max_candidates,
            ..SelectOptions::new(MONTHLY_PERIOD)
        };
        let m = fit_monthly(y, self.spec.order, &search)?;
        let fc = m.fitted.predict(self.spec.horizon, 0.95, None)?;
        let starts = self
            .result
            .area(p)
            .map(|a| a.starts.as_slice())
            .unwrap_or_default();
        let last = starts.last().copied().unwrap_or_default();
        let residuals = hierarchy::burnt(&m.fitted.residuals, m.fitted.loglikelihood_burn);
        Ok((
            m.spec,
            PrecinctModel {
                precinct: p,
                model: m.spec.label(0),
                candidates: m.candidates.len(),
                aic: m.fitted.aic,
                converged: m.fitted.converged,
                months: y.len(),
                forecast_starts: months_after(last, self.spec.horizon),
                mean: fc.mean,
                lower: fc.lower,
                upper: fc.upper,
                backtest: None,
                baseline: None,
                origins: 0,
                backtest_note: None,
                calibration: None,
            },
            residuals,
        ))
    }

    /// Run every remaining step and return the result.
    pub fn run_to_end(mut self) -> AllocationResult {
        while self.step().is_some() {}
        self.result.backtests_done = true;
        self.result
    }
}

/// Run the whole analysis at once (the worker steps it instead, as
/// [`crate::worker::jobs::allocation::Allocation`]).
pub fn run(input: &Input<'_>, spec: &AllocationSpec) -> Result<AllocationResult, Error> {
    Ok(AllocationJob::new(input, spec)?.run_to_end())
}

impl super::Pipeline for AllocationSpec {
    type Output = AllocationResult;

    fn run(&self, input: &Input<'_>) -> Result<AllocationResult, Error> {
        run(input, self)
    }
}
