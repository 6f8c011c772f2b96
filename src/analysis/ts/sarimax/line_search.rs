//! Moré–Thuente line search (MINPACK-2 `dcsrch`/`dcstep`), as L-BFGS-B calls it.
//!
//! Finds a step `α > 0` along a descent direction with sufficient decrease
//! `φ(α) ≤ φ(0) + ftol·α·φ'(0)` and curvature `|φ'(α)| ≤ gtol·|φ'(0)|`, keeping an interval of
//! uncertainty `[stx, sty]` and choosing trial steps by safeguarded cubic and quadratic
//! interpolation. Moré & Thuente, *Line search algorithms with guaranteed sufficient decrease*,
//! ACM TOMS 20 (1994) 286–307.

/// What the caller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Evaluate the function and its slope at the new step.
    Evaluate,
    /// Both conditions hold at the current step.
    Converged,
    /// No further progress is possible (interval too small, rounding, or a step bound); the
    /// current step is accepted as it is.
    Warning,
}

/// Lower extrapolation factor while no minimiser is bracketed.
const XTRAPL: f64 = 1.1;
/// Upper extrapolation factor while no minimiser is bracketed.
const XTRAPU: f64 = 4.0;

/// One end of the interval of uncertainty: step, value and slope.
#[derive(Debug, Clone, Copy)]
struct End {
    stp: f64,
    f: f64,
    g: f64,
}

/// State of one line search.
#[derive(Debug, Clone)]
pub struct MoreThuente {
    gtol: f64,
    xtol: f64,
    stpmin: f64,
    stpmax: f64,
    bracketed: bool,
    /// Stage 1 until a step with `ψ(α) ≤ 0` and `φ'(α) ≥ 0` has been seen.
    stage_one: bool,
    finit: f64,
    ginit: f64,
    gtest: f64,
    /// Best step so far.
    x: End,
    /// Other end of the interval.
    y: End,
    stmin: f64,
    stmax: f64,
    width: f64,
    width1: f64,
}

impl MoreThuente {
    /// Start a search from `φ(0) = f`, `φ'(0) = g < 0` with first trial step `stp` in
    /// `[stpmin, stpmax]`; the caller evaluates at `stp` next.
    pub fn start(f: f64, g: f64, stp: f64, tolerances: [f64; 3], bounds: [f64; 2]) -> Self {
        let [ftol, gtol, xtol] = tolerances;
        let [stpmin, stpmax] = bounds;
        let origin = End { stp: 0.0, f, g };
        MoreThuente {
            gtol,
            xtol,
            stpmin,
            stpmax,
            bracketed: false,
            stage_one: true,
            finit: f,
            ginit: g,
            gtest: ftol * g,
            x: origin,
            y: origin,
            stmin: 0.0,
            stmax: stp + XTRAPU * stp,
            width: stpmax - stpmin,
            width1: (stpmax - stpmin) / 0.5,
        }
    }

