//! The optimizer's view of the model: mean negative log-likelihood `−llf / nobs` over
//! unconstrained parameters, with forward-difference gradients, for the two searches of
//! [`super::search`]:
//!
//! - for argmin's L-BFGS ([`Search::ScaleFree`](super::Search::ScaleFree)), [`Objective::value`]
//!   and [`Objective::grad`] with the relative step `1.5e-8·max(|u_i|, 1)`. The optimizer always
//!   asks for the gradient at the point whose cost it has just asked for, so a cost evaluation
//!   also evaluates that point's forward-difference neighbours, two systems at a time through
//!   the lane filter ([`filter_lanes`]). The results are kept (keyed by the exact bits of the
//!   point) and handed out when requested; each lane computes exactly what a single evaluation
//!   would, so values, the count of evaluations and the best point seen are those of evaluating
//!   one point at a time.
//! - for the L-BFGS-B of [`super::lbfgsb`] ([`Search::Statsmodels`](super::Search::Statsmodels)),
//!   [`Objective::value_and_gradient`]: `(f(u + h·e_i) − f(u)) / h_i` with the absolute step
//!   `h = 1e-5`, `h_i` the difference actually represented. This is the gradient statsmodels'
//!   `MLEModel.fit` has scipy compute for `method='lbfgs'` (it sets `approx_grad=True,
//!   epsilon=1e-5` unless a score method is asked for), not its complex-step score.
//!
//! Every evaluation is the conventional filter's arithmetic, to the bit. Forward differences
//! turn rounding-level changes of the likelihood into gradient changes (about 1e-6 with a
//! 1.5e-8 step), enough to send the optimizer down another path where the likelihood has ridges
//! or several optima (boundary solutions especially), and then the fit no longer ends where
//! statsmodels' does. Cheaper but differently rounded recursions (Chandrasekhar's, for one) are
//! therefore not used here.

use std::cell::RefCell;

use argmin::core::{CostFunction, Error as ArgminError, Gradient};

use super::covariance::V;
use super::kalman::{filter, filter_lanes, Keep, Workspace};
use super::params::{Layout, SarimaxValidParams};
use super::scale::to_intercept_form;
use super::statespace::StateSpace;
use super::transforms::transform;
use crate::analysis::Result;

/// Cost returned where the model cannot be evaluated (keeps the line search away).
const PENALTY: f64 = 1e10;

/// Data and scratch space for repeated likelihood evaluations.
pub struct Objective<'a> {
    /// Model specification.
    pub spec: &'a SarimaxValidParams,
    /// Parameter layout.
    pub layout: Layout,
    /// Observations.
    pub y: &'a [f64],
    /// Regressor columns.
    pub exog: &'a [Vec<f64>],
    /// Initial variance of the diffuse states.
    pub diffuse: f64,
    /// Observations left out of the likelihood.
    pub burn: usize,
    /// Whether unconstrained values carry the trend in mean form (see [`super::scale`]).
    mean_form: bool,
    ws: RefCell<Workspace>,
    ws2: RefCell<Workspace<2>>,
    obs_int: RefCell<Vec<f64>>,
    memo: RefCell<Vec<(Vec<u64>, f64)>>,
    best: RefCell<(f64, Vec<f64>)>,
    evals: RefCell<usize>,
    last: RefCell<Option<(Vec<f64>, f64)>>,
}

impl<'a> Objective<'a> {
    /// Set up for `spec` on `y` with regressors `exog`.
    pub fn new(
        spec: &'a SarimaxValidParams,
        y: &'a [f64],
        exog: &'a [Vec<f64>],
        diffuse: f64,
    ) -> Self {
        Objective {
            spec,
            layout: spec.layout(exog.len()),
            y,
            exog,
            diffuse,
            burn: spec.k_states_diff(),
            mean_form: false,
            ws: RefCell::new(Workspace::new(spec.k_states())),
            ws2: RefCell::new(Workspace::new(spec.k_states())),
            obs_int: RefCell::new(vec![0.0; if exog.is_empty() { 0 } else { y.len() }]),
            memo: RefCell::new(vec![]),
            best: RefCell::new((f64::INFINITY, vec![])),
            evals: RefCell::new(0),
            last: RefCell::new(None),
        }
    }

    /// Read the trend of unconstrained values in mean form.
    pub fn in_mean_form(mut self) -> Self {
        self.mean_form = true;
        self
    }

