//! Structure of the SARIMAX transition matrix in the filter's internal state order.
//!
//! Internal order: the differencing states as in statsmodels, then the ARMA block reversed, so
//! that its shifts (`α_i ← α_{i+1}`) run in the same direction as the seasonal-lag shifts and
//! almost every row `i` of `T` holds the unit entry `i ← i − 1`. Permuting the states changes no
//! arithmetic: every sum keeps its terms in statsmodels' order.

/// Marker for "none".
pub(crate) const NONE: usize = usize::MAX;

/// Transition structure (and this system's values) in the internal state order.
///
/// A row is *pure* when it is exactly the unit shift `i ← i − 1`; a *corrected* row holds that
/// shift and one more term; all other rows are *general*.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Number of states.
    pub(crate) n: usize,
    /// Internal position of each state (statsmodels order).
    pub(crate) perm: Vec<usize>,
    /// Row `i` holds the non-zeros `ptr[i]..ptr[i + 1]` (storage order of statsmodels' row).
    pub(crate) ptr: Vec<usize>,
    /// Column of each non-zero.
    pub(crate) col: Vec<usize>,
    /// Value of each non-zero.
    pub(crate) val: Vec<f64>,
    /// Whether each row is pure.
    pub(crate) pure: Vec<bool>,
    /// Corrected rows: `(row, col, entry)` of the term besides the shift.
    pub(crate) corr: Vec<(usize, usize, usize)>,
    /// General rows.
    pub(crate) general: Vec<usize>,
    /// Columns met in general rows and corrections, whose rows of `T y` are kept in full.
    pub(crate) cached: Vec<usize>,
    /// Position of each column in `cached` ([`NONE`] if absent).
    pub(crate) cached_slot: Vec<usize>,
    /// Design columns, in statsmodels' order.
    pub(crate) z: Vec<usize>,
    /// Position of the first ARMA state (where the trend enters).
    pub(crate) intercept: usize,
    /// First index of the ARMA block.
    pub(crate) arma: usize,
}

impl Plan {
    /// Analyse the transition matrix `(t_ptr, t_col, t_val)` (compressed rows, statsmodels
    /// order) of `n` states whose first `kd` are differencing states; `z` are the design
    /// columns.
    pub fn new(
        n: usize,
        kd: usize,
        t_ptr: &[usize],
        t_col: &[usize],
        t_val: &[f64],
        z: &[usize],
    ) -> Plan {
        let perm: Vec<usize> = (0..n)
            .map(|i| if i < kd { i } else { n - 1 - (i - kd) })
            .collect();
        let mut plan = Plan {
            n,
            ptr: vec![0],
            pure: vec![false; n],
            cached_slot: vec![NONE; n],
            z: z.iter().map(|&j| perm[j]).collect(),
            intercept: if kd < n { perm[kd] } else { 0 },
            arma: kd,
            ..Plan::default()
        };
        // The permutation is an involution: internal row i is statsmodels row perm[i].
        for (i, &orig) in perm.iter().enumerate() {
            let lo = plan.col.len();
            for e in t_ptr[orig]..t_ptr[orig + 1] {
                plan.col.push(perm[t_col[e]]);
                plan.val.push(t_val[e]);
            }
            let hi = plan.col.len();
            plan.ptr.push(hi);
            let unit = (lo..hi).find(|&e| i > 0 && plan.col[e] == i - 1 && plan.val[e] == 1.0);
            match unit {
                Some(_) if hi - lo == 1 => plan.pure[i] = true,
                Some(u) if hi - lo == 2 => {
                    let e = if u == lo { lo + 1 } else { lo };
                    plan.corr.push((i, plan.col[e], e));
                }
                _ => plan.general.push(i),
            }
        }
        plan.perm = perm;
        let mut cols: Vec<usize> = plan.corr.iter().map(|&(_, c, _)| c).collect();
        for &i in &plan.general {
            cols.extend_from_slice(&plan.col[plan.ptr[i]..plan.ptr[i + 1]]);
        }
        for c in cols {
            if plan.cached_slot[c] == NONE {
                plan.cached_slot[c] = plan.cached.len();
                plan.cached.push(c);
            }
        }
        plan
    }

    /// Entries of row `i`.
    pub(crate) fn entries(&self, i: usize) -> std::ops::Range<usize> {
        self.ptr[i]..self.ptr[i + 1]
    }

    /// Whether `other` has the same structure (it may differ in the values of non-unit
    /// entries).
    pub fn same_structure(&self, other: &Plan) -> bool {
        self.n == other.n
            && self.ptr == other.ptr
            && self.col == other.col
            && self.pure == other.pure
            && self.corr == other.corr
            && self.general == other.general
            && self.z == other.z
            && self.intercept == other.intercept
            && self.arma == other.arma
    }

    /// Internal ARMA-block copy of the `k × k` matrix `q` (statsmodels order in the block).
    pub fn arma_block(&self, q: &[f64]) -> Vec<f64> {
        let k = self.n - self.arma;
        let mut out = vec![0.0; k * k];
        for r in 0..k {
            for c in 0..k {
                out[r * k + c] = q[(k - 1 - r) * k + (k - 1 - c)];
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::params::SarimaxParams;
    use super::super::statespace::{StateSpace, DIFFUSE_VARIANCE};
    use crate::analysis::ParamGuard;

    #[test]
    fn seasonal_model_is_mostly_shifts() {
        let spec = SarimaxParams::new([1, 1, 1])
            .seasonal(1, 1, 1, 12)
            .check()
            .unwrap();
        let layout = spec.layout(0);
        let ss = StateSpace::new(
            &spec,
            &layout,
            &[0.3, -0.4, 0.2, -0.5, 1.0],
            DIFFUSE_VARIANCE,
        )
        .unwrap();
        let plan = &ss.plan;
        // Integration row, seasonal start and the last ARMA state (empty row) are general; the
        // three ARMA rows with an autoregressive term are corrected; the rest are pure shifts.
        assert_eq!(plan.general, vec![0, 1, 13]);
        assert_eq!(plan.corr.len(), 3);
        assert_eq!(plan.pure.iter().filter(|&&p| p).count(), 27 - 6);
        assert_eq!(plan.z, vec![0, 12, 26]);
        assert_eq!(plan.intercept, 26);
    }
}
