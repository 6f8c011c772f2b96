//! L-BFGS-B's iteration for unbounded variables, step for step as scipy's
//! `fmin_l_bfgs_b` (L-BFGS-B 3.0) runs it, which is what statsmodels' `fit(method='lbfgs')`
//! calls.
//!
//! From `x₀`: while the memory is empty the direction is `−g` (tried first with a step of
//! `1/‖g‖` on the very first iteration, 1 afterwards); otherwise the quasi-Newton direction
//! `−H g` of the last `m` pairs `(s, y)` with `H₀ = (s'y / y'y)·I` (here by the two-loop
//! recursion, which gives the same matrix as L-BFGS-B's compact form). The Moré–Thuente search
//! ([`super::line_search`], `ftol = 1e-3`, `gtol = 0.9`, `xtol = 0.1`, steps in `[0, 1e10]`)
//! takes at most `max_ls` evaluations. A failed search goes back to the previous point and
//! restarts with an empty memory, or ends the run if the memory was already empty. The run stops
//! when the largest gradient component is at most `pgtol`, when
//! `(f_old − f) ≤ factr·ε·max(|f_old|, |f|, 1)`, after `max_iter` iterations, or once more than
//! `max_fun` function values (counting those of finite-difference gradients) have been used. A
//! pair with `s'y ≤ ε·(−g_old's)` is not stored.
//!
//! Byrd, Lu, Nocedal & Zhu, *A limited memory algorithm for bound constrained optimization*,
//! SIAM J. Sci. Comput. 16 (1995) 1190–1208; Morales & Nocedal, *Remark on Algorithm 778*,
//! ACM TOMS 38 (2011).

use std::collections::VecDeque;

use super::line_search::{MoreThuente, Next};

/// Largest step the line search may take.
const STEP_MAX: f64 = 1e10;

/// L-BFGS-B settings (scipy's defaults through [`Settings::scipy`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Number of `(s, y)` pairs kept.
    pub memory: usize,
    /// Relative reduction test: stop when the decrease is at most `factr·ε` relative.
    pub factr: f64,
    /// Stop when the largest absolute gradient component is at most this.
    pub pgtol: f64,
    /// Iteration cap.
    pub max_iter: u64,
    /// Evaluations per line search.
    pub max_ls: usize,
    /// Cap on function values, finite-difference ones included.
    pub max_fun: usize,
}

impl Settings {
    /// scipy's `fmin_l_bfgs_b` defaults (`m = 10`, `factr = 1e7`, `pgtol = 1e-5`,
    /// `maxls = 20`, `maxfun = 15000`) with `max_iter` iterations.
    pub fn scipy(max_iter: u64) -> Self {
        Settings {
            memory: 10,
            factr: 1e7,
            pgtol: 1e-5,
            max_iter,
            max_ls: 20,
            max_fun: 15_000,
        }
    }
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The largest gradient component fell to `pgtol` or below (converged).
    Gradient,
    /// The relative decrease fell to `factr·ε` or below (converged).
    Reduction,
    /// `max_iter` iterations were made.
    Iterations,
    /// More than `max_fun` function values were used.
    Evaluations,
    /// The line search failed along the steepest-descent direction.
    LineSearch,
}

/// End of a run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Final point.
    pub x: Vec<f64>,
    /// Function value there.
    pub f: f64,
    /// Iterations made.
    pub iterations: u64,
    /// Why it stopped.
    pub stop: Stop,
}