    /// Log-likelihood at constrained parameters (statsmodels' intercept form).
    pub fn llf(&self, params: &[f64]) -> Result<f64> {
        *self.evals.borrow_mut() += 1;
        let ss = StateSpace::new(self.spec, &self.layout, params, self.diffuse)?;
        let mut oi = self.obs_int.borrow_mut();
        fill_obs_intercept(&mut oi, self.exog, &ss.beta);
        let mut ws = self.ws.borrow_mut();
        Ok(filter(&ss, self.y, &oi, self.burn, Keep::LlfOnly, &mut ws)?.llf)
    }

    /// Negative log-likelihood divided by the number of observations, at unconstrained `u`
    /// (a large penalty where it cannot be computed).
    pub fn value(&self, u: &[f64]) -> f64 {
        *self.evals.borrow_mut() += 1;
        let f = self.cost(u);
        let mut best = self.best.borrow_mut();
        if f < best.0 {
            *best = (f, u.to_vec());
        }
        *self.last.borrow_mut() = Some((u.to_vec(), f));
        f
    }

    /// Cost at `u`, from the kept results or by evaluating `u` with its forward-difference
    /// neighbours.
    fn cost(&self, u: &[f64]) -> f64 {
        let key: Vec<u64> = u.iter().map(|v| v.to_bits()).collect();
        if let Some((_, f)) = self.memo.borrow().iter().find(|(k, _)| *k == key) {
            return *f;
        }
        let mut points = vec![u.to_vec()];
        for i in 0..u.len() {
            let mut x = u.to_vec();
            x[i] = u[i] + step(u[i]);
            points.push(x);
        }
        let costs = self.costs(&points);
        let f = costs[0];
        *self.memo.borrow_mut() = points
            .iter()
            .map(|p| p.iter().map(|v| v.to_bits()).collect())
            .zip(costs)
            .collect();
        f
    }

    /// Negative log-likelihood divided by the number of observations at unconstrained `u`
    /// (a large penalty where it cannot be computed), and its forward-difference gradient with
    /// scipy's step ([`scipy_step`]); the point and its `n` neighbours are evaluated together.
    pub fn value_and_gradient(&self, u: &[f64]) -> (f64, Vec<f64>) {
        let mut points = Vec::with_capacity(u.len() + 1);
        points.push(u.to_vec());
        let mut steps = Vec::with_capacity(u.len());
        for (i, &ui) in u.iter().enumerate() {
            let mut x = u.to_vec();
            x[i] = ui + scipy_step(ui);
            steps.push(x[i] - ui);
            points.push(x);
        }
        *self.evals.borrow_mut() += points.len();
        let costs = self.costs(&points);
        let f = costs[0];
        let g = costs[1..]
            .iter()
            .zip(&steps)
            .map(|(fi, h)| (fi - f) / h)
            .collect();
        (f, g)
    }

    /// Costs at `points`, compatible systems filtered two at a time.
    fn costs(&self, points: &[Vec<f64>]) -> Vec<f64> {
        let n = self.y.len().max(1) as f64;
        let cost = |r: Result<f64>| match r {
            Ok(l) if l.is_finite() => -l / n,
            _ => PENALTY,
        };
        let mut out = vec![PENALTY; points.len()];
        let systems: Vec<(usize, StateSpace)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, u)| {
                let mut params = transform(&self.layout, u);
                if self.mean_form {
                    params = to_intercept_form(self.spec, &self.layout, &params);
                }
                StateSpace::new(self.spec, &self.layout, &params, self.diffuse)
                    .ok()
                    .map(|ss| (i, ss))
            })
            .collect();
        let mut rest: &[(usize, StateSpace)] = &systems;
        while let Some(((i, a), tail)) = rest.split_first() {
            match tail.first() {
                Some((j, b)) if a.plan.same_structure(&b.plan) => {
                    let obs: Vec<V<2>> = if self.exog.is_empty() {
                        vec![]
                    } else {
                        let (oa, ob) = (self.intercepts(&a.beta), self.intercepts(&b.beta));
                        oa.iter().zip(&ob).map(|(&x, &y)| [x, y]).collect()
                    };
                    let mut ws = self.ws2.borrow_mut();
                    let [ra, rb] = filter_lanes([a, b], self.y, &obs, self.burn, &mut ws);
                    (out[*i], out[*j]) = (cost(ra), cost(rb));
                    rest = &tail[1..];
                }
                _ => {
                    let oi = self.intercepts(&a.beta);
                    let mut ws = self.ws.borrow_mut();
                    out[*i] = cost(
                        filter(a, self.y, &oi, self.burn, Keep::LlfOnly, &mut ws).map(|o| o.llf),
                    );
                    rest = tail;
                }
            }
        }
        out
    }

    /// Observation intercepts for regression coefficients `beta` (empty without regressors).
    fn intercepts(&self, beta: &[f64]) -> Vec<f64> {
        let mut oi = vec![
            0.0;
            if self.exog.is_empty() {
                0
            } else {
                self.y.len()
            }
        ];
        fill_obs_intercept(&mut oi, self.exog, beta);
        oi
    }

    /// Forward-difference gradient of [`value`](Self::value), reusing the cached `f(u)` when
    /// the optimizer has just evaluated it (step `1.5e-8·max(|u_i|, 1)`).
    pub fn grad(&self, u: &[f64]) -> Vec<f64> {
        let cached = self
            .last
            .borrow()
            .as_ref()
            .and_then(|(x, f)| (x.as_slice() == u).then_some(*f));
        let f0 = cached.unwrap_or_else(|| self.value(u));
        let mut x = u.to_vec();
        let mut g = vec![0.0; u.len()];
        for i in 0..u.len() {
            let h = step(u[i]);
            x[i] = u[i] + h;
            let fp = self.value(&x);
            x[i] = u[i];
            g[i] = (fp - f0) / h;
        }
        *self.last.borrow_mut() = Some((u.to_vec(), f0));
        g
    }

    /// Best (cost, unconstrained parameters) seen so far.
    pub fn best(&self) -> (f64, Vec<f64>) {
        self.best.borrow().clone()
    }

    /// Number of likelihood evaluations so far.
    pub fn evals(&self) -> usize {
        *self.evals.borrow()
    }
}