    /// Take the value `f` and slope `g` at the current step `stp`; either stop or set `stp` to
    /// the next trial step.
    pub fn next(&mut self, f: f64, g: f64, stp: &mut f64) -> Next {
        let ftest = self.finit + *stp * self.gtest;
        if self.stage_one && f <= ftest && g >= 0.0 {
            self.stage_one = false;
        }
        let mut warn = false;
        if self.bracketed && (*stp <= self.stmin || *stp >= self.stmax) {
            warn = true;
        }
        if self.bracketed && self.stmax - self.stmin <= self.xtol * self.stmax {
            warn = true;
        }
        if *stp == self.stpmax && f <= ftest && g <= self.gtest {
            warn = true;
        }
        if *stp == self.stpmin && (f > ftest || g >= self.gtest) {
            warn = true;
        }
        if f <= ftest && g.abs() <= self.gtol * (-self.ginit) {
            return Next::Converged;
        }
        if warn {
            return Next::Warning;
        }
        let trial = End { stp: *stp, f, g };
        if self.stage_one && f <= self.x.f && f > ftest {
            // The modified function ψ(α) = φ(α) − φ(0) − gtest·α predicts the step while the
            // decrease is not yet sufficient.
            let shift = |e: End| End {
                stp: e.stp,
                f: e.f - e.stp * self.gtest,
                g: e.g - self.gtest,
            };
            let (mut x, mut y) = (shift(self.x), shift(self.y));
            *stp = self.step(&mut x, &mut y, shift(trial));
            let unshift = |e: End| End {
                stp: e.stp,
                f: e.f + e.stp * self.gtest,
                g: e.g + self.gtest,
            };
            (self.x, self.y) = (unshift(x), unshift(y));
        } else {
            let (mut x, mut y) = (self.x, self.y);
            *stp = self.step(&mut x, &mut y, trial);
            (self.x, self.y) = (x, y);
        }
        if self.bracketed {
            if (self.y.stp - self.x.stp).abs() >= 0.66 * self.width1 {
                *stp = self.x.stp + 0.5 * (self.y.stp - self.x.stp);
            }
            self.width1 = self.width;
            self.width = (self.y.stp - self.x.stp).abs();
            self.stmin = self.x.stp.min(self.y.stp);
            self.stmax = self.x.stp.max(self.y.stp);
        } else {
            self.stmin = *stp + XTRAPL * (*stp - self.x.stp);
            self.stmax = *stp + XTRAPU * (*stp - self.x.stp);
        }
        *stp = stp.max(self.stpmin).min(self.stpmax);
        if self.bracketed
            && (*stp <= self.stmin
                || *stp >= self.stmax
                || self.stmax - self.stmin <= self.xtol * self.stmax)
        {
            *stp = self.x.stp;
        }
        Next::Evaluate
    }