impl Outcome {
    /// Whether one of the convergence tests ended the run (scipy's `warnflag == 0`).
    pub fn converged(&self) -> bool {
        matches!(self.stop, Stop::Gradient | Stop::Reduction)
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(g: &[f64]) -> f64 {
    g.iter().fold(0.0, |m: f64, v| m.max(v.abs()))
}

/// The limited memory: pairs `(s, y, s'y)`, oldest first, and `θ = y'y / s'y` of the newest.
struct Memory {
    pairs: VecDeque<(Vec<f64>, Vec<f64>, f64)>,
    theta: f64,
}

impl Memory {
    fn clear(&mut self) {
        self.pairs.clear();
        self.theta = 1.0;
    }

    /// `−H g` by the two-loop recursion with `H₀ = I/θ`.
    fn direction(&self, g: &[f64]) -> Vec<f64> {
        let mut q = g.to_vec();
        let mut alpha = vec![0.0; self.pairs.len()];
        for (a, (s, y, sy)) in alpha.iter_mut().zip(&self.pairs).rev() {
            *a = dot(s, &q) / sy;
            q.iter_mut().zip(y).for_each(|(v, yi)| *v -= *a * yi);
        }
        q.iter_mut().for_each(|v| *v /= self.theta);
        for (a, (s, y, sy)) in alpha.iter().zip(&self.pairs) {
            let b = dot(y, &q) / sy;
            q.iter_mut().zip(s).for_each(|(v, si)| *v += si * (a - b));
        }
        q.iter().map(|v| -v).collect()
    }
}

/// Minimise from `x0`; `fg(x)` returns the function value and gradient at `x` (each call counted
/// as `1 + n` function values, as scipy counts a finite-difference gradient).
pub fn minimize(
    mut fg: impl FnMut(&[f64]) -> (f64, Vec<f64>),
    x0: Vec<f64>,
    settings: &Settings,
) -> Outcome {
    let n = x0.len();
    let mut x = x0;
    let (mut f, mut g) = fg(&x);
    let mut nfev = n + 1;
    let mut iterations = 0u64;
    let outcome = |x: Vec<f64>, f: f64, iterations: u64, stop: Stop| Outcome {
        x,
        f,
        iterations,
        stop,
    };
    if max_abs(&g) <= settings.pgtol {
        return outcome(x, f, 0, Stop::Gradient);
    }
    let mut memory = Memory {
        pairs: VecDeque::with_capacity(settings.memory),
        theta: 1.0,
    };
    let tol = settings.factr * f64::EPSILON;
    loop {
        // The trial point z of a unit step and the direction d = z − x.
        let z: Vec<f64> = if memory.pairs.is_empty() {
            x.iter().zip(&g).map(|(xi, gi)| xi + -gi).collect()
        } else {
            let dn = memory.direction(&g);
            x.iter().zip(&dn).map(|(xi, di)| xi + di).collect()
        };
        let mut d: Vec<f64> = z.iter().zip(&x).map(|(zi, xi)| zi - xi).collect();
        let dtd = dot(&d, &d);
        let dnorm = dtd.sqrt();
        let mut stp = if iterations == 0 {
            (1.0 / dnorm).min(STEP_MAX)
        } else {
            1.0
        };
        let (t, r, fold) = (x.clone(), g.clone(), f);
        let gdold = dot(&g, &d);
        let mut gd = gdold;
        // Line search: None when it fails.
        let accepted = if gdold >= 0.0 {
            None
        } else {
            let mut ls = MoreThuente::start(f, gdold, stp, [1e-3, 0.9, 0.1], [0.0, STEP_MAX]);
            let mut ifun = 0;
            loop {
                ifun += 1;
                if ifun > settings.max_ls {
                    break None;
                }
                x = if stp == 1.0 {
                    z.clone()
                } else {
                    d.iter().zip(&t).map(|(di, ti)| stp * di + ti).collect()
                };
                (f, g) = fg(&x);
                nfev += n + 1;
                gd = dot(&g, &d);
                if ls.next(f, gd, &mut stp) != Next::Evaluate {
                    // A search that ends where it started failed (see the module docs).
                    break (x != t).then_some(());
                }
            }
        };
        if accepted.is_none() {
            (x, g, f) = (t, r, fold);
            if memory.pairs.is_empty() {
                return outcome(x, f, iterations, Stop::LineSearch);
            }
            memory.clear();
            continue;
        }
        iterations += 1;
        if iterations >= settings.max_iter {
            return outcome(x, f, iterations, Stop::Iterations);
        }
        if nfev > settings.max_fun {
            return outcome(x, f, iterations, Stop::Evaluations);
        }
        if max_abs(&g) <= settings.pgtol {
            return outcome(x, f, iterations, Stop::Gradient);
        }
        if fold - f <= tol * fold.abs().max(f.abs()).max(1.0) {
            return outcome(x, f, iterations, Stop::Reduction);
        }
        // The pair s = stp·d, y = g − g_old, with s'y from the line search's slopes.
        let y: Vec<f64> = g.iter().zip(&r).map(|(a, b)| a - b).collect();
        let (sy, floor) = if stp == 1.0 {
            (gd - gdold, -gdold)
        } else {
            d.iter_mut().for_each(|v| *v *= stp);
            ((gd - gdold) * stp, -gdold * stp)
        };
        if sy <= f64::EPSILON * floor {
            continue;
        }
        if memory.pairs.len() == settings.memory {
            memory.pairs.pop_front();
        }
        memory.theta = dot(&y, &y) / sy;
        memory.pairs.push_back((d, y, sy));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock's function and its gradient.
    fn rosenbrock(x: &[f64]) -> (f64, Vec<f64>) {
        let (a, b) = (x[0], x[1]);
        let f = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
        let g = vec![
            -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
            200.0 * (b - a * a),
        ];
        (f, g)
    }

    #[test]
    fn minimises_rosenbrock_from_the_textbook_start() {
        let out = minimize(rosenbrock, vec![-1.2, 1.0], &Settings::scipy(500));
        assert!(out.converged(), "{:?}", out.stop);
        assert!(
            (out.x[0] - 1.0).abs() < 1e-4 && (out.x[1] - 1.0).abs() < 1e-4,
            "{:?}",
            out.x
        );
        assert!(
            out.iterations > 10 && out.iterations < 60,
            "{}",
            out.iterations
        );
    }

    #[test]
    fn a_quadratic_takes_one_steepest_step_then_quasi_newton_steps() {
        // f = ½ Σ c_i x_i²: at most n + 1 iterations of exact-enough line searches.
        let c = [1.0, 4.0, 9.0];
        let quad = |x: &[f64]| {
            let f = 0.5 * x.iter().zip(&c).map(|(v, k)| k * v * v).sum::<f64>();
            (f, x.iter().zip(&c).map(|(v, k)| k * v).collect())
        };
        let out = minimize(quad, vec![1.0, 1.0, 1.0], &Settings::scipy(500));
        assert!(out.converged());
        assert!(out.x.iter().all(|v| v.abs() < 1e-5), "{:?}", out.x);
        assert!(out.f < 1e-10);
    }

    #[test]
    fn stops_at_the_iteration_cap_and_at_a_zero_gradient() {
        let out = minimize(rosenbrock, vec![-1.2, 1.0], &Settings::scipy(3));
        assert_eq!((out.stop, out.iterations), (Stop::Iterations, 3));
        assert!(!out.converged());
        let at_min = minimize(rosenbrock, vec![1.0, 1.0], &Settings::scipy(3));
        assert_eq!((at_min.stop, at_min.iterations), (Stop::Gradient, 0));
    }

    #[test]
    fn an_ascent_direction_without_memory_ends_the_run_where_it_started() {
        // A "gradient" pointing the wrong way: every line search fails.
        let wrong = |x: &[f64]| (x[0] * x[0], vec![-2.0 * x[0] - 1.0]);
        let out = minimize(wrong, vec![1.0], &Settings::scipy(50));
        assert_eq!(out.stop, Stop::LineSearch);
        assert_eq!(out.x, vec![1.0]);
    }
}