/// Forward-difference step for a coordinate at `x`.
fn step(x: f64) -> f64 {
    1.5e-8 * x.abs().max(1.0)
}

/// scipy's forward-difference step for `epsilon = 1e-5`: 1e-5, or `√ε·max(|x|, 1)` with the
/// sign of `x` where `x + 1e-5` rounds back to `x`.
fn scipy_step(x: f64) -> f64 {
    const H: f64 = 1e-5;
    if (x + H) - x == 0.0 {
        let sign = if x >= 0.0 { 1.0 } else { -1.0 };
        f64::EPSILON.sqrt() * sign * x.abs().max(1.0)
    } else {
        H
    }
}

/// `out[t] = Σ_j exog[j][t] · beta[j]` (left empty without regressors).
pub fn fill_obs_intercept(out: &mut [f64], exog: &[Vec<f64>], beta: &[f64]) {
    if exog.is_empty() {
        return;
    }
    out.iter_mut().for_each(|v| *v = 0.0);
    for (col, b) in exog.iter().zip(beta) {
        for (o, x) in out.iter_mut().zip(col) {
            *o += x * b;
        }
    }
}

/// Borrowing adapter handed to argmin (so the objective's state stays readable afterwards).
///
/// The optimizer works on `x = c·u`: with `c = √‖∇f(u₀)‖` its first unit step along the
/// gradient moves `u` by a unit length, as L-BFGS-B's first iteration does.
pub struct Problem<'o, 'a> {
    obj: &'o Objective<'a>,
    scale: f64,
    last_grad: RefCell<Option<(Vec<f64>, Vec<f64>)>>,
}

impl<'o, 'a> Problem<'o, 'a> {
    /// Adapter over `obj` with coordinate scale `scale`.
    pub fn new(obj: &'o Objective<'a>, scale: f64) -> Self {
        Problem {
            obj,
            scale,
            last_grad: RefCell::new(None),
        }
    }

    fn unscale(&self, x: &[f64]) -> Vec<f64> {
        x.iter().map(|v| v / self.scale).collect()
    }
}

impl CostFunction for Problem<'_, '_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> std::result::Result<f64, ArgminError> {
        Ok(self.obj.value(&self.unscale(p)))
    }
}

impl Gradient for Problem<'_, '_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, p: &Self::Param) -> std::result::Result<Vec<f64>, ArgminError> {
        if let Some((x, g)) = self.last_grad.borrow().as_ref() {
            if x == p {
                return Ok(g.clone());
            }
        }
        let g: Vec<f64> = self
            .obj
            .grad(&self.unscale(p))
            .iter()
            .map(|v| v / self.scale)
            .collect();
        *self.last_grad.borrow_mut() = Some((p.clone(), g.clone()));
        Ok(g)
    }
}