    /// `dcstep`: the next trial step from the interval ends `x` (best), `y` and the trial `t`,
    /// updating the ends and whether a minimiser is bracketed.
    fn step(&mut self, x: &mut End, y: &mut End, t: End) -> f64 {
        let (stpmin, stpmax) = (self.stmin, self.stmax);
        let sgnd = t.g * (x.g / x.g.abs());
        let new = if t.f > x.f {
            // Higher value: the minimum is bracketed. Cubic if closer to stx than the
            // quadratic, else their average.
            let theta = 3.0 * (x.f - t.f) / (t.stp - x.stp) + x.g + t.g;
            let s = theta.abs().max(x.g.abs()).max(t.g.abs());
            let mut gamma = s * ((theta / s).powi(2) - (x.g / s) * (t.g / s)).sqrt();
            if t.stp < x.stp {
                gamma = -gamma;
            }
            let p = (gamma - x.g) + theta;
            let q = ((gamma - x.g) + gamma) + t.g;
            let stpc = x.stp + p / q * (t.stp - x.stp);
            let stpq =
                x.stp + ((x.g / ((x.f - t.f) / (t.stp - x.stp) + x.g)) / 2.0) * (t.stp - x.stp);
            self.bracketed = true;
            if (stpc - x.stp).abs() < (stpq - x.stp).abs() {
                stpc
            } else {
                stpc + (stpq - stpc) / 2.0
            }
        } else if sgnd < 0.0 {
            // Lower value, slopes of opposite sign: bracketed. Cubic if farther from stp than
            // the secant step, else the secant step.
            let theta = 3.0 * (x.f - t.f) / (t.stp - x.stp) + x.g + t.g;
            let s = theta.abs().max(x.g.abs()).max(t.g.abs());
            let mut gamma = s * ((theta / s).powi(2) - (x.g / s) * (t.g / s)).sqrt();
            if t.stp > x.stp {
                gamma = -gamma;
            }
            let p = (gamma - t.g) + theta;
            let q = ((gamma - t.g) + gamma) + x.g;
            let stpc = t.stp + p / q * (x.stp - t.stp);
            let stpq = t.stp + (t.g / (t.g - x.g)) * (x.stp - t.stp);
            self.bracketed = true;
            if (stpc - t.stp).abs() > (stpq - t.stp).abs() {
                stpc
            } else {
                stpq
            }
        } else if t.g.abs() < x.g.abs() {
            // Lower value, same sign, the slope shrinks.
            let theta = 3.0 * (x.f - t.f) / (t.stp - x.stp) + x.g + t.g;
            let s = theta.abs().max(x.g.abs()).max(t.g.abs());
            let mut gamma = s * (0f64.max((theta / s).powi(2) - (x.g / s) * (t.g / s))).sqrt();
            if t.stp > x.stp {
                gamma = -gamma;
            }
            let p = (gamma - t.g) + theta;
            let q = (gamma + (x.g - t.g)) + gamma;
            let r = p / q;
            let stpc = if r < 0.0 && gamma != 0.0 {
                t.stp + r * (x.stp - t.stp)
            } else if t.stp > x.stp {
                stpmax
            } else {
                stpmin
            };
            let stpq = t.stp + (t.g / (t.g - x.g)) * (x.stp - t.stp);
            if self.bracketed {
                let pick = if (stpc - t.stp).abs() < (stpq - t.stp).abs() {
                    stpc
                } else {
                    stpq
                };
                let limit = t.stp + 0.66 * (y.stp - t.stp);
                if t.stp > x.stp {
                    limit.min(pick)
                } else {
                    limit.max(pick)
                }
            } else {
                let pick = if (stpc - t.stp).abs() > (stpq - t.stp).abs() {
                    stpc
                } else {
                    stpq
                };
                pick.min(stpmax).max(stpmin)
            }
        } else if self.bracketed {
            // Lower value, same sign, the slope does not shrink: cubic with the other end.
            let theta = 3.0 * (t.f - y.f) / (y.stp - t.stp) + y.g + t.g;
            let s = theta.abs().max(y.g.abs()).max(t.g.abs());
            let mut gamma = s * ((theta / s).powi(2) - (y.g / s) * (t.g / s)).sqrt();
            if t.stp > y.stp {
                gamma = -gamma;
            }
            let p = (gamma - t.g) + theta;
            let q = ((gamma - t.g) + gamma) + y.g;
            t.stp + p / q * (y.stp - t.stp)
        } else if t.stp > x.stp {
            stpmax
        } else {
            stpmin
        };
        if t.f > x.f {
            *y = t;
        } else {
            if sgnd < 0.0 {
                *y = *x;
            }
            *x = t;
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run a search on `φ` from step `stp`; returns (accepted step, evaluations, outcome).
    fn search(phi: impl Fn(f64) -> (f64, f64), stp: f64) -> (f64, usize, Next) {
        let (f0, g0) = phi(0.0);
        let mut ls = MoreThuente::start(f0, g0, stp, [1e-3, 0.9, 0.1], [0.0, 1e10]);
        let mut stp = stp;
        for evals in 1..=30 {
            let (f, g) = phi(stp);
            match ls.next(f, g, &mut stp) {
                Next::Evaluate => continue,
                done => return (stp, evals, done),
            }
        }
        panic!("no end");
    }

    #[test]
    fn accepts_a_good_first_step_at_once() {
        // φ(α) = (α − 1)²: the unit step is the minimiser.
        let (stp, evals, how) = search(|a| ((a - 1.0).powi(2), 2.0 * (a - 1.0)), 1.0);
        assert_eq!((stp, evals, how), (1.0, 1, Next::Converged));
    }

    #[test]
    fn extrapolates_then_meets_both_conditions() {
        // φ(α) = (α − 10)²/100 − 1 from a tiny step: the slope condition needs α near 10.
        let phi = |a: f64| ((a - 10.0).powi(2) / 100.0, (a - 10.0) / 50.0);
        let (stp, evals, how) = search(phi, 0.01);
        assert_eq!(how, Next::Converged);
        let (f, g) = phi(stp);
        let (f0, g0) = phi(0.0);
        assert!(f <= f0 + 1e-3 * stp * g0);
        assert!(g.abs() <= 0.9 * g0.abs(), "step {stp}");
        assert!(evals > 1 && evals < 10, "{evals}");
    }

    #[test]
    fn backtracks_from_an_overlong_step() {
        // Minimiser at 0.3 of a quartic; a first step of 5 overshoots far.
        let phi = |a: f64| ((a - 0.3).powi(4) - 0.0081, 4.0 * (a - 0.3).powi(3));
        let (stp, _, how) = search(phi, 5.0);
        assert_eq!(how, Next::Converged);
        let (_, g) = phi(stp);
        assert!(g.abs() <= 0.9 * phi(0.0).1.abs());
        assert!(stp > 0.0 && stp < 1.0, "{stp}");
    }
}
